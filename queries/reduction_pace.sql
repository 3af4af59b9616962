-- Average annual reduction of the poverty rate achieved vs planned, for a unit and the units below it.
-- grain:   one row per unit_code (units with at least two review years under $standard)
-- params:  $unit_code (text), $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, unit_name, is_selected_unit, first_year, last_year, first_rate, last_rate
--          (fractions 0-1), achieved_reduction (points per year = 100 * (first_rate - last_rate) / years),
--          planned_reduction (points per year, the lowest a plan asks; null without a target),
--          is_on_track (achieved >= planned; null without a target), planned_source,
--          ethnic_minority_first_rate, ethnic_minority_last_rate,
--          ethnic_minority_achieved_reduction (points per year),
--          reduction_ratio (ethnic_minority_achieved_reduction / achieved_reduction),
--          planned_ratio (the ratio a plan asks, e.g. 1.5), ratio_source
with

units as (
    select
        code as unit_code,
        name as unit_name,
        code = $unit_code as is_selected_unit,
    from admin_unit
    where
        scheme = 'legacy_63'
        and (code = $unit_code or parent_code = $unit_code)
),

series as (
    select
        summary.*,
        min(summary.year) over (partition by summary.unit_code) as first_year,
        max(summary.year) over (partition by summary.unit_code) as last_year,
    from unit_year_summary as summary
    inner join units on summary.unit_code = units.unit_code
    where summary.poverty_standard = $standard
),

ends as (
    select
        unit_code,
        any_value(first_year) as first_year,
        any_value(last_year) as last_year,
        max(poor_households / households) filter (where year = first_year) as first_rate,
        max(poor_households / households) filter (where year = last_year) as last_rate,
        max(ethnic_minority_poor_households / nullif(ethnic_minority_households, 0))
        filter (where year = first_year) as ethnic_minority_first_rate,
        max(ethnic_minority_poor_households / nullif(ethnic_minority_households, 0))
        filter (where year = last_year) as ethnic_minority_last_rate,
    from series
    group by unit_code
    having any_value(last_year) > any_value(first_year)
),

planned as (
    select
        unit_code,
        min(coalesce(target_low, target_high)) as planned_reduction,
        string_agg(distinct source_document, '; ') as planned_source,
    from target
    where
        metric = 'poverty_rate_reduction'
        and (case when period_start >= 2022 then '2022-2025' else '2016-2020' end) = $standard
    group by unit_code
),

planned_ratio as (
    select
        unit_code,
        min(coalesce(target_low, target_high)) as planned_ratio,
        string_agg(distinct source_document, '; ') as ratio_source,
    from target
    where metric = 'ethnic_minority_reduction_vs_general'
    group by unit_code
),

paced as (
    select
        units.unit_code,
        units.unit_name,
        units.is_selected_unit,
        ends.first_year,
        ends.last_year,
        ends.first_rate,
        ends.last_rate,
        100 * (ends.first_rate - ends.last_rate) / (ends.last_year - ends.first_year) as achieved_reduction,
        planned.planned_reduction,
        planned.planned_source,
        ends.ethnic_minority_first_rate,
        ends.ethnic_minority_last_rate,
        100 * (ends.ethnic_minority_first_rate - ends.ethnic_minority_last_rate)
        / (ends.last_year - ends.first_year) as ethnic_minority_achieved_reduction,
        planned_ratio.planned_ratio,
        planned_ratio.ratio_source,
    from units
    inner join ends on units.unit_code = ends.unit_code
    left join planned on units.unit_code = planned.unit_code
    left join planned_ratio on units.unit_code = planned_ratio.unit_code
),

final as (
    select
        unit_code,
        unit_name,
        is_selected_unit,
        first_year,
        last_year,
        first_rate,
        last_rate,
        achieved_reduction,
        planned_reduction,
        achieved_reduction >= planned_reduction as is_on_track,
        planned_source,
        ethnic_minority_first_rate,
        ethnic_minority_last_rate,
        ethnic_minority_achieved_reduction,
        ethnic_minority_achieved_reduction / nullif(achieved_reduction, 0) as reduction_ratio,
        planned_ratio,
        ratio_source,
    from paced
)

select * from final
order by is_selected_unit desc, unit_code asc
