-- Every review year the database holds, with the poverty standards it was measured under (the year list).
-- grain:   one row per year x poverty_standard
-- params:  none
-- returns: year, poverty_standard, households
with

final as (
    select
        year,
        poverty_standard,
        households,
    from unit_year_summary
    -- every review counts in the 2025 units, so their country rows hold every year once
    where scheme = 'from_2025' and level = 'country'
)

select * from final
order by year desc, poverty_standard desc
