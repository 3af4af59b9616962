-- Progress of one unit against every dimension target of its plans in force in one year.
-- grain:   one row per metric x period_start x source_document (a target row whose metric belongs to a deprivation
--          dimension, target_measure)
-- params:  $scheme (text), $unit_code (text), $year (int), $standard (text)
-- returns: metric, dimension, period_start, period_end, target_low, target_high, value_unit, direction,
--          source_document, indicator_code, household_group, group_households (households of the group
--          whose file gave the indicator), not_deprived_households,
--          actual_value (percent = 100 * not_deprived_households / group_households, or a reported value),
--          actual_source ('household_review' or the reported value's source document),
--          actual_kind ('synthetic' | 'real' | 'mixed' for household measures),
--          measure_note_vi, measure_note_en, gap (actual - target in the target's direction: negative = short),
--          assessment ('met' | 'at_risk' | 'missed' | 'no_data')
--
-- A target is tied to its measure only through target_measure (data/reference/target_measures.csv):
-- e.g. hygienic_water_rate = 100 * (1 - share of poor and near-poor households deprived in water).
-- Without a measure the row shows a reported value with its source, or no_data; never an invented
-- actual. Within 10% of the target on the wrong side is at_risk, further is missed.
with

targets as (
    select
        target.*,
        target_measure.dimension,
        target_measure.indicator_code,
        target_measure.household_group,
        target_measure.measure,
        target_measure.note_vi as measure_note_vi,
        target_measure.note_en as measure_note_en,
    from target
    inner join target_measure
        on target.metric = target_measure.metric
    where
        target.scheme = $scheme
        and target.unit_code = $unit_code
        and $year between target.period_start and target.period_end
),

data_kind as (
    select data_kind(synthetic_households, households) as actual_kind,
    from unit_year_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
),

group_deprived as (
    select
        group_name,
        indicator_code,
        known_households,
        deprived_households,
    from group_indicator_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
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

measured as (
    select
        targets.*,
        group_deprived.known_households as group_households,
        group_deprived.known_households - group_deprived.deprived_households as not_deprived_households,
        case
            when targets.measure = 'not_deprived_share'
                then
                    100.0 * (group_deprived.known_households - group_deprived.deprived_households)
                    / nullif(group_deprived.known_households, 0)
        end as measured_value,
        reported.value as reported_value,
        reported.source_document as reported_source,
        data_kind.actual_kind,
    from targets
    left join data_kind on true
    left join group_deprived
        on
            targets.household_group = group_deprived.group_name
            and targets.indicator_code = group_deprived.indicator_code
    left join reported
        on targets.metric = reported.metric
),

valued as (
    select
        *,
        coalesce(measured_value, reported_value) as actual_value,
        case when measured_value is not null then 'household_review' else reported_source end as actual_source,
        coalesce(target_low, target_high) as target_point,
    from measured
),

final as (
    select
        metric,
        dimension,
        period_start,
        period_end,
        target_low,
        target_high,
        value_unit,
        direction,
        source_document,
        indicator_code,
        household_group,
        group_households,
        not_deprived_households,
        actual_value,
        actual_source,
        case when actual_source = 'household_review' then actual_kind end as actual_kind,
        measure_note_vi,
        measure_note_en,
        case
            when direction = 'at_most' then coalesce(target_high, target_low) - actual_value
            else actual_value - target_point
        end as gap,
        target_assessment(direction, actual_value, target_low, target_high) as assessment,
    from valued
)

select * from final
order by dimension, metric
