-- The starting point of a what-if scenario: each unit one level below $parent_code in the base year, with its history.
-- grain:   one row per unit_code with data in $base_year
-- params:  $scheme (text), $parent_code (text), $base_year (int), $standard (text)
-- returns: unit_code, unit_name, short_name, unit_type, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households),
--          flow_years (reviews up to the base year whose flows are complete),
--          inflow_per_year (average newly poor + fell back over those reviews; null without any),
--          exits_per_year (average escaped over those reviews), annual_reduction (points per year, the
--          unit's average fall of its rate over its reviews up to the base year; null with one review),
--          data_kind ('synthetic' | 'real' | 'mixed')
--
-- Reviews whose flows are not complete (ids that do not continue) are left out of the averages, so a
-- new numbering of households never shows up as a wave of newly poor households.
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        unit_type,
    from children_of($scheme, $parent_code)
),

summary as (
    select * from unit_year_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year <= $base_year
        and poverty_standard = $standard
),

base as (
    select
        unit_code,
        households,
        poor_households,
        data_kind(synthetic_households, households) as data_kind,
    from summary
    where year = $base_year
),

history as (
    select
        unit_code,
        count(*) as flow_years,
        avg(newly_poor_households + fell_back_households) as inflow_per_year,
        avg(escaped_households) as exits_per_year,
    from summary
    where flow_state(households, previous_review_households, flow_households) = 'complete'
    group by unit_code
),

pace as (
    select
        unit_code,
        100 * (
            arg_min(poor_households / nullif(households, 0), year)
            - arg_max(poor_households / nullif(households, 0), year)
        ) / nullif(max(year) - min(year), 0) as annual_reduction,
    from summary
    group by unit_code
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.unit_type,
        base.households,
        base.poor_households,
        base.poor_households / nullif(base.households, 0) as poverty_rate,
        coalesce(history.flow_years, 0) as flow_years,
        history.inflow_per_year,
        history.exits_per_year,
        pace.annual_reduction,
        base.data_kind,
    from units
    inner join base on units.unit_code = base.unit_code
    left join history on units.unit_code = history.unit_code
    left join pace on units.unit_code = pace.unit_code
)

select * from final
order by unit_code
