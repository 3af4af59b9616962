-- The normalised rows of a funding file (data/load/reading.py), every cell as text.
-- grain:   raw_funding: one row per data row of the file; raw_funding_words: one row per field x word
-- params:  $path (text: the normalised UTF-8 CSV)
create or replace temporary table raw_funding as
select *,
from read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

-- The distinct words of the columns read through the vocabulary or the project names (folded and looked
-- up in Python: a handful of words per column, whatever the file's size).
create or replace temporary table raw_funding_words as
with

word_columns as (
    select
        coalesce(project_code, '') as project_code,
        coalesce(funding_source, '') as funding_source,
        coalesce(capital_type, '') as capital_type,
        coalesce(is_approximate, '') as is_approximate,
    from raw_funding
),

words as (
    unpivot word_columns
    on columns(*)
    into name field value word
)

select distinct
    field,
    word,
from words;
