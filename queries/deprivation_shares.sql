-- Share of households deprived in each indicator of the standard, for one unit, year and household group.
-- grain:   one row per indicator_code of the standard, in the standard's order
-- params:  $scheme (text), $unit_code (text), $year (int), $standard (text),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: indicator_code, dimension, dimension_vi, dimension_en, name_vi, name_en, short_vi, short_en,
--          sort_order, is_verified, households, known_households (households whose file gave the indicator),
--          deprived_households, deprived_share (fraction 0-1 = deprived_households / known_households; null
--          when no file gave the indicator), known_share (fraction 0-1 = known_households / households)
with

indicators as (
    select * from indicator
    where standard = $standard
),

group_households as (
    select households,
    from group_class_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

deprived as (
    select
        indicator_code,
        known_households,
        deprived_households,
    from group_indicator_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

final as (
    select
        indicators.code as indicator_code,
        indicators.dimension,
        indicators.dimension_vi,
        indicators.dimension_en,
        indicators.name_vi,
        indicators.name_en,
        indicators.short_vi,
        indicators.short_en,
        indicators.sort_order,
        indicators.is_verified,
        group_households.households,
        coalesce(deprived.known_households, 0) as known_households,
        coalesce(deprived.deprived_households, 0) as deprived_households,
        deprived.deprived_households / nullif(deprived.known_households, 0) as deprived_share,
        coalesce(deprived.known_households, 0) / nullif(group_households.households, 0) as known_share,
    from indicators
    cross join group_households
    left join deprived
        on indicators.code = deprived.indicator_code
    where group_households.households is not null
)

select * from final
order by sort_order
