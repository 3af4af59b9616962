-- Replace the funding rows of every unit-year of a staged funding file, keeping those it replaces.
-- grain:   funding_snapshot gains the replaced rows; funding loses them and gains the file;
--          returns one row: replaced_rows
-- params:  $load_id (int)
-- Reads the temporary table staged_funding (parse_funding.sql) of the load's cursor.
insert into funding_snapshot by name
select
    *,
    $load_id as replaced_by_load,
from funding
where
    (scheme, unit_code, year) in (
        select distinct (staged.scheme, staged.unit_code, staged.year) from staged_funding as staged
    );

delete from funding
where
    (scheme, unit_code, year) in (
        select distinct (staged.scheme, staged.unit_code, staged.year) from staged_funding as staged
    );

insert into funding by name
select
    scheme,
    unit_code,
    year,
    project_code,
    funding_source,
    capital_type,
    case when disbursed is null then 'planned' else 'reported' end as kind,
    allocated,
    disbursed,
    is_approximate,
    source_document,
    false as is_synthetic,
    file_row as source_row,
    $load_id as load_id,
from staged_funding;

select count(*) as replaced_rows,
from funding_snapshot
where replaced_by_load = $load_id;
