-- What the next poverty standard would do to a unit and to each unit one level below it, for one review
-- year: households now poor and near-poor beside the same households classed under the next standard's
-- rule, with the assumed deprivations at the shares set and at zero.
-- grain:   one row per unit_code (the selected unit, and each unit one level below it with data)
-- params:  $scheme (text), $parent_code (text: 'VN', a province or a commune of the scheme in force),
--          $year (int), $line_rural (int: VND per person per month, a multiple of income_step_vnd()),
--          $line_urban (int), $share_a (int: percent of households deprived in the first assumed
--          indicator, a multiple of 100 / assumption_steps()), $share_b (int: the second),
--          $unit_codes (text[]: units below with shares of their own), $unit_shares_a (int[]),
--          $unit_shares_b (int[])
-- returns: unit_code, unit_name, short_name, is_selected_unit, households,
--          unclassified_households (income or a shared indicator unknown: not simulated),
--          poor_households, near_poor_households (now), poor_near_poor_households,
--          poor_rate (fraction 0-1 = poor_households / households), poor_near_poor_rate,
--          new_poor_households, new_near_poor_households, new_poor_near_poor_households (under the next
--          standard, with the shares set), new_poor_rate (fraction 0-1 = new_poor_households / households),
--          new_poor_near_poor_rate, new_poor_at_zero (poor with every assumed share at 0 %),
--          new_near_poor_at_zero, poor_members, near_poor_members (persons, now), new_poor_members,
--          new_near_poor_members, members_known_households, poor_rate_change (points as a fraction =
--          new_poor_rate - poor_rate), poor_near_poor_rate_change, data_kind, lat, lon
with

parent as (
    select level from admin_unit
    where scheme = $scheme and code = $parent_code
),

overrides as (
    select
        unnest($unit_codes::varchar[]) as unit_code,
        unnest($unit_shares_a::integer[]) as share_a,
        unnest($unit_shares_b::integer[]) as share_b,
),

-- The cells in view, each under the unit below the selected one that holds it: provinces under the
-- country (the province cells), communes under a province, the commune itself.
cells as (
    select
        cells.province_code as child_code,
        cells.*,
    from standard_change_province_cell as cells
    where
        cells.scheme = $scheme and cells.year = $year and (select parent.level from parent) = 'country'
    union all by name
    select
        cells.commune_code as child_code,
        cells.* exclude (commune_code),
    from standard_change_cell as cells
    where
        cells.scheme = $scheme
        and cells.year = $year
        and (
            ((select parent.level from parent) = 'province' and cells.province_code = $parent_code)
            or ((select parent.level from parent) = 'commune' and cells.commune_code = $parent_code)
        )
),

-- Each cell's class under the next standard as flags, summed before the classes are named: comparing text
-- on the country's 1.6 million cells cost a third of the query.
classed as (
    select
        cells.child_code,
        cells.household_class,
        cells.households,
        cells.members,
        cells.members_known_households,
        cells.synthetic_households,
        cells.income_step is null or cells.shared_deprivations is null as is_unclassified,
        not is_unclassified
        and cells.income_step * income_step_vnd()
        <= case when cells.area = 'urban' then $line_urban else $line_rural end as is_within_line,
        cells.shared_deprivations
        + coalesce(cells.draw_a < coalesce(overrides.share_a, $share_a) * assumption_steps() // 100, false)::int
        + coalesce(cells.draw_b < coalesce(overrides.share_b, $share_b) * assumption_steps() // 100, false)::int
        >= standards.min_deprivations as has_enough_deprivations,
        cells.shared_deprivations >= standards.min_deprivations as has_enough_at_zero,
    from cells
    inner join poverty_standard as standards on cells.next_standard = standards.code
    left join overrides on cells.child_code = overrides.unit_code
),

grouped as (
    select
        child_code,
        household_class,
        is_unclassified,
        is_within_line,
        has_enough_deprivations,
        has_enough_at_zero,
        sum(households) as households,
        sum(members) as members,
        sum(members_known_households) as members_known_households,
        sum(synthetic_households) as synthetic_households,
    from classed
    group by all
),

children as (
    select
        child_code as unit_code,
        false as is_selected_unit,
        sum(households) as households,
        sum(households) filter (where is_unclassified) as unclassified_households,
        sum(households) filter (where household_class = 'poor') as poor_households,
        sum(households) filter (where household_class = 'near_poor') as near_poor_households,
        sum(households) filter (where is_within_line and has_enough_deprivations) as new_poor_households,
        sum(households) filter (where is_within_line and not has_enough_deprivations) as new_near_poor_households,
        sum(households) filter (where is_within_line and has_enough_at_zero) as new_poor_at_zero,
        sum(households) filter (where is_within_line and not has_enough_at_zero) as new_near_poor_at_zero,
        sum(members) filter (where household_class = 'poor') as poor_members,
        sum(members) filter (where household_class = 'near_poor') as near_poor_members,
        sum(members) filter (where is_within_line and has_enough_deprivations) as new_poor_members,
        sum(members) filter (where is_within_line and not has_enough_deprivations) as new_near_poor_members,
        sum(members_known_households) as members_known_households,
        sum(synthetic_households) as synthetic_households,
    from grouped
    group by child_code
),

-- The selected unit: the sum of the units below it (a commune is its own only unit).
selected as (
    select
        $parent_code as unit_code,
        true as is_selected_unit,
        sum(columns(* exclude (unit_code, is_selected_unit))),
    from children
),

counted as (
    select * from selected
    where households is not null
    union all by name
    select * from children
    where (select parent.level from parent) <> 'commune'
),

final as (
    select
        counted.unit_code,
        units.name as unit_name,
        units.short_name,
        counted.is_selected_unit,
        counted.households,
        coalesce(counted.unclassified_households, 0) as unclassified_households,
        coalesce(counted.poor_households, 0) as poor_households,
        coalesce(counted.near_poor_households, 0) as near_poor_households,
        coalesce(counted.poor_households, 0) + coalesce(counted.near_poor_households, 0) as poor_near_poor_households,
        coalesce(counted.poor_households, 0) / nullif(counted.households, 0) as poor_rate,
        (coalesce(counted.poor_households, 0) + coalesce(counted.near_poor_households, 0))
        / nullif(counted.households, 0) as poor_near_poor_rate,
        coalesce(counted.new_poor_households, 0) as new_poor_households,
        coalesce(counted.new_near_poor_households, 0) as new_near_poor_households,
        coalesce(counted.new_poor_households, 0) + coalesce(counted.new_near_poor_households, 0)
            as new_poor_near_poor_households,
        coalesce(counted.new_poor_households, 0) / nullif(counted.households, 0) as new_poor_rate,
        (coalesce(counted.new_poor_households, 0) + coalesce(counted.new_near_poor_households, 0))
        / nullif(counted.households, 0) as new_poor_near_poor_rate,
        coalesce(counted.new_poor_at_zero, 0) as new_poor_at_zero,
        coalesce(counted.new_near_poor_at_zero, 0) as new_near_poor_at_zero,
        counted.poor_members,
        counted.near_poor_members,
        counted.new_poor_members,
        counted.new_near_poor_members,
        counted.members_known_households,
        (coalesce(counted.new_poor_households, 0) - coalesce(counted.poor_households, 0))
        / nullif(counted.households, 0) as poor_rate_change,
        (
            coalesce(counted.new_poor_households, 0) + coalesce(counted.new_near_poor_households, 0)
            - coalesce(counted.poor_households, 0) - coalesce(counted.near_poor_households, 0)
        ) / nullif(counted.households, 0) as poor_near_poor_rate_change,
        data_kind(counted.synthetic_households, counted.households) as data_kind,
        units.lat,
        units.lon,
    from counted
    inner join admin_unit as units on units.scheme = $scheme and counted.unit_code = units.code
)

select * from final
order by is_selected_unit desc, new_poor_near_poor_rate desc nulls last, unit_code asc
