-- How far a staged household file's ids continue the neighbouring review years of the same households'
-- province (the 2025 province that holds it: households are followed across the 2025 reform).
-- grain:   one row
-- params:  $year (int), $standard (text)
-- returns: previous_year_matched (file households whose id is in the previous year's review),
--          previous_year_households (file households whose province has a previous year),
--          next_year_matched (file households whose id is in the next year's review),
--          next_year_households (file households whose province has a next year),
--          min_continuity (the share the rollup asks of a commune's ids to count its flows)
with

panel as (
    select
        staged.household_id,
        coalesce(successor.new_province_code, staged.province_code) as panel_province,
    from staged_households as staged
    left join province_successor as successor
        on staged.scheme = 'legacy_63' and staged.province_code = successor.legacy_province_code
    where staged.household_id is not null
),

-- The province codes the neighbouring years may hold the file's households under (its provinces, and the
-- legacy provinces that went into them): only those are read, not the whole country's reviews.
file_provinces as (
    select distinct panel_province from panel
),

raw_codes as (
    select panel_province as province_code from file_provinces
    union
    select successor.legacy_province_code as province_code
    from province_successor as successor
    inner join file_provinces on successor.new_province_code = file_provinces.panel_province
),

neighbours as (
    select
        reviews.year,
        reviews.household_id,
        coalesce(successor.new_province_code, reviews.province_code) as panel_province,
    from household_review as reviews
    left join province_successor as successor
        on reviews.scheme = 'legacy_63' and reviews.province_code = successor.legacy_province_code
    where
        reviews.year in ($year - 1, $year + 1)
        and reviews.poverty_standard = $standard
        and reviews.province_code in (select raw_codes.province_code from raw_codes)
),

provinces as (
    select distinct
        year,
        panel_province,
    from neighbours
),

final as (
    select
        count(*) filter (where previous.household_id is not null) as previous_year_matched,
        count(*) filter (where has_previous.year is not null) as previous_year_households,
        count(*) filter (where following.household_id is not null) as next_year_matched,
        count(*) filter (where has_next.year is not null) as next_year_households,
        min_continuity() as min_continuity,
    from panel
    left join neighbours as previous
        on
            previous.year = $year - 1
            and panel.panel_province = previous.panel_province
            and panel.household_id = previous.household_id
    left join neighbours as following
        on
            following.year = $year + 1
            and panel.panel_province = following.panel_province
            and panel.household_id = following.household_id
    left join provinces as has_previous
        on has_previous.year = $year - 1 and panel.panel_province = has_previous.panel_province
    left join provinces as has_next
        on has_next.year = $year + 1 and panel.panel_province = has_next.panel_province
)

select * from final
