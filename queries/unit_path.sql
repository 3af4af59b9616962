-- The unit and its ancestors up to the country, for the breadcrumb (a province's region included).
-- grain:   one row per unit_code (an ancestor), the country first
-- params:  $scheme (text), $unit_code (text)
-- returns: unit_code, unit_name, short_name, level, depth (0 = country)
with recursive

ancestors as (
    select
        code,
        name,
        short_name,
        level,
        coalesce(region_code, parent_code) as parent_code,
        0 as steps_up,
    from units_of($scheme)
    where code = $unit_code
    union all
    select
        parent.code,
        parent.name,
        parent.short_name,
        parent.level,
        coalesce(parent.region_code, parent.parent_code) as parent_code,
        ancestors.steps_up + 1 as steps_up,
    from ancestors
    inner join units_of($scheme) as parent
        on ancestors.parent_code = parent.code
),

final as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        level,
        max(steps_up) over () - steps_up as depth,
    from ancestors
)

select * from final
order by depth
