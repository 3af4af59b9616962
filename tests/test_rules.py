"""One home per rule: the year -> standard / scheme / programme rules and the levels of each scheme answer
the same in SQL (data/database/rules.sql, on the tables) and in Python (data/reference/periods.py, on the
CSVs), for every year from 2015 to 2035 and every level; a year outside every row has none in both."""

from __future__ import annotations

import pytest

from data.reference import periods

YEARS = range(2010, 2036)
LEVELS = ("country", "region", "province", "district", "commune", "village")


@pytest.mark.parametrize("year", YEARS)
def test_python_and_sql_give_a_year_the_same_standard_scheme_and_programme(tiny_con, year):
    sql = tiny_con.execute(
        "select standard_of_year($y), scheme_of_year($y), programme_of_year($y)", {"y": year}
    ).fetchall()[0]
    assert sql == (periods.standard_of_year(year), periods.scheme_of_year(year), periods.programme_of_year(year))


def test_python_and_sql_agree_on_what_lies_below_each_level(tiny_con):
    for scheme in periods.scheme_codes():
        for level in LEVELS:
            below, has = tiny_con.execute(
                "select child_level($s, $l), scheme_has_level($s, $l)", {"s": scheme, "l": level}
            ).fetchall()[0]
            assert below == periods.child_level(scheme, level), (scheme, level)
            assert has == periods.has_level(scheme, level), (scheme, level)


def test_the_rules_hold_the_known_years():
    assert periods.standards_of_year(2021) == ("2022-2025", "2016-2020")
    assert periods.standard_of_year(2026) == "2022-2025"  # Nghị định 351/2025 keeps it for the 2026 review
    assert periods.standard_of_year(2027) == "2026-2030"
    assert periods.scheme_of_year(2024) == "legacy_63" and periods.scheme_of_year(2026) == "from_2025"
    assert periods.programme_of_year(2026) == "2026-2030" and periods.standard_of_year(2014) is None
    assert periods.child_level("from_2025", "province") == "commune"
    assert periods.child_level("legacy_63", "country") == "province"
    assert periods.child_level("legacy_63", "region") == "province"
    assert periods.child_level("legacy_63", "commune") is None
