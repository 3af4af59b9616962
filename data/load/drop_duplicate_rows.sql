-- Rows that repeat another row of the file cell for cell (district exports hold many): the first is read,
-- the copies are dropped and listed. Rows that share a household id but differ stay, and the checks
-- refuse them (duplicate_household).
-- grain:   duplicate_rows: one row per dropped copy (its row and the row it copies); raw_households loses them
-- params:  none
create or replace temporary table duplicate_rows as
with

copies as (
    select
        file_row,
        first_value(file_row) over same_cells as first_row,
        row_number() over same_cells as copy_number,
    from raw_households
    window same_cells as (partition by list_value(*columns(* exclude (file_row))) order by file_row::bigint)
)

select
    file_row::bigint as file_row,
    first_row::bigint as first_row,
from copies
where copy_number > 1;

delete from raw_households
where file_row::bigint in (select duplicate_rows.file_row from duplicate_rows);
