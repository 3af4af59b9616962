-- Year-over-year anomalies of communes: a poverty rate that moves more than $rate_points (fraction,
-- 0.10 = 10 points) or a household count that changes by more than $count_change (fraction, 0.20 = 20%).
-- grain:   one row per commune x year that crosses either threshold
-- params:  $unit_code (text: 'VN', a province or a district code), $rate_points (double), $count_change (double)
-- returns: unit_code, unit_name, district_name, year, previous_year, households, previous_households,
--          household_change (fraction = households / previous_households - 1), poverty_rate,
--          previous_poverty_rate (rates: fraction 0-1 = poor_households / households), poor_households,
--          previous_poor_households, rate_change (fraction, poverty_rate - previous_poverty_rate),
--          is_rate_anomaly, is_count_anomaly, is_synthetic
with

communes as (
    select
        communes.code as unit_code,
        communes.name as unit_name,
        districts.name as district_name,
    from admin_unit as communes
    inner join admin_unit as districts
        on communes.scheme = districts.scheme and communes.parent_code = districts.code
    where
        communes.scheme = 'legacy_63'
        and communes.level = 'commune'
        and ($unit_code = 'VN' or $unit_code in (districts.parent_code, districts.code))
),

summary as (
    select
        unit_code,
        year,
        poverty_standard,
        households,
        poor_households,
        poor_households / nullif(households, 0) as poverty_rate,
        is_synthetic,
        lag(year) over by_unit as previous_year,
        lag(households) over by_unit as previous_households,
        lag(poor_households) over by_unit as previous_poor_households,
    from unit_year_summary
    where level = 'commune' and unit_code in (select communes.unit_code from communes)
    window by_unit as (partition by unit_code, poverty_standard order by year)
),

compared as (
    select
        *,
        previous_poor_households / nullif(previous_households, 0) as previous_poverty_rate,
        households / nullif(previous_households, 0) - 1 as household_change,
    from summary
    where previous_year = year - 1
),

flagged as (
    select
        *,
        poverty_rate - previous_poverty_rate as rate_change,
        abs(poverty_rate - previous_poverty_rate) > $rate_points as is_rate_anomaly,
        abs(household_change) > $count_change as is_count_anomaly,
    from compared
),

final as (
    select
        flagged.unit_code,
        communes.unit_name,
        communes.district_name,
        flagged.year,
        flagged.previous_year,
        flagged.households,
        flagged.previous_households,
        flagged.household_change,
        flagged.poverty_rate,
        flagged.previous_poverty_rate,
        flagged.poor_households,
        flagged.previous_poor_households,
        flagged.rate_change,
        flagged.is_rate_anomaly,
        flagged.is_count_anomaly,
        flagged.is_synthetic,
    from flagged
    inner join communes on flagged.unit_code = communes.unit_code
    where flagged.is_rate_anomaly or flagged.is_count_anomaly
)

select * from final
order by year desc, abs(rate_change) desc, unit_code asc
