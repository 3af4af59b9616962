-- Re-aggregated onto today's units, every review year before 2025 holds the same households and poor
-- households as on the units of its time, province by province (a new province = its old ones).
-- returns: the 2025 provinces and years whose totals differ between the schemes
with

legacy as (
    select
        successor.new_province_code as province_code,
        summary.year,
        summary.poverty_standard,
        sum(summary.households) as households,
        sum(summary.poor_households) as poor_households,
    from unit_year_summary as summary
    inner join province_successor as successor on summary.unit_code = successor.legacy_province_code
    where summary.scheme = 'legacy_63' and summary.level = 'province'
    group by all
),

today as (
    select
        unit_code as province_code,
        year,
        poverty_standard,
        households,
        poor_households,
    from unit_year_summary
    where scheme = 'from_2025' and level = 'province'
)

select coalesce(legacy.province_code, today.province_code) as province_code, coalesce(legacy.year, today.year) as year,
from legacy
full outer join
    today
    on
        legacy.province_code = today.province_code
        and legacy.year = today.year
        and legacy.poverty_standard = today.poverty_standard
where
    coalesce(legacy.year, today.year) < 2025
    and (
        legacy.households is distinct from today.households
        or legacy.poor_households is distinct from today.poor_households
    )
