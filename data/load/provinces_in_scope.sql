-- The provinces of a scheme that an account's scope covers. A scope names today's provinces: under the
-- scheme in force they are themselves, under the older scheme the provinces that went into them (the new
-- Lào Cai covers the old Lào Cai and Yên Bái).
-- grain:   one row per unit_code
-- params:  $scheme (text), $provinces (text[]: today's province codes)
-- returns: unit_code
with

in_force as (
    select schemes.code from unit_scheme as schemes
    where schemes.last_review_year is null
),

final as (
    select successors.legacy_province_code as unit_code,
    from province_successor as successors
    where
        $scheme not in (select in_force.code from in_force)
        and list_contains($provinces, successors.new_province_code)
    union all
    select units.code as unit_code,
    from admin_unit as units
    where
        $scheme in (select in_force.code from in_force)
        and units.scheme = $scheme
        and units.level = 'province'
        and list_contains($provinces, units.code)
)

select * from final
order by unit_code
