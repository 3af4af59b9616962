-- Poverty-rate targets of a unit and the units below it, as points or bands on the rate axis per year.
-- grain:   one row per unit_code x metric x kind x period_start x year (a target row and a year it speaks of)
-- params:  $scheme (text), $unit_code (text)
-- returns: unit_code, metric, kind ('level' | 'trajectory'), year, target_rate_low, target_rate_high
--          (percent; equal when the plan gives one value), period_start, period_end, baseline_year,
--          baseline_rate (percent, the review before the period), poverty_standard, source_document
--
-- A level target (poverty_rate, in percent) is drawn at the end of its period. A reduction target
-- (poverty_rate_reduction, points per year) becomes a trajectory from the rate of the review before
-- its period: the rate may be at most baseline - reduction x years elapsed. A range of reductions
-- ("giảm 2,3-2,5%") gives a band, never below zero. A period is measured under the standard of its
-- first year (standard_of_year()), and drawn only for the years measured under that standard: the
-- 2026-2030 programme starts from the 2025 review under the 2022-2025 standard, which 2026 still uses,
-- and from 2027 the 2026-2030 standard measures poverty afresh (the page says so).
with

units as (
    select code as unit_code,
    from units_of($scheme)
    where code = $unit_code
    union all
    select code as unit_code,
    from children_of($scheme, $unit_code)
),

targets as (
    select
        target.*,
        standard_of_year(target.period_start) as poverty_standard,
    from target
    inner join units on target.unit_code = units.unit_code
    where target.scheme = $scheme and target.metric in ('poverty_rate', 'poverty_rate_reduction')
),

years as (
    select unnest(range(2000, 2051)) as year,
),

baselines as (
    select
        targets.unit_code,
        targets.metric,
        targets.period_start,
        targets.period_end,
        targets.source_document,
        targets.poverty_standard,
        targets.period_start - 1 as baseline_year,
        100.0 * summary.poor_households / nullif(summary.households, 0) as baseline_rate,
        targets.target_low,
        targets.target_high,
    from targets
    left join unit_year_summary as summary
        on
            summary.scheme = $scheme
            and targets.unit_code = summary.unit_code
            and summary.year = targets.period_start - 1
            and targets.poverty_standard = summary.poverty_standard
    where targets.metric = 'poverty_rate_reduction'
),

trajectory as (
    select
        baselines.unit_code,
        baselines.metric,
        'trajectory' as kind,
        years.year,
        greatest(
            0,
            baselines.baseline_rate
            - coalesce(baselines.target_high, baselines.target_low) * (years.year - baselines.baseline_year)
        ) as target_rate_low,
        greatest(
            0,
            baselines.baseline_rate
            - coalesce(baselines.target_low, baselines.target_high) * (years.year - baselines.baseline_year)
        ) as target_rate_high,
        baselines.period_start,
        baselines.period_end,
        baselines.baseline_year,
        baselines.baseline_rate,
        baselines.poverty_standard,
        baselines.source_document,
    from baselines
    inner join years
        on
            years.year between baselines.baseline_year and baselines.period_end
            and standard_of_year(greatest(years.year, baselines.period_start)) = baselines.poverty_standard
    where baselines.baseline_rate is not null
),

level as (
    select
        unit_code,
        metric,
        'level' as kind,
        period_end as year,
        coalesce(target_low, target_high) as target_rate_low,
        coalesce(target_high, target_low) as target_rate_high,
        period_start,
        period_end,
        null::integer as baseline_year,
        null::double as baseline_rate,
        poverty_standard,
        source_document,
    from targets
    where metric = 'poverty_rate'
),

final as (
    select * from trajectory
    union all
    select * from level
)

select * from final
order by unit_code asc, metric asc, period_start asc, year asc
