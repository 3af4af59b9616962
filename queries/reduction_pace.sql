-- Average annual reduction of the poverty rate achieved vs planned, for a unit and the units below it.
-- grain:   one row per unit_code (units with at least two review years under $standard)
-- params:  $scheme (text), $unit_code (text), $standard (text)
-- returns: unit_code, unit_name, is_selected_unit, first_year, last_year, first_rate, last_rate
--          (fractions 0-1), achieved_reduction (points per year = 100 * (first_rate - last_rate) / years),
--          planned_reduction (points per year, the lowest a plan asks; null without a target),
--          is_on_track (achieved >= planned; null without a target), planned_source,
--          ethnic_minority_first_rate, ethnic_minority_last_rate (null unless every household's
--          ethnicity is known), ethnic_minority_achieved_reduction (points per year),
--          reduction_ratio (ethnic_minority_achieved_reduction / achieved_reduction),
--          planned_ratio (the ratio a plan asks, e.g. 1.5), ratio_source,
--          ratio_assessment ('met' | 'missed'; null without a ratio or a target),
--          pace_kind ('synthetic' | 'real' | 'mixed': the households of the first and last years)
--
-- A plan's period is measured under the standard of its first year (standard_of_year()).
with

units as (
    select
        code as unit_code,
        name as unit_name,
        code = $unit_code as is_selected_unit,
    from units_of($scheme)
    where code = $unit_code
    union all
    select
        code as unit_code,
        name as unit_name,
        false as is_selected_unit,
    from children_of($scheme, $unit_code)
),

series as (
    select
        summary.*,
        min(summary.year) over (partition by summary.unit_code) as first_year,
        max(summary.year) over (partition by summary.unit_code) as last_year,
    from unit_year_summary as summary
    inner join units on summary.unit_code = units.unit_code
    where summary.scheme = $scheme and summary.poverty_standard = $standard
),

ends as (
    select
        unit_code,
        any_value(first_year) as first_year,
        any_value(last_year) as last_year,
        max(poor_households / nullif(households, 0)) filter (where year = first_year) as first_rate,
        max(poor_households / nullif(households, 0)) filter (where year = last_year) as last_rate,
        max(ethnic_minority_poor_households / nullif(ethnic_minority_households, 0))
        filter (where year = first_year and ethnic_known_households = households) as ethnic_minority_first_rate,
        max(ethnic_minority_poor_households / nullif(ethnic_minority_households, 0))
        filter (where year = last_year and ethnic_known_households = households) as ethnic_minority_last_rate,
        compared_kind(
            max(data_kind(synthetic_households, households)) filter (where year = first_year),
            max(data_kind(synthetic_households, households)) filter (where year = last_year)
        ) as pace_kind,
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
        scheme = $scheme
        and metric = 'poverty_rate_reduction'
        and standard_of_year(period_start) = $standard
    group by unit_code
),

planned_ratio as (
    select
        unit_code,
        min(coalesce(target_low, target_high)) as planned_ratio,
        string_agg(distinct source_document, '; ') as ratio_source,
    from target
    where scheme = $scheme and metric = 'ethnic_minority_reduction_vs_general'
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
        ends.pace_kind,
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
        case
            when ethnic_minority_achieved_reduction / nullif(achieved_reduction, 0) >= planned_ratio then 'met'
            when ethnic_minority_achieved_reduction / nullif(achieved_reduction, 0) < planned_ratio then 'missed'
        end as ratio_assessment,
        pace_kind,
    from paced
)

select * from final
order by is_selected_unit desc, unit_code asc
