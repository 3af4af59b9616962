-- What each commune of today's units needs for the demo's 2026 funding, from the 2025 review: its poor and
-- near-poor households and the share of its households that are ethnic minority.
-- grain:   one row per commune of the scheme in force with poor or near-poor households in 2025
-- params:  none
-- returns: province_code, commune_code, poor_near_poor, ethnic_minority_share (fraction 0-1)
with

communes as (
    select
        unit_code as commune_code,
        parent_code as province_code,
        sum(households) as poor_near_poor,
    from unit_class_summary
    where
        scheme = 'from_2025'
        and level = 'commune'
        and year = 2025
        and household_class in ('poor', 'near_poor')
    group by all
),

ethnicity as (
    select
        unit_code as commune_code,
        ethnic_minority_households / nullif(ethnic_known_households, 0) as ethnic_minority_share,
    from unit_year_summary
    where scheme = 'from_2025' and level = 'commune' and year = 2025
),

final as (
    select
        communes.province_code,
        communes.commune_code,
        communes.poor_near_poor,
        coalesce(ethnicity.ethnic_minority_share, 0) as ethnic_minority_share,
    from communes
    left join ethnicity on communes.commune_code = ethnicity.commune_code
    where communes.poor_near_poor > 0
)

select * from final
order by province_code, commune_code
