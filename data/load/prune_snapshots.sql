-- Forget the replaced rows of earlier loads of the same units once a new load of them lands (an undo
-- is offered for the latest load of its units only), unless the retention setting keeps them longer.
-- grain:   household_snapshot, funding_snapshot and summary_report_figure_snapshot lose the rows no undo
--          can reach any more; household_file_detail the detail of rows in neither the review nor a snapshot
-- params:  $load_id (int: the new load), $keep_days (int: 0 = until the next load of the same units)
delete from household_snapshot
where replaced_by_load in (
    select earlier.load_id
    from load_history as earlier
    inner join load_history as new_load on new_load.load_id = $load_id
    where
        earlier.load_id < new_load.load_id
        and earlier.dataset = new_load.dataset
        and earlier.year is not distinct from new_load.year
        and earlier.unit_scheme is not distinct from new_load.unit_scheme
        and list_has_any(string_split(earlier.unit_codes, ','), string_split(new_load.unit_codes, ','))
        and earlier.loaded_at < new_load.loaded_at - to_days($keep_days)
);

delete from funding_snapshot
where replaced_by_load in (
    select earlier.load_id
    from load_history as earlier
    inner join load_history as new_load on new_load.load_id = $load_id
    where
        earlier.load_id < new_load.load_id
        and earlier.dataset = new_load.dataset
        and list_has_any(string_split(earlier.unit_codes, ','), string_split(new_load.unit_codes, ','))
        and earlier.loaded_at < new_load.loaded_at - to_days($keep_days)
);

delete from summary_report_figure_snapshot
where replaced_by_load in (
    select earlier.load_id
    from load_history as earlier
    inner join load_history as new_load on new_load.load_id = $load_id
    where
        earlier.load_id < new_load.load_id
        and earlier.dataset = new_load.dataset
        and earlier.year is not distinct from new_load.year
        and earlier.unit_scheme is not distinct from new_load.unit_scheme
        and list_has_any(string_split(earlier.unit_codes, ','), string_split(new_load.unit_codes, ','))
        and earlier.loaded_at < new_load.loaded_at - to_days($keep_days)
);

-- The file detail of households whose rows are neither in the review nor kept for an undo any more (a
-- personal name is kept no longer than its household's row). "load_id is not null" lets the scan skip
-- the demo's row groups, which hold no loaded row.
delete from household_file_detail as detail
where
    not exists (
        select 1 from household_review as reviews
        where
            reviews.load_id is not null
            and reviews.load_id = detail.load_id
            and reviews.province_code = detail.province_code
            and reviews.household_id = detail.household_id
    )
    and not exists (
        select 1 from household_snapshot as kept
        where
            kept.load_id = detail.load_id
            and kept.province_code = detail.province_code
            and kept.household_id = detail.household_id
    );
