-- Mark a load as undone (its row stays in the history).
-- grain:   one row of load_history updated
-- params:  $load_id (int), $at (timestamp), $operator (text)
update load_history
set
    undone_at = $at,
    undone_by = $operator
where load_id = $load_id
