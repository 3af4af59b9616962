-- The legacy administrative units, the frame of the calibration plan.
-- grain:   one row per legacy unit
-- params:  none
-- returns: code, level, name, short_name, unit_type, parent_code, region_code
select
    code,
    level,
    name,
    short_name,
    unit_type,
    parent_code,
    region_code,
from admin_unit
where scheme = 'legacy_63'
order by code
