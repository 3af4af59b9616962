-- A plan's appendix of household counts per district (planning base and poor households allowed), in the plan's order.
-- grain:   one row per unit_code (a district of the appendix)
-- params:  $scheme (text), $parent_code (text: the province), $year (int: the plan year)
-- returns: unit_code, unit_name (as the plan writes it), households (planning base),
--          poor_households (allowed by the plan), poverty_rate (fraction 0-1 = poor_households / households),
--          source_document, source_row
with

districts as (
    select code as unit_code,
    from children_of($scheme, $parent_code)
),

appendix as (
    select target.*,
    from target
    inner join districts on target.unit_code = districts.unit_code
    where
        target.scheme = $scheme
        and target.level = 'district'
        and target.metric in ('total_households', 'poor_households')
        and $year between target.period_start and target.period_end
),

final as (
    select
        unit_code,
        any_value(unit_name) as unit_name,
        max(target_low) filter (where metric = 'total_households') as households,
        max(target_low) filter (where metric = 'poor_households') as poor_households,
        max(target_low) filter (where metric = 'poor_households')
        / nullif(max(target_low) filter (where metric = 'total_households'), 0) as poverty_rate,
        any_value(source_document) as source_document,
        min(source_row) as source_row,
    from appendix
    group by unit_code
    having households is not null and poor_households is not null
)

select * from final
order by source_row
