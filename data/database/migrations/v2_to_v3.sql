-- Version 2 -> 3: the columns version 3 adds to the tables that hold data (households, funding, loads).
-- grain:   household_review and its snapshot gain reported_movement (the file's own movement word)
-- params:  none
alter table household_review add column if not exists reported_movement varchar;

alter table household_snapshot add column if not exists reported_movement varchar;
