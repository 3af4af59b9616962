-- Review years with household data for a unit, with the poverty standard each was measured under.
-- grain:   one row per year x poverty_standard
-- params:  $unit_code (text)
-- returns: year, poverty_standard, households, is_synthetic
with

final as (
    select
        year,
        poverty_standard,
        households,
        is_synthetic,
    from unit_year_summary
    where unit_code = $unit_code
)

select * from final
order by year, poverty_standard
