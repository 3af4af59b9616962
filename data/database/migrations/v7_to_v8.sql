-- Version 7 -> 8: what loaded files said beyond the review moves from five columns of household_review and
-- of its undo copy (household_snapshot) into household_file_detail, keyed by load, province and household.
-- grain:   household_file_detail gains a row per loaded household (reviewed, or kept for an undo) that
--          said any of them; the two tables lose the columns
-- params:  none
-- Only loaded rows hold them: the demo's and the rows carried over from version 1 have no load.
insert into household_file_detail by name
select distinct on (kept.load_id, kept.province_code, kept.household_id)
    kept.load_id,
    kept.province_code,
    kept.household_id,
    kept.reported_flow,
    kept.reported_movement,
    kept.source_household_id,
    kept.head_name,
    kept.address,
from (
    -- the rows reviewed and those kept for an undo (the same columns and the load that replaced them)
    select * from household_review
    union all by name
    select * exclude (replaced_by_load) from household_snapshot
) as kept
where
    kept.load_id is not null
    and (
        kept.reported_flow is not null
        or kept.reported_movement is not null
        or kept.source_household_id is not null
        or kept.head_name is not null
        or kept.address is not null
    );

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
