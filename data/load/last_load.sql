-- The last load of this very file (by its SHA-256), and whether its rows are all still there and no
-- later load has touched its units: then loading it again changes nothing.
-- grain:   at most one row
-- params:  $dataset (text), $sha (text)
-- returns: load_id, unit_codes, row_count, rows_present, is_latest
with

last_load as (
    select
        load_id,
        unit_codes,
        year,
        unit_scheme,
        row_count,
    from load_history
    where dataset = $dataset and file_sha256 = $sha and undone_at is null
    order by load_id desc
    limit 1
),

present as (
    select count(*) as rows_present from household_review
    where household_review.load_id = (select last_load.load_id from last_load)
    union all
    select count(*) as rows_present from funding
    where funding.load_id = (select last_load.load_id from last_load)
    union all
    select count(*) as rows_present from summary_report_figure
    where summary_report_figure.load_id = (select last_load.load_id from last_load)
),

later as (
    select count(*) as later_loads,
    from load_history as history
    cross join last_load
    where
        history.load_id > last_load.load_id
        and history.dataset = $dataset
        and history.undone_at is null
        and history.year is not distinct from last_load.year
        and list_has_any(string_split(history.unit_codes, ','), string_split(last_load.unit_codes, ','))
),

final as (
    select
        last_load.load_id,
        last_load.unit_codes,
        last_load.row_count,
        (select sum(present.rows_present) from present) as rows_present,
        (select later.later_loads from later) = 0 as is_latest,
    from last_load
)

select * from final
