"""Invariants of the demo database (tests/invariants/assert_*.sql: rows that break a rule, none expected)
and of the page queries: rates in [0, 1] with their parts, a realistic panel, contributions adding up."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries import run_query

INVARIANTS = sorted((Path(__file__).parent / "invariants").glob("assert_*.sql"))


@pytest.mark.parametrize("path", INVARIANTS, ids=[p.stem for p in INVARIANTS])
def test_invariant_holds_on_the_seed_database(demo_con, path):
    """Each tests/invariants/assert_*.sql returns the rows that break it: none."""
    broken = demo_con.execute(path.read_text(encoding="utf-8")).fetchall()
    assert broken == [], f"{path.name}: {broken[:5]}"


TINY_CLASS_RULE = "assert_demo_follows_the_class_rule"


@pytest.mark.parametrize("path", [p for p in INVARIANTS if p.stem != TINY_CLASS_RULE], ids=lambda p: p.stem)
def test_invariant_holds_on_the_tiny_fixture(tiny_con, path):
    broken = tiny_con.execute(path.read_text(encoding="utf-8")).fetchall()
    assert broken == [], f"{path.name}: {broken[:5]}"


def test_the_class_rule_check_finds_the_fixture_households_written_against_it(tiny_copy):
    """The fixture's households are written by hand, not to the rule: taken as synthetic, the check must
    find exactly the poor households with income under the line and fewer than 3 deprivations (the rule
    makes them near-poor): 2021 ids 1, 2, 6, 7, 12; 2022 ids 1, 3, 7, 8, 12; 2023 ids 11, 12 -> 12; and the
    2025 near-poor id 11, whose income is unknown (the rule cannot confirm the class) -> 1."""
    tiny_copy.execute("update household_review set is_synthetic = true")
    check = (Path(__file__).parent / "invariants" / f"{TINY_CLASS_RULE}.sql").read_text(encoding="utf-8")
    assert sorted(tiny_copy.execute(check).fetchall()) == [("2022-2025", "near_poor", 1), ("2022-2025", "poor", 12)]


def test_the_key_check_finds_a_rollup_row_written_twice(tiny_copy):
    """The rollup tables have no primary key (data/database/schema.sql): this check is what finds a row
    written twice, in each of the three tables."""
    check = (Path(__file__).parent / "invariants" / "assert_one_rollup_row_per_key.sql").read_text(encoding="utf-8")
    for table in ("unit_year_summary", "unit_class_summary", "unit_indicator_summary"):
        tiny_copy.table(table).filter("level = 'province'").limit(1).insert_into(table)
    assert sorted(row[0] for row in tiny_copy.execute(check).fetchall()) == [
        "unit_class_summary",
        "unit_indicator_summary",
        "unit_year_summary",
    ]


@pytest.mark.parametrize("parent", ["VN", "15", "38", "399"])
def test_rates_are_fractions_with_their_parts(demo_con, parent):
    rows = run_query(
        demo_con, "rates_of_units_below", scheme="legacy_63", parent_code=parent, year=2023, standard="2022-2025"
    )
    data = rows[rows["households"].notna()]
    assert len(data)
    assert rows["unit_code"].is_unique
    assert ((data["poverty_rate"] >= 0) & (data["poverty_rate"] <= 1)).all()
    assert (data["poor_households"] <= data["households"]).all()
    assert (data["poverty_rate"] - data["poor_households"] / data["households"]).abs().max() < 1e-12


def test_panel_is_realistic(demo_con):
    """Stable ids, most poor stay poor in poor provinces, ethnic minorities far poorer, poor districts far poorer."""
    yen_bai = run_query(
        demo_con, "flows_of_units_below", scheme="legacy_63", parent_code="VN", year=2024, standard="2022-2025"
    )
    yen_bai = yen_bai.set_index("unit_code").loc["15"]
    assert 0.2 < yen_bai["escaped_rate"] < 0.6
    assert yen_bai["newly_poor_households"] + yen_bai["fell_back_households"] > 0
    em = demo_con.execute(
        """
        select
            sum(ethnic_minority_poor_households) / sum(ethnic_minority_households) as em_rate,
            sum(poor_households - ethnic_minority_poor_households)
                / sum(households - ethnic_minority_households) as other_rate,
        from unit_year_summary
        where scheme = 'legacy_63' and level = 'province' and unit_code in ('15', '17', '38') and year = 2023
        """
    ).fetchall()[0]
    assert em[0] > 3 * em[1]
    districts = run_query(
        demo_con, "rates_of_units_below", scheme="legacy_63", parent_code="15", year=2023, standard="2022-2025"
    )
    assert districts["unit_code"].iloc[0] == "139"  # Trạm Tấu, a poor district, first


@pytest.mark.parametrize(("unit", "year"), [("15", 2023), ("33", 2024), ("139", 2022)])
def test_contributions_add_up_to_one(demo_con, unit, year):
    rows = run_query(
        demo_con, "mpi_contributions", scheme="legacy_63", unit_code=unit, year=year, standard="2022-2025", group="all"
    )
    assert rows["contribution_share"].sum() == pytest.approx(1)
    summary = run_query(
        demo_con, "mpi_summary", scheme="legacy_63", unit_code=unit, year=year, standard="2022-2025", group="all"
    ).iloc[0]
    assert summary["adjusted_headcount"] == pytest.approx(summary["headcount_ratio"] * summary["intensity"])
    assert 0 <= summary["headcount_ratio"] <= 1 and 0 < summary["intensity"] <= 1
