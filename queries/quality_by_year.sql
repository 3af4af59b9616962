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

-- The standards' rule is the schema's expected_status macro, as the loader checks it.
expected as (
    select
        *,
        expected_status(
            poverty_standard,
            area,
            income_per_capita,
            list_count(list_filter([*columns('^deprived_')], lambda deprived: deprived))
        ) as expected_status,
    from reviews
),

grouped as (
    select
        province_code,
        year,
        poverty_standard,
        count(*) as households,
        bool_or(is_synthetic) as is_synthetic,
        max(load_id) as load_id,
        count_if(contradicts_class_rule(status, expected_status)) as class_rule_mismatches,
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
