-- Version 2 -> 3: the columns version 3 adds to the tables that hold data (households, funding, loads).
-- params:  none
select 1;
