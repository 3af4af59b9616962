-- Replace the units a staged household file covers, keeping the rows it replaces for an undo; a household
-- the file moves from another commune (id_conflicts, confirmed) leaves its old commune.
-- grain:   household_snapshot gains the replaced rows; household_review loses them and gains the file,
--          household_file_detail the file's words beyond the review;
--          returns one row: replaced_rows
-- params:  $load_id (int), $year (int), $scheme (text), $standard (text), $scope (text: 'communes' | 'province')

-- The rows the file replaces, chosen once by row id (valid inside the load's transaction). One branch per
-- way a row is replaced, each a single semi join that DuckDB prunes by zone maps: the same rows as one
-- filter with "or" between the three, which scanned every row of the year (220,000 households of Nghệ An
-- took 10 s to keep and delete that way, 0.7 s this way; docs/performance.md).
create or replace temporary table replaced_household_rows as
select reviews.rowid as row_id,
from household_review as reviews
where
    reviews.year = $year
    and reviews.scheme = $scheme
    and reviews.poverty_standard = $standard
    and $scope = 'communes'
    and reviews.commune_code in (select distinct staged.commune_code from staged_households as staged)
union
select reviews.rowid as row_id,
from household_review as reviews
where
    reviews.year = $year
    and reviews.scheme = $scheme
    and reviews.poverty_standard = $standard
    and $scope = 'province'
    and reviews.province_code in (select distinct staged.province_code from staged_households as staged)
union
-- households the file moves here from another commune (confirmed: id_conflicts.sql)
select reviews.rowid as row_id,
from household_review as reviews
where
    reviews.year = $year
    and reviews.scheme = $scheme
    and reviews.poverty_standard = $standard
    and reviews.household_id in (select moved.household_id from id_conflicts as moved);

insert into household_snapshot by name
select
    *,
    $load_id as replaced_by_load,
from household_review
where rowid in (select replaced.row_id from replaced_household_rows as replaced);

delete from household_review
where rowid in (select replaced.row_id from replaced_household_rows as replaced);

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
    false as is_synthetic,
    $load_id as load_id,
from staged_households
order by province_code, commune_code, household_id;

-- What the file said beyond the review, for the households it said it of (household_file_detail).
insert into household_file_detail by name
select
    $load_id as load_id,
    province_code,
    household_id,
    reported_flow,
    reported_movement,
    source_household_id,
    head_name,
    address,
from staged_households
where
    reported_flow is not null
    or reported_movement is not null
    or source_household_id is not null
    or head_name is not null
    or address is not null;

-- The number of rows the load replaced.
select count(*) as replaced_rows,
from household_snapshot
where replaced_by_load = $load_id;
