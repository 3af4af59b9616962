-- Replace the units a staged household file covers, keeping the rows it replaces for an undo; a household
-- the file moves from another commune (id_conflicts, confirmed) leaves its old commune.
-- grain:   household_snapshot gains the replaced rows; household_review loses them and gains the file;
--          returns one row: replaced_rows
-- params:  $load_id (int), $year (int), $scheme (text), $standard (text), $scope (text: 'communes' | 'province')
insert into household_snapshot by name
select
    *,
    $load_id as replaced_by_load,
from household_review
where
    year = $year
    and scheme = $scheme
    and poverty_standard = $standard
    and (
        (
            $scope = 'communes'
            and commune_code in (select distinct staged.commune_code from staged_households as staged)
        )
        or (
            $scope = 'province'
            and province_code in (select distinct staged.province_code from staged_households as staged)
        )
        -- households the file moves here from another commune (confirmed: id_conflicts.sql)
        or household_id in (select moved.household_id from id_conflicts as moved)
    );

delete from household_review
where
    year = $year
    and scheme = $scheme
    and poverty_standard = $standard
    and (
        (
            $scope = 'communes'
            and commune_code in (select distinct staged.commune_code from staged_households as staged)
        )
        or (
            $scope = 'province'
            and province_code in (select distinct staged.province_code from staged_households as staged)
        )
        -- households the file moves here from another commune (confirmed: id_conflicts.sql)
        or household_id in (select moved.household_id from id_conflicts as moved)
    );

-- Rows go in sorted by commune: DuckDB then skips row groups by zone maps when a rollup reads a province.
insert into household_review by name
select
    year,
    household_id,
    scheme,
    province_code,
    district_code,
    commune_code,
    area,
    members,
    income_per_capita,
    household_class,
    poverty_standard,
    ethnic_minority,
    deprivations_mask,
    indicators_known_mask,
    movement_reported,
    reported_flow,
    reported_movement,
    false as is_synthetic,
    source_household_id,
    head_name,
    address,
    $load_id as load_id,
from staged_households
order by province_code, commune_code, household_id;

-- The number of rows the load replaced.
select count(*) as replaced_rows,
from household_snapshot
where replaced_by_load = $load_id;
