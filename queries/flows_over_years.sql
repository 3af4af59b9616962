-- Flows into and out of poverty of one unit, for every review year that has a previous one under its standard.
-- grain:   one row per year x poverty_standard
-- params:  $unit_code (text)
-- returns: year, poverty_standard, previous_poor_households, escaped_households,
--          escaped_rate (fraction 0-1 = escaped_households / previous_poor_households),
--          newly_poor_households, fell_back_households, stayed_poor_households, poor_households, households,
--          inflow_rate (fraction 0-1 = (newly_poor + fell_back) / households),
--          net_change (poor_households - previous_poor_households; households that left the review aside)
with

final as (
    select
        year,
        poverty_standard,
        previous_poor_households,
        escaped_households,
        escaped_households / nullif(previous_poor_households, 0) as escaped_rate,
        newly_poor_households,
        fell_back_households,
        stayed_poor_households,
        poor_households,
        households,
        (newly_poor_households + fell_back_households) / nullif(households, 0) as inflow_rate,
        poor_households - previous_poor_households as net_change,
    from unit_year_summary
    where
        unit_code = $unit_code
        and escaped_households is not null
)

select * from final
order by poverty_standard, year
