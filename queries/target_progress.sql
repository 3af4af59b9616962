-- Progress of one unit against every target that applies to it in one year.
-- grain:   one row per metric x period_start x period_end x source_document (a target row in force in $year)
-- params:  $scheme (text), $unit_code (text), $year (int), $standard (text)
-- returns: metric, period_start, period_end, target_low, target_high, value_unit, direction,
--          source_document, actual_numerator, actual_denominator,
--          actual_value (in the target's unit: percent for pct = 100 * numerator / denominator,
--          points for pp_per_year = -100 * rate_change() from the previous review, a count otherwise),
--          actual_source ('household_review' or the source document of a reported value),
--          actual_kind ('synthetic' | 'real' | 'mixed' for household figures; null for reported values),
--          assessment ('met' | 'at_risk' | 'missed' | 'no_data' | 'reference')
--
-- Only four metrics are measured from the household data (poverty_rate, poor_households,
-- total_households, poverty_rate_reduction); any other metric shows a reported value with its
-- source when one exists, otherwise no_data. A value within 10% of the target on the wrong side is
-- at_risk; further away it is missed. planning_base rows are references, not goals. A target keeps
-- the unit scheme it was written for.
with

targets as (
    select * from target
    where
        scheme = $scheme
        and unit_code = $unit_code
        and $year between period_start and period_end
),

summary as (
    select
        unit_code,
        year,
        households,
        poor_households,
        data_kind(synthetic_households, households) as data_kind,
    from unit_year_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and poverty_standard = $standard
        and year in ($year, $year - 1)
),

current_year as (
    select * from summary
    where year = $year
),

previous_year as (
    select * from summary
    where year = $year - 1
),

measured as (
    select
        'poverty_rate' as metric,
        current_year.poor_households::double as actual_numerator,
        current_year.households::double as actual_denominator,
        100 * current_year.poor_households / nullif(current_year.households, 0) as actual_value,
        current_year.data_kind as actual_kind,
    from current_year
    union all
    select
        'poor_households' as metric,
        current_year.poor_households as actual_numerator,
        null as actual_denominator,
        current_year.poor_households as actual_value,
        current_year.data_kind as actual_kind,
    from current_year
    union all
    select
        'total_households' as metric,
        current_year.households as actual_numerator,
        null as actual_denominator,
        current_year.households as actual_value,
        current_year.data_kind as actual_kind,
    from current_year
    union all
    select
        'poverty_rate_reduction' as metric,
        null as actual_numerator,
        null as actual_denominator,
        -100 * rate_change(
            previous_year.poor_households,
            previous_year.households,
            current_year.poor_households,
            current_year.households
        ) as actual_value,
        compared_kind(current_year.data_kind, previous_year.data_kind) as actual_kind,
    from current_year
    inner join previous_year
        on current_year.unit_code = previous_year.unit_code
),

reported as (
    select
        metric,
        any_value(value) as value,
        any_value(source_document) as source_document,
    from reported_value
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
    group by metric
),

joined as (
    select
        targets.metric,
        targets.period_start,
        targets.period_end,
        targets.target_low,
        targets.target_high,
        targets.value_unit,
        targets.direction,
        targets.source_document,
        measured.actual_numerator,
        measured.actual_denominator,
        coalesce(measured.actual_value, reported.value) as actual_value,
        case
            when measured.actual_value is not null then 'household_review'
            else reported.source_document
        end as actual_source,
        case when measured.actual_value is not null then measured.actual_kind end as actual_kind,
    from targets
    left join measured
        on targets.metric = measured.metric
    left join reported
        on targets.metric = reported.metric
),

final as (
    select
        *,
        target_assessment(direction, actual_value, target_low, target_high) as assessment,
    from joined
)

select * from final
order by
    case direction when 'planning_base' then 1 else 0 end,
    metric
