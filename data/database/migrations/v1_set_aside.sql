-- Version 1 -> 2, first step: keep the data tables of version 1 under other names and drop what the
-- code builds again (views first: they depend on the tables).
-- grain:   the version 1 tables renamed v1_*, its views and macros dropped
-- params:  none
drop view if exists funding_located;
drop view if exists group_status_summary;
drop view if exists group_indicator_summary;
alter table household_review rename to v1_household_review;
alter table funding rename to v1_funding;
alter table load_history rename to v1_load_history;
drop table if exists unit_year_summary;
drop table if exists unit_status_summary;
drop table if exists unit_indicator_summary;
drop table if exists admin_unit;
drop table if exists unit_crosswalk;
drop table if exists indicator;
drop table if exists target;
drop table if exists reported_value;
drop table if exists program_project;
drop table if exists target_measure;
drop table if exists household_group;
drop table if exists project_need;
drop table if exists data_source;
drop macro if exists target_status;
drop macro if exists rollup_unit_code;
drop macro if exists rollup_level;
drop macro if exists rollup_parent_code;
drop macro if exists expected_status;
