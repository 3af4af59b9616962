-- The class rollup agrees with the year rollup, and the censored deprivation counts never exceed the
-- deprived ones nor the known ones.
-- returns: the rows that break it
with

by_class as (
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        sum(households) as households,
        sum(households) filter (where household_class = 'poor') as poor,
    from unit_class_summary
    group by all
)

select summary.scheme, summary.unit_code, summary.year, 'class rollup' as rule,
from unit_year_summary as summary
inner join
    by_class
    on
        summary.scheme = by_class.scheme
        and summary.unit_code = by_class.unit_code
        and summary.year = by_class.year
        and summary.poverty_standard = by_class.poverty_standard
where by_class.households <> summary.households or coalesce(by_class.poor, 0) <> summary.poor_households
union all
select scheme, unit_code, year, 'indicator counts',
from unit_indicator_summary
where
    mpi_poor_deprived_households > deprived_households
    or deprived_households > known_households
    or deprived_households < 0
