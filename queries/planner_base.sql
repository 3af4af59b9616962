-- The starting point of a what-if scenario: each unit one level below $parent_code in the base year, with its history.
-- grain:   one row per unit_code with data in $base_year
-- params:  $parent_code (text), $base_year (int), $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, unit_name, short_name, unit_type, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), flow_years (reviews with flows),
--          inflow_per_year (average newly poor + fell back per review, up to the base year),
--          exits_per_year (average escaped per review, up to the base year), is_synthetic
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        unit_type,
    from admin_unit
    where
        scheme = 'legacy_63'
        and parent_code = $parent_code
),

base as (
    select
        unit_code,
        households,
        poor_households,
        is_synthetic,
    from unit_year_summary
    where
        parent_code = $parent_code
        and year = $base_year
        and poverty_standard = $standard
),

history as (
    select
        unit_code,
        count(*) as flow_years,
        avg(newly_poor_households + fell_back_households) as inflow_per_year,
        avg(escaped_households) as exits_per_year,
    from unit_year_summary
    where
        parent_code = $parent_code
        and year <= $base_year
        and poverty_standard = $standard
        and escaped_households is not null
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
        base.is_synthetic,
    from units
    inner join base on units.unit_code = base.unit_code
    left join history on units.unit_code = history.unit_code
)

select * from final
order by unit_code
