-- Households whose file says one movement and whose classes of the two years say another: a «Tái nghèo»
-- household that was poor last year, a «Thoát nghèo» one that was not, a «Phát sinh mới» one that was poor
-- before. Only households whose id is found in last year's review (the same household) can be judged.
-- grain:   one row per year x household_id (of the file's years at or below the unit)
-- params:  $scheme (text), $unit_code (text: 'VN', a province, district or commune code), $year (int)
-- returns: year, household_id (the file's own code where it was not a number), commune_code, commune_name,
--          reported_movement, household_class, previous_class (last year), was_poor_before (poor in a
--          review before last year), load_id
with

reported as (
    select
        reviews.year,
        reviews.household_id,
        coalesce(reviews.source_household_id, reviews.household_id::varchar) as shown_id,
        reviews.province_code,
        reviews.commune_code,
        reviews.reported_movement,
        reviews.household_class::varchar as household_class,  -- text, as every other page column (not an enum)
        reviews.poverty_standard,
        reviews.load_id,
    from household_with_detail as reviews
    inner join unit_ancestor as ancestors
        on reviews.scheme = ancestors.scheme and reviews.commune_code = ancestors.commune_code
    where
        reviews.scheme = $scheme
        and reviews.year = $year
        and reviews.reported_movement is not null
        and ancestors.ancestor_code = $unit_code
),

-- The same households in earlier reviews of the same standard (either scheme: ids continue across 2025).
earlier as (
    select
        reviews.household_id,
        max(reviews.household_class::varchar) filter (where reviews.year = $year - 1) as previous_class,
        bool_or(reviews.household_class = 'poor') filter (where reviews.year < $year - 1) as was_poor_before,
    from household_review as reviews
    where
        reviews.year < $year
        and reviews.household_id in (select reported.household_id from reported)
        and reviews.poverty_standard in (select distinct reported.poverty_standard from reported)
    group by reviews.household_id
),

judged as (
    select
        reported.*,
        earlier.previous_class,
        coalesce(earlier.was_poor_before, false) as was_poor_before,
        case reported.reported_movement
            when 'escaped' then earlier.previous_class <> 'poor'
            when 'poor_to_near_poor' then earlier.previous_class <> 'poor'
            when 'escaped_near_poor' then earlier.previous_class <> 'near_poor'
            when 'near_poor_to_poor' then earlier.previous_class <> 'near_poor'
            when 'newly_poor' then earlier.previous_class = 'poor' or coalesce(earlier.was_poor_before, false)
            when 'fell_back' then earlier.previous_class = 'poor' or not coalesce(earlier.was_poor_before, false)
            when 'newly_near_poor' then earlier.previous_class = 'near_poor'
            when 'fell_back_near_poor' then earlier.previous_class = 'near_poor'
            when 'unchanged' then
                earlier.previous_class <> reported.household_class
                and reported.household_class in ('poor', 'near_poor')
        end as contradicts,
    from reported
    inner join earlier on reported.household_id = earlier.household_id
    where earlier.previous_class is not null
),

final as (
    select
        judged.year,
        judged.shown_id as household_id,
        judged.commune_code,
        communes.name as commune_name,
        judged.reported_movement,
        judged.household_class,
        judged.previous_class,
        judged.was_poor_before,
        judged.load_id,
    from judged
    inner join admin_unit as communes on communes.scheme = $scheme and judged.commune_code = communes.code
    where judged.contradicts
)

select * from final
order by year, commune_code, household_id
