"""The calibration plan of the synthetic household panel: exact integer counts per commune and year.

The demo households are generated in SQL (households.sql) from one row per commune and review year
that says how many households live there and how many of them are poor, near-poor and middle. This
module computes those rows so that every published figure we hold is reproduced exactly:

* counts published for a unit (Yên Bái's district poor and near-poor households in 2023, Hưng Yên's
  poor households in 2021 and 2024, the plan's household counts per district) are taken as they are;
* rates published without a count (Hòa Bình 9.2% in 2023, Thái Bình 2.66% in 2019, xã Hoằng Lưu
  2.99% and 1.38%) are met by the integer count whose rate rounds to the published two decimals;
* everything else follows the synthetic profiles in this folder (district_profile.csv,
  province_profile.csv, province_growth.csv) and is labelled synthetic wherever it is shown.

The published figures are read from data/reference/*.csv, never written here. A figure that cannot be
met (for instance, household counts that contradict a published rate) raises CalibrationError, so a
change to a profile that breaks a published figure fails the build rather than the meeting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
from unidecode import unidecode

from data.allocation import AllocationError, allocate
from data.reference_data import read_reference

DEMO_DIR = Path(__file__).parent
SEED = 20240307  # the date of Hưng Yên's plan; any fixed number would do
STANDARD_YEARS = {"2022-2025": [2021, 2022, 2023, 2024, 2025], "2016-2020": [2018, 2019, 2020]}
OLD_STANDARD_PROVINCES = {"34"}  # Thái Bình also has 2018-2020 under the 2016-2020 standard
MAX_POOR_SHARE = Fraction(9, 10)
MAX_CLASSIFIED_SHARE = Fraction(97, 100)


class CalibrationError(AllocationError):
    """A published figure cannot be reproduced by the demo plan."""


@dataclass(frozen=True)
class PublishedRate:
    """A rate published in percent with its decimals, e.g. '2.66' -> [2.655%, 2.665%)."""

    text: str

    @property
    def low(self) -> Fraction:
        return (Fraction(self.text) - Fraction(1, 200)) / 100

    @property
    def high(self) -> Fraction:
        return (Fraction(self.text) + Fraction(1, 200)) / 100

    def holds(self, numerator: int, denominator: int) -> bool:
        return denominator > 0 and self.low <= Fraction(numerator, denominator) < self.high

    def households_interval(self, count: int) -> tuple[int, int]:
        """Smallest and largest denominators for which ``count`` has this rate."""
        smallest = math.floor(count / self.high) + 1
        largest = math.floor(count / self.low)
        if self.low * largest == count:  # the low bound is inclusive
            largest = largest
        return smallest, largest

    def count_for(self, households: int, preferred: float) -> int:
        """The count closest to ``preferred`` whose rate over ``households`` is this rate."""
        start = round(preferred)
        for step in range(households + 1):
            for candidate in (start - step, start + step):
                if 0 <= candidate <= households and self.holds(candidate, households):
                    return candidate
        raise CalibrationError(f"no count of {households} households has rate {self.text}%")


def normalise_name(name: str) -> str:
    name = unidecode(name).lower()
    name = re.sub(r"^(thanh pho|thi xa|huyen|quan|tinh|xa|phuong|thi tran|tp)\s+", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def _profiles() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    districts = pd.read_csv(DEMO_DIR / "district_profile.csv", dtype={"province_code": str, "district_code": str})
    # The profile gives round, shared values (every plains district of Thanh Hóa at 0.9); real
    # districts differ, so each gets its own fixed-seed deviation.
    deviations = [np.random.default_rng([SEED, int(code), 1]) for code in districts["district_code"]]
    districts["household_weight"] *= [rng.lognormal(0.0, 0.08) for rng in deviations]
    districts["poverty_index"] *= [rng.lognormal(0.0, 0.25) for rng in deviations]
    provinces = pd.read_csv(DEMO_DIR / "province_profile.csv", dtype={"province_code": str})
    growth = pd.read_csv(DEMO_DIR / "province_growth.csv", dtype={"province_code": str})
    return districts, provinces, dict(zip(growth["province_code"], growth["annual_household_growth"], strict=True))


def _standard_of(text: str) -> str:
    return "2016-2020" if "2016-2020" in text else "2022-2025"


def _commune_weights(communes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic household size and poverty factor of each commune (fixed seed, by commune code)."""
    sizes, factors = [], []
    for row in communes.itertuples():
        rng = np.random.default_rng([SEED, int(row.code)])
        urban = row.unit_type in ("Phường", "Thị trấn")
        sizes.append(rng.lognormal(0.0, 0.35) * (1.3 if urban else 1.0))
        factors.append(rng.lognormal(0.0, 0.45) * (0.35 if urban else 1.0))
    return np.array(sizes), np.array(factors)


def build_plan(units: pd.DataFrame, scope: str = "seed") -> pd.DataFrame:
    """One row per (commune, year, standard) with households, poor, near_poor and middle counts.

    ``units`` is the legacy admin_unit frame (code, level, name, unit_type, parent_code).
    """
    district_profile, province_profile, growth = _profiles()
    province_codes = sorted(district_profile["province_code"].unique())
    province_short = {normalise_name(r.short_name): r.code for r in units[units["level"] == "province"].itertuples()}

    # Published anchors, read from the reference CSVs.
    provincial = read_reference("provincial_poverty.csv")
    provincial["province_code"] = provincial["province"].map(lambda n: province_short.get(normalise_name(n)))
    provincial["standard"] = provincial["poverty_standard"].map(_standard_of)
    snippets = read_reference("district_poverty_snippets.csv")
    targets = read_reference("seed_targets.csv")
    reported = read_reference("seed_reported.csv")

    rows = []
    for province_code in province_codes:
        profile_d = district_profile[district_profile["province_code"] == province_code].reset_index(drop=True)
        districts = units[(units["level"] == "district") & (units["parent_code"] == province_code)]
        district_codes = list(profile_d["district_code"])
        missing = set(districts["code"]) ^ set(district_codes)
        if missing:
            raise CalibrationError(f"district profile of {province_code} does not match the unit list: {missing}")
        district_key = {normalise_name(r.name): r.code for r in districts.itertuples()}
        index_of = {code: i for i, code in enumerate(district_codes)}
        profile_p = province_profile[province_profile["province_code"] == province_code]
        standards = ["2016-2020", "2022-2025"] if province_code in OLD_STANDARD_PROVINCES else ["2022-2025"]
        years = [(s, y) for s in standards for y in STANDARD_YEARS[s]]
        all_years = sorted({y for _, y in years})

        # --- households per district and year -------------------------------------------------
        plan_base = targets[
            (targets["province_code"] == province_code)
            & (targets["level"] == "district")
            & (targets["metric"] == "total_households")
        ]
        district_snips = snippets[
            snippets["province"].map(normalise_name)
            == normalise_name(units.loc[units["code"] == province_code, "short_name"].iloc[0])
        ]
        district_snips = district_snips[district_snips["year"].astype(int).isin(all_years)]
        base_households = np.zeros(len(district_codes), dtype=np.int64)
        if len(plan_base):
            base_year = int(plan_base["period_start"].iloc[0])
            for r in plan_base.itertuples():
                base_households[index_of[r.district_code]] = int(float(r.target_low))
            if (base_households == 0).any():
                raise CalibrationError(f"plan base of {province_code} misses districts")
        elif len(district_snips):
            base_year = int(district_snips["year"].iloc[0])
            base_households = _households_from_district_rates(
                district_snips, district_key, index_of, provincial, province_code, base_year
            )
        else:
            base_row = profile_p[profile_p["households"].notna()].iloc[0]
            base_year = int(base_row["year"])
            base_households = allocate(int(base_row["households"]), profile_d["household_weight"].to_numpy())
        g = growth[province_code]
        households = {
            y: np.array([round(h * (1 + g) ** (y - base_year)) for h in base_households], dtype=np.int64)
            for y in all_years
        }

        # --- poor, near-poor and middle per district and year ---------------------------------
        planned_rate = targets[
            (targets["province_code"] == province_code)
            & (targets["level"] == "district")
            & (targets["metric"] == "poverty_rate")
        ]
        relative_poverty = profile_d["poverty_index"].to_numpy(dtype=float)
        if len(planned_rate):
            relative_poverty = np.zeros(len(district_codes))
            for r in planned_rate.itertuples():
                relative_poverty[index_of[r.district_code]] = float(r.target_low)
        if len(district_snips):
            relative_poverty = np.zeros(len(district_codes))
            for r in district_snips.itertuples():
                relative_poverty[index_of[district_key[normalise_name(r.district)]]] = float(r.poor_rate_pct)

        for standard, year in years:
            h_d = households[year]
            total_h = int(h_d.sum())
            anchor = provincial[
                (provincial["province_code"] == province_code)
                & (provincial["year"].astype(int) == year)
                & (provincial["standard"] == standard)
            ]
            prof = profile_p[(profile_p["year"] == year) & (profile_p["poverty_standard"] == standard)].iloc[0]
            snips_y = district_snips[district_snips["year"].astype(int) == year]

            poor_d = _class_counts(
                "poor",
                anchor,
                snips_y,
                prof["poor_rate_pct"],
                h_d,
                relative_poverty,
                district_key,
                index_of,
                caps=np.array([int(h * MAX_POOR_SHARE) for h in h_d]),
            )
            near_d = _class_counts(
                "near_poor",
                anchor,
                snips_y,
                prof["near_poor_rate_pct"],
                h_d,
                np.sqrt(np.maximum(relative_poverty, 0.05)),
                district_key,
                index_of,
                caps=np.array([int(h * MAX_CLASSIFIED_SHARE) for h in h_d]) - poor_d,
            )
            middle_total = round(total_h * float(prof["middle_rate_pct"]) / 100)
            middle_d = allocate(
                middle_total,
                h_d * np.sqrt(np.maximum(relative_poverty, 0.05)),
                caps=np.maximum(h_d - poor_d - near_d, 0),
            )
            for i, district_code in enumerate(district_codes):
                rows.append(
                    {
                        "province_code": province_code,
                        "district_code": district_code,
                        "year": year,
                        "poverty_standard": standard,
                        "households": int(h_d[i]),
                        "poor": int(poor_d[i]),
                        "near_poor": int(near_d[i]),
                        "middle": int(middle_d[i]),
                        "ethnic_minority_share": float(profile_d["ethnic_minority_share"].iloc[i]),
                        "remoteness": float(profile_d["remoteness"].iloc[i]),
                    }
                )
    district_plan = pd.DataFrame(rows)
    return _split_to_communes(district_plan, units, reported)


def _households_from_district_rates(
    snips: pd.DataFrame,
    district_key: dict[str, str],
    index_of: dict[str, int],
    provincial: pd.DataFrame,
    province_code: str,
    year: int,
) -> np.ndarray:
    """Household counts per district that give every published district and province rate."""
    n = len(index_of)
    low = np.zeros(n, dtype=np.int64)
    high = np.zeros(n, dtype=np.int64)
    for r in snips.itertuples():
        i = index_of[district_key[normalise_name(r.district)]]
        lo, hi = 0, 10**9
        for count, rate in ((r.poor_households, r.poor_rate_pct), (r.near_poor_households, r.near_poor_rate_pct)):
            if count and rate:
                a, b = PublishedRate(rate).households_interval(int(count))
                lo, hi = max(lo, a), min(hi, b)
        if lo > hi:
            raise CalibrationError(f"district {r.district} {year}: published counts and rates disagree")
        low[i], high[i] = lo, hi
    province = provincial[(provincial["province_code"] == province_code) & (provincial["year"].astype(int) == year)]
    total_low, total_high = int(low.sum()), int(high.sum())
    for r in province.itertuples():
        for count, rate in ((r.poor_households, r.poor_rate_pct), (r.near_poor_households, r.near_poor_rate_pct)):
            if count and rate:
                a, b = PublishedRate(rate).households_interval(int(count))
                total_low, total_high = max(total_low, a), min(total_high, b)
    if total_low > total_high:
        raise CalibrationError(f"province {province_code} {year}: district and province figures disagree")
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


def _class_counts(
    status: str,
    anchor: pd.DataFrame,
    snips: pd.DataFrame,
    profile_rate: float,
    households: np.ndarray,
    relative: np.ndarray,
    district_key: dict[str, str],
    index_of: dict[str, int],
    caps: np.ndarray,
) -> np.ndarray:
    count_col = "poor_households" if status == "poor" else "near_poor_households"
    rate_col = "poor_rate_pct" if status == "poor" else "near_poor_rate_pct"
    total_h = int(households.sum())
    fixed: dict[int, int] = {}
    for r in snips.itertuples():
        value = getattr(r, count_col)
        if value:
            fixed[index_of[district_key[normalise_name(r.district)]]] = int(value)
    total = None
    for r in anchor.itertuples():
        count, rate = getattr(r, count_col), getattr(r, rate_col)
        if count:
            total = int(count)
            if rate and not PublishedRate(rate).holds(total, total_h):
                raise CalibrationError(f"{status} {count} is not {rate}% of {total_h} households")
        elif rate:
            total = PublishedRate(rate).count_for(total_h, float(rate) * total_h / 100)
    if total is None:
        if fixed and len(fixed) == len(households):
            total = sum(fixed.values())
        elif pd.isna(profile_rate):
            raise CalibrationError(f"no {status} figure and no profile rate")
        else:
            total = round(total_h * float(profile_rate) / 100)
    return allocate(total, _logit_shifted_weights(relative, households, total), caps=caps, fixed=fixed)


def _logit_shifted_weights(relative: np.ndarray, households: np.ndarray, total: int) -> np.ndarray:
    """Expected counts per district when every district's log-odds move by the same amount.

    Scaling rates proportionally would push a district at 49% in 2023 past 85% two years earlier;
    a common shift on the log-odds scale keeps poor districts poor without exceeding 100%.
    """
    households = households.astype(float)
    mean_relative = float((relative * households).sum() / households.sum())
    # Start from a 10% province; the common shift below then finds the real level.
    start = np.clip(relative / mean_relative * 0.10, 1e-4, 0.95)
    logit = np.log(start / (1 - start))
    low, high = -20.0, 20.0
    for _ in range(100):
        mid = (low + high) / 2
        expected = (households / (1 + np.exp(-(logit + mid)))).sum()
        low, high = (mid, high) if expected < total else (low, mid)
    return households / (1 + np.exp(-(logit + (low + high) / 2)))


def _split_to_communes(district_plan: pd.DataFrame, units: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    communes_all = units[units["level"] == "commune"]
    commune_rates = reported[(reported["level"] == "commune") & (reported["metric"] == "poverty_rate")]
    out = []
    for district_code, plan_d in district_plan.groupby("district_code", sort=True):
        communes = communes_all[communes_all["parent_code"] == district_code].sort_values("code").reset_index(drop=True)
        sizes, factors = _commune_weights(communes)
        position = {code: i for i, code in enumerate(communes["code"])}
        anchors = commune_rates[commune_rates["district_code"] == district_code]
        pinned_households = {}
        for code, rates in anchors.groupby("commune_code"):
            pinned_households[code] = _households_for_rates(rates, plan_d, sizes, position[code])
        for plan in plan_d.itertuples():
            fixed_h = {position[c]: h for c, h in pinned_households.items()}
            h_c = allocate(plan.households, sizes, fixed=fixed_h)
            fixed_p = {}
            for r in anchors[anchors["year"].astype(int) == plan.year].itertuples():
                i = position[r.commune_code]
                natural = plan.poor * h_c[i] * factors[i] / float((h_c * factors).sum())
                fixed_p[i] = PublishedRate(r.value).count_for(int(h_c[i]), natural)
            # A commune may be poorer than its district, but not so much that it leaves no room for
            # the near-poor of a very poor district (Trạm Tấu: about half the households are poor).
            poor_share_cap = min(float(MAX_POOR_SHARE), 1.5 * plan.poor / plan.households + 0.02)
            poor_c = allocate(
                plan.poor, h_c * factors, caps=np.floor(h_c * poor_share_cap).astype(np.int64), fixed=fixed_p
            )
            near_c = allocate(
                plan.near_poor,
                h_c * np.sqrt(factors),
                caps=np.floor(h_c * float(MAX_CLASSIFIED_SHARE)).astype(np.int64) - poor_c,
            )
            middle_c = allocate(plan.middle, h_c * np.sqrt(factors), caps=h_c - poor_c - near_c)
            for i, commune in communes.iterrows():
                out.append(
                    {
                        "year": plan.year,
                        "poverty_standard": plan.poverty_standard,
                        "province_code": plan.province_code,
                        "district_code": district_code,
                        "commune_code": commune["code"],
                        "area": "urban" if commune["unit_type"] in ("Phường", "Thị trấn") else "rural",
                        "households": int(h_c[i]),
                        "poor": int(poor_c[i]),
                        "near_poor": int(near_c[i]),
                        "middle": int(middle_c[i]),
                        "ethnic_minority_share": plan.ethnic_minority_share,
                        "remoteness": plan.remoteness,
                    }
                )
    return pd.DataFrame(out)


def _households_for_rates(rates: pd.DataFrame, plan_d: pd.DataFrame, sizes: np.ndarray, i: int) -> int:
    """A household count near the commune's natural size for which every published rate is possible."""
    first = plan_d.sort_values("year").iloc[0]
    natural = round(first["households"] * sizes[i] / sizes.sum())
    published = [PublishedRate(v) for v in rates["value"]]
    for step in range(natural):
        for h in (natural + step, natural - step):
            if h > 0 and all(
                any(p.holds(c, h) for c in range(math.floor(p.low * h), math.ceil(p.high * h) + 1)) for p in published
            ):
                return h
    raise CalibrationError(f"no household count fits the rates {list(rates['value'])}")
