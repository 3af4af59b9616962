"""The synthetic households of calibration plan rows, drawn with numpy: deterministic for a fixed seed.

How it works. Every household that ever lives in a commune has a number (``commune_id * 1,000,000 +
seq``), a persistent welfare score and a yearly noise. In each review year the plan says how many
households live there (the first ``households`` numbers) and how many are poor, near-poor and middle;
households are ranked by score + noise and the lowest ranks take those classes. So the counts are
exactly the plan's, and households move between classes as in a real panel: most poor stay poor, some
escape, some fall back. Income and the number of deprivations are drawn consistent with the class and the
standard's rule (poverty_standard: poor = income at or under the line and at least 3 deprivations under
2022-2025); which indicators are deprived is one of the precomputed weighted draws of
``households.deprivation_masks`` (remote districts lean to water, latrine, housing, information).

Why numpy and not SQL: each plan row (a commune and a year) is ranked on its own, so the households of a
few plan rows at a time are a handful of arrays, sorted once. The same panel took DuckDB twice the CPU
(a window partitioned by commune and year sorts every row group; docs/performance.md), and the
national build is CPU-bound on two cores. Random numbers come from a 64-bit mix of the household's
number, its year and the seed (splitmix64's finaliser), so a household's draws do not depend on which
rows were drawn with it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from data.database.setup import HOUSEHOLD_CLASSES

CLASSES = HOUSEHOLD_CLASSES  # in rank order (the lowest ranks are poor), which is also the enum's order
HOUSEHOLDS_PER_COMMUNE = 1_000_000  # household_id = commune_id * this + seq
WELFARE_NOISE = 0.12  # the yearly noise's width beside the persistent score in [0, 1)
ROWS_PER_DRAW = 1_500_000  # households drawn at once: bounded memory (a 15-million-row province)

_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit (uint64, wraps)."""
    x = x ^ (x >> np.uint64(30))
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def _uniform(bits: np.ndarray, shift: int, width: int) -> np.ndarray:
    """A uniform number in [0, 1) from ``width`` bits of ``bits`` starting at bit ``shift``."""
    field = (bits >> np.uint64(shift)) & np.uint64((1 << width) - 1)
    return field.astype(np.float64) * (1.0 / (1 << width))


def _sorting_order(key: np.ndarray) -> np.ndarray:
    """The positions of ``key`` in ascending order. numpy's quicksort is three times quicker than its
    stable sort here (0.08 -> 0.025 s for 1.5 million keys) but may order equal keys differently from one
    machine to another; keys tie almost never (53-bit draws), and then the stable sort decides, so the
    demo is the same everywhere."""
    order = np.argsort(key)
    ordered = key[order]
    if np.any(ordered[1:] == ordered[:-1]):
        return np.argsort(key, kind="stable")
    return order


def chunks(lines: pd.DataFrame, rows_per_draw: int = ROWS_PER_DRAW) -> Iterator[pd.DataFrame]:
    """``lines`` in consecutive pieces of at most ``rows_per_draw`` households (a plan row is never split,
    so a piece may exceed it by one commune-year)."""
    households = lines["households"].to_numpy(np.int64)
    start, count = 0, 0
    for end, size in enumerate(households, start=1):
        count += int(size)
        if count >= rows_per_draw:
            yield lines.iloc[start:end]
            start, count = end, 0
    if start < len(lines):
        yield lines.iloc[start:]


def draw(
    lines: pd.DataFrame, pattern_masks: np.ndarray, patterns_per_draw: int, seed: int, middle_below_next_line: float
) -> pd.DataFrame:
    """The household_review rows of ``lines`` (plan rows with their standard's lines: plan_lines.sql).

    ``pattern_masks[pattern_base + count * patterns_per_draw + index]`` is a deprivation mask with
    ``count`` deprivations (households.deprivation_masks); ``middle_below_next_line`` is the share of
    middle households whose income is at or under the next standard's line (province_plan)."""
    sizes = lines["households"].to_numpy(np.int64)
    total = int(sizes.sum())
    row = np.repeat(np.arange(len(lines)), sizes)  # each household's plan row
    first = np.cumsum(sizes) - sizes  # each plan row's first position
    seq = np.arange(total, dtype=np.int64) - first[row] + 1

    def per_household(column: str, dtype: type = np.float64) -> np.ndarray:
        return lines[column].to_numpy(dtype)[row]

    household_id = per_household("commune_id", np.int64) * HOUSEHOLDS_PER_COMMUNE + seq
    year = per_household("year", np.int64)
    seed_bits = np.uint64(seed)
    number = household_id.astype(np.uint64)
    lasting = _mix(number ^ seed_bits)  # the household's own draws, the same every year
    yearly = _mix(number * _GOLDEN + (year.astype(np.uint64) << np.uint64(32)) + seed_bits)
    welfare = _uniform(lasting, 11, 53)
    score = welfare + WELFARE_NOISE * (_uniform(yearly, 11, 53) - 0.5)

    # Rank inside each plan row with one sort: the row number dominates the key, the score (shifted into
    # [0, 1)) orders within it.
    key = row + (score + WELFARE_NOISE) / (1 + 3 * WELFARE_NOISE)
    order = _sorting_order(key)
    rank = np.empty(total, dtype=np.int64)
    rank[order] = np.arange(1, total + 1) - first[row]  # sorted position p holds a household of row[p]
    del key, order, score
    poor = per_household("poor", np.int64)
    near_poor = poor + per_household("near_poor", np.int64)
    middle = near_poor + per_household("middle", np.int64)
    household_class = (rank > poor).astype(np.int8) + (rank > near_poor) + (rank > middle)
    del rank, poor, near_poor, middle

    draws = _mix(yearly ^ _M2)  # this year's income, deprivation count and pattern: separate bit fields
    u_income = _uniform(draws, 32, 32)
    u_count = _uniform(draws, 8, 24)
    pattern_index = (draws & np.uint64(patterns_per_draw - 1)).astype(np.int64)
    traits = _mix(lasting ^ _GOLDEN)  # ethnicity and size: apart from the welfare score's bits
    u_ethnic = _uniform(traits, 32, 32)
    u_members = _uniform(traits, 8, 24)
    del draws, yearly, lasting, traits, number

    # a standard whose poor have no line of their own under the near-poor's (2022-2025, 2026-2030): poverty
    # needs deprivations, and the near-poor share the poor's income band
    no_near_band = lines["near_poor_upper"].isna().to_numpy()
    income = _income(lines, no_near_band, row, household_class, u_income, middle_below_next_line)
    count = _deprivation_count(lines, no_near_band[row], row, household_class, u_count)
    is_poor = household_class == 0
    members = 1 + np.floor(u_members * 5).astype(np.int32) + (is_poor & (u_members > 0.6))
    ethnic_share = per_household("ethnic_minority_share")
    ethnic_minority = u_ethnic < np.minimum(1.0, ethnic_share * 2 * (1 - welfare))
    pattern_key = per_household("pattern_base", np.int64) + count * patterns_per_draw + pattern_index
    deprivations_mask = pattern_masks[pattern_key]

    legacy = (lines["scheme"] == "legacy_63").to_numpy()

    def codes(values: np.ndarray) -> pd.Categorical:
        """A per-row text column as categories: DuckDB reads the codes, not millions of strings."""
        numbers, categories = pd.factorize(values, use_na_sentinel=True)
        return pd.Categorical.from_codes(numbers[row], categories)

    return pd.DataFrame(
        {
            "year": year.astype(np.int32),
            "household_id": household_id,
            "scheme": codes(lines["scheme"].to_numpy(object)),
            "province_code": codes(np.where(legacy, lines["province_code"], lines["new_province_code"])),
            "district_code": codes(np.where(legacy, lines["district_code"], None)),
            "commune_code": codes(np.where(legacy, lines["commune_code"], lines["new_commune_code"])),
            "area": codes(lines["area"].to_numpy(object)),
            "members": members.astype(np.int32),
            "income_per_capita": income,
            "household_class": pd.Categorical.from_codes(household_class, CLASSES),
            "poverty_standard": codes(lines["poverty_standard"].to_numpy(object)),
            "ethnic_minority": ethnic_minority,
            "deprivations_mask": deprivations_mask,
            "indicators_known_mask": per_household("standard_mask", np.int64),
            "is_synthetic": np.ones(total, dtype=bool),
        }
    )


def _income(
    lines: pd.DataFrame,
    no_near_band: np.ndarray,
    row: np.ndarray,
    household_class: np.ndarray,
    u: np.ndarray,
    middle_below_next_line: float,
) -> np.ndarray:
    """Income per person and month inside the class's band of the standard.

    poor: 40-100 % of the (income-only) line; near-poor: above it up to the line (55-100 % of the line
    where the standard has no separate near-poor band); middle: above the near-poor up to the middle's
    upper line, ``middle_below_next_line`` of them at or under the next standard's line where that line
    lies inside the band; other: 1.05-3.55 times the middle's upper line, skewed low.

    Each (plan row, band) has a floor and a width, computed on the plan rows; a household's income is
    floor + width * its draw (transformed for the split middle band and for the others)."""
    line = lines["income_line"].to_numpy(np.float64)
    near_upper = lines["near_poor_upper"].to_numpy(np.float64, na_value=np.nan)
    middle_upper = lines["middle_upper"].to_numpy(np.float64)
    next_line = lines["next_line"].to_numpy(np.float64, na_value=np.nan)
    middle_floor = np.where(no_near_band, line, near_upper) + 1
    splits = no_near_band & (next_line > line)  # the middle band holds the next standard's line
    # bands: 0 poor, 1 near-poor, 2 middle (its lower part where it splits), 3 the split middle's upper part, 4 other
    floors = np.stack(
        [
            0.40 * line,
            np.where(no_near_band, 0.55 * line, line + 1),
            middle_floor,
            np.where(splits, next_line + 1, middle_floor),
            1.05 * middle_upper,
        ],
        axis=1,
    )
    tops = np.stack(
        [
            line,
            np.where(no_near_band, line, near_upper),
            np.where(splits, next_line, middle_upper),
            middle_upper,
            3.55 * middle_upper,
        ],
        axis=1,
    )
    widths = tops - floors
    m = middle_below_next_line
    in_split = splits[row] & (household_class == 2)
    upper_part = in_split & (u >= m)
    band = np.where(household_class == 3, 4, household_class + upper_part).astype(np.int64)
    v = np.where(household_class == 3, u * u, u)
    v = np.where(in_split, np.where(upper_part, (u - m) / (1 - m), u / m), v)
    index = row * 5 + band
    return np.floor(floors.ravel()[index] + widths.ravel()[index] * v).astype(np.int32)


def _deprivation_count(
    lines: pd.DataFrame, no_near_band: np.ndarray, row: np.ndarray, household_class: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """How many indicators a household is deprived in: the poor at least the standard's minimum where
    poverty needs deprivations (a standard without an income-only line), one to five under a standard
    with one; the near-poor under the minimum; the others few."""
    minimum = lines["min_deprivations"].to_numpy(np.float64)[row]
    squared = u * u
    count = np.select(
        [household_class == 0, household_class == 1, household_class == 2],
        [
            np.where(no_near_band, minimum + np.floor(squared * 5), 1 + np.floor(u * 5)),
            np.floor(u * minimum),
            np.floor(squared * 4),
        ],
        np.floor(squared * u * 3),
    )
    return count.astype(np.int64)
