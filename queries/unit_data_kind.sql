-- Where the figures of a unit come from (households at or below it, any year; funding at or below it),
-- for the footer of a slide that travels without the rest of the dashboard.
-- grain:   one row
-- params:  $scheme (text), $unit_code (text: 'VN' or a unit code of the scheme)
-- returns: has_household_data, data_kind ('synthetic' | 'real' | 'mixed'; null without data),
--          is_synthetic (true when any household or funding figure is synthetic)
with

households as (
    select
        count(*) > 0 as has_rows,
        data_kind(sum(synthetic_households), sum(households)) as data_kind,
    from unit_year_summary
    where scheme = $scheme and unit_code = $unit_code
),

money as (
    select bool_or(is_synthetic) as is_synthetic,
    from funding_located
    where
        scheme = $scheme
        and is_at_or_below($unit_code, region_code, province_code, district_code, commune_code)
),

final as (
    select
        households.has_rows as has_household_data,
        households.data_kind,
        coalesce(households.data_kind in ('synthetic', 'mixed'), false) or coalesce(money.is_synthetic, false)
            as is_synthetic,
    from households
    cross join money
)

select * from final
