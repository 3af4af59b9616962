"""What the 2026-2030 standard does to a unit, on the hand-checked fixture's 2025 review (tests/fixtures/
tiny.sql lists the twelve households; every count below is worked out from that table by hand).

Under the national lines (2.200.000 đ rural, 2.800.000 đ urban), a household at or under the line is poor
with 3 deprivations among the indicators both standards share, near-poor with fewer; «information means»
no longer counts, and the two indicators the data do not hold (waste disposal, digital services) count
for the share of households the user assumes.
"""

from __future__ import annotations

import pytest

from queries import run_query

NATIONAL = {"line_rural": 2_200_000, "line_urban": 2_800_000}
NO_OVERRIDES = {"unit_codes": [], "unit_shares_a": [], "unit_shares_b": []}


def change(con, unit="90", shares=(0, 0), lines=NATIONAL, overrides=NO_OVERRIDES):
    rows = run_query(
        con,
        "standard_change_by_unit",
        scheme="from_2025",
        parent_code=unit,
        year=2025,
        share_a=shares[0],
        share_b=shares[1],
        **lines,
        **overrides,
    )
    return rows.set_index("unit_code")


def counts(row) -> tuple[int, int, int, int]:
    return (
        int(row["poor_households"]),
        int(row["near_poor_households"]),
        int(row["new_poor_households"]),
        int(row["new_near_poor_households"]),
    )


def test_the_province_and_its_communes_under_the_national_lines_with_no_assumed_deprivation(tiny_con):
    rows = change(tiny_con)
    province = rows.loc["90"]
    assert bool(province["is_selected_unit"]) and province["households"] == 12
    # now: poor 1, 2, 10; near-poor 3, 11. New: poor 1, 4, 10; near-poor 2, 3, 5, 6 (at the line), 9 (urban);
    # 7, 8, 12 above the line; 11 has no income: not simulated.
    assert counts(province) == (3, 2, 3, 5)
    assert province["unclassified_households"] == 1
    assert province["new_poor_near_poor_rate"] == pytest.approx(8 / 12)
    assert province["poor_near_poor_rate_change"] == pytest.approx((8 - 5) / 12)
    assert (province["new_poor_at_zero"], province["new_near_poor_at_zero"]) == (3, 5)
    assert (province["poor_members"], province["new_poor_members"]) == (9, 9)  # three persons each
    assert counts(rows.loc["99001"]) == (2, 1, 2, 4)
    assert counts(rows.loc["99002"]) == (1, 1, 1, 1)
    assert set(rows.index) == {"90", "99001", "99002"}  # 99003 has no households


def test_an_assumed_share_decides_only_the_households_it_can(tiny_con):
    """Every household assumed deprived in both (100 %): 2 (two shared) and 6 (two) and 3 (one) become
    poor; 5 and 9 (none shared) stay near-poor. The result at 0 % is still given beside it."""
    province = change(tiny_con, shares=(100, 100)).loc["90"]
    assert counts(province)[2:] == (6, 2)
    assert (province["new_poor_at_zero"], province["new_near_poor_at_zero"]) == (3, 5)


def test_a_share_of_its_own_for_one_unit_below(tiny_con):
    rows = change(tiny_con, overrides={"unit_codes": ["99001"], "unit_shares_a": [100], "unit_shares_b": [100]})
    assert counts(rows.loc["99001"])[2:] == (5, 1)  # 1, 2, 3, 4, 6 poor; 5 near-poor
    assert counts(rows.loc["99002"])[2:] == (1, 1)
    assert counts(rows.loc["90"])[2:] == (6, 2)


def test_a_higher_local_standard(tiny_con):
    """A province's own lines (2.300.000 rural): household 7 (2.250.000 đ, three deprivations) is poor."""
    province = change(tiny_con, lines={"line_rural": 2_300_000, "line_urban": 2_800_000}).loc["90"]
    assert counts(province)[2:] == (4, 5)


def test_where_each_class_goes(tiny_con):
    rows = run_query(
        tiny_con,
        "standard_change_transitions",
        scheme="from_2025",
        unit_code="90",
        year=2025,
        share_a=0,
        share_b=0,
        **NATIONAL,
        **NO_OVERRIDES,
    )
    moves = {(r.household_class, r.new_class): int(r.households) for r in rows.itertuples()}
    assert moves == {
        ("poor", "poor"): 2,
        ("poor", "near_poor"): 1,
        ("near_poor", "near_poor"): 1,
        ("near_poor", "unclassified"): 1,
        ("middle", "poor"): 1,
        ("middle", "near_poor"): 3,
        ("middle", "above_line"): 1,
        ("other", "above_line"): 2,
    }
    share = rows.set_index(["household_class", "new_class"]).loc[("middle", "near_poor"), "share"]
    assert share == pytest.approx(3 / 5)


def test_a_commune_is_its_own_only_unit(tiny_con):
    rows = change(tiny_con, unit="99002")
    assert list(rows.index) == ["99002"] and counts(rows.loc["99002"]) == (1, 1, 1, 1)


def test_the_draws_pick_about_the_share_asked_and_the_same_households_every_time(demo_con):
    """On the seed database: with 30 % assumed deprived in the first indicator only, the households that
    become poor are those with two shared deprivations under the line that the draw picks: about 30 % of
    them (counted here from the households themselves, not from the cells), the same ones every run."""
    params = dict(scheme="from_2025", parent_code="15", year=2025, **NATIONAL, **NO_OVERRIDES)
    zero = run_query(demo_con, "standard_change_by_unit", share_a=0, share_b=0, **params).iloc[0]
    some = run_query(demo_con, "standard_change_by_unit", share_a=30, share_b=0, **params).iloc[0]
    again = run_query(demo_con, "standard_change_by_unit", share_a=30, share_b=0, **params).iloc[0]
    assert some["new_poor_households"] == again["new_poor_households"]
    assert some["new_poor_near_poor_households"] == zero["new_poor_near_poor_households"]  # the line decides that
    (two_short,) = demo_con.execute(
        """
        select count(*) from household_review
        where
            scheme = 'from_2025' and province_code = '15' and year = 2025
            and income_per_capita <= case when area = 'urban' then 2800000 else 2200000 end
            and bit_count(deprivations_mask & (select sum(1::bigint << bit) from indicator
                where standard = '2022-2025' and code <> 'information')) = 2
        """
    ).fetchall()[0]
    turned = some["new_poor_households"] - zero["new_poor_households"]
    assert two_short > 1000 and abs(turned / two_short - 0.30) < 0.02
