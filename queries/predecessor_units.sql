-- The legacy units (before 1 July 2025) that make up a unit of today: the provinces merged into a
-- 2025 province, the communes whose households count in a 2025 commune. Their plans keep their own units.
-- grain:   one row per unit_code (a legacy unit)
-- params:  $unit_code (text: a from_2025 province or commune code)
-- returns: unit_code, unit_name, short_name, level
with

legacy_codes as (
    select legacy_province_code as code,
    from province_successor
    where new_province_code = $unit_code
    union all
    select legacy_commune_code as code,
    from unit_crosswalk
    where new_commune_code = $unit_code
),

final as (
    select
        units.code as unit_code,
        units.name as unit_name,
        units.short_name,
        units.level,
    from units_of('legacy_63') as units
    inner join legacy_codes on units.code = legacy_codes.code
    where units.level in ('province', 'commune')
)

select * from final
order by unit_code
