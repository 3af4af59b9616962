-- The provinces of a scheme that an account's scope covers: its own (today's) provinces under from_2025,
-- the legacy provinces that went into them under legacy_63 (new Lào Cai covers Lào Cai and Yên Bái).
-- grain:   one row per unit_code
-- params:  $scheme (text: 'legacy_63' | 'from_2025'), $provinces (text[]: today's province codes)
-- returns: unit_code
select successors.legacy_province_code as unit_code,
from province_successor as successors
where $scheme = 'legacy_63' and list_contains($provinces, successors.new_province_code)
union all
select units.code as unit_code,
from admin_unit as units
where
    $scheme = 'from_2025' and units.scheme = 'from_2025' and units.level = 'province'
    and list_contains($provinces, units.code)
order by unit_code
