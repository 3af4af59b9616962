-- Synthetic household panel of one legacy province from the calibration plan (demo_commune_plan),
-- deterministic for a fixed seed.
-- grain:   one row per household_id x year
-- params:  $seed (int: salts every hash, so the panel changes only when the seed does),
--          $province_code (text: a legacy province of the plan),
--          $patterns_per_draw (int: the stride of demo_deprivation_pattern, data/demo/households.py),
--          $middle_below_next_line (double: the share of middle households whose income is at or under
--          the next standard's line, province_plan.MIDDLE_BELOW_NEXT_LINE)
-- returns: rows of household_review; reviews from 2025 are coded in the 2025 units (the same
--          households, carried through unit_crosswalk)
--
-- How it works. Every household that ever lives in a commune gets a persistent welfare score and
-- yearly noise. In each review year the plan says how many households live there and how many are
-- poor, near-poor and middle; households are ranked by score + noise and the lowest ranks take those
-- classes. So the counts are exactly the plan's, and households move between classes as in a real
-- panel: most poor stay poor, some escape, some fall back. Income and the number of deprivations are
-- drawn consistent with the class and the standard's rule (poverty_standard: poor = income at or under
-- the line and at least 3 deprivations under 2022-2025); which indicators are deprived is one of the
-- precomputed weighted draws of demo_deprivation_pattern (remote districts lean to water, latrine,
-- housing, information). Hashes are salted (an unsalted hash of the id collides with DuckDB's own
-- hashing and makes joins on it 30-60 times slower).

-- The deprivation patterns as one list in a variable, indexed by pattern_key: a lookup by position.
-- (A join on pattern_key, or the list as a column, copies the list or the row payload for every
-- household; see docs/performance.md.)
set variable pattern_masks = (
    select list(deprivations_mask order by pattern_key) from demo_deprivation_pattern
);

insert into household_review by name
with

-- The small tables join the plan (one row per commune and year), not the millions of households.
plan as (
    select
        demo_plan.*,
        scheme_of_year(demo_plan.year) as scheme,
        crosswalk.new_province_code,
        crosswalk.new_commune_code,
        standards.standard_mask,
        lines.min_deprivations,
        coalesce(
            case when demo_plan.area = 'urban' then lines.income_only_line_urban else lines.income_only_line_rural end,
            case when demo_plan.area = 'urban' then lines.line_urban else lines.line_rural end
        ) as income_line,
        case
            when lines.income_only_line_rural is null then null
            when demo_plan.area = 'urban' then lines.line_urban
            else lines.line_rural
        end as near_poor_upper,
        case when demo_plan.area = 'urban' then lines.middle_line_urban else lines.middle_line_rural end
            as middle_upper,
        -- the next standard's line, where it lies inside the middle band (2026-2030 after 2022-2025)
        least(
            case when demo_plan.area = 'urban' then next_lines.line_urban else next_lines.line_rural end,
            case when demo_plan.area = 'urban' then lines.middle_line_urban else lines.middle_line_rural end
        ) as next_line,
        demo_plan.commune_code::integer as commune_id,
    from demo_commune_plan as demo_plan
    inner join unit_crosswalk as crosswalk on demo_plan.commune_code = crosswalk.legacy_commune_code
    inner join standard_mask as standards on demo_plan.poverty_standard = standards.standard
    inner join poverty_standard as lines on demo_plan.poverty_standard = lines.code
    left join poverty_standard as next_lines on lines.last_review_year + 1 = next_lines.first_review_year
    where demo_plan.province_code = $province_code
),

commune_size as (
    select
        commune_id,
        max(households) as max_households,
    from plan
    group by commune_id
),

traits as (
    select
        commune_size.commune_id,
        series.seq,
        commune_size.commune_id::bigint * 1000000 + series.seq as household_id,
    from commune_size,
        range(1, commune_size.max_households + 1) as series (seq)
),

-- Rank on a narrow relation (the window sorts every column it carries), then join the plan back.
ranked as (
    select
        plan.commune_id,
        plan.year,
        traits.household_id,
        row_number() over (
            partition by plan.commune_id, plan.year
            order by
                (hash(traits.household_id + $seed) % 1000003) / 1000003.0
                + 0.12 * ((hash(traits.household_id * 37 + plan.year + $seed + 4) % 1000003) / 1000003.0 - 0.5),
                traits.household_id
        ) as welfare_rank,
    from plan
    inner join traits
        on plan.commune_id = traits.commune_id and plan.households >= traits.seq
),

classified as (
    select
        plan.*,
        ranked.household_id,
        (hash(ranked.household_id + $seed) % 1000003) / 1000003.0 as welfare_base,
        case
            when ranked.welfare_rank <= plan.poor then 'poor'
            when ranked.welfare_rank <= plan.poor + plan.near_poor then 'near_poor'
            when ranked.welfare_rank <= plan.poor + plan.near_poor + plan.middle then 'middle'
            else 'other'
        end as household_class,
        -- one hash a year gives the income, deprivation-count and pattern draws (separate bit fields)
        (hash(ranked.household_id * 31 + plan.year + $seed + 3) % 1000003) / 1000003.0 as u_income,
        ((hash(ranked.household_id * 31 + plan.year + $seed + 3) >> 20) % 1000003) / 1000003.0 as u_count,
        ((hash(ranked.household_id * 31 + plan.year + $seed + 3) >> 44) % $patterns_per_draw)::integer
            as pattern_index,
        (hash(ranked.household_id + $seed + 1) % 1000003) / 1000003.0 as u_ethnic,
        ((hash(ranked.household_id + $seed + 1) >> 20) % 1000003) / 1000003.0 as u_members,
    from ranked
    inner join plan on ranked.commune_id = plan.commune_id and ranked.year = plan.year
),

drawn as (
    select
        *,
        case
            when household_class = 'poor' then floor(income_line * (0.40 + 0.60 * u_income))
            when household_class = 'near_poor' and near_poor_upper is null
                then floor(income_line * (0.55 + 0.45 * u_income))
            when household_class = 'near_poor'
                then floor(income_line + 1 + (near_poor_upper - income_line - 1) * u_income)
            when
                household_class = 'middle' and near_poor_upper is null and next_line > income_line
                and u_income < $middle_below_next_line
                then floor(income_line + 1 + (next_line - income_line - 1) * u_income / $middle_below_next_line)
            when household_class = 'middle' and near_poor_upper is null and next_line > income_line
                then floor(
                    next_line + 1 + (middle_upper - next_line - 1)
                    * (u_income - $middle_below_next_line) / (1 - $middle_below_next_line)
                )
            when household_class = 'middle' and near_poor_upper is null
                then floor(income_line + 1 + (middle_upper - income_line - 1) * u_income)
            when household_class = 'middle'
                then floor(near_poor_upper + 1 + (middle_upper - near_poor_upper - 1) * u_income)
            else floor(middle_upper * (1.05 + 2.5 * u_income * u_income))
        end::integer as income_per_capita,
        case
            when household_class = 'poor' and near_poor_upper is null
                then min_deprivations + floor(u_count * u_count * 5)
            when household_class = 'poor' then 1 + floor(u_count * 5)
            when household_class = 'near_poor' then floor(u_count * min_deprivations)
            when household_class = 'middle' then floor(u_count * u_count * 4)
            else floor(u_count * u_count * u_count * 3)
        end::integer as deprivation_count,
        1 + floor(u_members * 5)::integer + (case when household_class = 'poor' and u_members > 0.6 then 1 else 0 end)
            as members,
        u_ethnic < least(1.0, ethnic_minority_share * 2 * (1 - welfare_base)) as ethnic_minority,
    from classified
),

coded as (
    select
        drawn.*,
        getvariable('pattern_masks')[
            drawn.pattern_base + drawn.deprivation_count * $patterns_per_draw + drawn.pattern_index + 1
        ] as deprivations_mask,
        drawn.standard_mask as indicators_known_mask,
    from drawn
),

final as (
    select
        year,
        household_id,
        scheme,
        case when scheme = 'legacy_63' then province_code else new_province_code end as province_code,
        case when scheme = 'legacy_63' then district_code end as district_code,
        case when scheme = 'legacy_63' then commune_code else new_commune_code end as commune_code,
        area,
        members,
        income_per_capita,
        household_class,
        poverty_standard,
        ethnic_minority,
        deprivations_mask,
        indicators_known_mask,
        true as is_synthetic,
    from coded
)

select * from final;
