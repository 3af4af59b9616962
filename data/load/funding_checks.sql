-- Checks of a staged funding file against the administrative units and the program's projects.
-- grain:   one row per problem found
-- params:  none
-- returns: severity, code, file_row, column_name, value
-- Reads the temporary table staged_funding (parsed values + file_row); a unit is looked up in the
-- unit scheme of its year's programme period (scheme).
with

staged as (
    select * from staged_funding
),

unknown_unit as (
    select
        'error' as severity,
        'unknown_unit' as code,
        file_row,
        'unit_code' as column_name,
        unit_code as value,
    from staged
    where
        unit_code is not null
        and scheme is not null  -- a row without a valid year is reported for its year only
        and not exists (
            select 1 from admin_unit
            where admin_unit.scheme = staged.scheme and admin_unit.code = staged.unit_code
        )
),

unknown_project as (
    select
        'error' as severity,
        'project_not_in_program' as code,
        staged.file_row,
        'project_code' as column_name,
        staged.project_code as value,
    from staged
    left join program_project as projects
        on
            staged.project_code = projects.code
            and staged.program_period = projects.program_period
    where
        staged.project_code is not null
        and staged.program_period is not null
        and projects.code is null
        -- a programme period whose project list is not held yet (2026-2030) is not checked
        and staged.program_period in (select distinct held.program_period from program_project as held)
),

duplicates as (
    select
        'error' as severity,
        'duplicate_funding_row' as code,
        file_row,
        'project_code' as column_name,
        coalesce(project_code, '—') as value,
    from staged
    where unit_code is not null and year is not null and funding_source is not null
    qualify count(*) over (
        partition by unit_code, year, project_code, funding_source, capital_type
    ) > 1
),

final as (
    select * from unknown_unit
    union all
    select * from unknown_project
    union all
    select * from duplicates
)

select * from final
order by file_row, code
