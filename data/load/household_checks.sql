-- Checks of a staged household file against the administrative units and the poverty standard's rule.
-- grain:   one row per problem found
-- params:  $standard (text: '2022-2025' | '2016-2020')
-- returns: severity, code, file_row, column_name, value
-- Reads the temporary table staged_households (parsed values + file_row) and admin_unit (legacy_63:
-- the review years 2015-2025 all predate the July 2025 merger).
with

units as (
    select
        code,
        level,
        parent_code,
        unit_type,
    from admin_unit
    where scheme = 'legacy_63'
),

-- A file without an area column takes it from the commune: phường and thị trấn are urban.
staged as (
    select
        staged_households.* replace (
            coalesce(
                staged_households.area,
                case when communes.unit_type in ('Phường', 'Thị trấn') then 'urban' else 'rural' end
            ) as area
        ),
    from staged_households
    left join admin_unit as communes
        on communes.scheme = 'legacy_63' and communes.code = staged_households.commune_code
),

unknown_province as (
    select
        'error' as severity,
        'unknown_province' as code,
        staged.file_row,
        'province_code' as column_name,
        staged.province_code as value,
    from staged
    where staged.province_code not in (select units.code from units where units.level = 'province')
),

-- Each row is reported at its first wrong level only: a commune is checked against a valid district,
-- a district against a known province.
district_check as (
    select
        staged.file_row,
        staged.district_code,
        units.parent_code,
        staged.province_code,
        units.parent_code = staged.province_code as is_valid,
    from staged
    left join units on units.code = staged.district_code and units.level = 'district'
    where staged.province_code in (select units.code from units where units.level = 'province')
),

unknown_district as (
    select
        'error' as severity,
        case when parent_code is null then 'unknown_district' else 'district_not_in_province' end as code,
        file_row,
        'district_code' as column_name,
        district_code as value,
    from district_check
    where parent_code is null or parent_code != province_code
),

commune_check as (
    select
        staged.file_row,
        staged.commune_code,
        units.parent_code,
        staged.district_code,
    from staged
    inner join district_check on staged.file_row = district_check.file_row and district_check.is_valid
    left join units on units.code = staged.commune_code and units.level = 'commune'
),

unknown_commune as (
    select
        'error' as severity,
        case when parent_code is null then 'unknown_commune' else 'commune_not_in_district' end as code,
        file_row,
        'commune_code' as column_name,
        commune_code as value,
    from commune_check
    where parent_code is null or parent_code != district_code
),

duplicates as (
    select
        'error' as severity,
        'duplicate_household' as code,
        file_row,
        'household_id' as column_name,
        coalesce(source_household_id, household_id::varchar) as value,
    from staged
    qualify count(*) over (partition by province_code, household_id) > 1
),

counted as (
    select
        file_row,
        status,
        income_per_capita,
        case
            when $standard = '2022-2025' and area = 'urban' then 2000000
            when $standard = '2022-2025' then 1500000
            when area = 'urban' then 900000
            else 700000
        end as poverty_line,
        case
            when $standard = '2022-2025' and area = 'urban' then 2000000
            when $standard = '2022-2025' then 1500000
            when area = 'urban' then 1300000
            else 1000000
        end as near_poor_line,
        case
            when $standard = '2022-2025'
                then
                    deprived_employment::int + deprived_dependency::int + deprived_nutrition::int
                    + deprived_health_insurance::int + deprived_adult_education::int
                    + deprived_child_schooling::int + deprived_housing_quality::int
                    + deprived_housing_area::int + deprived_water::int + deprived_latrine::int
                    + deprived_telecom::int + deprived_information::int
            else
                deprived_health_service::int + deprived_health_insurance::int
                + deprived_adult_education::int + deprived_child_schooling::int
                + deprived_housing_quality::int + deprived_housing_area::int + deprived_water::int
                + deprived_latrine::int + deprived_telecom::int + deprived_information::int
        end as deprivations,
    from staged
),

-- The standards' rules (Nghị định 07/2021/NĐ-CP; Quyết định 59/2015/QĐ-TTg). A mismatch is reported,
-- not refused: the commune's review council has the last word.
expected as (
    select
        *,
        case
            when $standard = '2022-2025' and income_per_capita <= poverty_line and deprivations >= 3 then 'poor'
            when $standard = '2022-2025' and income_per_capita <= poverty_line then 'near_poor'
            when $standard = '2016-2020' and income_per_capita <= poverty_line then 'poor'
            when $standard = '2016-2020' and income_per_capita <= near_poor_line and deprivations >= 3 then 'poor'
            when $standard = '2016-2020' and income_per_capita <= near_poor_line then 'near_poor'
        end as expected_status,
    from counted
),

class_rule as (
    select
        'warning' as severity,
        'class_rule' as code,
        file_row,
        'status' as column_name,
        status as value,
    from expected
    where
        income_per_capita is not null
        and deprivations is not null
        and (
            (status in ('poor', 'near_poor') and status is distinct from expected_status)
            or (status in ('middle', 'other') and expected_status is not null)
        )
),

final as (
    select * from unknown_province
    union all
    select * from unknown_district
    union all
    select * from unknown_commune
    union all
    select * from duplicates
    union all
    select * from class_rule
)

select * from final
order by file_row, code
