-- Typed funding rows and every problem of a funding file, from raw_funding (stage_funding.sql) and
-- funding_word (each distinct word's meaning, from data/load/funding.py).
-- grain:   staged_funding: one row per file row; funding_problems: one row per problem
-- params:  $present (text[]: the fields the file has)
--
-- Amounts are in million VND, written the Vietnamese way (1.250,5) or the English way; a unit code of
-- any level keeps its leading zeros; the year decides the programme period, whose sources of funds
-- (money_source) and projects (program_project) the rows must name, and the unit scheme its units are
-- looked up in. A source of budget money needs its capital type; the other sources have none.
create or replace temporary table staged_funding as
with

rows as (
    select
        raw.*,
        regexp_replace(coalesce(raw.year, ''), '[\s\x{00A0}]', '', 'g') as year_text,
        regexp_replace(coalesce(raw.allocated, ''), '[\s\x{00A0}]|đ$', '', 'g') as allocated_text,
        regexp_replace(coalesce(raw.disbursed, ''), '[\s\x{00A0}]|đ$', '', 'g') as disbursed_text,
    from raw_funding as raw
),

typed as (
    select
        rows.file_row::integer as file_row,
        coalesce(rows.unit_code, '') as unit_text,
        parse_any_unit_code(rows.unit_code) as unit_code,
        coalesce(rows.year, '') as year_text,
        parse_vietnamese_number(rows.year_text) as year_value,
        coalesce(rows.allocated, '') as allocated_raw,
        parse_vietnamese_number(rows.allocated_text) as allocated,
        rows.allocated_text <> '' and parse_vietnamese_number(rows.allocated_text) is null as allocated_invalid,
        coalesce(rows.disbursed, '') as disbursed_raw,
        parse_vietnamese_number(rows.disbursed_text) as disbursed,
        rows.disbursed_text <> '' and parse_vietnamese_number(rows.disbursed_text) is null as disbursed_invalid,
        coalesce(rows.source_document, '') as source_document,
        coalesce(rows.project_code, '') as project_word,
        coalesce(rows.funding_source, '') as source_word,
        coalesce(rows.capital_type, '') as capital_word,
        coalesce(rows.is_approximate, '') as approximate_word,
    from rows
),

years as (
    select
        *,
        case
            when year_value = floor(year_value) and programme_of_year(year_value::integer) is not null
                then year_value::integer
        end as year,
    from typed
),

final as (
    select
        years.*,
        programme_of_year(years.year) as program_period,
        funding_scheme_of_year(years.year) as scheme,
        projects.value as project_value,
        sources.value as funding_source,
        sources.is_known as source_known,
        capitals.value as capital_type,
        capitals.is_known as capital_known,
        coalesce(approximates.value = 'true', false) as is_approximate,
        approximates.is_known as approximate_known,
    from years
    left join funding_word as projects on projects.field = 'project_code' and years.project_word = projects.word
    left join funding_word as sources on sources.field = 'funding_source' and years.source_word = sources.word
    left join funding_word as capitals on capitals.field = 'capital_type' and years.capital_word = capitals.word
    left join funding_word as approximates
        on approximates.field = 'is_approximate' and years.approximate_word = approximates.word
)

select
    *,
    case when project_value <> '?' then project_value end as project_code,
from final;

create or replace temporary table funding_problems as
with

staged as (
    select
        staged_funding.*,
        sources.code is not null as source_in_programme,
        coalesce(sources.is_budget, false) as is_budget,
    from staged_funding
    left join money_source as sources
        on staged_funding.program_period = sources.programme_period and staged_funding.funding_source = sources.code
),

cell_problems as (
    select 'error' as severity, 'code_format' as code, file_row, 'unit_code' as column_name, unit_text as value,
    from staged
    where unit_code is null
    union all
    select 'error', 'year_outside_program', file_row, 'year', year_text
    from staged
    where year is null
    union all
    select 'error', 'project_unknown', file_row, 'project_code', project_word
    from staged
    where list_contains($present, 'project_code') and project_value = '?'
    union all
    select 'error', 'funding_source_unknown', file_row, 'funding_source', source_word
    from staged
    where not source_known
    union all
    select 'error', 'funding_source_not_in_programme', file_row, 'funding_source', source_word
    from staged
    where source_known and program_period is not null and not source_in_programme
    union all
    select 'error', 'capital_type_unknown', file_row, 'capital_type', capital_word
    from staged
    where list_contains($present, 'capital_type') and not capital_known
    union all
    select 'error', 'capital_type_required', file_row, 'funding_source', source_word
    from staged
    where is_budget and capital_type is null and (capital_known or not list_contains($present, 'capital_type'))
    union all
    select 'error', 'capital_type_not_allowed', file_row, 'capital_type', capital_word
    from staged
    where source_in_programme and not is_budget and capital_type is not null
    union all
    select 'error', 'amount_invalid', file_row, 'allocated', allocated_raw from staged
    where allocated_invalid
    union all
    select 'error', 'amount_negative', file_row, 'allocated', allocated_raw from staged
    where allocated < 0
    union all
    select 'error', 'amount_invalid', file_row, 'disbursed', disbursed_raw from staged
    where disbursed_invalid
    union all
    select 'error', 'amount_negative', file_row, 'disbursed', disbursed_raw from staged
    where disbursed < 0
    union all
    select
        'error',
        'amount_missing',
        file_row,
        case when list_contains($present, 'allocated') then 'allocated' else 'source_document' end,
        case when list_contains($present, 'allocated') then allocated_raw else source_document end,
    from staged
    where allocated is null and disbursed is null and not allocated_invalid and not disbursed_invalid
    union all
    select 'warning', 'disbursed_over_allocated', file_row, 'disbursed', disbursed_raw
    from staged
    where disbursed > allocated
    union all
    select 'error', 'flag_invalid', file_row, 'is_approximate', approximate_word
    from staged
    where list_contains($present, 'is_approximate') and not approximate_known
    union all
    select 'error', 'missing_value', file_row, 'source_document', source_document
    from staged
    where source_document = ''
),

unknown_unit as (
    select 'error' as severity, 'unknown_unit' as code, file_row, 'unit_code' as column_name, unit_code as value,
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
        -- a programme period whose component list is not held (not published yet) is not checked
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
    select * from cell_problems
    union all
    select * from unknown_unit
    union all
    select * from unknown_project
    union all
    select * from duplicates
)

select * from final
order by file_row, code;
