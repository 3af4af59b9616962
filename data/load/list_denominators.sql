-- Each commune of a staged household file: how many households it lists, how many of them are neither poor
-- nor near-poor (a list of the poor and near-poor alone has none but those leaving the classes), and the
-- commune's total households in a stored summary form 7.1 of the year (what completes such a list).
-- grain:   one row per commune of the file
-- params:  $year (int), $scheme (text)
-- returns: commune_code, listed, plain_other, form_households
with

forms as (
    select
        unit_code,
        households,
    from commune_form_households()
    where scheme = $scheme and year = $year
)

select
    staged.commune_code,
    count(*) as listed,
    count(*) filter (where completes_a_list(staged.household_class, staged.reported_movement)) as plain_other,
    any_value(forms.households) as form_households,
from staged_households as staged
left join forms on staged.commune_code = forms.unit_code
where staged.commune_code is not null
group by staged.commune_code
order by staged.commune_code
