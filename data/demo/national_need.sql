-- The country's poor and near-poor households of the 2025 review, on today's units: what the demo's 2026
-- funding shares the national frame by. The demo's own national figure (recorded by the household build,
-- so that a database of a few provinces shares by the whole country), else the households held.
-- grain:   one row
-- params:  none
-- returns: poor_near_poor
select
    coalesce(
        (
            select recorded.value::bigint from data_source as recorded
            where recorded.key = 'demo_national_poor_near_poor_2025'
        ),
        (
            select sum(summary.households) from unit_class_summary as summary
            where
                summary.scheme = 'from_2025'
                and summary.level = 'country'
                and summary.year = 2025
                and summary.household_class in ('poor', 'near_poor')
        )
    ) as poor_near_poor
