-- Synthetic household panel from the calibration plan (demo_commune_plan), deterministic.
-- grain:   one row per household_id x year
-- params:  $seed (int) -- salts every hash so that the panel changes only when the seed does
-- returns: rows of household_review, ordered by year, province, district, commune
--
-- How it works. Every household that ever lives in a commune gets a persistent welfare score and
-- yearly noise. In each review year the plan says how many households live there and how many are
-- poor, near-poor and middle; households are ranked by score + noise and the lowest ranks take those
-- classes. So the counts are exactly the plan's, and households move between classes as in a real
-- panel: most poor stay poor, some escape, some fall back. Income and deprivations are then drawn
-- consistent with the class and the poverty standard's rule (poor = income at or under the line and
-- at least 3 deprivations under 2022-2025). Hashes are salted (DESIGN.md 6: an unsalted hash of the
-- id collides with DuckDB's own hashing).
with

plan as (
    select
        year,
        poverty_standard,
        province_code,
        district_code,
        commune_code,
        area,
        households,
        poor,
        near_poor,
        middle,
        ethnic_minority_share,
        remoteness,
    from demo_commune_plan
),

commune_size as (
    select
        commune_code,
        max(households) as max_households,
    from plan
    group by commune_code
),

panel as (
    select
        commune_size.commune_code,
        series.seq,
        commune_size.commune_code::bigint * 1000000 + series.seq as household_id,
    from commune_size,
        range(1, commune_size.max_households + 1) as series (seq)
),

traits as (
    select
        commune_code,
        seq,
        household_id,
        (hash(household_id + $seed) % 1000003) / 1000003.0 as welfare_base,
        (hash(household_id + $seed + 1) % 1000003) / 1000003.0 as u_ethnic,
        (hash(household_id + $seed + 2) % 1000003) / 1000003.0 as u_members,
    from panel
),

yearly as (
    select
        plan.*,
        traits.household_id,
        traits.welfare_base,
        traits.u_ethnic,
        traits.u_members,
        traits.welfare_base + 0.07 * (
            (hash(traits.household_id * 31 + plan.year + $seed + 3) % 1000003) / 1000003.0
            + (hash(traits.household_id * 37 + plan.year + $seed + 4) % 1000003) / 1000003.0
            + (hash(traits.household_id * 41 + plan.year + $seed + 5) % 1000003) / 1000003.0
            - 1.5
        ) as welfare,
    from plan
    inner join traits
        on plan.commune_code = traits.commune_code
        and traits.seq <= plan.households
),

ranked as (
    select
        *,
        row_number() over (partition by commune_code, year order by welfare, household_id) as welfare_rank,
    from yearly
),

classified as (
    select
        *,
        case
            when welfare_rank <= poor then 'poor'
            when welfare_rank <= poor + near_poor then 'near_poor'
            when welfare_rank <= poor + near_poor + middle then 'middle'
            else 'other'
        end as status,
        (hash(household_id * 43 + year + $seed + 6) % 1000003) / 1000003.0 as u_income,
        (hash(household_id * 47 + year + $seed + 7) % 1000003) / 1000003.0 as u_count,
        case
            when poverty_standard = '2022-2025' and area = 'urban' then 2000000
            when poverty_standard = '2022-2025' then 1500000
            when area = 'urban' then 900000
            else 700000
        end as income_line,
    from ranked
),

with_income as (
    select
        *,
        -- Upper bounds of the bands above the line: near-poor (2016-2020 only) and middle.
        case
            when poverty_standard = '2022-2025' then null
            when area = 'urban' then 1300000
            else 1000000
        end as near_poor_upper,
        case
            when poverty_standard = '2022-2025' then income_line * 1.5
            when area = 'urban' then 1950000
            else 1500000
        end as middle_upper,
    from classified
),

drawn as (
    select
        *,
        case
            when status = 'poor' then floor(income_line * (0.40 + 0.60 * u_income))
            when status = 'near_poor' and poverty_standard = '2022-2025'
                then floor(income_line * (0.55 + 0.45 * u_income))
            when status = 'near_poor' then floor(income_line + 1 + (near_poor_upper - income_line - 1) * u_income)
            when status = 'middle' and poverty_standard = '2022-2025'
                then floor(income_line + 1 + (middle_upper - income_line - 1) * u_income)
            when status = 'middle' then floor(near_poor_upper + 1 + (middle_upper - near_poor_upper - 1) * u_income)
            else floor(middle_upper * (1.05 + 2.5 * u_income * u_income))
        end::integer as income_per_capita,
        case
            when status = 'poor' and poverty_standard = '2022-2025' then 3 + floor(u_count * u_count * 5)
            when status = 'poor' then 1 + floor(u_count * 5)
            when status = 'near_poor' then floor(u_count * 3)
            when status = 'middle' then floor(u_count * u_count * 4)
            else floor(u_count * u_count * u_count * 3)
        end::integer as deprivation_count,
        1 + floor(u_members * 5)::integer + (case when status = 'poor' and u_members > 0.6 then 1 else 0 end)
            as members,
        u_ethnic < least(1.0, ethnic_minority_share * 2 * (1 - welfare_base)) as ethnic_minority,
    from with_income
),

-- Which indicators a household is deprived in: weighted sampling without replacement of
-- deprivation_count indicators (Efraimidis-Spirakis keys ln(u) / w, the largest keys win).
-- Weights lean towards water, latrine, housing and information in remote districts.
keys as (
    select
        *,
        ln((hash(household_id * 53 + year + $seed + 10) % 1000003 + 1) / 1000004.0) / 1.0 as k_employment,
        ln((hash(household_id * 53 + year + $seed + 11) % 1000003 + 1) / 1000004.0) / 1.2 as k_dependency,
        ln((hash(household_id * 53 + year + $seed + 12) % 1000003 + 1) / 1000004.0) / 0.6 as k_nutrition,
        ln((hash(household_id * 53 + year + $seed + 13) % 1000003 + 1) / 1000004.0) / 0.7 as k_health_insurance,
        ln((hash(household_id * 53 + year + $seed + 14) % 1000003 + 1) / 1000004.0) / 0.8 as k_health_service,
        ln((hash(household_id * 53 + year + $seed + 15) % 1000003 + 1) / 1000004.0) / 1.1 as k_adult_education,
        ln((hash(household_id * 53 + year + $seed + 16) % 1000003 + 1) / 1000004.0) / 0.4 as k_child_schooling,
        ln((hash(household_id * 53 + year + $seed + 17) % 1000003 + 1) / 1000004.0)
            / (0.5 + 1.0 * remoteness) as k_housing_quality,
        ln((hash(household_id * 53 + year + $seed + 18) % 1000003 + 1) / 1000004.0) / 0.5 as k_housing_area,
        ln((hash(household_id * 53 + year + $seed + 19) % 1000003 + 1) / 1000004.0)
            / (0.4 + 1.6 * remoteness) as k_water,
        ln((hash(household_id * 53 + year + $seed + 20) % 1000003 + 1) / 1000004.0)
            / (0.7 + 1.5 * remoteness) as k_latrine,
        ln((hash(household_id * 53 + year + $seed + 21) % 1000003 + 1) / 1000004.0) / 0.5 as k_telecom,
        ln((hash(household_id * 53 + year + $seed + 22) % 1000003 + 1) / 1000004.0)
            / (0.8 + 0.7 * remoteness) as k_information,
    from drawn
),

thresholds as (
    select
        *,
        case
            when deprivation_count = 0 then 1.0  -- above every key (keys are negative)
            when poverty_standard = '2022-2025' then list_sort(
                [k_employment, k_dependency, k_nutrition, k_health_insurance, k_adult_education,
                    k_child_schooling, k_housing_quality, k_housing_area, k_water, k_latrine, k_telecom,
                    k_information],
                'DESC'
            )[deprivation_count]
            else list_sort(
                [k_health_service, k_health_insurance, k_adult_education, k_child_schooling,
                    k_housing_quality, k_housing_area, k_water, k_latrine, k_telecom, k_information],
                'DESC'
            )[deprivation_count]
        end as key_threshold,
    from keys
),

final as (
    select
        year,
        household_id,
        province_code,
        district_code,
        commune_code,
        area,
        members,
        income_per_capita,
        status,
        poverty_standard,
        ethnic_minority,
        case when poverty_standard = '2022-2025' then k_employment >= key_threshold end as deprived_employment,
        case when poverty_standard = '2022-2025' then k_dependency >= key_threshold end as deprived_dependency,
        case when poverty_standard = '2022-2025' then k_nutrition >= key_threshold end as deprived_nutrition,
        k_health_insurance >= key_threshold as deprived_health_insurance,
        case when poverty_standard = '2016-2020' then k_health_service >= key_threshold end
            as deprived_health_service,
        k_adult_education >= key_threshold as deprived_adult_education,
        k_child_schooling >= key_threshold as deprived_child_schooling,
        k_housing_quality >= key_threshold as deprived_housing_quality,
        k_housing_area >= key_threshold as deprived_housing_area,
        k_water >= key_threshold as deprived_water,
        k_latrine >= key_threshold as deprived_latrine,
        k_telecom >= key_threshold as deprived_telecom,
        k_information >= key_threshold as deprived_information,
        true as is_synthetic,
    from thresholds
)

select * from final
order by year, province_code, district_code, commune_code, household_id
