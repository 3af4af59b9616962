-- Where the households of a unit go under the next poverty standard: each class now against the class
-- the next standard's rule gives them, with the shares of the assumed deprivations set.
-- grain:   one row per household_class x new_class (with households)
-- params:  $scheme (text), $unit_code (text: 'VN', a province or a commune of the scheme in force),
--          $year (int), $line_rural (int: VND per person per month), $line_urban (int),
--          $share_a (int: percent), $share_b (int: percent), $unit_codes (text[]: units below the selected
--          one with shares of their own), $unit_shares_a (int[]), $unit_shares_b (int[])
-- returns: household_class (poor | near_poor | middle | other), new_class (poor | near_poor | above_line |
--          unclassified), households, share (fraction 0-1 = households / the class's households now)
with

unit as (
    select level from admin_unit
    where scheme = $scheme and code = $unit_code
),

overrides as (
    select
        unnest($unit_codes::varchar[]) as unit_code,
        unnest($unit_shares_a::integer[]) as share_a,
        unnest($unit_shares_b::integer[]) as share_b,
),

cells as (
    select
        cells.province_code as child_code,
        cells.*,
    from standard_change_province_cell as cells
    where cells.scheme = $scheme and cells.year = $year and (select unit.level from unit) = 'country'
    union all by name
    select
        cells.commune_code as child_code,
        cells.* exclude (commune_code),
    from standard_change_cell as cells
    where
        cells.scheme = $scheme
        and cells.year = $year
        and (
            ((select unit.level from unit) = 'province' and cells.province_code = $unit_code)
            or ((select unit.level from unit) = 'commune' and cells.commune_code = $unit_code)
        )
),

classed as (
    select
        cells.household_class,
        cells.households,
        case
            when cells.income_step is null or cells.shared_deprivations is null then 'unclassified'
            when
                cells.income_step * income_step_vnd()
                > case when cells.area = 'urban' then $line_urban else $line_rural end
                then 'above_line'
            when
                cells.shared_deprivations
                + coalesce(cells.draw_a < coalesce(overrides.share_a, $share_a) * assumption_steps() // 100, false)::int
                + coalesce(cells.draw_b < coalesce(overrides.share_b, $share_b) * assumption_steps() // 100, false)::int
                >= standards.min_deprivations
                then 'poor'
            else 'near_poor'
        end as new_class,
    from cells
    inner join poverty_standard as standards on cells.next_standard = standards.code
    left join overrides on cells.child_code = overrides.unit_code
),

final as (
    select
        household_class,
        new_class,
        sum(households) as households,
        sum(households) / sum(sum(households)) over (partition by household_class) as share,
    from classed
    group by household_class, new_class
)

select * from final
order by
    list_position(['poor', 'near_poor', 'middle', 'other'], household_class) asc,
    list_position(['poor', 'near_poor', 'above_line', 'unclassified'], new_class) asc
