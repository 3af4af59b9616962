-- Checks of a staged household file against the administrative units of its scheme, the standard's
-- rule and the file's own movement columns; fills the codes a file may leave out.
-- grain:   household_problems: one row per problem found (whole-file problems have no file_row)
-- params:  $scheme (text), $standard (text), $present (text[]: the fields the file has)
--
-- A province or district column is optional: the commune code says where a household is. Under
-- from_2025 there are no districts. Reads staged_households and parse_problems; writes household_problems.
update staged_households as staged
set
    province_code = coalesce(staged.province_code, located.province_code),
    district_code
    = case when scheme_has_level($scheme, 'district') then coalesce(staged.district_code, located.district_code) end,
    area = coalesce(
        staged.area, case when located.unit_type in ('Phường', 'Thị trấn') then 'urban' else 'rural' end
    )
from (
    select
        communes.code as commune_code,
        coalesce(districts.parent_code, communes.parent_code)
            as province_code,
        districts.code as district_code,
        communes.unit_type,
    from admin_unit as communes
    left join admin_unit as districts
        on communes.scheme = districts.scheme and communes.parent_code = districts.code and districts.level = 'district'
    where communes.scheme = $scheme and communes.level = 'commune'
) as located
where staged.commune_code = located.commune_code;

create or replace temporary table household_problems as
with

units as (
    select * from admin_unit
    where scheme = $scheme
),

other_units as (
    select * from admin_unit
    where scheme <> $scheme and level = 'commune'
),

-- Codes of the other unit scheme: a 2024 file coded with the new communes, or a 2025 file with the old.
scheme_check as (
    select
        count(*) as households,
        count(*) filter (where staged_households.commune_code not in (
            select units.code from units
            where units.level = 'commune'
        )) as unknown,
        count(*) filter (
            where
            staged_households.commune_code not in (
                select units.code from units
                where units.level = 'commune'
            )
            and staged_households.commune_code in (select other_units.code from other_units)
        ) as known_elsewhere,
    from staged_households
    where staged_households.commune_code is not null
),

wrong_scheme as (
    select
        'error' as severity,
        'codes_of_other_scheme' as code,
        null::integer as file_row,
        'commune_code' as column_name,
        (select any_value(other_units.scheme) from other_units) as value,
    from scheme_check
    where unknown * 2 >= households and known_elsewhere * 10 >= unknown * 9 and households > 0
),

located as (
    select
        staged.file_row,
        staged.province_code,
        staged.district_code,
        staged.commune_code,
        communes.code is not null as is_known_commune,
        communes.parent_code as commune_parent,
        districts.parent_code as district_parent,
        districts.code is not null as is_known_district,
        provinces.code is not null as is_known_province,
    from staged_households as staged
    left join units as communes on communes.level = 'commune' and staged.commune_code = communes.code
    left join units as districts on districts.level = 'district' and staged.district_code = districts.code
    left join units as provinces on provinces.level = 'province' and staged.province_code = provinces.code
    where staged.commune_code is not null and not exists (select 1 from wrong_scheme)
),

unit_problems as (
    select
        'error' as severity, 'unknown_province' as code, file_row, 'province_code' as column_name,
        province_code as value,
    from located
    where list_contains($present, 'province_code') and province_code is not null and not is_known_province
    union all
    select 'error', 'unknown_district', file_row, 'district_code', district_code
    from located
    where
        scheme_has_level($scheme, 'district') and list_contains($present, 'district_code') and district_code is not null
        and not is_known_district
    union all
    select 'error', 'district_not_in_province', file_row, 'district_code', district_code
    from located
    where
        scheme_has_level($scheme, 'district')
        and is_known_district
        and is_known_province
        and district_parent <> province_code
    union all
    select 'error', 'unknown_commune', file_row, 'commune_code', commune_code
    from located
    where not is_known_commune
    union all
    -- a row is reported at its first wrong level only: a commune against a valid district
    select
        'error',
        case
            when scheme_has_level($scheme, 'district') then 'commune_not_in_district' else 'commune_not_in_province'
        end,
        file_row,
        'commune_code',
        commune_code,
    from located
    where
        is_known_commune
        and (
            (
                scheme_has_level($scheme, 'district') and is_known_district and commune_parent <> district_code
                and (not is_known_province or district_parent = province_code)
            )
            or (not scheme_has_level($scheme, 'district') and is_known_province and commune_parent <> province_code)
        )
),

duplicates as (
    select
        'error' as severity,
        'duplicate_household' as code,
        file_row,
        'household_id' as column_name,
        coalesce(source_household_id, household_id::varchar) as value,
    from staged_households
    where household_id is not null
    qualify count(*) over (partition by province_code, household_id) > 1
),

-- A mismatch is reported, not refused: the commune's review council has the last word. Only where
-- the file gives the income and every indicator of the standard.
class_rule as (
    select
        'warning' as severity,
        'class_rule' as code,
        staged.file_row,
        'household_class' as column_name,
        staged.household_class as value,
    from staged_households as staged
    inner join poverty_standard as standards on standards.code = $standard
    inner join standard_mask on standard_mask.standard = $standard
    where
        staged.income_per_capita is not null
        and indicators_known(staged.indicators_known_mask, standard_mask.standard_mask)
        and contradicts_class_rule(
            staged.household_class,
            expected_class(
                staged.area,
                staged.income_per_capita,
                deprivation_count(staged.deprivations_mask, standard_mask.standard_mask),
                standards.income_only_line_rural,
                standards.income_only_line_urban,
                standards.line_rural,
                standards.line_urban,
                standards.min_deprivations
            )
        )
),

-- The file's own movement columns must agree with its classes.
movement as (
    select
        'error' as severity,
        'movement_contradicts_class' as code,
        staged.file_row,
        'household_class' as column_name,
        staged.household_class as value,
    from staged_households as staged
    where
        (staged.reported_flow = 'escaped' and staged.household_class = 'poor')
        or (staged.reported_flow in ('newly_poor', 'fell_back') and staged.household_class <> 'poor')
        or (staged.reported_movement = 'escaped_near_poor' and staged.household_class = 'near_poor')
        or (staged.reported_movement = 'poor_to_near_poor' and staged.household_class <> 'near_poor')
        or (staged.reported_movement = 'near_poor_to_poor' and staged.household_class <> 'poor')
        or (
            staged.reported_movement in ('newly_near_poor', 'fell_back_near_poor')
            and staged.household_class <> 'near_poor'
        )
),

-- A list of the poor and near-poor only cannot give a rate: every household of a commune is needed.
classes_only as (
    select
        'warning' as severity,
        'only_poor_near_poor' as code,
        null::integer as file_row,
        'household_class' as column_name,
        count(*)::varchar as value,
    from staged_households
    having count(*) > 0 and count(*) filter (where household_class not in ('poor', 'near_poor')) = 0
),

districts_dropped as (
    select
        'warning' as severity,
        'district_not_in_scheme' as code,
        null::integer as file_row,
        'district_code' as column_name,
        null as value,
    where not scheme_has_level($scheme, 'district') and list_contains($present, 'district_code')
),

final as (
    select * from parse_problems
    union all
    select * from wrong_scheme
    union all
    select * from unit_problems
    union all
    select * from duplicates
    union all
    select * from class_rule
    union all
    select * from movement
    union all
    select * from classes_only
    union all
    select * from districts_dropped
)

select * from final
order by file_row nulls first, code;
