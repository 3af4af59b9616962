-- The unit of today that holds a legacy province or commune (for carrying a selection across the reform).
-- grain:   at most one row
-- params:  $province (text: legacy province code or ''), $commune (text: legacy commune code or '')
-- returns: province_code, commune_code (from_2025 codes; commune_code null when no commune was chosen)
with

province as (
    select new_province_code as province_code,
    from province_successor
    where legacy_province_code = $province
),

commune as (
    select
        new_province_code as province_code,
        new_commune_code as commune_code,
    from unit_crosswalk
    where legacy_commune_code = $commune
),

final as (
    select
        coalesce(commune.province_code, province.province_code) as province_code,
        commune.commune_code,
    from province
    full outer join commune on true
)

select * from final
