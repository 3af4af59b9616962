-- Rollup of household_review per unit (commune, district, province, country) and review year.
-- grain:   one row per unit_code x year x poverty_standard
-- params:  none
-- returns: rows of unit_year_summary: class counts, ethnic-minority counts and the flows from the
--          previous review year under the same standard (null in a province's first year of a standard)
--
-- Flows follow a household through the panel (household_id is stable across years and unique within
-- a province; loaded files may reuse another province's ids):
--   escaped      poor last year, not poor this year        (thoát nghèo)
--   newly_poor   poor this year, not poor last year and never poor before under this standard (phát sinh)
--   fell_back    poor this year, not poor last year, poor in some earlier year (tái nghèo)
--   stayed_poor  poor both years
-- so poor_households = stayed_poor + newly_poor + fell_back, and previous_poor = stayed_poor + escaped
-- (previous_poor counts last year's poor who are still in the review this year).
with

households as (
    select
        year,
        poverty_standard,
        household_id,
        province_code,
        district_code,
        commune_code,
        status,
        ethnic_minority,
        is_synthetic,
    from household_review
),

histories as (
    select
        *,
        lag(status) over by_household as previous_status,
        lag(year) over by_household as previous_year,
        coalesce(
            bool_or(status = 'poor') over (
                by_household rows between unbounded preceding and 2 preceding
            ),
            false
        ) as was_poor_earlier,
        min(year) over (partition by province_code, poverty_standard) as first_year,
    from households
    window by_household as (partition by province_code, household_id, poverty_standard order by year)
),

flagged as (
    select
        *,
        year > first_year as has_previous_year,
        previous_year = year - 1 and previous_status = 'poor' as was_poor_last_year,
        status = 'poor' as is_poor,
    from histories
),

grouped as (
    select
        year,
        poverty_standard,
        province_code,
        district_code,
        commune_code,
        grouping(province_code, district_code, commune_code) as grouping_id,
        count(*) as households,
        count_if(is_poor) as poor_households,
        count_if(status = 'near_poor') as near_poor_households,
        count_if(status = 'middle') as middle_households,
        count_if(ethnic_minority) as ethnic_minority_households,
        count_if(ethnic_minority and is_poor) as ethnic_minority_poor_households,
        bool_and(has_previous_year) as has_previous_year,
        count_if(was_poor_last_year and not is_poor) as escaped_households,
        count_if(is_poor and not coalesce(was_poor_last_year, false) and not was_poor_earlier)
            as newly_poor_households,
        count_if(is_poor and not coalesce(was_poor_last_year, false) and was_poor_earlier)
            as fell_back_households,
        count_if(is_poor and was_poor_last_year) as stayed_poor_households,
        count_if(was_poor_last_year) as previous_poor_households,
        -- one synthetic household makes the figure synthetic, so a mixed total is never shown as real
        bool_or(is_synthetic) as is_synthetic,
    from flagged
    group by grouping sets (
        (year, poverty_standard),
        (year, poverty_standard, province_code),
        (year, poverty_standard, province_code, district_code),
        (year, poverty_standard, province_code, district_code, commune_code)
    )
),

final as (
    select
        rollup_unit_code(grouping_id, province_code, district_code, commune_code) as unit_code,
        rollup_level(grouping_id) as level,
        rollup_parent_code(grouping_id, province_code, district_code) as parent_code,
        year,
        poverty_standard,
        households,
        poor_households,
        near_poor_households,
        middle_households,
        ethnic_minority_households,
        ethnic_minority_poor_households,
        case when has_previous_year then escaped_households end as escaped_households,
        case when has_previous_year then newly_poor_households end as newly_poor_households,
        case when has_previous_year then fell_back_households end as fell_back_households,
        case when has_previous_year then stayed_poor_households end as stayed_poor_households,
        case when has_previous_year then previous_poor_households end as previous_poor_households,
        is_synthetic,
    from grouped
)

select * from final
order by level, unit_code, year
