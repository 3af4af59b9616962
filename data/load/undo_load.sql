-- Undo one load: its rows out, the rows it replaced back, its snapshot dropped.
-- grain:   household_review, funding and summary_report_figure as they were before the load
-- params:  $load_id (int)
delete from household_review
where load_id = $load_id;

delete from household_file_detail
where load_id = $load_id;

insert into household_review by name
select * exclude (replaced_by_load),
from household_snapshot
where replaced_by_load = $load_id;

delete from household_snapshot
where replaced_by_load = $load_id;

delete from funding
where load_id = $load_id;

insert into funding by name
select * exclude (replaced_by_load),
from funding_snapshot
where replaced_by_load = $load_id;

delete from funding_snapshot
where replaced_by_load = $load_id;

delete from summary_report_figure
where load_id = $load_id;

insert into summary_report_figure by name
select * exclude (replaced_by_load),
from summary_report_figure_snapshot
where replaced_by_load = $load_id;

delete from summary_report_figure_snapshot
where replaced_by_load = $load_id;
