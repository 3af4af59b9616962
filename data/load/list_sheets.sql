-- The sheets of a review's lists that name households leaving a class («DANH SÁCH HỘ THOÁT NGHÈO», «… THOÁT
-- CẬN NGHÈO»): their households are not of that class now, and say so. A household of such a sheet that is
-- also on the main list (near-poor now, say) is one household: the main list's row, with the movement.
-- grain:   staged_households: class and reported_movement of those rows set, the repeated household dropped
-- params:  $escaped_parts (int[]), $escaped_near_parts (int[]): the sheets (parts) of each kind;
--          $part_rows (bigint: reading.PART_ROWS)
update staged_households
set
    household_class = case when household_class = 'near_poor' then 'near_poor' else 'other' end,
    reported_movement = case when household_class = 'near_poor' then 'poor_to_near_poor' else 'escaped' end
where list_contains($escaped_parts, (file_row // $part_rows)::integer);

update staged_households
set
    household_class = case when household_class = 'middle' then 'middle' else 'other' end,
    reported_movement = 'escaped_near_poor'
where list_contains($escaped_near_parts, (file_row // $part_rows)::integer);

create or replace temporary table listed_twice as
select
    sheet_row.file_row as sheet_row,
    main_row.file_row as main_row,
    sheet_row.reported_movement,
from staged_households as sheet_row
inner join staged_households as main_row
    on
        sheet_row.commune_code = main_row.commune_code
        and sheet_row.household_id = main_row.household_id
        and sheet_row.source_household_id is not distinct from main_row.source_household_id
where
    list_contains($escaped_parts || $escaped_near_parts, (sheet_row.file_row // $part_rows)::integer)
    and not list_contains($escaped_parts || $escaped_near_parts, (main_row.file_row // $part_rows)::integer);

update staged_households
set reported_movement = twice.reported_movement
from listed_twice as twice
where staged_households.file_row = twice.main_row;

delete from staged_households
where file_row in (select twice.sheet_row from listed_twice as twice);
