-- What a load of summary forms changes, unit by unit: the households the dashboard counts for each unit of
-- the forms' 7.1 now (from households or earlier forms), and what the form says.
-- grain:   one row per unit of the staged 7.1 (none without one)
-- params:  $year (int), $scheme (text)
-- returns: level, unit_code, unit_name, households_before, households_after, is_removal
select
    staged.level,
    staged.unit_code,
    units.name as unit_name,
    coalesce(summary.households, 0) as households_before,
    staged.value::bigint as households_after,
    false as is_removal,
from staged_report_figure as staged
inner join admin_unit as units on staged.scheme = units.scheme and staged.unit_code = units.code
left join unit_year_summary as summary
    on
        staged.scheme = summary.scheme
        and staged.unit_code = summary.unit_code
        and summary.year = $year
        and staged.poverty_standard = summary.poverty_standard
where
    staged.form = '7.1'
    and staged.measure = 'households'
    and staged.area = 'all'
    and staged.counted = 'households'
    and staged.year = $year
    and staged.scheme = $scheme
order by list_position(['province', 'district', 'commune'], staged.level), staged.unit_code
