-- One load with whether it can still be undone (load_state, in the schema).
-- grain:   at most one row
-- params:  $load_id (int)
-- returns: load_id, dataset, file_name, year, unit_scheme, unit_codes, can_undo
select
    load_id,
    dataset,
    file_name,
    year,
    unit_scheme,
    unit_codes,
    can_undo,
from load_state
where load_id = $load_id
