-- The regions that hold household data (legacy units only: the regions group the 63 provinces).
-- grain:   one row per unit_code (a region), in the regions' order
-- params:  $scheme (text)
-- returns: unit_code, unit_name, short_name
with

with_data as (
    select distinct unit_code,
    from unit_year_summary
    where scheme = $scheme and level = 'region'
),

final as (
    select
        units.code as unit_code,
        units.name as unit_name,
        units.short_name,
    from units_of($scheme) as units
    inner join with_data on units.code = with_data.unit_code
    where units.level = 'region'
)

select * from final
order by unit_code
