-- Version 2 -> 3: the columns version 3 adds to the tables that hold data (households, funding, loads).
-- grain:   household_review and its snapshot gain reported_movement (the file's own movement word)
-- params:  none
alter table household_review add column if not exists reported_movement varchar;

alter table household_snapshot add column if not exists reported_movement varchar;

-- summary report forms as a source of a unit's figures (the new tables come from schema.sql)
alter table unit_year_summary add column if not exists summary_report_households bigint default 0;

-- made by schema.sql before the column above was there: made again with it
drop table if exists summary_report_cell;

create table summary_report_cell as
select *, from unit_year_summary
where false;
