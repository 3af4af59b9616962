-- Share of households deprived in each indicator, for every unit one level below $parent_code (the heatmap).
-- grain:   one row per unit_code x indicator_code (units with data only)
-- params:  $parent_code (text), $year (int), $standard (text: '2022-2025' | '2016-2020'),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: unit_code, unit_name, short_name, indicator_code, indicator_short_vi, indicator_short_en,
--          sort_order, households, deprived_households,
--          deprived_share (fraction 0-1 = deprived_households / households)
with

group_statuses as (
    select status from household_group
    where group_name = $group
),

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
    from admin_unit
    where
        scheme = 'legacy_63'
        and parent_code = $parent_code
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
        unit_status_summary.unit_code,
        sum(unit_status_summary.households) as households,
    from unit_status_summary
    inner join group_statuses
        on unit_status_summary.status = group_statuses.status
    where
        unit_status_summary.parent_code = $parent_code
        and unit_status_summary.year = $year
        and unit_status_summary.poverty_standard = $standard
    group by unit_status_summary.unit_code
),

deprived as (
    select
        unit_indicator_summary.unit_code,
        unit_indicator_summary.indicator_code,
        sum(unit_indicator_summary.deprived_households) as deprived_households,
    from unit_indicator_summary
    inner join group_statuses
        on unit_indicator_summary.status = group_statuses.status
    where
        unit_indicator_summary.parent_code = $parent_code
        and unit_indicator_summary.year = $year
        and unit_indicator_summary.poverty_standard = $standard
    group by unit_indicator_summary.unit_code, unit_indicator_summary.indicator_code
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
        coalesce(deprived.deprived_households, 0) as deprived_households,
        coalesce(deprived.deprived_households, 0) / nullif(group_households.households, 0) as deprived_share,
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
