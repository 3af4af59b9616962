-- Published figures (reported_value) of one unit and year, shown beside the computed ones with their source.
-- grain:   one row per metric x poverty_standard x source_document (a reported_value row of the unit and year)
-- params:  $scheme (text), $unit_code (text), $year (int)
-- returns: metric, value, value_unit, decimals, poverty_standard, source_document
with

final as (
    select
        metric,
        value,
        value_unit,
        decimals,
        poverty_standard,
        source_document,
    from reported_value
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
)

select * from final
order by poverty_standard desc nulls last, metric asc, source_document asc
