-- Whether the figures of a unit (households at or below it, any year; funding at or below it) include
-- synthetic rows, for the footer of a slide that travels without the rest of the dashboard.
-- grain:   one row
-- params:  $unit_code (text: 'VN' or a unit code)
-- returns: has_household_data, is_synthetic (true when any household or funding figure is synthetic)
with

households as (
    select bool_or(is_synthetic) as is_synthetic, count(*) > 0 as has_rows,
    from unit_year_summary
    where unit_code = $unit_code
),

money as (
    select bool_or(is_synthetic) as is_synthetic,
    from funding_located
    where $unit_code = 'VN' or $unit_code in (province_code, district_code, commune_code)
),

final as (
    select
        households.has_rows as has_household_data,
        coalesce(households.is_synthetic, false) or coalesce(money.is_synthetic, false) as is_synthetic,
    from households
    cross join money
)

select * from final
