-- Flows into and out of poverty between the previous review and $year, per unit one level below $parent_code.
-- grain:   one row per unit_code that has data for the year and a previous review
-- params:  $scheme (text), $parent_code (text), $year (int), $standard (text)
-- returns: unit_code, unit_name, flow_state (flow_state()), matched_rate (fraction 0-1 =
--          matched_households / households), previous_poor_households, escaped_households,
--          escaped_rate (fraction 0-1 = escaped_households / previous_poor_households),
--          newly_poor_households, fell_back_households, stayed_poor_households, poor_households,
--          households, inflow_rate (fraction 0-1 = (newly_poor + fell_back) / households),
--          flow_kind ('synthetic' | 'real' | 'mixed': the households of both years)
--
-- Flow counts are null unless flow_state is 'complete'.
with

units as (
    select
        code as unit_code,
        name as unit_name,
    from children_of($scheme, $parent_code)
),

summary as (
    select
        *,
        flow_state(households, previous_review_households, flow_households) as flow_state,
        flow_state(households, previous_review_households, flow_households) = 'complete' as is_complete,
    from unit_year_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
        and poverty_standard = $standard
        and previous_review_households > 0
),

previous as (
    select
        unit_code,
        data_kind(synthetic_households, households) as data_kind,
    from unit_year_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year - 1
        and poverty_standard = $standard
),

final as (
    select
        units.unit_code,
        units.unit_name,
        summary.flow_state,
        summary.matched_households / nullif(summary.households, 0) as matched_rate,
        case when summary.is_complete then summary.previous_poor_households end as previous_poor_households,
        case when summary.is_complete then summary.escaped_households end as escaped_households,
        case
            when summary.is_complete then summary.escaped_households / nullif(summary.previous_poor_households, 0)
        end as escaped_rate,
        case when summary.is_complete then summary.newly_poor_households end as newly_poor_households,
        case when summary.is_complete then summary.fell_back_households end as fell_back_households,
        case when summary.is_complete then summary.stayed_poor_households end as stayed_poor_households,
        summary.poor_households,
        summary.households,
        case
            when summary.is_complete
                then
                    (summary.newly_poor_households + summary.fell_back_households) / nullif(summary.households, 0)
        end as inflow_rate,
        compared_kind(data_kind(summary.synthetic_households, summary.households), previous.data_kind) as flow_kind,
    from units
    inner join summary
        on units.unit_code = summary.unit_code
    left join previous
        on units.unit_code = previous.unit_code
)

select * from final
order by unit_code
