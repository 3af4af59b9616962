-- Typed household rows and every cell that could not be read, from raw_households (stage_households.sql)
-- and household_word (the vocabulary's reading of each distinct word, from data/load/households.py).
-- grain:   staged_households: one row per file row; parse_problems: one row per unreadable cell
-- params:  $year (int), $standard (text), $scheme (text), $present (text[]: the fields the file has),
--          $keep_personal (boolean: store head-of-household names and addresses)
--
-- Numbers are read the Vietnamese way (1.500.000,5) or the English way (1,500,000.5); codes with or
-- without their leading zeros; household ids that are not plain numbers are kept as written and
-- numbered by MD5 (stable across versions and machines). A cell of a column the file does not have is
-- unknown (null), never "no": a file without the ethnic-minority column says nothing about ethnicity.
create or replace temporary table parsed_cells as
with

rows as (
    select
        raw.*,
        -- numbers: strip spaces and the đ of "1.200.000đ", then one of four written forms
        regexp_replace(coalesce(raw.members, ''), '[\s\x{00A0}đ]', '', 'g') as members_text,
        regexp_replace(coalesce(raw.income_per_capita, ''), '[\s\x{00A0}đ]', '', 'g') as income_text,
        regexp_replace(regexp_replace(coalesce(raw.household_id, ''), '^\s+|\s+$', '', 'g'), '[.,]0+$', '') as id_text,
    from raw_households as raw
),

numbers as (
    select
        *,
        parse_vietnamese_number(members_text) as members_value,
        parse_vietnamese_number(income_text) as income_value,
    from rows
),

final as (
    select
        numbers.file_row::integer as file_row,
        numbers.id_text,
        case
            when regexp_full_match(numbers.id_text, '\d{1,18}') then numbers.id_text::bigint
            when numbers.id_text <> '' then -((md5_number_lower(numbers.id_text) >> 2)::bigint) - 1
        end as household_id,
        case when not regexp_full_match(numbers.id_text, '\d{1,18}') and numbers.id_text <> '' then numbers.id_text end
            as source_household_id,
        parse_unit_code(numbers.province_code, 2) as province_code,
        parse_unit_code(numbers.district_code, 3) as district_code,
        parse_unit_code(numbers.commune_code, 5) as commune_code,
        numbers.province_code as province_text,
        numbers.district_code as district_text,
        numbers.commune_code as commune_text,
        numbers.members as members_raw,
        numbers.members_value,
        numbers.income_per_capita as income_raw,
        numbers.income_value,
        numbers.year as year_raw,
        -- a year, or the date of the review («10/10/2024», a date cell read as 2024-10-10): its year
        case
            when regexp_matches(trim(coalesce(numbers.year, '')), '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$')
                then regexp_extract(trim(numbers.year), '(\d{4})$')::integer
            when regexp_matches(trim(coalesce(numbers.year, '')), '^\d{4}-\d{2}-\d{2}([ T].*)?$')
                then left(trim(numbers.year), 4)::integer
            else parse_vietnamese_number(regexp_replace(coalesce(numbers.year, ''), '\s', '', 'g'))
        end as year_value,
        case when $keep_personal then nullif(numbers.head_name, '') end as head_name,
        case when $keep_personal then nullif(numbers.address, '') end as address,
        numbers.head_name is not null or numbers.address is not null as had_personal_data,
    from numbers
)

select * from final;

-- Words read through the vocabulary: one row per file row and field, with its meaning (null = unknown word).
create or replace temporary table parsed_words as
with

-- blank cells are words too: as '' they stay through the unpivot
word_columns as (
    select
        file_row,
        coalesce(columns(* exclude (
            file_row, household_id, province_code, district_code, commune_code, members,
            income_per_capita, year, head_name, address, row_number, relation, id_number, b1_score, b2_score
        )), ''),
    from raw_households
),

cells as (
    unpivot word_columns
    on columns(* exclude (file_row))
    into name field value word
)

select
    cells.file_row::integer as file_row,
    cells.field,
    coalesce(cells.word, '') as word,
    words.value,
    words.is_known,
from cells
left join household_word as words on cells.field = words.field and coalesce(cells.word, '') = words.word
where list_contains($present, cells.field);

create or replace temporary table staged_households as
with

-- The words and the indicator masks of each row in one pass over parsed_words (two passes and two joins
-- were a tenth of loading a million rows).
words as (
    select
        parsed_words.file_row,
        max(parsed_words.value) filter (where parsed_words.field = 'household_class') as household_class,
        max(parsed_words.value) filter (where parsed_words.field = 'area') as area,
        max(parsed_words.value) filter (where parsed_words.field = 'ethnic_minority') as ethnic_minority_flag,
        max(parsed_words.value) filter (where parsed_words.field = 'ethnic_group') as ethnic_group_flag,
        max(parsed_words.value) filter (where parsed_words.field = 'escaped') as escaped_flag,
        max(parsed_words.value) filter (where parsed_words.field = 'newly_poor') as newly_poor_flag,
        max(parsed_words.value) filter (where parsed_words.field = 'fell_back') as fell_back_flag,
        max(parsed_words.value) filter (where parsed_words.field = 'previous_class') as previous_class,
        max(parsed_words.value) filter (where parsed_words.field = 'movement') as movement,
        sum(1::bigint << indicator.bit) filter (
            where indicator.bit is not null and parsed_words.value = 'true'
        )::bigint as deprivations_mask,
        sum(1::bigint << indicator.bit) filter (
            where indicator.bit is not null and parsed_words.is_known
        )::bigint as indicators_known_mask,
    from parsed_words
    left join indicator on indicator.standard = $standard and parsed_words.field = indicator.column_name
    group by parsed_words.file_row
),

final as (
    select
        cells.file_row,
        $year::integer as year,
        cells.household_id,
        $scheme as scheme,
        cells.province_code,
        cells.district_code,
        cells.commune_code,
        words.area,
        case
            when cells.members_value > 0 and cells.members_value = floor(cells.members_value)
                then cells.members_value::integer
        end as members,
        case when cells.income_value >= 0 then round(cells.income_value)::integer end as income_per_capita,
        coalesce(words.household_class, 'other') as household_class,
        $standard as poverty_standard,
        coalesce(words.ethnic_minority_flag, words.ethnic_group_flag)::boolean as ethnic_minority,
        coalesce(words.deprivations_mask, 0) as deprivations_mask,
        coalesce(words.indicators_known_mask, 0) as indicators_known_mask,
        list_has_any($present, ['escaped', 'newly_poor', 'fell_back', 'previous_class', 'movement'])
            as movement_reported,
        case
            when words.escaped_flag = 'true' then 'escaped'
            when words.movement in ('escaped', 'poor_to_near') then 'escaped'
            when words.household_class <> 'poor' then null
            when words.movement in ('new', 'near_to_poor') then 'newly_poor'
            when words.movement = 'back' then 'fell_back'
            when words.movement = 'unchanged' then 'stayed_poor'
            when words.fell_back_flag = 'true' then 'fell_back'
            when words.newly_poor_flag = 'true' then 'newly_poor'
            when words.previous_class = 'poor' then 'stayed_poor'
            when words.previous_class is not null then 'newly_poor'
            when list_has_any($present, ['newly_poor', 'fell_back']) then 'stayed_poor'
        end as reported_flow,
        -- the file's own word for the movement, with the class deciding poor or near-poor
        case words.movement
            when 'escaped' then 'escaped'
            when 'poor_to_near' then 'poor_to_near_poor'
            when 'escaped_near' then 'escaped_near_poor'
            when 'near_to_poor' then 'near_poor_to_poor'
            when 'new' then case words.household_class when 'poor' then 'newly_poor' else 'newly_near_poor' end
            when 'back' then case words.household_class when 'poor' then 'fell_back' else 'fell_back_near_poor' end
            when 'unchanged' then 'unchanged'
        end as reported_movement,
        cells.source_household_id,
        cells.head_name,
        cells.address,
    from parsed_cells as cells
    left join words on cells.file_row = words.file_row
)

select * from final;

-- Every cell that could not be read, with the file's row and the value as written.
create or replace temporary table parse_problems as
with

cells as (
    select * from parsed_cells
),

problems as (
    select 'error' as severity, 'missing_value' as code, file_row, 'household_id' as column_name, '' as value,
    from cells
    where id_text = ''
    union all
    select 'error', 'code_format', file_row, 'province_code', province_text
    from cells
    where list_contains($present, 'province_code') and province_code is null and coalesce(province_text, '') <> ''
    union all
    select 'error', 'code_format', file_row, 'district_code', district_text
    from cells
    where list_contains($present, 'district_code') and district_code is null and coalesce(district_text, '') <> ''
    union all
    select
        'error', case when coalesce(commune_text, '') = '' then 'missing_value' else 'code_format' end,
        file_row, 'commune_code', coalesce(commune_text, '')
    from cells
    where commune_code is null
    union all
    select 'error', 'members_invalid', file_row, 'members', members_raw
    from cells
    where
        list_contains($present, 'members') and coalesce(members_raw, '') <> ''
        and (members_value is null or members_value <= 0 or members_value <> floor(members_value))
    union all
    select 'error', 'income_invalid', file_row, 'income_per_capita', income_raw
    from cells
    where list_contains($present, 'income_per_capita') and coalesce(income_raw, '') <> '' and income_value is null
    union all
    select 'error', 'income_negative', file_row, 'income_per_capita', income_raw
    from cells
    where income_value < 0
    union all
    -- more than a household can hold or earn: a typing error, never stored
    select 'error', 'members_implausible', file_row, 'members', members_raw
    from cells
    where members_value > 50 and members_value = floor(members_value)
    union all
    select 'error', 'income_implausible', file_row, 'income_per_capita', income_raw
    from cells
    where income_value > 1000000000
    union all
    -- Excel turned a long code into a number and wrote it as 1E+23: its digits are lost
    select 'error', 'id_scientific', file_row, 'household_id', id_text
    from cells
    where regexp_full_match(id_text, '\d+([.,]\d+)?[eE][+-]?\d+')
    union all
    select 'error', 'year_mismatch', file_row, 'year', year_raw
    from cells
    where coalesce(year_raw, '') <> '' and year_value is distinct from $year
    union all
    select
        'error',
        case
            when field = 'household_class' or field = 'previous_class' then 'status_unknown'
            when field = 'area' then 'area_unknown'
            when field = 'ethnic_group' then 'ethnic_group_unknown'
            when field = 'movement' then 'movement_unknown'
            else 'flag_invalid'
        end,
        file_row,
        field,
        word,
    from parsed_words
    where not is_known and not (word = '' and field in ('area', 'ethnic_group', 'previous_class'))
)

select * from problems;

drop table parsed_words;
