-- Version 2 -> 3: the columns version 3 adds to the tables that hold data (households, funding, loads).
-- grain:   new columns of the data tables (none so far: only reference tables changed)
-- params:  none
select 1;
