-- The legacy administrative units, the frame of the calibration plan.
-- grain:   one row per legacy unit
-- params:  none
-- returns: code, level, name, short_name, unit_type, parent_code, region_code, new_province_code (the
--          2025 province a legacy province went to whole; null below the province level)
with

new_province as (
    select
        ancestors.ancestor_code as province_code,
        any_value(crosswalk.new_province_code) as new_province_code,
    from unit_crosswalk as crosswalk
    inner join unit_ancestor as ancestors
        on
            ancestors.scheme = 'legacy_63'
            and crosswalk.legacy_commune_code = ancestors.commune_code
            and ancestors.ancestor_level = 'province'
    group by ancestors.ancestor_code
)

select
    units.code,
    units.level,
    units.name,
    units.short_name,
    units.unit_type,
    units.parent_code,
    units.region_code,
    new_province.new_province_code,
from admin_unit as units
left join new_province on units.code = new_province.province_code
where units.scheme = 'legacy_63'
order by units.code
