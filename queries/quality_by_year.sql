-- Data-quality counts per province and review year of the loaded household data: rows, synthetic or
-- loaded, class-rule mismatches, unknown ethnicity and personal data held.
-- grain:   one row per province_code x year x poverty_standard
-- params:  $unit_code (text: 'VN' or a province code; districts and communes use their province)
-- returns: province_code, province_name, year, poverty_standard, households, is_synthetic, load_id,
--          class_rule_mismatches, mismatch_rate (fraction 0-1 = class_rule_mismatches / households),
--          unknown_ethnicity_households, personal_data_households
with

reviews as (
    select * from household_review
    where $unit_code = 'VN' or province_code = left($unit_code, 2)
),

counted as (
    select
        *,
        case
            when poverty_standard = '2022-2025' and area = 'urban' then 2000000
            when poverty_standard = '2022-2025' then 1500000
            when area = 'urban' then 900000
            else 700000
        end as poverty_line,
        case
            when poverty_standard = '2022-2025' and area = 'urban' then 2000000
            when poverty_standard = '2022-2025' then 1500000
            when area = 'urban' then 1300000
            else 1000000
        end as near_poor_line,
        coalesce(deprived_employment::int, 0) + coalesce(deprived_dependency::int, 0)
        + coalesce(deprived_nutrition::int, 0) + coalesce(deprived_health_insurance::int, 0)
        + coalesce(deprived_health_service::int, 0) + coalesce(deprived_adult_education::int, 0)
        + coalesce(deprived_child_schooling::int, 0) + coalesce(deprived_housing_quality::int, 0)
        + coalesce(deprived_housing_area::int, 0) + coalesce(deprived_water::int, 0)
        + coalesce(deprived_latrine::int, 0) + coalesce(deprived_telecom::int, 0)
        + coalesce(deprived_information::int, 0) as deprivations,
    from reviews
),

-- The standards' rules, as the loader checks them (data/load/household_checks.sql).
expected as (
    select
        *,
        case
            when poverty_standard = '2022-2025' and income_per_capita <= poverty_line and deprivations >= 3
                then 'poor'
            when poverty_standard = '2022-2025' and income_per_capita <= poverty_line then 'near_poor'
            when poverty_standard = '2016-2020' and income_per_capita <= poverty_line then 'poor'
            when poverty_standard = '2016-2020' and income_per_capita <= near_poor_line and deprivations >= 3
                then 'poor'
            when poverty_standard = '2016-2020' and income_per_capita <= near_poor_line then 'near_poor'
        end as expected_status,
    from counted
),

grouped as (
    select
        province_code,
        year,
        poverty_standard,
        count(*) as households,
        bool_or(is_synthetic) as is_synthetic,
        max(load_id) as load_id,
        count_if(
            (status in ('poor', 'near_poor') and status is distinct from expected_status)
            or (status in ('middle', 'other') and expected_status is not null)
        ) as class_rule_mismatches,
        count_if(ethnic_minority is null) as unknown_ethnicity_households,
        count_if(head_name is not null or address is not null) as personal_data_households,
    from expected
    group by province_code, year, poverty_standard
),

final as (
    select
        grouped.province_code,
        provinces.name as province_name,
        grouped.year,
        grouped.poverty_standard,
        grouped.households,
        grouped.is_synthetic,
        grouped.load_id,
        grouped.class_rule_mismatches,
        grouped.class_rule_mismatches / nullif(grouped.households, 0) as mismatch_rate,
        grouped.unknown_ethnicity_households,
        grouped.personal_data_households,
    from grouped
    left join admin_unit as provinces
        on grouped.province_code = provinces.code and provinces.scheme = 'legacy_63'
)

select * from final
order by province_code, year
