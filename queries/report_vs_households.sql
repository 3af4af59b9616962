-- Where a unit-year has both household lists and a summary form 7.1, the two side by side (the pages count
-- the households; the form is shown here so that a difference is seen and explained).
-- grain:   one row per unit_code x year (a stored 7.1 at or below the selected unit, households counted)
-- params:  $scheme (text), $unit_code (text)
-- returns: unit_code, unit_name, level, year, load_id, form_households, households, form_poor, poor,
--          form_near_poor, near_poor, households_difference, poor_difference, near_poor_difference
with

forms as (
    select
        figures.scheme,
        figures.unit_code,
        figures.level,
        figures.year,
        figures.poverty_standard,
        any_value(figures.load_id) as load_id,
        max(figures.value) filter (where figures.measure = 'households') as form_households,
        max(figures.value) filter (where figures.measure = 'poor_households') as form_poor,
        max(figures.value) filter (where figures.measure = 'near_poor_households') as form_near_poor,
    from summary_report_figure as figures
    inner join unit_level_ancestor as ancestors
        on
            figures.scheme = ancestors.scheme
            and figures.unit_code = ancestors.unit_code
            and figures.level = ancestors.level
    where
        figures.form = '7.1'
        and figures.area = 'all'
        and figures.counted = 'households'
        and figures.scheme = $scheme
        and ancestors.ancestor_code = $unit_code
    group by all
),

final as (
    select
        forms.unit_code,
        units.name as unit_name,
        forms.level,
        forms.year,
        forms.load_id,
        forms.form_households::bigint as form_households,
        summary.households,
        forms.form_poor::bigint as form_poor,
        summary.poor_households as poor,
        forms.form_near_poor::bigint as form_near_poor,
        summary.near_poor_households as near_poor,
        summary.households - forms.form_households as households_difference,
        summary.poor_households - forms.form_poor as poor_difference,
        summary.near_poor_households - forms.form_near_poor as near_poor_difference,
    from forms
    inner join unit_year_summary as summary
        on
            forms.scheme = summary.scheme
            and forms.unit_code = summary.unit_code
            and forms.year = summary.year
            and forms.poverty_standard = summary.poverty_standard
    inner join admin_unit as units on forms.scheme = units.scheme and forms.unit_code = units.code
    -- households counted from lists only: a unit partly from forms compares a form with itself
    where summary.summary_report_households = 0 and summary.households > 0
)

select * from final
order by year desc, list_position(['province', 'district', 'commune'], level), unit_code asc
