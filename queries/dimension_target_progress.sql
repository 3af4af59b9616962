-- Progress of one unit against every dimension target of its plans in force in one year.
-- grain:   one row per target row whose metric belongs to a deprivation dimension (target_measure)
-- params:  $unit_code (text), $year (int), $standard (text: '2022-2025' | '2016-2020')
-- returns: metric, dimension, period_start, period_end, target_low, target_high, unit, direction,
--          source_document, indicator_code, household_group, group_households, not_deprived_households,
--          actual_value (percent = 100 * not_deprived_households / group_households, or a reported value),
--          actual_source ('household_review' or the reported value's source document),
--          measure_note_vi, measure_note_en, gap (actual - target in the target's direction: negative = short),
--          status ('met' | 'at_risk' | 'missed' | 'no_data')
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
        target.unit_code = $unit_code
        and $year between target.period_start and target.period_end
),

group_households as (
    select
        group_name,
        households,
    from group_status_summary
    where
        unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
),

group_deprived as (
    select
        group_name,
        indicator_code,
        deprived_households,
    from group_indicator_summary
    where
        unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
),

reported as (
    select
        metric,
        value,
        source_document,
    from reported_value
    where
        unit_code = $unit_code
        and year = $year
),

measured as (
    select
        targets.*,
        group_households.households as group_households,
        group_households.households - group_deprived.deprived_households as not_deprived_households,
        case
            when targets.measure = 'not_deprived_share'
                then
                    100.0 * (group_households.households - group_deprived.deprived_households)
                    / nullif(group_households.households, 0)
        end as measured_value,
        reported.value as reported_value,
        reported.source_document as reported_source,
    from targets
    left join group_households
        on targets.household_group = group_households.group_name
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
        unit,
        direction,
        source_document,
        indicator_code,
        household_group,
        group_households,
        not_deprived_households,
        actual_value,
        actual_source,
        measure_note_vi,
        measure_note_en,
        case
            when direction = 'at_most' then coalesce(target_high, target_low) - actual_value
            else actual_value - target_point
        end as gap,
        target_status(direction, actual_value, target_low, target_high) as status,
    from valued
)

select * from final
order by dimension, metric
