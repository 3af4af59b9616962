-- Headline figures of one unit for one review year, with the previous review under the same standard.
-- grain:   one row (none when the unit has no data for the year)
-- params:  $scheme (text: 'legacy_63' | 'from_2025'), $unit_code (text: 'VN', a region, province, district
--          or commune code of the scheme), $year (int), $standard (text: a poverty standard code)
-- returns: unit_code, year, households, poor_households,
--          poverty_rate (fraction 0-1 = poor_households / households), near_poor_households,
--          near_poor_rate (fraction 0-1 = near_poor_households / households), previous_year,
--          previous_households, previous_poor_households,
--          previous_poverty_rate (fraction 0-1 = previous_poor_households / previous_households),
--          poverty_rate_change (fraction, rate_change(): negative = fewer poor),
--          data_kind ('synthetic' | 'real' | 'mixed': where this year's households come from),
--          previous_data_kind, change_kind (the kind of the comparison: 'mixed' when the two years differ),
--          divided_commune_households (from_2025 history counted in this unit by the rule for divided communes)
with

summary as (
    select
        unit_code,
        year,
        households,
        poor_households,
        near_poor_households,
        data_kind(synthetic_households, households) as data_kind,
        divided_commune_households,
    from unit_year_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
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
        rate_change(
            previous_year.poor_households,
            previous_year.households,
            current_year.poor_households,
            current_year.households
        ) as poverty_rate_change,
        current_year.data_kind,
        previous_year.data_kind as previous_data_kind,
        compared_kind(current_year.data_kind, previous_year.data_kind) as change_kind,
        current_year.divided_commune_households,
    from current_year
    left join previous_year
        on current_year.unit_code = previous_year.unit_code
)

select * from final
