-- The normalised rows of a household file (data/load/reading.py), every cell as text.
-- grain:   one row per data row of the file
-- params:  $path (text: the normalised UTF-8 CSV)
create or replace temporary table raw_households as
select *,
from read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

-- The distinct words of the columns read through the vocabulary (folded and looked up in Python:
-- a handful of words per column, whatever the file's size).
create or replace temporary table raw_household_words as
with

-- blank cells are words too (a blank indicator cell means "no"): as '' they stay through the unpivot
word_columns as (
    select
        coalesce(columns(* exclude (
            file_row, household_id, province_code, district_code, commune_code,
            members, income_per_capita, year, head_name, address, row_number, relation, id_number,
            b1_score, b2_score
        )), ''),
    from raw_households
),

words as (
    unpivot word_columns
    on columns(*)
    into name field value word
)

select distinct
    field,
    coalesce(word, '') as word,
from words;
