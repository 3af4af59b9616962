-- Every load through the Dữ liệu page or the command line, newest first, with how far its households'
-- ids continue the neighbouring years and whether it can still be undone.
-- grain:   one row per load_id
-- params:  none
-- returns: load_id, loaded_at, operator, client_address, file_name, file_sha256, dataset, year,
--          poverty_standard, unit_scheme, scope, unit_codes, row_count, replaced_row_count, warning_count,
--          previous_year_matched, previous_year_households,
--          previous_year_matched_rate (fraction 0-1 = previous_year_matched / previous_year_households),
--          next_year_matched, next_year_households,
--          next_year_matched_rate (fraction 0-1 = next_year_matched / next_year_households),
--          movement_columns, undone_at, undone_by,
--          can_undo (load_state: the replaced rows are still kept and no later load has touched its units)
with

final as (
    select
        load_id,
        loaded_at,
        operator,
        client_address,
        file_name,
        file_sha256,
        dataset,
        year,
        poverty_standard,
        unit_scheme,
        scope,
        unit_codes,
        row_count,
        replaced_row_count,
        warning_count,
        previous_year_matched,
        previous_year_households,
        previous_year_matched / nullif(previous_year_households, 0) as previous_year_matched_rate,
        next_year_matched,
        next_year_households,
        next_year_matched / nullif(next_year_households, 0) as next_year_matched_rate,
        movement_columns,
        undone_at,
        undone_by,
        can_undo,
    from load_state
)

select * from final
order by load_id desc
