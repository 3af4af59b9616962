"""The calibration plan of the synthetic household panel: exact integer counts per commune and year.

The demo households are drawn (household_draws.py) from one row per commune and review
year that says how many households live there and how many of them are poor, near-poor and middle.
This module computes those rows in three steps:

* provinces (province_plan.py): every legacy province and review year 2021-2025 under the 2022-2025
  standard, meeting the national, regional and provincial figures that can be met together;
* districts: the seed plans' own district figures as published (Yên Bái's district poor and near-poor
  households in 2023, Hưng Yên's household counts per district), every other district by a synthetic
  profile (district_profile.csv for the seed provinces, drawn from the unit type elsewhere);
* communes: by a synthetic size and poverty factor per commune, with xã Hoằng Lưu's published rates.

Thái Bình also has 2018-2020 under the 2016-2020 standard (province_years.csv, its 2019 rate published).
The published figures are read from data/reference/*.csv, never written here. A figure the plan must
meet and cannot raises CalibrationError, so a change to a profile that breaks a published figure fails
the build rather than the meeting.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from unidecode import unidecode

from data.allocation import allocate
from data.demo.province_plan import MAX_CLASSIFIED_SHARE, MAX_POOR_SHARE, PLAN_STANDARD, ProvincePlan, published
from data.demo.rates import CalibrationError, PublishedRate, logit_shifted_weights
from data.reference.files import read_reference

DEMO_DIR = Path(__file__).parent
SEED = 20240307  # the date of Hưng Yên's plan; any fixed number would do
SEED_PROVINCES = ("15", "17", "33", "34", "38")  # the provinces of the five seed plans
OLD_STANDARD = "2016-2020"
OLD_STANDARD_YEARS = {"34": [2018, 2019, 2020]}  # Thái Bình's last reviews under the 2016-2020 standard
URBAN_DISTRICT_POVERTY = {"Huyện": 1.0, "Thị xã": 0.4, "Thành phố": 0.2, "Quận": 0.05}

__all__ = ["SEED", "SEED_PROVINCES", "CalibrationError", "PublishedRate", "build_plan", "normalise_name"]


def normalise_name(name: str) -> str:
    name = unidecode(name).lower()
    name = re.sub(r"^(thanh pho|thi xa|huyen|quan|tinh|xa|phuong|thi tran|tp)\s+", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def build_plan(units: pd.DataFrame, scope: str = "national") -> pd.DataFrame:
    """One row per (commune, year, standard) with households, poor, near_poor and middle counts.

    ``units``: the legacy admin_unit frame (code, level, name, short_name, unit_type, parent_code,
    region_code, new_province_code). ``scope``: "national" (every province) or "seed" (the five seed
    provinces, planned within the same national plan so that their figures are the national demo's).
    """
    districts = district_profiles(units)
    bases = {code: _district_base(code, units, districts) for code in units.loc[units["level"] == "province", "code"]}
    pins = {(code, base[0]): int(base[1].sum()) for code, base in bases.items() if base is not None}
    provinces = units[units["level"] == "province"][["code", "region_code", "new_province_code"]]
    plan = pd.concat([ProvincePlan(provinces, pins).compute().rows(), old_standard_rows()], ignore_index=True)
    # The whole country's poor and near-poor households of each year, also when only the seed provinces are
    # built: the demo's funding shares national money by them (data/demo/funding.py).
    national = plan[plan["poverty_standard"] == PLAN_STANDARD].groupby("year")[["poor", "near_poor"]].sum()
    national_poor_near_poor = {int(year): int(row.poor + row.near_poor) for year, row in national.iterrows()}
    if scope == "seed":
        plan = plan[plan["province_code"].isin(SEED_PROVINCES)]
    elif scope != "national":
        raise ValueError(f"unknown scope {scope!r}")
    rows = []
    for province_code, province_rows in plan.groupby("province_code", sort=True):
        profile = districts[districts["province_code"] == province_code].reset_index(drop=True)
        rows += _district_rows(province_code, province_rows, profile, units, bases[province_code])
    communes = _split_to_communes(pd.DataFrame(rows), units, read_reference("seed_reported.csv"))
    communes.attrs["national_poor_near_poor"] = national_poor_near_poor
    return communes


# --- district profiles -----------------------------------------------------------------------------------
def district_profiles(units: pd.DataFrame) -> pd.DataFrame:
    """Household weight, poverty index, ethnic-minority share and remoteness of every legacy district:
    the seed provinces' own profile (district_profile.csv), the others drawn from their province's
    profile and the district's type (a city district is far less poor than a rural one)."""
    seeded = pd.read_csv(DEMO_DIR / "district_profile.csv", dtype={"province_code": str, "district_code": str})
    provinces = pd.read_csv(DEMO_DIR / "province_profile.csv", dtype={"province_code": str}).set_index("province_code")
    all_districts = units[units["level"] == "district"]
    communes_per_district = units[units["level"] == "commune"].groupby("parent_code").size()
    rows = []
    for row in all_districts.itertuples():
        if row.parent_code in set(seeded["province_code"]):
            continue
        rng = np.random.default_rng([SEED, int(row.code), 2])
        province = provinces.loc[row.parent_code]
        rural = row.unit_type == "Huyện"
        rows.append(
            {
                "province_code": row.parent_code,
                "district_code": row.code,
                # Island districts without communes (Hoàng Sa, Côn Đảo, Cồn Cỏ, Bạch Long Vĩ) hold no review.
                "household_weight": communes_per_district.get(row.code, 0)
                * rng.lognormal(0.0, 0.25)
                * (1.0 if rural else 1.6),
                "poverty_index": float(province["poverty_index"])
                * URBAN_DISTRICT_POVERTY.get(row.unit_type, 1.0)
                * rng.lognormal(0.0, 0.5 if rural else 0.3),
                "ethnic_minority_share": min(
                    0.98, float(province["ethnic_minority_share"]) * (rng.lognormal(0.0, 0.3) if rural else 0.3)
                ),
                "remoteness": min(1.0, float(province["remoteness"]) * (rng.lognormal(0.0, 0.2) if rural else 0.3)),
            }
        )
    # The profile gives round, shared values (every plains district of Thanh Hóa at 0.9); real
    # districts differ, so each gets its own fixed-seed deviation.
    deviations = [np.random.default_rng([SEED, int(code), 1]) for code in seeded["district_code"]]
    seeded["household_weight"] *= [rng.lognormal(0.0, 0.08) for rng in deviations]
    seeded["poverty_index"] *= [rng.lognormal(0.0, 0.25) for rng in deviations]
    return pd.concat([seeded, pd.DataFrame(rows)], ignore_index=True)


def _district_base(province_code: str, units: pd.DataFrame, districts: pd.DataFrame) -> tuple[int, np.ndarray] | None:
    """(year, households per district) where the province's districts have published figures of their
    own: a plan's household counts (Hưng Yên 2024), or poor and near-poor counts and rates (Yên Bái 2023)."""
    codes = list(districts.loc[districts["province_code"] == province_code, "district_code"])
    index_of = {code: i for i, code in enumerate(codes)}
    targets = read_reference("seed_targets.csv")
    plan_base = targets[
        (targets["province_code"] == province_code)
        & (targets["level"] == "district")
        & (targets["metric"] == "total_households")
    ]
    if len(plan_base):
        households = np.zeros(len(codes), dtype=np.int64)
        for r in plan_base.itertuples():
            households[index_of[r.district_code]] = int(float(r.target_low))
        if (households == 0).any():
            raise CalibrationError(f"plan base of {province_code} misses districts")
        return int(plan_base["period_start"].iloc[0]), households
    snips = _snippets(province_code, units)
    if snips.empty:
        return None
    year = int(snips["year"].iloc[0])
    province = published([year], PLAN_STANDARD).get(("province", province_code, year))
    bounds = province.households_range() if province is not None else None
    return year, _households_from_district_rates(snips, _district_key(province_code, units), index_of, bounds)


def _snippets(province_code: str, units: pd.DataFrame) -> pd.DataFrame:
    """The province's published district figures for the plan's years."""
    snippets = read_reference("district_poverty_snippets.csv")
    name = units.loc[units["code"] == province_code, "short_name"].iloc[0]
    mine = snippets[snippets["province"].map(normalise_name) == normalise_name(name)]
    return mine[mine["year"].astype(int).between(2021, 2025)]


def _district_key(province_code: str, units: pd.DataFrame) -> dict[str, str]:
    districts = units[(units["level"] == "district") & (units["parent_code"] == province_code)]
    return {normalise_name(r.name): r.code for r in districts.itertuples()}


def _households_from_district_rates(
    snips: pd.DataFrame, district_key: dict[str, str], index_of: dict[str, int], bounds: tuple[int, int] | None
) -> np.ndarray:
    """Household counts per district that give every published district rate, and add up to a total
    inside the province's own bounds."""
    n = len(index_of)
    low = np.zeros(n, dtype=np.int64)
    high = np.zeros(n, dtype=np.int64)
    for r in snips.itertuples():
        i = index_of[district_key[normalise_name(r.district)]]
        lo, hi = 0, 10**9
        for count, rate in ((r.poor_households, r.poor_rate_pct), (r.near_poor_households, r.near_poor_rate_pct)):
            if count and rate:
                a, b = PublishedRate(str(rate)).households_interval(int(count))
                lo, hi = max(lo, a), min(hi, b)
        if lo > hi:
            raise CalibrationError(f"district {r.district}: published counts and rates disagree")
        low[i], high[i] = lo, hi
    total_low, total_high = int(low.sum()), int(high.sum())
    if bounds is not None:
        total_low, total_high = max(total_low, bounds[0]), min(total_high, bounds[1])
    if total_low > total_high:
        raise CalibrationError("district and province figures disagree")
    # Start at the middle of each district's interval, then move the total into the province's interval.
    households = (low + high) // 2
    target = (total_low + total_high) // 2
    room_up, room_down = high - households, households - low
    diff = target - int(households.sum())
    if diff > 0:
        households += allocate(diff, room_up.astype(float) + 1e-9, caps=room_up)
    elif diff < 0:
        households -= allocate(-diff, room_down.astype(float) + 1e-9, caps=room_down)
    return households


# --- Thái Bình under the 2016-2020 standard ---------------------------------------------------------------
def old_standard_rows() -> pd.DataFrame:
    """Thái Bình 2018-2020 under the 2016-2020 standard, from its own years (province_years.csv) and its
    published 2019 rate."""
    own = pd.read_csv(DEMO_DIR / "province_years.csv", dtype={"province_code": str})
    own = own[own["poverty_standard"] == OLD_STANDARD].set_index(["province_code", "year"])
    growth = pd.read_csv(DEMO_DIR / "province_profile.csv", dtype={"province_code": str}).set_index("province_code")[
        "annual_household_growth"
    ]
    rows = []
    for code, years in OLD_STANDARD_YEARS.items():
        figures = published(years, OLD_STANDARD)
        households = int(own.loc[(code, years[0]), "households"])
        for year in years:
            size = round(households * (1 + growth[code]) ** (year - years[0]))
            row = own.loc[(code, year)]
            poor_rate = figures.get(("province", code, year))
            rate = poor_rate.rates.get("poor") if poor_rate else None
            rate = rate or PublishedRate(f"{row['poor_rate_pct']:.2f}")
            poor = rate.count_for(size, float(rate.text) * size / 100)
            near = round(size * float(row["near_poor_rate_pct"]) / 100)
            middle = round(size * float(row["middle_rate_pct"]) / 100)
            rows.append(
                {
                    "province_code": code,
                    "year": year,
                    "poverty_standard": OLD_STANDARD,
                    "households": size,
                    "poor": poor,
                    "near_poor": near,
                    "middle": middle,
                }
            )
    return pd.DataFrame(rows)


# --- districts -------------------------------------------------------------------------------------------
def _district_rows(
    province_code: str,
    province_rows: pd.DataFrame,
    profile: pd.DataFrame,
    units: pd.DataFrame,
    base: tuple[int, np.ndarray] | None,
) -> list[dict]:
    codes = list(profile["district_code"])
    listed = set(units.loc[(units["level"] == "district") & (units["parent_code"] == province_code), "code"])
    if set(codes) != listed:
        raise CalibrationError(f"district profile of {province_code} does not match the unit list")
    index_of = {code: i for i, code in enumerate(codes)}
    district_key = _district_key(province_code, units)
    relative = _relative_poverty(province_code, profile, index_of, district_key, units)
    snips = _snippets(province_code, units)
    ethnic_minority_share = profile["ethnic_minority_share"].to_numpy(float)
    remoteness = profile["remoteness"].to_numpy(float)
    rows = []
    for plan in province_rows.sort_values(["poverty_standard", "year"]).itertuples():
        if base is not None and plan.year == base[0] and plan.poverty_standard == PLAN_STANDARD:
            households = base[1].copy()
            if int(households.sum()) != plan.households:
                raise CalibrationError(f"{province_code} {plan.year}: districts do not add up to the province")
        else:
            weights = base[1].astype(float) if base is not None else profile["household_weight"].to_numpy(float)
            households = allocate(plan.households, weights)
        year_snips = (
            snips[snips["year"].astype(int) == plan.year] if plan.poverty_standard == PLAN_STANDARD else snips[:0]
        )
        poor = _district_counts(
            "poor",
            plan.poor,
            households,
            relative,
            year_snips,
            district_key,
            index_of,
            caps=np.floor(households * MAX_POOR_SHARE).astype(np.int64),
        )
        near = _district_counts(
            "near_poor",
            plan.near_poor,
            households,
            np.sqrt(np.maximum(relative, 0.05)),
            year_snips,
            district_key,
            index_of,
            caps=np.floor(households * MAX_CLASSIFIED_SHARE).astype(np.int64) - poor,
        )
        middle = allocate(
            plan.middle,
            households * np.sqrt(np.maximum(relative, 0.05)),
            caps=np.maximum(households - poor - near, 0),
        )
        for i, district_code in enumerate(codes):
            rows.append(
                {
                    "province_code": province_code,
                    "district_code": district_code,
                    "year": plan.year,
                    "poverty_standard": plan.poverty_standard,
                    "households": int(households[i]),
                    "poor": int(poor[i]),
                    "near_poor": int(near[i]),
                    "middle": int(middle[i]),
                    "ethnic_minority_share": float(ethnic_minority_share[i]),
                    "remoteness": float(remoteness[i]),
                }
            )
    return rows


def _relative_poverty(
    province_code: str,
    profile: pd.DataFrame,
    index_of: dict[str, int],
    district_key: dict[str, str],
    units: pd.DataFrame,
) -> np.ndarray:
    """How poor each district is relative to the others: the seed plans' district rates where they
    give them, else the profile."""
    relative = profile["poverty_index"].to_numpy(dtype=float)
    targets = read_reference("seed_targets.csv")
    planned = targets[
        (targets["province_code"] == province_code)
        & (targets["level"] == "district")
        & (targets["metric"] == "poverty_rate")
    ]
    if len(planned):
        relative = np.zeros(len(index_of))
        for r in planned.itertuples():
            relative[index_of[r.district_code]] = float(r.target_low)
    snips = _snippets(province_code, units)
    if len(snips):
        relative = np.zeros(len(index_of))
        for r in snips.itertuples():
            relative[index_of[district_key[normalise_name(r.district)]]] = float(r.poor_rate_pct)
    return relative


def _district_counts(
    klass: str,
    total: int,
    households: np.ndarray,
    relative: np.ndarray,
    snips: pd.DataFrame,
    district_key: dict[str, str],
    index_of: dict[str, int],
    caps: np.ndarray,
) -> np.ndarray:
    column = "poor_households" if klass == "poor" else "near_poor_households"
    fixed = {
        index_of[district_key[normalise_name(district)]]: int(count)
        for district, count in zip(snips["district"], snips[column], strict=True)
        if count
    }
    free = [i for i in range(len(households)) if i not in fixed]
    left = total - sum(fixed.values())
    weights = np.zeros(len(households))
    if free and left > 0:
        weights[free] = logit_shifted_weights(relative[free], households[free], left)
    return allocate(total, weights, caps=caps, fixed=fixed)


# --- communes --------------------------------------------------------------------------------------------
def _commune_weights(communes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic household size and poverty factor of each commune (fixed seed, by commune code)."""
    sizes, factors = [], []
    for row in communes.itertuples():
        rng = np.random.default_rng([SEED, int(row.code)])
        urban = row.unit_type in ("Phường", "Thị trấn")
        sizes.append(rng.lognormal(0.0, 0.35) * (1.3 if urban else 1.0))
        factors.append(rng.lognormal(0.0, 0.45) * (0.35 if urban else 1.0))
    return np.array(sizes), np.array(factors)


def _split_to_communes(district_plan: pd.DataFrame, units: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    # Plain arrays and one frame at the end: building a frame per commune plan and filtering the unit
    # list per district took 28 s of the national build (docs/performance.md).
    all_communes = units[units["level"] == "commune"]
    communes_by_district = {
        code: group.sort_values("code") for code, group in all_communes.groupby("parent_code", sort=False)
    }
    commune_rates = reported[(reported["level"] == "commune") & (reported["metric"] == "poverty_rate")]
    anchors_by_district = dict(tuple(commune_rates.groupby("district_code", sort=False)))
    no_anchors = commune_rates[:0]
    columns: dict[str, list] = {name: [] for name in _COMMUNE_PLAN_COLUMNS}
    for district_code, plan_d in district_plan.groupby("district_code", sort=True):
        # island districts without communes (Hoàng Sa, Côn Đảo, ...) plan no rows
        communes = communes_by_district.get(district_code, all_communes[:0]).reset_index(drop=True)
        codes = communes["code"].to_numpy()
        sizes, factors = _commune_weights(communes)
        area = np.where(communes["unit_type"].isin(["Phường", "Thị trấn"]).to_numpy(), "urban", "rural")
        position = {code: i for i, code in enumerate(codes)}
        anchors = anchors_by_district.get(district_code, no_anchors)
        pinned_households = {
            code: _households_for_rates(rates, plan_d, sizes, position[code])
            for code, rates in anchors.groupby("commune_code")
        }
        anchored = list(zip(anchors["year"].astype(int), anchors["commune_code"], anchors["value"], strict=True))
        for plan in plan_d.to_dict("records"):
            fixed_h = {position[c]: h for c, h in pinned_households.items()}
            h_c = allocate(plan["households"], sizes, fixed=fixed_h)
            fixed_p = {}
            for year, commune_code, value in anchored:
                if year != plan["year"]:
                    continue
                i = position[commune_code]
                natural = plan["poor"] * h_c[i] * factors[i] / float((h_c * factors).sum())
                fixed_p[i] = PublishedRate(str(value)).count_for(int(h_c[i]), natural)
            # A commune may be poorer than its district, but not so much that it leaves no room for
            # the near-poor of a very poor district (Trạm Tấu: about half the households are poor).
            poor_share_cap = min(MAX_POOR_SHARE, 1.5 * plan["poor"] / max(plan["households"], 1) + 0.02)
            poor_c = allocate(
                plan["poor"], h_c * factors, caps=np.floor(h_c * poor_share_cap).astype(np.int64), fixed=fixed_p
            )
            near_c = allocate(
                plan["near_poor"],
                h_c * np.sqrt(factors),
                caps=np.floor(h_c * MAX_CLASSIFIED_SHARE).astype(np.int64) - poor_c,
            )
            middle_c = allocate(plan["middle"], h_c * np.sqrt(factors), caps=h_c - poor_c - near_c)
            computed = {
                "district_code": district_code,
                "commune_code": codes,
                "area": area,
                "households": h_c,
                "poor": poor_c,
                "near_poor": near_c,
                "middle": middle_c,
            }
            for name in _COMMUNE_PLAN_COLUMNS:
                value = computed[name] if name in computed else plan[name]
                columns[name].append(value if isinstance(value, np.ndarray) else np.full(len(codes), value))
    return pd.DataFrame({name: np.concatenate(parts) for name, parts in columns.items()})


_COMMUNE_PLAN_COLUMNS = (
    "year",
    "poverty_standard",
    "province_code",
    "district_code",
    "commune_code",
    "area",
    "households",
    "poor",
    "near_poor",
    "middle",
    "ethnic_minority_share",
    "remoteness",
)


def _households_for_rates(rates: pd.DataFrame, plan_d: pd.DataFrame, sizes: np.ndarray, i: int) -> int:
    """A household count near the commune's natural size for which every published rate is possible."""
    first = plan_d.sort_values("year").iloc[0]
    natural = round(first["households"] * sizes[i] / sizes.sum())
    rates_held = [PublishedRate(str(v)) for v in rates["value"]]
    for step in range(natural):
        for h in (natural + step, natural - step):
            if h > 0 and all(
                any(p.holds(c, h) for c in range(math.floor(p.low * h), math.ceil(p.high * h) + 1)) for p in rates_held
            ):
                return h
    raise CalibrationError(f"no household count fits the rates {list(rates['value'])}")
