-- What each district of the demo provinces needs, read from the review before the funding year (a
-- plan of year Y shares its money by the review of Y-1, which is coded in the legacy units).
-- grain:   one row per funding year x district
-- params:  none
-- returns: year (the funding year), province_code, district_code, poor, poor_near_poor, deprived_nutrition,
--          deprived_employment, deprived_housing_quality, deprived_information (poor and near-poor
--          households deprived in each)
with

districts as (
    select
        unit_code as district_code,
        parent_code as province_code,
        year,
        sum(households) filter (where household_class = 'poor') as poor,
        sum(households) as poor_near_poor,
    from unit_class_summary
    where
        scheme = 'legacy_63'
        and level = 'district'
        and poverty_standard = '2022-2025'
        and household_class in ('poor', 'near_poor')
    group by all
),

deprived as (
    select
        unit_code as district_code,
        year,
        sum(deprived_households) filter (where indicator_code = 'nutrition') as deprived_nutrition,
        sum(deprived_households) filter (where indicator_code = 'employment') as deprived_employment,
        sum(deprived_households) filter (where indicator_code = 'housing_quality') as deprived_housing_quality,
        sum(deprived_households) filter (where indicator_code = 'information') as deprived_information,
    from unit_indicator_summary
    where
        scheme = 'legacy_63'
        and level = 'district'
        and poverty_standard = '2022-2025'
        and household_class in ('poor', 'near_poor')
    group by all
),

final as (
    select
        districts.year + 1 as year,
        districts.province_code,
        districts.district_code,
        coalesce(districts.poor, 0) as poor,
        districts.poor_near_poor,
        coalesce(deprived.deprived_nutrition, 0) as deprived_nutrition,
        coalesce(deprived.deprived_employment, 0) as deprived_employment,
        coalesce(deprived.deprived_housing_quality, 0) as deprived_housing_quality,
        coalesce(deprived.deprived_information, 0) as deprived_information,
    from districts
    inner join deprived on districts.district_code = deprived.district_code and districts.year = deprived.year
    where districts.year + 1 between 2022 and 2025
)

select * from final
order by year, province_code, district_code
