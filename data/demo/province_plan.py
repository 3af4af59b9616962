"""The national calibration plan at the province level: households, poor, near-poor and middle households
of every legacy province and review year, meeting the published figures that can be met together.

Top down, one review year at a time, in whole households:

1. **Groups.** 2022-2024: the six regions, whose figures the ministry publishes with the national ones.
   2021 and 2025 have no regional figures: 2021's regions follow 2022, and 2025's groups are the new
   provinces (the 2025 review was run by them), so that the new Phú Thọ's published result holds.
2. **Counts first.** A published count is met exactly. When a unit's poor + near-poor is not its published
   poor-and-near-poor count, the parent decides which one is wrong: the variant whose sum over the regions
   equals the national figure is kept (2022: the Red River Delta's poor, 69.239, must be 69.329); when none
   does, the poor-and-near-poor count is left unmet.
3. **Households from rates.** A published rate beside a published count bounds the unit's households;
   the bounds are intersected in the order households, poor rate, near-poor rate, poor-and-near-poor
   rate, and a rate that would empty the intersection is left unmet (Kon Tum 2021's two rates imply
   different totals). The regions take their households inside their bounds, nearest the profile; the
   country is their sum, so the national rates, whose denominators differ from the regions' (REVIEW_
   RESULTS.md), are not met.
4. **Provinces inside a group.** Published province figures and the seed provinces' own figures are
   pinned (a rate without a count: the count nearest the profile that rounds to it); the other provinces
   share the rest, households by the profile's size and growth, poor and near-poor by a common shift
   of the log-odds of the profile's poverty index (poor provinces stay poorer).

What cannot be met is listed with its reason in data/reference/unmet_figures.csv; a test compares that
list with what the built database meets, so the list cannot change silently. The profile
(province_profile.csv: sizes around the 2019 census, a poverty index, ethnic-minority share, remoteness,
growth) and the seed provinces' own years (province_years.csv) are synthetic, and so is every figure
built from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data.allocation import allocate
from data.demo.rates import CalibrationError, PublishedRate, logit_shifted_weights
from data.reference.facts import published_review_results

DEMO_DIR = Path(__file__).parent
PLAN_STANDARD = "2022-2025"
PLAN_YEARS = [2021, 2022, 2023, 2024, 2025, 2026]
REGION_YEARS = [2022, 2023, 2024]  # the years the ministry published regional figures for
NEW_UNIT_YEARS = [2025, 2026]  # reviewed by today's provinces: their groups are the new provinces
# The year each year without group figures follows (2021 the first with them; later years the one before).
NEIGHBOUR_YEAR = {2021: 2022, 2025: 2024, 2026: 2025}
# 2026 (the review finishing now) has no published figure: the country's poor and near-poor follow 2025
# with half the 2024 -> 2025 fall (the fall slows as the rate nears its floor). An assumption of the
# synthetic set, labelled as such wherever 2026 is shown.
SLOWING = {2026: 0.5}
# The ministry's projection for the 2026-2030 standard (Sept 2025 impact assessment, for the draft): poor +
# near-poor, i.e. every household at or under the new income line, about 3.297.000 households (11,7 %).
# The demo's 2025 households are calibrated to it through the middle class (synthetic everywhere): MIDDLE_
# BELOW_NEXT_LINE of the middle households have incomes at or under the next standard's line
# (household_draws.py), so the middle total is chosen for the projection to hold.
PROJECTION_YEAR = 2025
PROJECTED_UNDER_NEW_LINE = 3_297_000
MIDDLE_BELOW_NEXT_LINE = 0.9
PROFILE_YEAR = 2019
PROFILE_SEED = 20240307  # the demo's seed (calibrate.SEED), fixed
# The series of published figures the plan meets; the others are estimates of other kinds (a household
# survey, an expectation before the review) and stay beside the review figures as they are.
TARGETED_SERIES = {"molisa_review", "review", "government_report"}
CLASSES = ("poor", "near_poor", "both")  # both: poor and near-poor together
METRICS = {
    "total_households": ("households", None),
    "poor_households": ("count", "poor"),
    "poverty_rate": ("rate", "poor"),
    "near_poor_households": ("count", "near_poor"),
    "near_poor_rate": ("rate", "near_poor"),
    "poor_near_poor_households": ("count", "both"),
    "poor_near_poor_rate": ("rate", "both"),
}
MAX_POOR_SHARE = 0.9
MAX_CLASSIFIED_SHARE = 0.97


@dataclass
class Figures:
    """The published figures of one unit and year: counts exact, rates with their decimals."""

    households: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, PublishedRate] = field(default_factory=dict)

    def complete(self) -> None:
        """Derive the third count from two (poor + near-poor = both)."""
        poor, near, both = (self.counts.get(c) for c in CLASSES)
        if both is None and poor is not None and near is not None:
            self.counts["both"] = poor + near
        elif poor is None and near is not None and both is not None:
            self.counts["poor"] = both - near
        elif near is None and poor is not None and both is not None:
            self.counts["near_poor"] = both - poor

    def is_consistent(self) -> bool:
        poor, near, both = (self.counts.get(c) for c in CLASSES)
        return None in (poor, near, both) or poor + near == both

    def households_range(self) -> tuple[int, int] | None:
        """The household counts every published rate allows together (None: no rate bounds them).

        Intersected in priority order; a rate whose bounds would empty the intersection is skipped."""
        low, high = (self.households, self.households) if self.households is not None else (1, None)
        bounded = self.households is not None
        for klass in CLASSES:
            rate, count = self.rates.get(klass), self.counts.get(klass)
            if rate is None or count is None or count == 0:
                continue
            a, b = rate.households_interval(count)
            if max(low, a) <= min(high if high is not None else b, b):
                low, high = max(low, a), min(high if high is not None else b, b)
                bounded = True
        return (low, high) if bounded else None


def published(years: list[int], standard: str) -> dict[tuple[str, str, int], Figures]:
    """(level, code, year) -> Figures, for the targeted series. Level "new_province": a 2025 province."""
    frame = published_review_results()
    frame = frame[
        frame["figure_id"].str.split(":").str[4].isin(TARGETED_SERIES)
        & (frame["poverty_standard"] == standard)
        & frame["year"].isin(years)
        & frame["level"].isin(["country", "region", "province"])
    ]
    figures: dict[tuple[str, str, int], Figures] = {}
    for row in frame.itertuples():
        level = "new_province" if row.scheme == "from_2025" and row.level == "province" else row.level
        entry = figures.setdefault((level, row.unit_code, int(row.year)), Figures())
        kind, klass = METRICS[row.metric]
        if kind == "households":
            entry.households = int(row.value)
        elif kind == "count":
            entry.counts[klass] = int(row.value)
        else:
            entry.rates[klass] = PublishedRate(f"{row.value:.{int(row.decimals)}f}")
    return figures


def reconcile(national: Figures, regions: list[Figures]) -> None:
    """Make the regions' counts add up to the national ones where a region's own figures allow it."""
    for unit in (national, *regions):
        unit.complete()
    for klass, other in (("poor", "near_poor"), ("near_poor", "poor")):
        if klass not in national.counts or any(klass not in r.counts for r in regions):
            continue
        gap = national.counts[klass] - sum(r.counts[klass] for r in regions)
        for region in regions:
            if gap and not region.is_consistent() and other in region.counts and "both" in region.counts:
                corrected = region.counts["both"] - region.counts[other]
                if corrected - region.counts[klass] == gap:
                    region.counts[klass] = corrected
                    gap = 0
    for unit in (national, *regions):
        if not unit.is_consistent():
            del unit.counts["both"]  # poor and near-poor kept; their sum is not the published one


@dataclass
class ProvinceYear:
    households: int = 0
    poor: int = 0
    near_poor: int = 0
    middle: int = 0


class ProvincePlan:
    """Computes the plan; ``rows()`` gives one row per province, year and standard."""

    def __init__(self, provinces: pd.DataFrame, household_pins: dict[tuple[str, int], int] | None = None):
        """``provinces``: code, region_code, new_province_code. ``household_pins``: households of a
        province-year fixed by its districts' own published figures (the seed plans)."""
        profile = pd.read_csv(DEMO_DIR / "province_profile.csv", dtype={"province_code": str})
        # The profile's index is rounded and shared (several delta provinces at 1.8); real provinces
        # differ, so each gets its own fixed-seed deviation.
        profile["poverty_index"] *= [
            np.random.default_rng([PROFILE_SEED, int(code)]).lognormal(0.0, 0.15) for code in profile["province_code"]
        ]
        self.profile = profile.set_index("province_code")
        years = pd.read_csv(DEMO_DIR / "province_years.csv", dtype={"province_code": str})
        self.own_years = years[years["poverty_standard"] == PLAN_STANDARD].set_index(["province_code", "year"])
        self.provinces = provinces.set_index("code")
        missing = set(self.provinces.index) ^ set(self.profile.index)
        if missing:
            raise CalibrationError(f"province profile does not match the unit list: {sorted(missing)}")
        self.figures = published(PLAN_YEARS, PLAN_STANDARD)
        self.household_pins = dict(household_pins or {})
        self.result: dict[tuple[str, int], ProvinceYear] = {
            (code, year): ProvinceYear() for code in self.provinces.index for year in PLAN_YEARS
        }
        regions = sorted(self.provinces["region_code"].unique())
        for year in REGION_YEARS:
            reconcile(self._figures("country", "VN", year), [self._figures("region", r, year) for r in regions])

    # --- helpers ----------------------------------------------------------------------------------------
    def _figures(self, level: str, code: str, year: int) -> Figures:
        return self.figures.setdefault((level, code, year), Figures())

    def _profile_households(self, code: str, year: int) -> float:
        row = self.profile.loc[code]
        return float(row["households_2019"]) * (1 + float(row["annual_household_growth"])) ** (year - PROFILE_YEAR)

    def _own(self, code: str, year: int, column: str) -> float | None:
        """The seed province's own synthetic figure for the year (province_years.csv), if any."""
        if (code, year) not in self.own_years.index:
            return None
        value = self.own_years.loc[(code, year), column]
        return None if pd.isna(value) else float(value)

    def groups(self, year: int) -> dict[tuple[str, str], list[str]]:
        """(level, code) of each group -> its provinces, for the year."""
        column = "new_province_code" if year in NEW_UNIT_YEARS else "region_code"
        level = "new_province" if year in NEW_UNIT_YEARS else "region"
        return {(level, code): sorted(members.index) for code, members in self.provinces.groupby(column, sort=True)}

    # --- households -----------------------------------------------------------------------------------
    def _province_household_targets(self) -> dict[str, dict[int, int]]:
        """Households of provinces whose own figures fix them in some years, every plan year: the fixed
        years as published (inside their bounds, nearest the profile), the years between on a geometric
        path, the years outside on the profile's growth."""
        pinned: dict[str, dict[int, int]] = {}
        for code in self.provinces.index:
            fixed: dict[int, int] = {}
            for year in PLAN_YEARS:
                if (code, year) in self.household_pins:
                    fixed[year] = self.household_pins[(code, year)]
                    continue
                bounds = self._figures("province", code, year).households_range()
                own = self._own(code, year, "households")
                if bounds is not None:
                    low, high = bounds
                    fixed[year] = int(min(max(round(self._profile_households(code, year)), low), high))
                elif own is not None:
                    fixed[year] = int(own)
            if fixed:
                pinned[code] = self._fill_years(code, fixed)
        return pinned

    def _fill_years(self, code: str, fixed: dict[int, int]) -> dict[int, int]:
        growth = 1 + float(self.profile.loc[code, "annual_household_growth"])
        known = sorted(fixed)
        filled = dict(fixed)
        for year in PLAN_YEARS:
            if year in filled:
                continue
            before = [y for y in known if y < year]
            after = [y for y in known if y > year]
            if before and after:
                a, b = before[-1], after[0]
                step = (fixed[b] / fixed[a]) ** (1 / (b - a))
                filled[year] = round(fixed[a] * step ** (year - a))
            elif before:
                filled[year] = round(fixed[before[-1]] * growth ** (year - before[-1]))
            else:
                filled[year] = round(fixed[after[0]] / growth ** (after[0] - year))
        return filled

    def _group_households(
        self, year: int, level: str, code: str, members: list[str], pinned: dict[str, dict[int, int]]
    ) -> int:
        figures = self._figures(level, code, year)
        if figures.households is not None:
            return figures.households
        if year in NEIGHBOUR_YEAR:
            # No group figure: each province follows its neighbouring year on the profile's growth.
            neighbour = NEIGHBOUR_YEAR[year]
            return sum(
                pinned[p][year]
                if p in pinned
                else round(
                    self.result[(p, neighbour)].households
                    * self._profile_households(p, year)
                    / self._profile_households(p, neighbour)
                )
                for p in members
            )
        estimate = round(sum(self._profile_households(p, year) for p in members))
        bounds = figures.households_range()
        if bounds is None:
            return estimate
        return int(min(max(estimate, bounds[0]), bounds[1]))

    def _place_households(self, year: int, pinned: dict[str, dict[int, int]]) -> None:
        for (level, code), members in self.groups(year).items():
            total = self._group_households(year, level, code, members, pinned)
            fixed = {i: pinned[p][year] for i, p in enumerate(members) if p in pinned}
            weights = np.array([self._profile_households(p, year) for p in members])
            shares = allocate(total, weights, fixed=fixed)
            for province, households in zip(members, shares, strict=True):
                self.result[(province, year)].households = int(households)

    # --- poor and near-poor -----------------------------------------------------------------------------
    def _national_count(self, year: int, klass: str) -> int:
        """The country's poor or near-poor households in the year."""
        figures = self._figures("country", "VN", year)
        if klass in figures.counts:
            return figures.counts[klass]
        households = sum(self.result[(p, year)].households for p in self.provinces.index)
        if klass == "poor" and "poor" in figures.rates:
            rate = figures.rates["poor"]
            return rate.count_for(households, float(rate.text) * households / 100)
        if year in SLOWING:
            # No figure and no rate: the year before's count, falling at a slower pace than it did.
            before, earlier = year - 1, year - 2
            fall = self._national_count(before, klass) / max(self._national_count(earlier, klass), 1)
            return round(self._national_count(before, klass) * fall ** SLOWING[year])
        # No figure: the neighbouring year's ratio to the poor (2021, 2025 near-poor).
        neighbour = 2022 if year < 2022 else 2024
        ratio = self._national_count(neighbour, klass) / self._national_count(neighbour, "poor")
        return round(self._national_count(year, "poor") * ratio)

    def _group_counts(self, year: int, klass: str) -> dict[tuple[str, str], int]:
        """Poor or near-poor households of each group: published, from a published rate, from the
        poor-and-near-poor count less the other class, or a share of what the country has left."""
        groups = self.groups(year)
        known: dict[tuple[str, str], int] = {}
        for key, members in groups.items():
            figures = self._figures(*key, year)
            households = sum(self.result[(p, year)].households for p in members)
            if klass in figures.counts:
                known[key] = figures.counts[klass]
            elif klass in figures.rates:
                rate = figures.rates[klass]
                known[key] = rate.count_for(households, self._group_estimate(year, klass, key, members))
            elif klass == "near_poor" and "both" in figures.counts:
                known[key] = figures.counts["both"] - self._poor_of(members, year)
        # A group without a figure holds at least what its provinces' own figures pin (all of it when
        # every province is pinned, as the new Hưng Yên of 2025 is by Hưng Yên's and Thái Bình's years).
        floors = {}
        for key in groups:
            if key in known:
                continue
            pinned = [self._province_fixed(p, year, klass, self.result[(p, year)].households) for p in groups[key]]
            floors[key] = sum(c for c in pinned if c is not None)
            if all(c is not None for c in pinned):
                known[key] = floors[key]
                del floors[key]
        free = list(floors)
        left = self._national_count(year, klass) - sum(known.values()) - sum(floors.values())
        if free:
            estimates = np.array([self._group_estimate(year, klass, key, groups[key]) for key in free])
            weights = np.maximum(estimates - np.array([floors[key] for key in free]), 1e-6)
            caps = None
            if klass == "poor":
                caps = np.array(
                    [
                        self._figures(*key, year).counts.get("both", np.iinfo(np.int64).max // 4) - floors[key]
                        for key in free
                    ],
                    dtype=np.int64,
                )
            if left < 0:
                raise CalibrationError(f"{year} {klass}: provinces' own figures exceed the country's by {-left}")
            for key, count in zip(free, allocate(left, weights, caps=caps), strict=True):
                known[key] = floors[key] + int(count)
        elif left != 0:
            raise CalibrationError(f"{year} {klass}: the groups' published counts miss the country's by {left}")
        return known

    def _group_estimate(self, year: int, klass: str, key: tuple[str, str], members: list[str]) -> float:
        """What a group would have without a figure: the neighbouring year's count, scaled like the
        country's; in the first planned year, its provinces' profile."""
        neighbour = NEIGHBOUR_YEAR.get(year, year - 1)
        if neighbour in PLAN_YEARS and neighbour != year and self._done(neighbour, klass):
            count = sum(getattr(self.result[(p, neighbour)], klass) for p in members)
            return max(count * self._national_count(year, klass) / max(self._national_count(neighbour, klass), 1), 1e-6)
        households = np.array([self.result[(p, year)].households for p in members], dtype=float)
        index = self.profile.loc[members, "poverty_index"].to_numpy(float)
        if klass == "near_poor":
            index = np.sqrt(np.maximum(index, 0.05))
        return float((households * index).sum()) + 1e-6

    def _done(self, year: int, klass: str) -> bool:
        return any(getattr(self.result[(p, year)], klass) for p in self.provinces.index)

    def _poor_of(self, members: list[str], year: int) -> int:
        return sum(self.result[(p, year)].poor for p in members)

    def _province_fixed(
        self, province: str, year: int, klass: str, households: int, preferred: float | None = None
    ) -> int | None:
        """A province's count pinned by its own figures: published count, published rate, its seed year."""
        figures = self._figures("province", province, year)
        if klass in figures.counts:
            return figures.counts[klass]
        if klass == "near_poor" and "both" in figures.counts and "poor" in figures.counts:
            return figures.counts["both"] - figures.counts["poor"]
        rate = figures.rates.get(klass)
        if rate is None:
            own = self._own(province, year, "poor_rate_pct" if klass == "poor" else "near_poor_rate_pct")
            rate = PublishedRate(f"{own:.2f}") if own is not None else None
        if rate is None:
            return None
        return rate.count_for(households, float(rate.text) * households / 100 if preferred is None else preferred)

    def _place_class(self, year: int, klass: str) -> None:
        for key, total in self._group_counts(year, klass).items():
            members = self.groups(year)[key]
            households = np.array([self.result[(p, year)].households for p in members], dtype=np.int64)
            index = self.profile.loc[members, "poverty_index"].to_numpy(float)
            if klass == "near_poor":
                index = np.sqrt(np.maximum(index, 0.05))
            fixed = {}
            for i, province in enumerate(members):
                count = self._province_fixed(province, year, klass, int(households[i]))
                if count is not None:
                    fixed[i] = count
            free = [i for i in range(len(members)) if i not in fixed]
            left = total - sum(fixed.values())
            if left < 0 or (left > 0 and not free):
                raise CalibrationError(f"{key[1]} {year} {klass}: pinned provinces {sum(fixed.values())} vs {total}")
            if klass == "poor":
                caps = np.floor(households * MAX_POOR_SHARE).astype(np.int64)
            else:
                poor = np.array([self.result[(p, year)].poor for p in members], dtype=np.int64)
                caps = np.floor(households * MAX_CLASSIFIED_SHARE).astype(np.int64) - poor
            weights = np.zeros(len(members))
            if free and year in SLOWING:
                # A year that follows the one before: each province keeps its share of the group.
                before = np.array([getattr(self.result[(p, year - 1)], klass) for p in members], dtype=float)
                weights[free] = before[free] + 1e-6
            elif free:
                weights[free] = logit_shifted_weights(index[free], households[free], left)
            counts = allocate(total, weights, caps=caps, fixed=fixed)
            for province, count in zip(members, counts, strict=True):
                setattr(self.result[(province, year)], klass, int(count))

    def _own_middle_share(self, province: str, year: int) -> float | None:
        """A seed province's own middle share for the year, or its last one before (it keeps its path)."""
        for earlier in range(year, min(PLAN_YEARS) - 1, -1):
            share = self._own(province, earlier, "middle_rate_pct")
            if share is not None:
                return share
        return None

    def _middle_weight(self, province: str, year: int) -> float:
        """How many middle households a province has, before the national scale: more where more households
        are poor or near-poor (a poor province has more households just above the line)."""
        entry = self.result[(province, year)]
        return entry.households * min(0.15, 0.04 + 0.9 * (entry.poor + entry.near_poor) / max(entry.households, 1))

    def _middle_scale(self) -> float:
        """The national scale of the middle class: the one for which the projection year's households at or
        under the next standard's line (poor, near-poor, and MIDDLE_BELOW_NEXT_LINE of the middle) come to
        the ministry's projection; the seed provinces keep their own middle shares."""
        year = PROJECTION_YEAR
        classified = sum(self.result[(p, year)].poor + self.result[(p, year)].near_poor for p in self.provinces.index)
        own, free = 0.0, 0.0
        for province in self.provinces.index:
            share = self._own_middle_share(province, year)
            if share is None:
                free += self._middle_weight(province, year)
            else:
                own += self.result[(province, year)].households * share / 100
        needed = (PROJECTED_UNDER_NEW_LINE - classified) / MIDDLE_BELOW_NEXT_LINE - own
        if needed <= 0 or free <= 0:
            raise CalibrationError(f"the projection of {PROJECTED_UNDER_NEW_LINE} households cannot be met")
        return needed / free

    def _place_middle(self, year: int, scale: float) -> None:
        """Middle-income households (synthetic everywhere): the seed year's share, else the province's
        weight at the national scale."""
        for province in self.provinces.index:
            entry = self.result[(province, year)]
            share = self._own_middle_share(province, year)
            count = entry.households * share / 100 if share is not None else self._middle_weight(province, year) * scale
            room = entry.households - entry.poor - entry.near_poor
            entry.middle = int(min(round(count), room))

    # --- the whole plan ---------------------------------------------------------------------------------
    def compute(self) -> ProvincePlan:
        pinned = self._province_household_targets()
        order = [*REGION_YEARS, *NEIGHBOUR_YEAR]  # each year after the one it follows
        for year in order:
            self._place_households(year, pinned)
        for year in order:
            self._place_class(year, "poor")
            self._place_class(year, "near_poor")
        scale = self._middle_scale()
        for year in order:
            self._place_middle(year, scale)
        return self

    def rows(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "province_code": code,
                    "year": year,
                    "poverty_standard": PLAN_STANDARD,
                    "households": entry.households,
                    "poor": entry.poor,
                    "near_poor": entry.near_poor,
                    "middle": entry.middle,
                }
                for (code, year), entry in sorted(self.result.items())
            ]
        )
