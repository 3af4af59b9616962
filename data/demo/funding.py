"""Synthetic funding for the demo provinces, 2022-2025: by project, district, source and capital type; and
for 2026, the first year of the merged 2026-2030 programme, on today's provinces and communes.

Labelled synthetic in the table (``is_synthetic``) and on every page. It follows the program's shape:
- Hòa Bình 2024 adds up exactly to Kế hoạch 86/KH-UBND (120,839 investment, 198,202 recurrent,
  350,000 NHCSXH credit, 2,000 other), read from the reference rows, never typed here;
- the other province-years scale Hòa Bình's split by their number of poor households;
- DA1 (infrastructure) and DA5 (housing) go only to poor districts: Yên Bái's two named in
  Kế hoạch 81/KH-UBND (Trạm Tấu, Mù Cang Chải) and, elsewhere, the demo's poorest districts
  (an assumption of the synthetic set, not the official list of Quyết định 353/QĐ-TTg);
- province departments run DA4.2, DA6.2 and DA7; districts the rest, shared by their need (the
  deprivation each project serves) with noise, so some needs are under-funded, as in real plans;
- budget funds are 90% central, 10% local counterpart; disbursement is partial, lowest in 2025.

2026 (``generate_2026``): each of today's provinces with households takes a fifth of the national
2026-2030 frame (data/reference/programme_frame.csv, QĐ 417) in proportion to its poor and near-poor
households of the 2025 review, by the frame's sources; its communes share it by their poor and near-poor
households with noise, between the two components by their ethnic-minority share (component 2 serves the
ethnic-minority and mountain areas). The frame is the whole merged programme's, so these amounts are an
order of magnitude, labelled synthetic like the rest; local budget money is split 60 % investment, 40 %
recurrent (an assumption of the set); the year is under way, so little is disbursed.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data import sql
from data.allocation import allocate
from data.demo.calibrate import SEED

YEARS = [2022, 2023, 2024, 2025]
ANCHOR_PROVINCE, ANCHOR_YEAR = "17", 2024
NAMED_POOR_DISTRICTS = {"15": ["137", "139"]}  # Mù Cang Chải, Trạm Tấu: Kế hoạch 81/KH-UBND
POOR_DISTRICT_INDEX = 2.5  # elsewhere: demo districts at or above this poverty index
CENTRAL_SHARE = 0.9
SOURCE_NOTE = "Dữ liệu mô phỏng: phân bổ theo dự án, huyện và nguồn vốn (không phải số liệu thật)"
ANCHOR_NOTE = "Dữ liệu mô phỏng; tổng theo loại vốn khớp Kế hoạch 86/KH-UBND ngày 19/04/2024, UBND tỉnh Hòa Bình"

# Share of each kind of money by project; "poor_only" projects exist only where there are poor districts.
INVESTMENT_SHARES = {"DA1.1": 0.85, "DA4.1": 0.15}
RECURRENT_SHARES = {
    "DA1.1": 0.08,
    "DA2": 0.12,
    "DA3.1": 0.18,
    "DA3.2": 0.06,
    "DA4.1": 0.10,
    "DA4.2": 0.02,
    "DA4.3": 0.04,
    "DA5": 0.26,
    "DA6.1": 0.05,
    "DA6.2": 0.03,
    "DA7.1": 0.04,
    "DA7.2": 0.02,
}
POOR_DISTRICT_PROJECTS = {"DA1.1", "DA5"}
PROVINCE_PROJECTS = {"DA4.2", "DA6.2", "DA7.1", "DA7.2"}
# The deprivation whose households a district's share follows (poor + near-poor households deprived).
NEED_COLUMN = {
    "DA1.1": "poor",
    "DA2": "poor",
    "DA3.1": "poor",
    "DA3.2": "deprived_nutrition",
    "DA4.1": "deprived_employment",
    "DA4.3": "deprived_employment",
    "DA5": "deprived_housing_quality",
    "DA6.1": "deprived_information",
}
DISBURSEMENT = {2022: (0.55, 0.85), 2023: (0.70, 0.95), 2024: (0.75, 0.98), 2025: (0.30, 0.60)}


def _district_needs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return sql.frame(con, Path(__file__).with_name("district_needs.sql"))


def _poor_districts() -> dict[str, list[str]]:
    profile = pd.read_csv(
        Path(__file__).with_name("district_profile.csv"), dtype={"province_code": str, "district_code": str}
    )
    chosen = (
        profile[profile["poverty_index"] >= POOR_DISTRICT_INDEX].groupby("province_code")["district_code"].apply(list)
    )
    return {**chosen.to_dict(), **NAMED_POOR_DISTRICTS}


def _anchor(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = sql.rows(con, Path(__file__).with_name("anchor_plan.sql"), unit=ANCHOR_PROVINCE, year=ANCHOR_YEAR)
    kinds = {}
    for source, capital, amount in rows:
        kinds[capital or source] = int(amount)
    return kinds


def _rows_for(unit_amounts, project, source, capital, year, rng, note, approximate):
    low, high = DISBURSEMENT[year]
    rows = []
    for unit, amount in unit_amounts:
        if amount <= 0:
            continue
        rate = rng.uniform(low, high) if source != "nhcsxh_credit" else rng.uniform(0.9, 1.0)
        rows.append(
            (
                unit,
                year,
                project,
                source,
                capital,
                "reported",
                float(amount),
                float(int(amount * rate)),
                approximate,
                note,
            )
        )
    return rows


def generate(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rng = np.random.default_rng(SEED + 4)
    needs = _district_needs(con)
    poor_districts = _poor_districts()
    anchor = _anchor(con)
    anchor_poor = needs.query("province_code == @ANCHOR_PROVINCE and year == @ANCHOR_YEAR")["poor"].sum()
    rows = []
    for (province, year), districts in needs.groupby(["province_code", "year"], sort=True):
        districts = districts.reset_index(drop=True)
        is_anchor = (province, year) == (ANCHOR_PROVINCE, ANCHOR_YEAR)
        scale = 1.0 if is_anchor else (districts["poor"].sum() / anchor_poor) ** 0.8
        has_poor_districts = bool(poor_districts.get(province))
        envelope = {kind: round(amount * scale) for kind, amount in anchor.items()}
        if not has_poor_districts and not is_anchor:
            envelope["development_investment"] //= 6  # no DA1: only vocational-training investment
        note = ANCHOR_NOTE if is_anchor else SOURCE_NOTE
        # Noise on each district's weight: the same district is over- or under-funded every year.
        district_noise = np.exp(np.random.default_rng([SEED, int(province)]).normal(0, 0.45, len(districts)))

        for capital, shares in (("development_investment", INVESTMENT_SHARES), ("recurrent", RECURRENT_SHARES)):
            projects = {p: s for p, s in shares.items() if has_poor_districts or p not in POOR_DISTRICT_PROJECTS}
            amounts = allocate(envelope[capital], np.array(list(projects.values())))
            for project, project_amount in zip(projects, amounts, strict=True):
                if project in PROVINCE_PROJECTS:
                    units = [(province, int(project_amount))]
                else:
                    weights = districts[NEED_COLUMN[project]].to_numpy(float) * district_noise
                    if project in POOR_DISTRICT_PROJECTS:
                        weights = weights * districts["district_code"].isin(poor_districts[province]).to_numpy()
                    if weights.sum() == 0:
                        weights = np.ones(len(districts))
                    units = list(zip(districts["district_code"], allocate(int(project_amount), weights), strict=True))
                for unit, amount in units:
                    central, local = allocate(int(amount), np.array([CENTRAL_SHARE, 1 - CENTRAL_SHARE]))
                    rows += _rows_for([(unit, central)], project, "central_budget", capital, year, rng, note, False)
                    rows += _rows_for([(unit, local)], project, "local_budget", capital, year, rng, note, False)

        credit = allocate(envelope["nhcsxh_credit"], districts["poor_near_poor"].to_numpy(float) + 1)
        rows += _rows_for(
            zip(districts["district_code"], credit, strict=True),
            None,
            "nhcsxh_credit",
            None,
            year,
            rng,
            note,
            is_anchor,
        )
        rows += _rows_for(
            [(province, envelope["other_mobilized"])], None, "other_mobilized", None, year, rng, note, False
        )
    columns = [
        "unit_code",
        "year",
        "project_code",
        "funding_source",
        "capital_type",
        "kind",
        "allocated",
        "disbursed",
        "is_approximate",
        "source_document",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["is_synthetic"] = True
    frame["scheme"] = "legacy_63"  # the plans of 2022-2025 were written for the legacy units
    return frame


NEW_PROGRAMME_YEAR = 2026
NEW_PROGRAMME_NOTE = (
    "Dữ liệu mô phỏng: năm 2026 chia theo xã, thành phần và nguồn vốn, tỷ lệ với khung vốn quốc gia 2026-2030 "
    "(QĐ 417/QĐ-BNNMT) theo số hộ nghèo, cận nghèo năm 2025 (không phải số liệu thật)"
)
PERIOD_YEARS = 5
LOCAL_INVESTMENT_SHARE = 0.6
NEW_DISBURSEMENT = (0.25, 0.55)


def generate_2026(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The synthetic 2026 breakdown on today's units (see the module's docstring)."""
    rng = np.random.default_rng(SEED + 26)
    needs = sql.frame(con, Path(__file__).with_name("commune_needs.sql"))
    if needs.empty:
        return pd.DataFrame()
    frame = sql.frame(con, Path(__file__).with_name("new_programme_frame.sql"), year=NEW_PROGRAMME_YEAR)
    national_need = float(sql.rows(con, Path(__file__).with_name("national_need.sql"))[0][0])
    rows = []
    for province, communes in needs.groupby("province_code", sort=True):
        communes = communes.reset_index(drop=True)
        share = communes["poor_near_poor"].sum() / national_need
        noise = np.exp(np.random.default_rng([SEED, int(province), 26]).normal(0, 0.4, len(communes)))
        weights = communes["poor_near_poor"].to_numpy(float) * noise
        minority = communes["ethnic_minority_share"].to_numpy(float)
        for source, capital, billions in frame.itertuples(index=False):
            yearly = round(billions * 1000 * share / PERIOD_YEARS)  # million VND
            parts = (
                [("development_investment", LOCAL_INVESTMENT_SHARE), ("recurrent", 1 - LOCAL_INVESTMENT_SHARE)]
                if source == "local_budget"
                else [(capital, 1.0)]
            )
            for part_capital, part in parts:
                amount = round(yearly * part)
                if source in ("nhcsxh_credit", "other_mobilized"):
                    placed = [(None, communes["commune_code"], allocate(amount, weights))]
                else:
                    by_commune = allocate(amount, weights)
                    second = np.array(
                        [
                            allocate(int(a), np.array([1 - m, m]) + 1e-9)[1]
                            for a, m in zip(by_commune, minority, strict=True)
                        ]
                    )
                    placed = [
                        ("TP1", communes["commune_code"], by_commune - second),
                        ("TP2", communes["commune_code"], second),
                    ]
                for component, codes, amounts in placed:
                    for code, value in zip(codes, amounts, strict=True):
                        if value <= 0:
                            continue
                        low, high = NEW_DISBURSEMENT if source != "nhcsxh_credit" else (0.8, 1.0)
                        rows.append(
                            (
                                code,
                                NEW_PROGRAMME_YEAR,
                                component,
                                source,
                                part_capital,
                                "reported",
                                float(value),
                                float(int(value * rng.uniform(low, high))),
                                True,
                                NEW_PROGRAMME_NOTE,
                            )
                        )
    columns = [
        "unit_code",
        "year",
        "project_code",
        "funding_source",
        "capital_type",
        "kind",
        "allocated",
        "disbursed",
        "is_approximate",
        "source_document",
    ]
    result = pd.DataFrame(rows, columns=columns)
    result["is_synthetic"] = True
    result["scheme"] = "from_2025"  # the 2026-2030 programme's plans are written for today's units
    return result


def insert(con: duckdb.DuckDBPyConnection) -> None:
    from data.sql import insert_frame

    insert_frame(con, "funding", generate(con))
    insert_frame(con, "funding", generate_2026(con))
