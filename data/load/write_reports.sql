-- Replace, form by form, what the staged summary forms cover: for each form, every figure of the same year
-- and scheme at the units the file gives or below them goes to the snapshot (an undo puts it back), then
-- the file's figures go in.
-- grain:   summary_report_figure_snapshot gains the replaced rows; summary_report_figure loses them and
--          gains the file's; returns one row: replaced_rows
-- params:  $load_id (int), $year (int), $scheme (text)
create or replace temporary table replaced_report_figure as
select stored.*,
from summary_report_figure as stored
where
    stored.year = $year
    and stored.scheme = $scheme
    and exists (
        select 1
        from staged_report_figure as staged
        inner join unit_level_ancestor as ancestors
            on
                ancestors.scheme = stored.scheme
                and ancestors.unit_code = stored.unit_code
                and ancestors.level = stored.level
                and staged.unit_code = ancestors.ancestor_code
        where staged.form = stored.form
    );

insert into summary_report_figure_snapshot by name
select
    *,
    $load_id as replaced_by_load,
from replaced_report_figure;

delete from summary_report_figure
where (load_id, form, unit_code, area, counted, measure) in (
    select (replaced.load_id, replaced.form, replaced.unit_code, replaced.area, replaced.counted, replaced.measure)
    from replaced_report_figure as replaced
)
and year = $year
and scheme = $scheme;

insert into summary_report_figure by name
select
    $load_id as load_id,
    *,
from staged_report_figure;

select count(*) as replaced_rows,
from replaced_report_figure;
