-- Record a load in load_history (who, when, which file, what it replaced, how its ids continue).
-- grain:   one new row of load_history
-- params:  $load_id (int), $at (timestamp), $operator (text), $client_address (text), $file_name (text),
--          $sha (text), $dataset (text), $year (int), $standard (text), $unit_scheme (text), $scope (text),
--          $units (text), $rows (int), $replaced (int), $warnings (int), $previous_matched (int),
--          $previous_households (int), $next_matched (int), $next_households (int), $movement (boolean)
insert into load_history by name
select
    $load_id as load_id,
    $at as loaded_at,
    $operator as operator,
    $client_address as client_address,
    $file_name as file_name,
    $sha as file_sha256,
    $dataset as dataset,
    $year as year,
    $standard as poverty_standard,
    $unit_scheme as unit_scheme,
    $scope as scope,
    $units as unit_codes,
    $rows as row_count,
    $replaced as replaced_row_count,
    $warnings as warning_count,
    $previous_matched as previous_year_matched,
    $previous_households as previous_year_households,
    $next_matched as next_year_matched,
    $next_households as next_year_households,
    $movement as movement_columns,
