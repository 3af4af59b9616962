-- Headline figures of one unit for one review year, with the previous review under the same standard.
-- grain:   one row (none when the unit has no data for the year)
-- params:  $unit_code (text: 'VN', province, district or commune code), $year (int),
--          $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, year, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), near_poor_households,
--          near_poor_rate (fraction 0-1 = near_poor_households / households), previous_year,
--          previous_households, previous_poor_households,
--          previous_poverty_rate (fraction 0-1 = previous_poor_households / previous_households),
--          poverty_rate_change (difference of the two rates, fraction; negative = fewer poor),
--          is_synthetic
with

summary as (
    select
        unit_code,
        year,
        households,
        poor_households,
        near_poor_households,
        is_synthetic,
    from unit_year_summary
    where
        unit_code = $unit_code
        and poverty_standard = $standard
),

current_year as (
    select * from summary
    where year = $year
),

previous_year as (
    select * from summary
    where year = $year - 1
),

final as (
    select
        current_year.unit_code,
        current_year.year,
        current_year.households,
        current_year.poor_households,
        current_year.poor_households / nullif(current_year.households, 0) as poverty_rate,
        current_year.near_poor_households,
        current_year.near_poor_households / nullif(current_year.households, 0) as near_poor_rate,
        previous_year.year as previous_year,
        previous_year.households as previous_households,
        previous_year.poor_households as previous_poor_households,
        previous_year.poor_households / nullif(previous_year.households, 0) as previous_poverty_rate,
        current_year.poor_households / nullif(current_year.households, 0)
        - previous_year.poor_households / nullif(previous_year.households, 0) as poverty_rate_change,
        current_year.is_synthetic,
    from current_year
    left join previous_year
        on current_year.unit_code = previous_year.unit_code
)

select * from final
