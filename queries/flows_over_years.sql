-- Flows into and out of poverty of one unit, for every review year after the first under its standard.
-- grain:   one row per year x poverty_standard that has a previous review
-- params:  $scheme (text), $unit_code (text)
-- returns: year, poverty_standard, flow_state ('complete' | 'ids_do_not_continue' |
--          'partial_previous_review'; flow_state()), matched_households (this year's households whose id
--          is in last year's review), households, matched_rate (fraction 0-1 = matched_households / households),
--          file_flow_households (households whose flows come from the file's movement columns),
--          previous_poor_households, escaped_households,
--          escaped_rate (fraction 0-1 = escaped_households / previous_poor_households),
--          newly_poor_households, fell_back_households, stayed_poor_households, poor_households,
--          inflow_rate (fraction 0-1 = (newly_poor + fell_back) / households),
--          net_change (poor_households - previous_poor_households; households that left the review aside),
--          flow_kind ('synthetic' | 'real' | 'mixed': both years' households)
--
-- The counts are null unless flow_state is 'complete': flows are never shown from ids that do not
-- continue, nor for part of a unit.
with

summary as (
    select
        *,
        flow_state(households, previous_review_households, flow_households) as flow_state,
        data_kind(synthetic_households, households) as data_kind,
        lag(data_kind(synthetic_households, households)) over (
            partition by poverty_standard order by year
        ) as previous_data_kind,
        lag(year) over (partition by poverty_standard order by year) as previous_year,
    from unit_year_summary
    where scheme = $scheme and unit_code = $unit_code
),

shown as (
    select
        *,
        flow_state = 'complete' as is_complete,
    from summary
    where flow_state <> 'no_previous_review'
),

final as (
    select
        year,
        poverty_standard,
        flow_state,
        matched_households,
        households,
        matched_households / nullif(households, 0) as matched_rate,
        file_flow_households,
        case when is_complete then previous_poor_households end as previous_poor_households,
        case when is_complete then escaped_households end as escaped_households,
        case when is_complete then escaped_households / nullif(previous_poor_households, 0) end as escaped_rate,
        case when is_complete then newly_poor_households end as newly_poor_households,
        case when is_complete then fell_back_households end as fell_back_households,
        case when is_complete then stayed_poor_households end as stayed_poor_households,
        poor_households,
        case
            when is_complete then (newly_poor_households + fell_back_households) / nullif(households, 0)
        end as inflow_rate,
        case when is_complete then poor_households - previous_poor_households end as net_change,
        compared_kind(data_kind, case when previous_year = year - 1 then previous_data_kind end) as flow_kind,
    from shown
)

select * from final
order by poverty_standard, year
