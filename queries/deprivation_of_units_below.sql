-- Share of households deprived in each indicator, for every unit one level below $parent_code (the heatmap).
-- grain:   one row per unit_code x indicator_code (units with data only)
-- params:  $scheme (text), $parent_code (text), $year (int), $standard (text),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: unit_code, unit_name, short_name, indicator_code, indicator_short_vi, indicator_short_en,
--          sort_order, households, known_households, deprived_households,
--          deprived_share (fraction 0-1 = deprived_households / known_households; null when unknown)
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
    from children_of($scheme, $parent_code)
),

indicators as (
    select
        code,
        short_vi,
        short_en,
        sort_order,
    from indicator
    where standard = $standard
),

group_households as (
    select
        unit_code,
        households,
    from group_class_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

deprived as (
    select
        unit_code,
        indicator_code,
        known_households,
        deprived_households,
    from group_indicator_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        indicators.code as indicator_code,
        indicators.short_vi as indicator_short_vi,
        indicators.short_en as indicator_short_en,
        indicators.sort_order,
        group_households.households,
        coalesce(deprived.known_households, 0) as known_households,
        coalesce(deprived.deprived_households, 0) as deprived_households,
        deprived.deprived_households / nullif(deprived.known_households, 0) as deprived_share,
    from units
    inner join group_households
        on units.unit_code = group_households.unit_code
    cross join indicators
    left join deprived
        on
            units.unit_code = deprived.unit_code
            and indicators.code = deprived.indicator_code
)

select * from final
order by unit_code, sort_order
