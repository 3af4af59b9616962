-- Poverty and near-poor rates of the six socio-economic regions, for one review year (legacy units).
-- grain:   one row per unit_code (a region, with or without data), in the regions' order
-- params:  $year (int), $standard (text)
-- returns: unit_code, unit_name, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), near_poor_households,
--          near_poor_rate (fraction 0-1 = near_poor_households / households), province_count,
--          data_kind ('synthetic' | 'real' | 'mixed')
with

regions as (
    select
        units.code as unit_code,
        units.name as unit_name,
        count(provinces.code) as province_count,
    from units_of('legacy_63') as units
    left join units_of('legacy_63') as provinces
        on provinces.level = 'province' and units.code = provinces.region_code
    where units.level = 'region'
    group by units.code, units.name
),

summary as (
    select
        unit_code,
        households,
        poor_households,
        near_poor_households,
        data_kind(synthetic_households, households) as data_kind,
    from unit_year_summary
    where
        scheme = 'legacy_63'
        and level = 'region'
        and year = $year
        and poverty_standard = $standard
),

final as (
    select
        regions.unit_code,
        regions.unit_name,
        summary.households,
        summary.poor_households,
        summary.poor_households / nullif(summary.households, 0) as poverty_rate,
        summary.near_poor_households,
        summary.near_poor_households / nullif(summary.households, 0) as near_poor_rate,
        regions.province_count,
        summary.data_kind,
    from regions
    left join summary on regions.unit_code = summary.unit_code
)

select * from final
order by poverty_rate desc nulls last, unit_code asc
