-- Review years with household data for a unit, with the poverty standard each was measured under.
-- grain:   one row per year x poverty_standard
-- params:  $scheme (text), $unit_code (text)
-- returns: year, poverty_standard, households, data_kind ('synthetic' | 'real' | 'mixed')
with

final as (
    select
        year,
        poverty_standard,
        households,
        data_kind(synthetic_households, households) as data_kind,
    from unit_year_summary
    where scheme = $scheme and unit_code = $unit_code
)

select * from final
order by year, poverty_standard
