-- Published figures (reported_value) of one unit and year, shown beside the computed ones with their source.
-- grain:   one row per metric
-- params:  $unit_code (text), $year (int)
-- returns: metric, value, unit, poverty_standard, source_document
with

final as (
    select
        metric,
        value,
        unit,
        poverty_standard,
        source_document,
    from reported_value
    where
        unit_code = $unit_code
        and year = $year
)

select * from final
order by metric
