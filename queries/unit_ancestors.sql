-- The units above one unit of a scheme, nearest first (a link may name a commune without its district).
-- grain:   one row per level (an ancestor; none for a unit the scheme does not have)
-- params:  $scheme (text: 'legacy_63' | 'from_2025'), $unit_code (text: a province, district or commune code)
-- returns: level ('province' | 'district'), unit_code, distance (1: the parent, 2: the grandparent)
with

unit as (
    select
        code,
        parent_code,
    from admin_unit
    where scheme = $scheme and code = $unit_code
),

parent as (
    select
        admin_unit.level,
        admin_unit.code,
        admin_unit.parent_code,
    from admin_unit
    inner join unit on admin_unit.code = unit.parent_code
    where admin_unit.scheme = $scheme
),

grandparent as (
    select
        admin_unit.level,
        admin_unit.code,
    from admin_unit
    inner join parent on admin_unit.code = parent.parent_code
    where admin_unit.scheme = $scheme
)

select
    level,
    code as unit_code,
    1 as distance,
from parent
where level in ('province', 'district')
union all
select
    level,
    code as unit_code,
    2 as distance,
from grandparent
where level in ('province', 'district')
order by distance
