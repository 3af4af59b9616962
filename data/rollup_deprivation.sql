-- Deprivation counts per unit (commune, district, province, country), review year and status.
-- grain:   one row per unit_code x year x poverty_standard x status x column of household_review
-- params:  none
-- returns: unit_code, level, parent_code, year, poverty_standard, status, households,
--          mpi_poor_households, mpi_poor_deprivation_sum, column_name, deprived_households,
--          mpi_poor_deprived_households
--
-- The build splits this into unit_status_summary and unit_indicator_summary (data/build.py). A
-- household is mpi-poor when deprived in at least 3 indicators of its standard (the national rule's
-- deprivation part, without income). Indicators outside a standard are null and count as not deprived.
with

households as (
    select
        *,
        coalesce(deprived_employment::int, 0) + coalesce(deprived_dependency::int, 0)
        + coalesce(deprived_nutrition::int, 0) + coalesce(deprived_health_insurance::int, 0)
        + coalesce(deprived_health_service::int, 0) + coalesce(deprived_adult_education::int, 0)
        + coalesce(deprived_child_schooling::int, 0) + coalesce(deprived_housing_quality::int, 0)
        + coalesce(deprived_housing_area::int, 0) + coalesce(deprived_water::int, 0)
        + coalesce(deprived_latrine::int, 0) + coalesce(deprived_telecom::int, 0)
        + coalesce(deprived_information::int, 0) as deprivation_count,
    from household_review
),

flagged as (
    select
        *,
        deprivation_count >= 3 as is_mpi_poor,
    from households
),

grouped as (
    select
        year,
        poverty_standard,
        status,
        province_code,
        district_code,
        commune_code,
        grouping(province_code, district_code, commune_code) as grouping_id,
        count(*) as households,
        count_if(is_mpi_poor) as mpi_poor_households,
        coalesce(sum(deprivation_count) filter (where is_mpi_poor), 0) as mpi_poor_deprivation_sum,
        count_if(deprived_employment) as d_employment,
        count_if(deprived_employment and is_mpi_poor) as c_employment,
        count_if(deprived_dependency) as d_dependency,
        count_if(deprived_dependency and is_mpi_poor) as c_dependency,
        count_if(deprived_nutrition) as d_nutrition,
        count_if(deprived_nutrition and is_mpi_poor) as c_nutrition,
        count_if(deprived_health_insurance) as d_health_insurance,
        count_if(deprived_health_insurance and is_mpi_poor) as c_health_insurance,
        count_if(deprived_health_service) as d_health_service,
        count_if(deprived_health_service and is_mpi_poor) as c_health_service,
        count_if(deprived_adult_education) as d_adult_education,
        count_if(deprived_adult_education and is_mpi_poor) as c_adult_education,
        count_if(deprived_child_schooling) as d_child_schooling,
        count_if(deprived_child_schooling and is_mpi_poor) as c_child_schooling,
        count_if(deprived_housing_quality) as d_housing_quality,
        count_if(deprived_housing_quality and is_mpi_poor) as c_housing_quality,
        count_if(deprived_housing_area) as d_housing_area,
        count_if(deprived_housing_area and is_mpi_poor) as c_housing_area,
        count_if(deprived_water) as d_water,
        count_if(deprived_water and is_mpi_poor) as c_water,
        count_if(deprived_latrine) as d_latrine,
        count_if(deprived_latrine and is_mpi_poor) as c_latrine,
        count_if(deprived_telecom) as d_telecom,
        count_if(deprived_telecom and is_mpi_poor) as c_telecom,
        count_if(deprived_information) as d_information,
        count_if(deprived_information and is_mpi_poor) as c_information,
    from flagged
    group by grouping sets (
        (year, poverty_standard, status),
        (year, poverty_standard, status, province_code),
        (year, poverty_standard, status, province_code, district_code),
        (year, poverty_standard, status, province_code, district_code, commune_code)
    )
),

units as (
    select
        *,
        rollup_unit_code(grouping_id, province_code, district_code, commune_code) as unit_code,
        rollup_level(grouping_id) as level,
        rollup_parent_code(grouping_id, province_code, district_code) as parent_code,
    from grouped
),

long as (
    unpivot units
    on
    (d_employment, c_employment) as deprived_employment,
    (d_dependency, c_dependency) as deprived_dependency,
    (d_nutrition, c_nutrition) as deprived_nutrition,
    (d_health_insurance, c_health_insurance) as deprived_health_insurance,
    (d_health_service, c_health_service) as deprived_health_service,
    (d_adult_education, c_adult_education) as deprived_adult_education,
    (d_child_schooling, c_child_schooling) as deprived_child_schooling,
    (d_housing_quality, c_housing_quality) as deprived_housing_quality,
    (d_housing_area, c_housing_area) as deprived_housing_area,
    (d_water, c_water) as deprived_water,
    (d_latrine, c_latrine) as deprived_latrine,
    (d_telecom, c_telecom) as deprived_telecom,
    (d_information, c_information) as deprived_information
    into name column_name value deprived_households, mpi_poor_deprived_households
),

final as (
    select
        unit_code,
        level,
        parent_code,
        year,
        poverty_standard,
        status,
        households,
        mpi_poor_households,
        mpi_poor_deprivation_sum,
        column_name,
        deprived_households,
        mpi_poor_deprived_households,
    from long
)

select * from final
