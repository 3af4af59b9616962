-- Every published review result (national, regional, provincial) against the household data held:
-- met when the count is equal, or the rate rounds to the published decimals.
-- grain:   one row per figure_id
-- params:  none
-- returns: figure_id, scheme, level, unit_code, unit_name, year, poverty_standard, metric, published_value,
--          value_unit, decimals, computed_value (the same figure from unit_year_summary; null when the
--          database holds no such unit-year), is_met, reason_vi, reason_en (why it is not met, from
--          published_figure_note), source_document
with

figures as (
    select * from reported_value
    where figure_id is not null
),

summary as (
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        households,
        poor_households,
        near_poor_households,
    from unit_year_summary
),

computed as (
    select
        figures.*,
        case figures.metric
            when 'total_households' then summary.households
            when 'poor_households' then summary.poor_households
            when 'near_poor_households' then summary.near_poor_households
            when 'poor_near_poor_households' then summary.poor_households + summary.near_poor_households
            when 'poverty_rate' then 100.0 * summary.poor_households / nullif(summary.households, 0)
            when 'near_poor_rate' then 100.0 * summary.near_poor_households / nullif(summary.households, 0)
            when 'poor_near_poor_rate'
                then 100.0 * (summary.poor_households + summary.near_poor_households) / nullif(summary.households, 0)
        end as computed_value,
    from figures
    left join summary
        on
            figures.scheme = summary.scheme
            and figures.unit_code = summary.unit_code
            and figures.year = summary.year
            and figures.poverty_standard = summary.poverty_standard
),

final as (
    select
        computed.figure_id,
        computed.scheme,
        computed.level,
        computed.unit_code,
        computed.unit_name,
        computed.year,
        computed.poverty_standard,
        computed.metric,
        computed.value as published_value,
        computed.value_unit,
        computed.decimals,
        computed.computed_value,
        coalesce(
            case
                when computed.value_unit = 'pct' then round(computed.computed_value, computed.decimals) = computed.value
                else computed.computed_value = computed.value
            end,
            false
        ) as is_met,
        notes.reason_vi,
        notes.reason_en,
        computed.source_document,
    from computed
    left join published_figure_note as notes on computed.figure_id = notes.figure_id
)

select * from final
order by level, unit_code, year, metric, figure_id
