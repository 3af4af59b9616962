-- The unit and its ancestors up to the country, for the breadcrumb.
-- grain:   one row per ancestor, the country first
-- params:  $unit_code (text)
-- returns: unit_code, unit_name, short_name, level, depth (0 = country)
with recursive

ancestors as (
    select
        code,
        name,
        short_name,
        level,
        parent_code,
        0 as steps_up,
    from admin_unit
    where
        scheme = 'legacy_63'
        and code = $unit_code
    union all
    select
        parent.code,
        parent.name,
        parent.short_name,
        parent.level,
        parent.parent_code,
        ancestors.steps_up + 1 as steps_up,
    from ancestors
    inner join admin_unit as parent
        on
            ancestors.parent_code = parent.code
            and parent.scheme = 'legacy_63'
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
