-- Append the staged household file (temporary view staged_households) to household_review.
-- params: $year (int), $standard (text), $load_id (int)
-- Rows go in sorted by province, district and commune: DuckDB then skips row groups by zone maps.
insert into household_review by name
select
    $year as year,
    staged.household_id,
    staged.province_code,
    staged.district_code,
    staged.commune_code,
    coalesce(
        staged.area, case when communes.unit_type in ('Phường', 'Thị trấn') then 'urban' else 'rural' end
    ) as area,
    staged.members,
    staged.income_per_capita,
    staged.status,
    $standard as poverty_standard,
    staged.ethnic_minority,
    staged.deprived_employment,
    staged.deprived_dependency,
    staged.deprived_nutrition,
    staged.deprived_health_insurance,
    staged.deprived_health_service,
    staged.deprived_adult_education,
    staged.deprived_child_schooling,
    staged.deprived_housing_quality,
    staged.deprived_housing_area,
    staged.deprived_water,
    staged.deprived_latrine,
    staged.deprived_telecom,
    staged.deprived_information,
    false as is_synthetic,
    staged.source_household_id,
    staged.head_name,
    staged.address,
    $load_id as load_id,
from staged_households as staged
left join admin_unit as communes on communes.scheme = 'legacy_63' and communes.code = staged.commune_code
order by staged.province_code, staged.district_code, staged.commune_code, staged.household_id
