"""Invariants of the demo database: rates in [0, 1], parts add up, the class rule holds for every household."""

from __future__ import annotations

import pytest

from queries import run_query


def test_one_summary_row_per_unit_year_standard(demo_con):
    duplicates = demo_con.sql(
        "select unit_code, year, poverty_standard, count(*) from unit_year_summary group by all having count(*) > 1"
    ).fetchall()
    assert duplicates == []


def test_counts_nest_and_flows_add_up(demo_con):
    broken = demo_con.sql(
        """
        select unit_code, year from unit_year_summary
        where poor_households + near_poor_households + middle_households > households
            or ethnic_minority_poor_households > least(ethnic_minority_households, poor_households)
            or (escaped_households is not null and (
                poor_households <> stayed_poor_households + newly_poor_households + fell_back_households
                or previous_poor_households <> stayed_poor_households + escaped_households))
        """
    ).fetchall()
    assert broken == []


def test_children_add_up_to_parents(demo_con):
    broken = demo_con.sql(
        """
        select parent.unit_code, parent.year
        from unit_year_summary as parent
        inner join (
            select parent_code, year, poverty_standard, sum(households) as households, sum(poor_households) as poor
            from unit_year_summary group by all
        ) as children
            on children.parent_code = parent.unit_code and children.year = parent.year
            and children.poverty_standard = parent.poverty_standard
        where children.households <> parent.households or children.poor <> parent.poor_households
        """
    ).fetchall()
    assert broken == []


@pytest.mark.parametrize("parent", ["VN", "15", "38", "399"])
def test_rates_are_fractions_with_their_parts(demo_con, parent):
    rows = run_query(demo_con, "rates_of_units_below", parent_code=parent, year=2023, standard="2022-2025")
    data = rows[rows["households"].notna()]
    assert len(data)
    assert rows["unit_code"].is_unique
    assert ((data["poverty_rate"] >= 0) & (data["poverty_rate"] <= 1)).all()
    assert (data["poor_households"] <= data["households"]).all()
    assert (data["poverty_rate"] - data["poor_households"] / data["households"]).abs().max() < 1e-12


def test_class_rule_of_the_2022_2025_standard(demo_con):
    """poor = income at or under the line and >= 3 of 12 deprivations; near-poor = under the line and < 3."""
    wrong = demo_con.sql(
        """
        with counted as (
            select
                status,
                income_per_capita,
                case when area = 'urban' then 2000000 else 1500000 end as line,
                deprived_employment::int + deprived_dependency::int + deprived_nutrition::int
                + deprived_health_insurance::int + deprived_adult_education::int + deprived_child_schooling::int
                + deprived_housing_quality::int + deprived_housing_area::int + deprived_water::int
                + deprived_latrine::int + deprived_telecom::int + deprived_information::int as deprivations,
                deprived_health_service,
            from household_review
            where poverty_standard = '2022-2025'
        )
        select status, count(*) from counted
        where deprived_health_service is not null
            or deprivations is null
            or (status = 'poor' and not (income_per_capita <= line and deprivations >= 3))
            or (status = 'near_poor' and not (income_per_capita <= line and deprivations < 3))
            or (status in ('middle', 'other') and income_per_capita <= line)
        group by all
        """
    ).fetchall()
    assert wrong == []


def test_class_rule_of_the_2016_2020_standard(demo_con):
    wrong = demo_con.sql(
        """
        with counted as (
            select
                status,
                income_per_capita,
                case when area = 'urban' then 900000 else 700000 end as line,
                case when area = 'urban' then 1300000 else 1000000 end as near_poor_line,
                deprived_health_service::int + deprived_health_insurance::int + deprived_adult_education::int
                + deprived_child_schooling::int + deprived_housing_quality::int + deprived_housing_area::int
                + deprived_water::int + deprived_latrine::int + deprived_telecom::int
                + deprived_information::int as deprivations,
                deprived_employment,
            from household_review
            where poverty_standard = '2016-2020'
        )
        select status, count(*) from counted
        where deprived_employment is not null
            or deprivations is null
            or (status = 'poor' and not (income_per_capita <= line
                or (income_per_capita <= near_poor_line and deprivations >= 3)))
            or (status = 'near_poor' and not (income_per_capita > line and income_per_capita <= near_poor_line
                and deprivations < 3))
            or (status in ('middle', 'other') and income_per_capita <= near_poor_line)
        group by all
        """
    ).fetchall()
    assert wrong == []


def test_panel_is_realistic(demo_con):
    """Stable ids, most poor stay poor in poor provinces, ethnic minorities far poorer, poor districts far poorer."""
    yen_bai = run_query(demo_con, "flows_of_units_below", parent_code="VN", year=2024, standard="2022-2025")
    yen_bai = yen_bai.set_index("unit_code").loc["15"]
    assert 0.2 < yen_bai["escaped_rate"] < 0.6
    assert yen_bai["newly_poor_households"] + yen_bai["fell_back_households"] > 0
    em = demo_con.execute(
        """
        select
            sum(ethnic_minority_poor_households) / sum(ethnic_minority_households) as em_rate,
            sum(poor_households - ethnic_minority_poor_households)
                / sum(households - ethnic_minority_households) as other_rate,
        from unit_year_summary where level = 'province' and unit_code in ('15', '17', '38') and year = 2023
        """
    ).fetchall()[0]
    assert em[0] > 3 * em[1]
    districts = run_query(demo_con, "rates_of_units_below", parent_code="15", year=2023, standard="2022-2025")
    assert districts["unit_code"].iloc[0] == "139"  # Trạm Tấu, a poor district, first


def test_deprivation_rollups_agree_with_the_summary(demo_con):
    broken = demo_con.execute(
        """
        with by_status as (
            select unit_code, year, poverty_standard, sum(households) as households,
                sum(case when status = 'poor' then households end) as poor,
                sum(case when status = 'poor' then mpi_poor_households end) as mpi_poor_among_poor,
            from unit_status_summary group by all
        )
        select summary.unit_code, summary.year
        from unit_year_summary as summary
        inner join by_status using (unit_code, year, poverty_standard)
        where by_status.households <> summary.households
            or coalesce(by_status.poor, 0) <> summary.poor_households
            -- 2022-2025: every poor household has at least 3 deprivations, so it is multidimensionally poor
            or (summary.poverty_standard = '2022-2025'
                and coalesce(by_status.mpi_poor_among_poor, 0) <> summary.poor_households)
        """
    ).fetchall()
    assert broken == []


def test_censored_counts_never_exceed_deprived_counts(demo_con):
    broken = demo_con.execute(
        """
        select count(*) from unit_indicator_summary
        where mpi_poor_deprived_households > deprived_households or deprived_households < 0
        """
    ).fetchall()[0][0]
    assert broken == 0


@pytest.mark.parametrize(("unit", "year"), [("15", 2023), ("33", 2024), ("139", 2022)])
def test_contributions_add_up_to_one(demo_con, unit, year):
    rows = run_query(demo_con, "mpi_contributions", unit_code=unit, year=year, standard="2022-2025", group="all")
    assert rows["contribution_share"].sum() == pytest.approx(1)
    summary = run_query(demo_con, "mpi_summary", unit_code=unit, year=year, standard="2022-2025", group="all").iloc[0]
    assert summary["adjusted_headcount"] == pytest.approx(summary["headcount_ratio"] * summary["intensity"])
    assert 0 <= summary["headcount_ratio"] <= 1 and 0 < summary["intensity"] <= 1
