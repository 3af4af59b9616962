-- Poverty and near-poor rates of every unit one level below $parent_code, for one review year.
-- grain:   one row per unit_code (every child unit of the administrative list, with or without data)
-- params:  $parent_code (text: 'VN' or a province / district code), $year (int),
--          $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, unit_name, short_name, level, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), near_poor_households,
--          near_poor_rate (fraction 0-1 = near_poor_households / households),
--          is_synthetic (null where the unit has no data), lat, lon (a point inside the unit, for labels)
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        level,
        lat,
        lon,
    from admin_unit
    where
        scheme = 'legacy_63'
        and parent_code = $parent_code
),

summary as (
    select
        unit_code,
        households,
        poor_households,
        near_poor_households,
        is_synthetic,
    from unit_year_summary
    where
        year = $year
        and poverty_standard = $standard
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.level,
        summary.households,
        summary.poor_households,
        summary.poor_households / nullif(summary.households, 0) as poverty_rate,
        summary.near_poor_households,
        summary.near_poor_households / nullif(summary.households, 0) as near_poor_rate,
        summary.is_synthetic,
        units.lat,
        units.lon,
    from units
    left join summary
        on units.unit_code = summary.unit_code
)

select * from final
order by poverty_rate desc nulls last, unit_code asc
