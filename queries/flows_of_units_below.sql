-- Flows into and out of poverty between the previous review and $year, per unit one level below $parent_code.
-- grain:   one row per unit_code that has data for the year
-- params:  $parent_code (text), $year (int), $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, unit_name, previous_poor_households, escaped_households,
--          escaped_rate (fraction 0-1 = escaped_households / previous_poor_households),
--          newly_poor_households, fell_back_households, stayed_poor_households, poor_households,
--          households, inflow_rate (fraction 0-1 = (newly_poor + fell_back) / households)
with

units as (
    select
        code as unit_code,
        name as unit_name,
    from admin_unit
    where
        scheme = 'legacy_63'
        and parent_code = $parent_code
),

summary as (
    select * from unit_year_summary
    where
        year = $year
        and poverty_standard = $standard
        and escaped_households is not null
),

final as (
    select
        units.unit_code,
        units.unit_name,
        summary.previous_poor_households,
        summary.escaped_households,
        summary.escaped_households / nullif(summary.previous_poor_households, 0) as escaped_rate,
        summary.newly_poor_households,
        summary.fell_back_households,
        summary.stayed_poor_households,
        summary.poor_households,
        summary.households,
        (summary.newly_poor_households + summary.fell_back_households)
        / nullif(summary.households, 0) as inflow_rate,
    from units
    inner join summary
        on units.unit_code = summary.unit_code
)

select * from final
order by unit_code
