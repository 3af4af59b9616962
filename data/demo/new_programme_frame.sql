-- The national frame of the programme period of a year by source, without the stated total, for the
-- demo's synthetic breakdown (data/demo/funding.py).
-- grain:   one row per funding_source x capital_type
-- params:  $year (int)
-- returns: funding_source, capital_type, amount_billion_vnd
select
    funding_source,
    capital_type,
    amount_billion_vnd,
from programme_frame
where programme_period = programme_of_year($year) and funding_source <> 'total'
order by funding_source, capital_type
