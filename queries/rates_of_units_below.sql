-- Poverty and near-poor rates of every unit one level below $parent_code, for one review year.
-- grain:   one row per unit_code (every child unit of the administrative list, with or without data)
-- params:  $scheme (text), $parent_code (text: 'VN', a region, province or district code),
--          $year (int), $standard (text)
-- returns: unit_code, unit_name, short_name, level, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), near_poor_households,
--          near_poor_rate (fraction 0-1 = near_poor_households / households),
--          data_kind ('synthetic' | 'real' | 'mixed'; null where the unit has no data),
--          divided_commune_households, lat, lon (a point inside the unit, for labels)
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        level,
        lat,
        lon,
    from children_of($scheme, $parent_code)
),

summary as (
    select
        unit_code,
        households,
        poor_households,
        near_poor_households,
        data_kind(synthetic_households, households) as data_kind,
        divided_commune_households,
    from unit_year_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
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
        summary.data_kind,
        summary.divided_commune_households,
        units.lat,
        units.lon,
    from units
    left join summary
        on units.unit_code = summary.unit_code
)

select * from final
order by poverty_rate desc nulls last, unit_code asc
