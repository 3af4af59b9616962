-- Version 7 -> 8: what loaded files said beyond the review moves from five columns of household_review and
-- of its undo copy (household_snapshot) into household_file_detail, keyed by load, province and household.
-- grain:   household_file_detail gains a row per loaded household (reviewed, or kept for an undo) that
--          said any of them; the two tables lose the columns
-- params:  none
-- Only loaded rows hold them: the demo's and the rows carried over from version 1 have no load.
insert into household_file_detail by name
select distinct on (said.load_id, said.province_code, said.household_id) said.*,
from (
    select
        load_id,
        province_code,
        household_id,
        reported_flow,
        reported_movement,
        source_household_id,
        head_name,
        address,
    from household_review
    where
        load_id is not null
        and (
            reported_flow is not null
            or reported_movement is not null
            or source_household_id is not null
            or head_name is not null
            or address is not null
        )
    union all
    select
        load_id,
        province_code,
        household_id,
        reported_flow,
        reported_movement,
        source_household_id,
        head_name,
        address,
    from household_snapshot
    where
        load_id is not null
        and (
            reported_flow is not null
            or reported_movement is not null
            or source_household_id is not null
            or head_name is not null
            or address is not null
        )
) as said;

alter table household_review drop column reported_flow;

alter table household_review drop column reported_movement;

alter table household_review drop column source_household_id;

alter table household_review drop column head_name;

alter table household_review drop column address;

alter table household_snapshot drop column reported_flow;

alter table household_snapshot drop column reported_movement;

alter table household_snapshot drop column source_household_id;

alter table household_snapshot drop column head_name;

alter table household_snapshot drop column address;
