-- What the household data are now (synthetic, real, mixed or empty) and the date of the data.
-- grain:   one row per key of data_source
-- params:  $today (text: ISO date)
insert or replace into data_source
select
    'household_data' as key,
    coalesce(data_kind(sum(synthetic_households), sum(households)), 'empty') as value,
from unit_year_summary
-- every review year counts in the 2025 units, so their country rows hold every household once
where scheme = 'from_2025' and level = 'country'
union all
select
    'data_date' as key,
    $today as value;
