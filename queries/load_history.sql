-- Every load through the Dữ liệu page or the command line, newest first.
-- grain:   one row per load_id
-- params:  none
-- returns: load_id, loaded_at, operator, file_name, file_sha256, dataset, year, poverty_standard, unit_codes,
--          row_count, replaced_row_count, warning_count
with

final as (
    select
        load_id,
        loaded_at,
        operator,
        file_name,
        file_sha256,
        dataset,
        year,
        poverty_standard,
        unit_codes,
        row_count,
        replaced_row_count,
        warning_count,
    from load_history
)

select * from final
order by load_id desc
