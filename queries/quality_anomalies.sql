-- Year-over-year anomalies of communes: a poverty rate that moves more than 10 points, or a household
-- count that changes by more than 20% (thresholds below, stated on the page).
-- grain:   one row per unit_code x year (a commune and year that cross either threshold)
-- params:  $scheme (text), $unit_code (text: 'VN' or any unit; the communes at or below it)
-- returns: unit_code, unit_name, parent_name (district, or province under from_2025), year, previous_year,
--          households, previous_households, household_change (fraction = households / previous_households - 1),
--          poverty_rate, previous_poverty_rate (rates: fraction 0-1 = poor_households / households),
--          poor_households, previous_poor_households, rate_change (fraction, poverty_rate - previous_poverty_rate),
--          is_rate_anomaly, is_count_anomaly, data_kind, rate_points_threshold, count_change_threshold
with

thresholds as (
    select
        0.10 as rate_points,  -- 10 percentage points
        0.20 as count_change,  -- 20% of the households
),

communes as (
    select
        communes.code as unit_code,
        communes.name as unit_name,
        parents.name as parent_name,
    from units_of($scheme) as communes
    inner join units_of($scheme) as parents on communes.parent_code = parents.code
    inner join unit_ancestor as ancestors
        on ancestors.scheme = $scheme and communes.code = ancestors.commune_code
    where communes.level = 'commune' and ancestors.ancestor_code = $unit_code
),

summary as (
    select
        unit_code,
        year,
        poverty_standard,
        households,
        poor_households,
        poor_households / nullif(households, 0) as poverty_rate,
        data_kind(synthetic_households, households) as data_kind,
        lag(year) over by_unit as previous_year,
        lag(households) over by_unit as previous_households,
        lag(poor_households) over by_unit as previous_poor_households,
    from unit_year_summary
    where
        scheme = $scheme
        and level = 'commune'
        and unit_code in (select communes.unit_code from communes)
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
        compared.*,
        compared.poverty_rate - compared.previous_poverty_rate as rate_change,
        abs(compared.poverty_rate - compared.previous_poverty_rate) > thresholds.rate_points as is_rate_anomaly,
        abs(compared.household_change) > thresholds.count_change as is_count_anomaly,
        thresholds.rate_points as rate_points_threshold,
        thresholds.count_change as count_change_threshold,
    from compared
    cross join thresholds
),

final as (
    select
        flagged.unit_code,
        communes.unit_name,
        communes.parent_name,
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
        flagged.data_kind,
        flagged.rate_points_threshold,
        flagged.count_change_threshold,
    from flagged
    inner join communes on flagged.unit_code = communes.unit_code
    where flagged.is_rate_anomaly or flagged.is_count_anomaly
)

select * from final
order by year desc, abs(rate_change) desc, unit_code asc
