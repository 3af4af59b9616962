"""Reference facts with their sources: targets, published figures, funding, projects, indicators.

Each CSV loads unchanged: only its shape is adapted to the tables of docs/data-model.md
(data/database/setup.py writes them into the database).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
from unidecode import unidecode

from data.reference.files import number, read_reference
from data.reference.periods import scheme_of_year


def _unit_code(row: pd.Series) -> str:
    return {
        "province": row["province_code"],
        "district": row["district_code"],
        "commune": row["commune_code"],
    }[row["level"]]


# --- plans, funding, projects, indicators -------------------------------------------------------------------


PROGRAMME_METRICS = {  # programme_2026_2030.csv metric -> (metric, value_unit, direction) of the target table
    "poverty_rate_reduction_points_per_year": ("poverty_rate_reduction", "pp_per_year", "at_least"),
    "poverty_rate_ethnic_minority_mountain_areas": ("ethnic_minority_area_poverty_rate", "pct", "at_most"),
    "state_budget_total_billion_vnd": ("state_budget_total", "billion_vnd", "plan"),
}


def programme_targets() -> pd.DataFrame:
    """The national targets of the 2026-2030 programme, for the country in today's units."""
    raw = read_reference("programme_2026_2030.csv")
    mapped = raw["metric"].map(PROGRAMME_METRICS)
    low = raw["target_low"].map(number)
    high = raw["target_high"].map(number)
    return pd.DataFrame(
        {
            "scheme": "from_2025",
            "level": "country",
            "unit_code": "VN",
            "unit_name": raw["unit"],
            "period_start": raw["period_start"].astype(int),
            "period_end": raw["period_end"].astype(int),
            "metric": [m[0] for m in mapped],
            "target_low": low.fillna(high),  # "below 10%": one value, as the plans' «≤ 0,66%»
            "target_high": high.fillna(low),
            "value_unit": [m[1] for m in mapped],
            "direction": [m[2] for m in mapped],
            "source_document": raw["source_document"],
            "source_row": range(1, len(raw) + 1),
        }
    )


def targets() -> pd.DataFrame:
    """The seed plans' targets and the 2026-2030 programme's national ones."""
    return pd.concat([_seed_targets(), programme_targets()], ignore_index=True)


def _seed_targets() -> pd.DataFrame:
    raw = read_reference("seed_targets.csv")
    return pd.DataFrame(
        {
            "scheme": "legacy_63",  # every seed plan predates the 2025 reform
            "level": raw["level"],
            "unit_code": raw.apply(_unit_code, axis=1),
            "unit_name": raw["unit_name"],
            "period_start": raw["period_start"].astype(int),
            "period_end": raw["period_end"].astype(int),
            "metric": raw["metric"],
            "target_low": raw["target_low"].map(number),
            "target_high": raw["target_high"].map(number),
            "value_unit": raw["unit"],
            "direction": raw["direction"],
            "source_document": raw["source_document"],
            "source_row": range(1, len(raw) + 1),
        }
    )


def funding() -> pd.DataFrame:
    """The plans' funding rows. The seed names the kind of money in one column; here budget money is
    ``state_budget`` (the plan does not split central and local) with its capital type, as in the
    funding table. ``total`` is the plan's own stated total, kept to check the parts against."""
    raw = read_reference("seed_funding.csv")
    is_budget = raw["funding_source"].isin(["development_investment", "recurrent"])
    return pd.DataFrame(
        {
            "scheme": "legacy_63",
            "unit_code": raw["province_code"],
            "year": raw["year"].astype(int),
            "project_code": None,
            "funding_source": raw["funding_source"].where(~is_budget, "state_budget"),
            "capital_type": raw["funding_source"].where(is_budget, None),
            "kind": raw["kind"],
            "allocated": raw["amount_million_vnd"].map(number),
            "disbursed": None,
            "is_approximate": raw["is_approximate"].str.lower() == "true",
            "source_document": raw["source_document"],
            "is_synthetic": False,
            "source_row": range(2, len(raw) + 2),  # the CSV's line, header on line 1
        }
    )


def money_kinds() -> pd.DataFrame:
    frame = read_reference("money_kinds.csv")
    frame["sort_order"] = frame["sort_order"].astype(int)
    return frame


def money_sources() -> pd.DataFrame:
    frame = read_reference("money_sources.csv")
    frame["sort_order"] = frame["sort_order"].astype(int)
    frame["is_budget"] = frame["is_budget"] == "true"
    for column in ("budget_level", "money_kind"):
        frame[column] = frame[column].replace("", None)
    return frame


def project_needs() -> pd.DataFrame:
    frame = read_reference("project_needs.csv")
    frame["indicator_code"] = frame["indicator_code"].replace("", None)
    return frame


def programme_frame() -> pd.DataFrame:
    frame = read_reference("programme_frame.csv")
    frame["capital_type"] = frame["capital_type"].replace("", None)
    frame["amount_billion_vnd"] = frame["amount_billion_vnd"].astype(float)
    frame["is_approximate"] = frame["is_approximate"] == "true"
    return frame


def program_projects() -> pd.DataFrame:
    raw = read_reference("program_projects.csv")
    raw["parent_code"] = raw["parent_code"].replace("", None)
    raw["lead_agency_vi"] = raw["lead_agency_vi"].replace("", None)
    return raw


@cache
def indicators() -> pd.DataFrame:
    raw = read_reference("indicators.csv")
    raw["sort_order"] = raw["sort_order"].astype(int)
    raw["is_verified"] = raw["is_verified"] == "true"
    return raw.drop(columns=["source_document"])


def target_measures() -> pd.DataFrame:
    raw = read_reference("target_measures.csv")
    for column in ("indicator_code", "household_group", "measure"):
        raw[column] = raw[column].replace("", None)
    return raw


# --- published figures ------------------------------------------------------------------------------------

# Columns of the review-result CSVs -> (metric, value unit).
_RESULT_COLUMNS = {
    "total_households": ("total_households", "households"),
    "households": ("total_households", "households"),
    "poor_households": ("poor_households", "households"),
    "poor": ("poor_households", "households"),
    "poor_rate_pct": ("poverty_rate", "pct"),
    "poor_rate": ("poverty_rate", "pct"),
    "near_poor_households": ("near_poor_households", "households"),
    "near_poor": ("near_poor_households", "households"),
    "near_poor_rate_pct": ("near_poor_rate", "pct"),
    "near_rate": ("near_poor_rate", "pct"),
    "poor_and_near_poor_households": ("poor_near_poor_households", "households"),
    "poor_plus_near": ("poor_near_poor_households", "households"),
    "poor_and_near_poor_rate_pct": ("poor_near_poor_rate", "pct"),
    "pn_rate": ("poor_near_poor_rate", "pct"),
}


def name_key(name: str) -> str:
    """A unit name reduced for matching: "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" -> "hochiminh"."""
    text = re.sub(r"[^a-z0-9 ]", " ", unidecode(name).lower())
    text = re.sub(r"^\s*(thanh pho|thi xa|huyen|quan|tinh|xa|phuong|thi tran|tp)\s+", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def standard_of_text(text: str) -> str | None:
    """ "2016-2020 (QD 59/2015)" -> "2016-2020"; unknown or empty -> None."""
    match = re.search(r"(2016-2020|2022-2025|2026-2030)", text or "")
    return match.group(1) if match else None


def _decimals(text: str) -> int | None:
    text = str(text).strip()
    return len(text.split(".")[1]) if "." in text else (0 if text else None)


def _result_rows(raw: pd.DataFrame, unit_of, series_of, source_of) -> list[dict]:
    rows = []
    for record in raw.to_dict("records"):
        unit = unit_of(record)
        if unit is None:
            continue
        scheme, level, code, name = unit
        standard = standard_of_text(record.get("poverty_standard", "")) or "2022-2025"
        series = series_of(record)
        for column, (metric, value_unit) in _RESULT_COLUMNS.items():
            text = str(record.get(column, "")).strip()
            if not text:
                continue
            rows.append(
                {
                    "scheme": scheme,
                    "level": level,
                    "unit_code": code,
                    "unit_name": name,
                    "year": int(record["year"]),
                    "metric": metric,
                    "value": float(text),
                    "value_unit": value_unit,
                    "decimals": _decimals(text) if value_unit == "pct" else 0,
                    "poverty_standard": standard,
                    "source_document": source_of(record),
                    "figure_id": f"{level}:{code}:{record['year']}:{standard}:{series}:{metric}",
                }
            )
    return rows


def _province_lookup(scheme: str) -> dict[str, tuple[str, str]]:
    """Province name keys -> (code, full name) in one scheme."""
    from data.reference.units import legacy_units, units_from_2025

    units = legacy_units() if scheme == "legacy_63" else units_from_2025()
    provinces = units[units["level"] == "province"]
    return {name_key(r.short_name): (r.code, r.name) for r in provinces.itertuples()} | {
        name_key(r.name): (r.code, r.name) for r in provinces.itertuples()
    }


def published_review_results() -> pd.DataFrame:
    """Every published review result we hold (national, regional, provincial), one row per figure.

    National: the ministry's decisions (national_poverty_rates.csv) and the government's 2021 and 2025
    rates (national_results_2021_2025.csv); regions (regional_poverty_rates.csv, which holds every row
    of review_results_by_region.csv and more); provinces (review_results_by_province.csv first, then
    provincial_poverty.csv and review_households_by_province.csv for what it lacks). Figures that
    appear in two files are kept once.
    """
    provinces = _province_lookup("legacy_63")
    new_provinces = _province_lookup("from_2025")
    names = {code: name for code, name in provinces.values()}
    regions = read_reference("regions.csv")
    region_of = {name_key(r.published_name): (r.code, r.name_vi) for r in regions.itertuples()}
    region_of[name_key("Bắc Trung Bộ và DH miền Trung")] = region_of[name_key("Bắc Trung Bộ và duyên hải miền Trung")]

    def source(record: dict) -> str:
        decision = str(record.get("decision", "")).strip()
        link = str(record.get("source", "")).strip()
        return " — ".join(part for part in (decision, link) if part)

    def national(record: dict):
        # The country is the same unit in both schemes; a figure of 2025 on sits with that year's reviews.
        return (scheme_of_year(int(record["year"])), "country", "VN", "Toàn quốc")

    def region(record: dict):
        key = name_key(record["region"])
        if key in region_of:
            return ("legacy_63", "region", *region_of[key])
        # The ministry's group of poor districts (QĐ 353/QĐ-TTg) is not a unit of ours.
        return ("legacy_63", "district_group", "HUYEN_NGHEO_353", record["region"])

    def province(record: dict):
        code = str(record.get("province_code_gso", "")).strip()
        if code == "00":
            return national(record)
        year = int(record["year"])
        if scheme_of_year(year) == "from_2025":  # results of 2025 on are for the new provinces
            key = name_key(str(record["province"]).split("(")[0])
            return ("from_2025", "province", *new_provinces[key]) if key in new_provinces else None
        if not code:
            key = name_key(record["province"])
            if key not in provinces:
                return None
            code = provinces[key][0]
        return ("legacy_63", "province", code, names[code])

    rows = []
    for file_name in ("national_poverty_rates.csv", "national_results_2021_2025.csv"):
        rows += _result_rows(read_reference(file_name), national, lambda r: r["series"], source)
    rows += _result_rows(read_reference("regional_poverty_rates.csv"), region, lambda r: "molisa_review", source)
    by_province = read_reference("review_results_by_province.csv")
    rows += _result_rows(by_province, province, lambda r: "review", source)
    older = read_reference("provincial_poverty.csv")
    rows += _result_rows(older, province, lambda r: "review", source)
    covered = read_reference("review_households_by_province.csv")
    covered["poverty_standard"] = "2022-2025"
    rows += _result_rows(covered, province, lambda r: "review", source)
    frame = pd.DataFrame(rows)
    return frame.drop_duplicates(["figure_id"], keep="first").reset_index(drop=True)


def reported_values() -> pd.DataFrame:
    """Published figures: the seeds' own (seed_reported.csv) and every published review result."""
    raw = read_reference("seed_reported.csv")
    seeds = pd.DataFrame(
        {
            "scheme": "legacy_63",
            "level": raw["level"],
            "unit_code": raw.apply(_unit_code, axis=1),
            "unit_name": raw["unit_name"],
            "year": raw["year"].astype(int),
            "metric": raw["metric"],
            "value": raw["value"].map(number),
            "value_unit": raw["unit"],
            "decimals": raw["value"].map(_decimals),
            "poverty_standard": raw["poverty_standard"].replace("", None),
            "source_document": raw["source_document"],
            "figure_id": None,
        }
    )
    return pd.concat([seeds, published_review_results()], ignore_index=True)
