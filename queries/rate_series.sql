-- Poverty and near-poor rates over every review year, for a unit and the units one level below it.
-- grain:   one row per unit_code x year x poverty_standard
-- params:  $unit_code (text)
-- returns: unit_code, unit_name, short_name, is_selected_unit, year, poverty_standard, households,
--          poor_households, poverty_rate (fraction 0-1 = poor_households / households),
--          near_poor_households, near_poor_rate (fraction 0-1 = near_poor_households / households),
--          ethnic_minority_households, ethnic_minority_poor_households,
--          ethnic_minority_poverty_rate (fraction 0-1 = ethnic_minority_poor_households / ethnic_minority_households),
--          other_households (not ethnic minority), other_poor_households,
--          other_poverty_rate (fraction 0-1 = other_poor_households / other_households), is_synthetic
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        code = $unit_code as is_selected_unit,
    from admin_unit
    where
        scheme = 'legacy_63'
        and (code = $unit_code or parent_code = $unit_code)
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.is_selected_unit,
        summary.year,
        summary.poverty_standard,
        summary.households,
        summary.poor_households,
        summary.poor_households / nullif(summary.households, 0) as poverty_rate,
        summary.near_poor_households,
        summary.near_poor_households / nullif(summary.households, 0) as near_poor_rate,
        summary.ethnic_minority_households,
        summary.ethnic_minority_poor_households,
        summary.ethnic_minority_poor_households / nullif(summary.ethnic_minority_households, 0)
            as ethnic_minority_poverty_rate,
        summary.households - summary.ethnic_minority_households as other_households,
        summary.poor_households - summary.ethnic_minority_poor_households as other_poor_households,
        (summary.poor_households - summary.ethnic_minority_poor_households)
        / nullif(summary.households - summary.ethnic_minority_households, 0) as other_poverty_rate,
        summary.is_synthetic,
    from units
    inner join unit_year_summary as summary
        on units.unit_code = summary.unit_code
)

select * from final
order by is_selected_unit desc, unit_code asc, poverty_standard asc, year asc
