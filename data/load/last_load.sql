-- The last load of a dataset for exactly these units (and year), and whether its rows are all still there.
-- grain:   at most one row
-- params:  $dataset (text), $year (int or null for funding), $unit_codes (text, as load_history stores it)
-- returns: file_sha256, row_count, rows_present
with

last_load as (
    select
        load_id,
        file_sha256,
        row_count,
    from load_history
    where dataset = $dataset and year is not distinct from $year and unit_codes = $unit_codes
    order by load_id desc
    limit 1
),

present as (
    select count(*) as rows_present from household_review where load_id = (select load_id from last_load)
    union all
    select count(*) as rows_present from funding where load_id = (select load_id from last_load)
),

final as (
    select
        last_load.file_sha256,
        last_load.row_count,
        (select sum(rows_present) from present) as rows_present,
    from last_load
)

select * from final
