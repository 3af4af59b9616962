-- Child units of $parent_code that hold household data, for the filter lists.
-- grain:   one row per unit_code, in GSO code order (the order of official tables)
-- params:  $scheme (text), $parent_code (text: 'VN', a region, province or district code)
-- returns: unit_code, unit_name, short_name, level
with

with_data as (
    select distinct unit_code,
    from unit_year_summary
    where scheme = $scheme
),

final as (
    select
        units.code as unit_code,
        units.name as unit_name,
        units.short_name,
        units.level,
    from children_of($scheme, $parent_code) as units
    inner join with_data
        on units.code = with_data.unit_code
)

select * from final
order by unit_code
