"""The arithmetic of a what-if scenario: allowed poor households per unit, exits needed, feasibility, money.

Pure functions on the rows of planner_base.sql (no Streamlit), tested on fixtures worked out by hand
(tests/test_scenario.py). Every count is a whole number of households and the units always add up
to the total.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from data.allocation import allocate

RULES = ("equal_points", "proportional", "edited")
STRETCH = 1.25  # up to 25% faster than the historical pace is a stretch; beyond that, hard


def default_target(
    current_rate: float,
    planned_rate_pct: float | None,
    planned_reduction: float | None,
    historical_reduction: float | None,
) -> float:
    """Where the target slider starts, in percent with two decimals: the plan's own target rate for
    the year if there is one; else today's rate less the planned annual reduction (points), else less
    the unit's historical annual reduction; else today's rate. Never below zero."""
    if planned_rate_pct is not None and not pd.isna(planned_rate_pct):
        return float(planned_rate_pct)
    for reduction in (planned_reduction, historical_reduction):
        if reduction is not None and not pd.isna(reduction):
            return max(0.0, round(100 * current_rate - max(float(reduction), 0.0), 2))
    return round(100 * current_rate, 2)


def allowed_total(households: int, target_rate: float) -> int:
    """The most poor households a target rate allows: the count whose rate does not exceed it."""
    return math.floor(households * target_rate + 1e-9)


def _equal_points_shares(households: np.ndarray, poor: np.ndarray, total: int) -> np.ndarray:
    """Every unit's rate falls by the same number of points, no unit below zero poor households."""
    low, high = 0.0, 1.0
    for _ in range(100):
        drop = (low + high) / 2
        allowed = np.maximum(poor - drop * households, 0).sum()
        low, high = (drop, high) if allowed > total else (low, drop)
    return np.maximum(poor - high * households, 0.0)


def allowed_counts(base: pd.DataFrame, rule: str, target_rate: float, edits: dict[str, int]) -> np.ndarray:
    """Allowed poor households per unit under ``rule``; they add up to the province's allowed total.

    equal_points: the same reduction in points for every unit; proportional: the province total shared
    in proportion to today's poor households; edited: the counts a planner typed (units not edited
    keep their equal-points count, and the total is whatever they add up to).
    """
    households = base["households"].to_numpy(dtype=float)
    poor = base["poor_households"].to_numpy(dtype=float)
    total = allowed_total(int(households.sum()), target_rate)
    if rule == "proportional":
        shares = poor if poor.sum() > 0 else households
    else:
        shares = _equal_points_shares(households, poor, total)
    caps = households.astype(np.int64)
    counts = allocate(min(total, int(caps.sum())), shares, caps=caps) if total > 0 else np.zeros(len(base), int)
    if rule == "edited":
        for position, code in enumerate(base["unit_code"]):
            if code in edits:
                counts[position] = max(0, min(int(edits[code]), int(caps[position])))
    return counts


def scenario_table(base: pd.DataFrame, allowed: np.ndarray, cost_per_exit: float | None) -> pd.DataFrame:
    """Per unit: the rate the allowed count means, the net and gross exits needed, feasibility, money."""
    table = base[["unit_code", "unit_name", "short_name", "households", "poor_households", "poverty_rate"]].copy()
    table["allowed_poor"] = allowed
    table["target_rate"] = table["allowed_poor"] / table["households"]
    table["net_reduction"] = (table["poor_households"] - table["allowed_poor"]).clip(lower=0)
    table["expected_inflow"] = base["inflow_per_year"].fillna(0).round().astype(int).to_numpy()
    table["gross_exits"] = table["net_reduction"] + table["expected_inflow"]
    table["historical_exits"] = base["exits_per_year"].to_numpy()
    table["feasibility"] = [
        feasibility(g, h) for g, h in zip(table["gross_exits"], table["historical_exits"], strict=True)
    ]
    table["cost"] = table["gross_exits"] * cost_per_exit if cost_per_exit else np.nan
    return table


def feasibility(gross_exits: float, historical_exits: float | None) -> str:
    if historical_exits is None or pd.isna(historical_exits):
        return "unknown"
    if gross_exits <= historical_exits:
        return "feasible"
    if gross_exits <= STRETCH * historical_exits:
        return "stretch"
    return "hard"


def totals(table: pd.DataFrame) -> dict:
    """The Tổng cộng row: sums, and the rate of the sums (not the mean of the rates)."""
    households = int(table["households"].sum())
    allowed = int(table["allowed_poor"].sum())
    return {
        "households": households,
        "poor_households": int(table["poor_households"].sum()),
        "allowed_poor": allowed,
        "target_rate": allowed / households if households else np.nan,
        "net_reduction": int(table["net_reduction"].sum()),
        "expected_inflow": int(table["expected_inflow"].sum()),
        "gross_exits": int(table["gross_exits"].sum()),
        "historical_exits": float(table["historical_exits"].sum(min_count=1)),
        "cost": float(table["cost"].sum(min_count=1)),
    }


MAX_EDITS_LENGTH = 20_000  # characters of ?edits=: far more than the 3,321 communes of a country need


def parse_edits(text: str, households: dict[str, int] | None = None) -> tuple[dict[str, int], list[dict]]:
    """ "333:269,332:303" -> {"333": 269, "332": 303}, and what could not be used, each as a link problem
    ({"value", "reason"}): a pair that is not code:count, a unit that is not below the selected one, a
    count above the unit's households (kept at the households), a text too long to be a plan.
    ``households``: the units the plan covers and their households (None: not checked)."""
    text = text or ""
    if len(text) > MAX_EDITS_LENGTH:
        return {}, [{"value": text[:40] + "…", "reason": "edits_too_long"}]
    edits, problems = {}, []
    for part in text.split(","):
        if not part:
            continue
        code, _, value = part.partition(":")
        if not code or not value.isascii() or not value.isdigit():
            problems.append({"value": part[:40], "reason": "edit_invalid"})
        elif households is not None and code not in households:
            problems.append({"value": part[:40], "reason": "edit_unit_unknown"})
        elif households is not None and int(value) > households[code]:
            problems.append({"value": part[:40], "reason": "edit_above_households"})
            edits[code] = households[code]
        else:
            edits[code] = int(value)
    return edits, problems


def format_edits(edits: dict[str, int]) -> str:
    return ",".join(f"{code}:{value}" for code, value in edits.items())
