-- Child units of $parent_code that hold household data, for the filter lists.
-- grain:   one row per unit_code, in GSO code order (the order of official tables)
-- params:  $parent_code (text)
-- returns: unit_code, unit_name, short_name, level
with

with_data as (
    select distinct unit_code,
    from unit_year_summary
    where parent_code = $parent_code
),

final as (
    select
        admin_unit.code as unit_code,
        admin_unit.name as unit_name,
        admin_unit.short_name,
        admin_unit.level,
    from admin_unit
    inner join with_data
        on admin_unit.code = with_data.unit_code
    where admin_unit.scheme = 'legacy_63'
)

select * from final
order by unit_code
