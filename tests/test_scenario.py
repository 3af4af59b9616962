"""Scenario arithmetic and the appendix export, on fixtures worked out by hand; the Hưng Yên appendix round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from export_check import appendix_rows_of_the_plan

from gnbv import scenario
from gnbv.report import appendix_workbook as export


def base(households, poor, inflow=(10, 10), exits=(20, 20)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["A", "B"][: len(households)],
            "unit_name": ["Huyện A", "Huyện B"][: len(households)],
            "short_name": ["A", "B"][: len(households)],
            "households": households,
            "poor_households": poor,
            "poverty_rate": [p / h for p, h in zip(poor, households, strict=True)],
            "inflow_per_year": list(inflow)[: len(households)],
            "exits_per_year": list(exits)[: len(households)],
        }
    )


def test_allowed_total_never_exceeds_the_target_rate():
    assert scenario.allowed_total(4000, 0.01) == 40
    assert scenario.allowed_total(407_668, 0.0066) == 2690  # 2690 / 407668 = 0.6598%
    assert scenario.allowed_total(29_454, 0.0091) == 268  # 268.03 -> 268, not 269


def test_equal_points_rule_with_rounding():
    # households 1000 and 3000, poor 30 and 40, target 1% -> 40 allowed in all.
    # Equal drop d: (30 - 1000 d) + (40 - 3000 d) = 40 -> d = 0.75 points -> 22.5 and 17.5;
    # the half households go by largest remainder, the tie to the first unit -> 23 and 17.
    counts = scenario.allowed_counts(base([1000, 3000], [30, 40]), "equal_points", 0.01, {})
    assert list(counts) == [23, 17]


def test_equal_points_rule_never_goes_below_zero():
    # households 1000 and 1000, poor 2 and 50, target 1% -> 20 allowed. An equal drop of 1.6 points
    # would give A -14; A stops at 0 and B takes all 20: drop 3 points for B.
    counts = scenario.allowed_counts(base([1000, 1000], [2, 50]), "equal_points", 0.01, {})
    assert list(counts) == [0, 20]


def test_proportional_rule_with_rounding():
    # 40 allowed shared as 30 : 40 -> 17.14 and 22.86 -> 17 and 22, the remaining one to B (0.86 > 0.14).
    counts = scenario.allowed_counts(base([1000, 3000], [30, 40]), "proportional", 0.01, {})
    assert list(counts) == [17, 23]


def test_edited_counts_are_kept_and_the_total_follows():
    counts = scenario.allowed_counts(base([1000, 3000], [30, 40]), "edited", 0.01, {"B": 35})
    assert list(counts) == [23, 35]
    assert scenario.format_edits({"A": 1, "C": 3}) == "A:1,C:3"


def test_edits_that_cannot_be_used_are_said_not_dropped():
    edits, problems = scenario.parse_edits("A:1,B:x,xx,99999:5,C:5000", {"A": 1000, "B": 3000, "C": 3000})
    assert edits == {"A": 1, "C": 3000}
    assert [(p["value"], p["reason"]) for p in problems] == [
        ("B:x", "edit_invalid"),
        ("xx", "edit_invalid"),
        ("99999:5", "edit_unit_unknown"),
        ("C:5000", "edit_above_households"),
    ]
    edits, problems = scenario.parse_edits("1:1," * 10_000, {"1": 5})
    assert edits == {} and problems[0]["reason"] == "edits_too_long"


def test_scenario_table_exits_feasibility_and_money():
    rows = base([1000, 3000], [30, 40], inflow=(4.4, 10), exits=(20, 30))
    table = scenario.scenario_table(rows, np.array([23, 17]), cost_per_exit=50.0)
    a, b = table.iloc[0], table.iloc[1]
    assert (a["net_reduction"], a["expected_inflow"], a["gross_exits"]) == (7, 4, 11)
    assert a["feasibility"] == "feasible"  # 11 <= 20 a year so far
    assert (b["net_reduction"], b["gross_exits"]) == (23, 33)
    assert b["feasibility"] == "stretch"  # 33 <= 1.25 x 30
    assert a["cost"] == 550.0
    total = scenario.totals(table)
    assert total["allowed_poor"] == 40 and total["target_rate"] == pytest.approx(0.01)
    assert total["gross_exits"] == 44 and total["cost"] == 44 * 50.0
    assert scenario.feasibility(40, 30) == "hard" and scenario.feasibility(1, None) == "unknown"


def test_hung_yen_appendix_round_trips_cell_for_cell():
    """Fed with the plan's own inputs, the export reproduces Kế hoạch 45/KH-UBND's appendix."""
    expected = appendix_rows_of_the_plan()
    rows = [{"name": r[1], "households": r[2], "poor": r[3]} for r in expected[1:-1]]
    cells = export.read_appendix(export.build(rows, "Phụ lục", "Hưng Yên 2024", []))
    assert cells == expected
    assert cells[-1][2:] == [407_668, 2675, 0.66]
