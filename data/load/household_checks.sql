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

-- A mismatch is reported, not refused: the commune's review council has the last word. Indicators
-- outside the standard's list are null and count as not deprived.
class_rule as (
    select
        'warning' as severity,
        'class_rule' as code,
        file_row,
        'status' as column_name,
        status as value,
    from staged
    where
        income_per_capita is not null
        and contradicts_class_rule(
            status,
            expected_status(
                $standard,
                area,
                income_per_capita,
                list_count(list_filter([*columns('^deprived_')], lambda deprived: deprived))
            )
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
