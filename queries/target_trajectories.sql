-- Poverty-rate targets of a unit and the units below it, as points or bands on the rate axis per year.
-- grain:   one row per unit_code x metric x kind x period_start x poverty_standard x year (a target row, a
--          standard that measures part of its period and a year it speaks of)
-- params:  $scheme (text), $unit_code (text)
-- returns: unit_code, metric, kind ('level' | 'trajectory'), year, target_rate_low, target_rate_high
--          (percent; equal when the plan gives one value), period_start, period_end, baseline_year,
--          baseline_rate (percent, the review before the segment), poverty_standard, source_document,
--          is_simulated_baseline (the segment starts from the simulated baseline of a new standard)
--
-- A level target (poverty_rate, in percent) is drawn at the end of its period. A reduction target
-- (poverty_rate_reduction, points per year) becomes a trajectory from the rate of the review before
-- its period: the rate may be at most baseline - reduction x years elapsed. A range of reductions
-- ("giảm 2,3-2,5%") gives a band, never below zero. A period is drawn in one segment per standard that
-- measures its years (standard_of_year()): the first from the review before the period, each later one
-- from the simulated baseline of its standard (simulated_summary: the year before it starts, classed under
-- its national lines with no assumed deprivation). So the 2026-2030 programme runs from the 2025 review
-- to 2026 under the 2022-2025 standard, and from 2027 from the 2026 households under the 2026-2030 one.
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

-- Each reduction target in one segment per standard measuring its years: the standard of its first year
-- from period_start, each standard starting inside the period from its first year.
segments as (
    select
        targets.*,
        targets.period_start as segment_start,
        false as is_simulated_baseline,
    from targets
    where targets.metric = 'poverty_rate_reduction'
    union all
    select
        targets.* replace (standards.code as poverty_standard),
        standards.first_review_year as segment_start,
        true as is_simulated_baseline,
    from targets
    inner join poverty_standard as standards
        on targets.period_start < standards.first_review_year and targets.period_end >= standards.first_review_year
    where targets.metric = 'poverty_rate_reduction'
),

baselines as (
    select
        segments.unit_code,
        segments.metric,
        segments.period_start,
        segments.period_end,
        segments.segment_start,
        segments.source_document,
        segments.poverty_standard,
        segments.is_simulated_baseline,
        segments.segment_start - 1 as baseline_year,
        case
            when segments.is_simulated_baseline
                then 100.0 * simulated.poor_households / nullif(simulated.classified_households, 0)
            else 100.0 * summary.poor_households / nullif(summary.households, 0)
        end as baseline_rate,
        segments.target_low,
        segments.target_high,
    from segments
    left join unit_year_summary as summary
        on
            not segments.is_simulated_baseline
            and summary.scheme = $scheme
            and segments.unit_code = summary.unit_code
            and summary.year = segments.segment_start - 1
            and segments.poverty_standard = summary.poverty_standard
    left join simulated_summary as simulated
        on
            segments.is_simulated_baseline
            and simulated.scheme = $scheme
            and segments.unit_code = simulated.unit_code
            and simulated.year = segments.segment_start - 1
            and segments.poverty_standard = simulated.poverty_standard
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
        baselines.is_simulated_baseline,
    from baselines
    inner join years
        on
            years.year between baselines.baseline_year and baselines.period_end
            and standard_of_year(greatest(years.year, baselines.segment_start)) = baselines.poverty_standard
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
        false as is_simulated_baseline,
    from targets
    where metric = 'poverty_rate'
),

final as (
    select * from trajectory
    union all
    select * from level
)

select * from final
order by unit_code asc, metric asc, period_start asc, poverty_standard asc, year asc
