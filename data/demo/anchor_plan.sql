-- The real plan figures of the province-year the synthetic funding is anchored to, by kind of money.
-- grain:   one row per plan figure
-- params:  $unit (text: legacy province code), $year (int)
-- returns: funding_source, capital_type, allocated
select
    funding_source,
    capital_type,
    allocated,
from funding
where unit_code = $unit and year = $year and not is_synthetic and project_code is null
