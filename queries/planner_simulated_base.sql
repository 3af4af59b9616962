-- The starting point of a plan for the first year of a new poverty standard: each unit one level below
-- $parent_code with its households of $base_year classed under the new standard (simulated_summary: the
-- national lines, no assumed deprivation). No flow history: the new standard has no earlier review.
-- grain:   one row per unit_code with simulated households in $base_year
-- params:  $scheme (text), $parent_code (text), $base_year (int), $standard (text: the new standard)
-- returns: unit_code, unit_name, short_name, unit_type, households (classified households),
--          poor_households, poverty_rate (fraction 0-1 = poor_households / households), flow_years (0),
--          inflow_per_year (null), exits_per_year (null), annual_reduction (null),
--          data_kind ('synthetic' | 'real' | 'mixed')
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        unit_type,
    from children_of($scheme, $parent_code)
),

simulated as (
    select * from simulated_summary
    where
        scheme = $scheme
        and parent_code = $parent_code
        and year = $base_year
        and poverty_standard = $standard
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.unit_type,
        simulated.classified_households as households,
        simulated.poor_households,
        simulated.poor_households / nullif(simulated.classified_households, 0) as poverty_rate,
        0 as flow_years,
        null::double as inflow_per_year,
        null::double as exits_per_year,
        null::double as annual_reduction,
        data_kind(simulated.synthetic_households, simulated.households) as data_kind,
    from units
    inner join simulated on units.unit_code = simulated.unit_code
    where simulated.classified_households > 0
)

select * from final
order by unit_code
