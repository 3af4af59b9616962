-- Rows that repeat another row of the file cell for cell (district exports hold many): the first is read,
-- the copies are dropped and listed. Rows that share a household id but differ stay, and the checks
-- refuse them (duplicate_household).
-- grain:   duplicate_rows: one row per dropped copy (its row and the row it copies); raw_households loses them
-- params:  none
create or replace temporary table duplicate_rows as
with

-- grouped rather than windowed: a hash of the cells, not a sort of them (a third of the time on a
-- million rows)
repeated as (
    select
        columns(* exclude (file_row)),
        min(file_row::bigint) as first_row,
        list(file_row::bigint) as file_rows,
    from raw_households
    group by all
    having count(*) > 1
),

copies as (
    select
        unnest(file_rows) as file_row,
        first_row,
    from repeated
)

select
    file_row,
    first_row,
from copies
where file_row <> first_row;

delete from raw_households
where file_row::bigint in (select duplicate_rows.file_row from duplicate_rows);
