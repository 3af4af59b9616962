-- Append the staged funding file (temporary view staged_funding) to funding.
-- params: $load_id (int)
insert into funding by name
select
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
from staged_funding
