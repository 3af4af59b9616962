-- Allocation and disbursement by program project and sub-project for a unit (and all units below it) and year.
-- grain:   one row per project_code with money (rows without a project, such as NHCSXH credit, are left out)
-- params:  $scheme (text), $unit_code (text: 'VN' or a unit code), $year (int)
-- returns: project_code, parent_code, project_name, allocated (million VND), disbursed,
--          disbursement_rate (fraction 0-1 = disbursed / allocated), central_allocated, local_allocated,
--          development_investment_allocated, recurrent_allocated, unit_count (units receiving it),
--          is_synthetic, source_document
with

located as (
    select * from funding_located
    where
        scheme = $scheme
        and year = $year
        and project_code is not null
        and is_at_or_below($unit_code, region_code, province_code, district_code, commune_code)
),

projects as (
    select
        code as project_code,
        parent_code,
        name_vi as project_name,
    from program_project
    where program_period = programme_of_year($year)
),

grouped as (
    select
        project_code,
        sum(allocated) as allocated,
        sum(disbursed) as disbursed,
        sum(allocated) filter (where budget_level = 'central') as central_allocated,
        sum(allocated) filter (where budget_level = 'local') as local_allocated,
        sum(allocated) filter (where money_kind = 'development_investment') as development_investment_allocated,
        sum(allocated) filter (where money_kind = 'recurrent') as recurrent_allocated,
        count(distinct unit_code) as unit_count,
        bool_or(is_synthetic) as is_synthetic,
        string_agg(distinct source_document, '; ') as source_document,
    from located
    group by project_code
),

final as (
    select
        grouped.project_code,
        projects.parent_code,
        projects.project_name,
        grouped.allocated,
        grouped.disbursed,
        grouped.disbursed / nullif(grouped.allocated, 0) as disbursement_rate,
        grouped.central_allocated,
        grouped.local_allocated,
        grouped.development_investment_allocated,
        grouped.recurrent_allocated,
        grouped.unit_count,
        grouped.is_synthetic,
        grouped.source_document,
    from grouped
    left join projects on grouped.project_code = projects.project_code
)

select * from final
order by
    coalesce(parent_code, project_code),
    project_code
