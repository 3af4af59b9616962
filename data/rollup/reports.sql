-- The units whose figures come from summary report forms (summary_report_figure), as rows of the three
-- rollups: a unit-year counts from its forms only where no household of it (or of a unit below it) is in
-- household_review that year. Run after the commune rows of the households (communes.sql) and before
-- every level above is summed (upper.sql, which adds the cells above the commune to the commune rows).
-- grain:   summary_report_cell / _class_cell / _indicator_cell: one row per unit-year the forms give (every
--          level but the country); the commune ones also in the three rollups' commune rows
-- params:  none (every form is small: they are all made again)
--
-- A unit's cell takes each form's figures where the unit is a leaf of that form (no unit below it in the
-- same form), so that nothing is counted twice: 7.1 households and classes, 7.2 the poor's movements
-- (escaped = both kinds of thoát nghèo; newly poor = phát sinh + near-poor households that became poor;
-- previous poor = the start of the year), 7.9 the ethnic minority among the poor, 7.4-7.7 the deprivations
-- (counts, else rates of the class's households). A review before the 2025 reform also counts in today's
-- province that holds its province (the history of today's units).

-- (a commune whose list a form completes keeps its row: communes.sql made it, with its households)
delete from unit_year_summary
where level = 'commune' and summary_report_households > 0 and summary_report_households = households;

delete from unit_class_summary
where level = 'commune' and (scheme, unit_code, year) in (
    select (cells.scheme, cells.unit_code, cells.year) from summary_report_class_cell as cells
    where cells.level = 'commune'
);

delete from unit_indicator_summary
where level = 'commune' and (scheme, unit_code, year) in (
    select (cells.scheme, cells.unit_code, cells.year) from summary_report_indicator_cell as cells
    where cells.level = 'commune'
);

delete from summary_report_cell;

delete from summary_report_class_cell;

delete from summary_report_indicator_cell;

create or replace temporary table report_usable as
with

-- the unit-years holding households (a commune with households, and every unit above it)
covered as (
    select distinct
        communes.scheme,
        ancestors.ancestor_code as unit_code,
        communes.year,
    from unit_year_summary as communes
    inner join unit_ancestor as ancestors
        on communes.scheme = ancestors.scheme and communes.unit_code = ancestors.commune_code
    where communes.level = 'commune'
),

figures as (
    select * from summary_report_figure
    where area = 'all' and counted = 'households' and value is not null
)

select figures.*,
from figures
where (figures.scheme, figures.unit_code, figures.year) not in (
    select (covered.scheme, covered.unit_code, covered.year) from covered
);

create or replace temporary table report_unit as
with

pivoted as (
    select
        scheme,
        unit_code,
        level,
        year,
        poverty_standard,
        -- 7.1 at the unit, leaf or not: the households a flow or a rate of the unit is out of
        max(value) filter (where form = '7.1' and measure = 'households') as unit_households,
        max(value) filter (where form = '7.1' and measure = 'households' and is_leaf) as households,
        max(value) filter (where form = '7.1' and measure = 'poor_households' and is_leaf) as poor_households,
        max(value) filter (where form = '7.1' and measure = 'near_poor_households' and is_leaf)
            as near_poor_households,
        max(value) filter (where form = '7.1' and measure = 'middle_households' and is_leaf) as middle_households,
        bool_or(form = '7.2' and is_leaf) as has_flows,
        max(value) filter (where form = '7.2' and measure = 'start' and is_leaf) as flow_start,
        sum(value) filter (
            where form = '7.2' and measure in ('escaped', 'escaped_to_near_poor', 'escaped_above') and is_leaf
        ) as flow_escaped,
        sum(value) filter (where form = '7.2' and measure in ('newly', 'from_near_poor') and is_leaf) as flow_newly,
        max(value) filter (where form = '7.2' and measure = 'fell_back' and is_leaf) as flow_fell_back,
        max(value) filter (where form = '7.2' and measure = 'other_decrease' and is_leaf) as flow_other_decrease,
        max(value) filter (
            where form = '7.9' and measure = 'minority' and household_class = 'poor' and is_leaf
        ) as minority_poor,
    from report_usable
    group by all
)

select *,
from pivoted
where households is not null or has_flows or minority_poor is not null;

insert into summary_report_cell by name
with

-- a unit's flows are out of its households (7.1 at the unit, leaf or not)
report_with_flows as (
    select
        *,
        case when has_flows then coalesce(unit_households, 0)::bigint else 0 end as flow_households,
    from report_unit
)

select
    reports.scheme,
    reports.unit_code,
    reports.level,
    units.parent_code,
    units.region_code,
    reports.year,
    reports.poverty_standard,
    coalesce(reports.households, 0)::bigint as households,
    coalesce(reports.poor_households, 0)::bigint as poor_households,
    coalesce(reports.near_poor_households, 0)::bigint as near_poor_households,
    coalesce(reports.middle_households, 0)::bigint as middle_households,
    0 as ethnic_known_households,
    0 as ethnic_minority_households,
    coalesce(reports.minority_poor, 0)::bigint as ethnic_minority_poor_households,
    0 as synthetic_households,
    reports.flow_households as previous_review_households,
    0 as matched_households,
    reports.flow_households,
    reports.flow_households as file_flow_households,
    coalesce(reports.flow_escaped, 0)::bigint as escaped_households,
    coalesce(reports.flow_newly, 0)::bigint as newly_poor_households,
    coalesce(reports.flow_fell_back, 0)::bigint as fell_back_households,
    greatest(
        coalesce(reports.flow_start, 0) - coalesce(reports.flow_escaped, 0) - coalesce(reports.flow_other_decrease, 0),
        0
    )::bigint as stayed_poor_households,
    (
        greatest(
            coalesce(reports.flow_start, 0)
            - coalesce(reports.flow_escaped, 0)
            - coalesce(reports.flow_other_decrease, 0),
            0
        )
        + coalesce(reports.flow_escaped, 0)
    )::bigint as previous_poor_households,
    0 as class_rule_mismatches,
    0 as income_known_households,
    0 as personal_data_households,
    0 as divided_commune_households,
    coalesce(reports.households, 0)::bigint as summary_report_households,
from report_with_flows as reports
inner join admin_unit as units on reports.scheme = units.scheme and reports.unit_code = units.code;

insert into summary_report_class_cell by name
with

classes as (
    select
        reports.scheme,
        reports.unit_code,
        reports.level,
        reports.year,
        reports.poverty_standard,
        classes.household_class,
        classes.households,
    from report_unit as reports
    cross join
        lateral (
            values
            ('poor', reports.poor_households),
            ('near_poor', reports.near_poor_households),
            ('middle', reports.middle_households),
            (
                'other',
                reports.households
                - coalesce(reports.poor_households, 0)
                - coalesce(reports.near_poor_households, 0)
                - coalesce(reports.middle_households, 0)
            )
        ) as classes (household_class, households)
    where reports.households is not null
)

select
    classes.scheme,
    classes.unit_code,
    classes.level,
    units.parent_code,
    units.region_code,
    classes.year,
    classes.poverty_standard,
    classes.household_class,
    coalesce(classes.households, 0)::bigint as households,
    -- A form gives each indicator's count, not each household's deprivations: the multidimensional
    -- measures (H, A, M0) need the latter, so no household of a form counts as known for them.
    0 as indicators_known_households,
    0 as mpi_poor_households,
    0 as mpi_poor_deprivation_sum,
from classes
inner join admin_unit as units on classes.scheme = units.scheme and classes.unit_code = units.code;

insert into summary_report_indicator_cell by name
with

-- counts (7.4, 7.6), else rates (7.5, 7.7) of the class's households
deprived as (
    select
        counts.scheme,
        counts.unit_code,
        counts.level,
        counts.year,
        counts.poverty_standard,
        counts.household_class,
        counts.item as indicator_code,
        counts.form in ('7.5', '7.7') as is_rate,
        counts.value,
        totals.value as class_households,
    from report_usable as counts
    inner join report_usable as totals
        on
            counts.scheme = totals.scheme
            and counts.unit_code = totals.unit_code
            and counts.year = totals.year
            and counts.form = totals.form
            and totals.measure = 'class_households'
    where counts.form in ('7.4', '7.5', '7.6', '7.7') and counts.measure = 'deprived' and counts.is_leaf
),

chosen as (
    select *,
    from deprived
    qualify row_number() over (
        partition by scheme, unit_code, year, household_class, indicator_code order by is_rate
    ) = 1
)

select
    chosen.scheme,
    chosen.unit_code,
    chosen.level,
    units.parent_code,
    units.region_code,
    chosen.year,
    chosen.poverty_standard,
    chosen.household_class,
    chosen.indicator_code,
    chosen.class_households::bigint as known_households,
    (case when chosen.is_rate then round(chosen.value * chosen.class_households / 100) else chosen.value end)::bigint
        as deprived_households,
    0 as mpi_poor_deprived_households,
from chosen
inner join admin_unit as units on chosen.scheme = units.scheme and chosen.unit_code = units.code
where chosen.indicator_code is not null;

-- A review before the reform also counts in today's province that holds its province, where today's
-- province has no households of that legacy province that year.
insert into summary_report_cell by name
select
    'from_2025' as scheme,
    successors.new_province_code as unit_code,
    'province' as level,
    'VN' as parent_code,
    null as region_code,
    cells.year,
    cells.poverty_standard,
    sum(cells.households) as households,
    sum(cells.poor_households) as poor_households,
    sum(cells.near_poor_households) as near_poor_households,
    sum(cells.middle_households) as middle_households,
    0 as ethnic_known_households,
    0 as ethnic_minority_households,
    sum(cells.ethnic_minority_poor_households) as ethnic_minority_poor_households,
    0 as synthetic_households,
    sum(cells.previous_review_households) as previous_review_households,
    0 as matched_households,
    sum(cells.flow_households) as flow_households,
    sum(cells.file_flow_households) as file_flow_households,
    sum(cells.escaped_households) as escaped_households,
    sum(cells.newly_poor_households) as newly_poor_households,
    sum(cells.fell_back_households) as fell_back_households,
    sum(cells.stayed_poor_households) as stayed_poor_households,
    sum(cells.previous_poor_households) as previous_poor_households,
    0 as class_rule_mismatches,
    0 as income_known_households,
    0 as personal_data_households,
    0 as divided_commune_households,
    sum(cells.summary_report_households) as summary_report_households,
from summary_report_cell as cells
inner join unit_level_ancestor as ancestors
    on
        cells.scheme = ancestors.scheme
        and cells.unit_code = ancestors.unit_code
        and cells.level = ancestors.level
        and ancestors.ancestor_level = 'province'
inner join province_successor as successors on ancestors.ancestor_code = successors.legacy_province_code
where cells.scheme = 'legacy_63'
group by all;

insert into summary_report_class_cell by name
select
    'from_2025' as scheme,
    successors.new_province_code as unit_code,
    'province' as level,
    'VN' as parent_code,
    null as region_code,
    cells.year,
    cells.poverty_standard,
    cells.household_class,
    sum(cells.households) as households,
    sum(cells.indicators_known_households) as indicators_known_households,
    0 as mpi_poor_households,
    0 as mpi_poor_deprivation_sum,
from summary_report_class_cell as cells
inner join unit_level_ancestor as ancestors
    on
        cells.scheme = ancestors.scheme
        and cells.unit_code = ancestors.unit_code
        and cells.level = ancestors.level
        and ancestors.ancestor_level = 'province'
inner join province_successor as successors on ancestors.ancestor_code = successors.legacy_province_code
where cells.scheme = 'legacy_63'
group by all;

insert into summary_report_indicator_cell by name
select
    'from_2025' as scheme,
    successors.new_province_code as unit_code,
    'province' as level,
    'VN' as parent_code,
    null as region_code,
    cells.year,
    cells.poverty_standard,
    cells.household_class,
    cells.indicator_code,
    sum(cells.known_households) as known_households,
    sum(cells.deprived_households) as deprived_households,
    0 as mpi_poor_deprived_households,
from summary_report_indicator_cell as cells
inner join unit_level_ancestor as ancestors
    on
        cells.scheme = ancestors.scheme
        and cells.unit_code = ancestors.unit_code
        and cells.level = ancestors.level
        and ancestors.ancestor_level = 'province'
inner join province_successor as successors on ancestors.ancestor_code = successors.legacy_province_code
where cells.scheme = 'legacy_63'
group by all;

-- The commune cells are commune rows of the rollups (maps and rankings read those).
insert into unit_year_summary by name
select *,
from summary_report_cell
where level = 'commune';

insert into unit_class_summary by name
select *,
from summary_report_class_cell
where level = 'commune';

insert into unit_indicator_summary by name
select *,
from summary_report_indicator_cell
where level = 'commune';

drop table report_unit;

drop table report_usable;
