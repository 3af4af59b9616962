-- Every rollup holds one row per key: a duplicate would count households twice.
-- returns: the duplicated keys (none when the invariant holds)
select 'unit_year_summary' as rollup, scheme, unit_code, year, poverty_standard, count(*) as rows,
from unit_year_summary
group by all
having count(*) > 1
union all
select 'unit_class_summary', scheme, unit_code || '/' || household_class, year, poverty_standard, count(*),
from unit_class_summary
group by all
having count(*) > 1
union all
select
    'unit_indicator_summary', scheme, unit_code || '/' || household_class || '/' || indicator_code, year,
    poverty_standard, count(*),
from unit_indicator_summary
group by all
having count(*) > 1
