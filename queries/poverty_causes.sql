-- The causes of poverty the summary form 7.10 gives (TT 02/2022), for a unit and year: the households of
-- each class and each cause, summed over the units of the form at or below the unit (a household may
-- have several causes, so the causes add up to more than the class).
-- grain:   one row per household_class x cause
-- params:  $scheme (text), $unit_code (text), $year (int)
-- returns: household_class, cause, households, class_households, share (of the class's households),
--          units (how many units of the form are summed)
with

figures as (
    select figures.*,
    from summary_report_figure as figures
    inner join unit_level_ancestor as ancestors
        on
            figures.scheme = ancestors.scheme
            and figures.unit_code = ancestors.unit_code
            and figures.level = ancestors.level
    where
        figures.form = '7.10'
        and figures.scheme = $scheme
        and figures.year = $year
        and figures.is_leaf
        and figures.area = 'all'
        and ancestors.ancestor_code = $unit_code
),

classes as (
    select
        household_class,
        sum(value) as class_households,
        count(distinct unit_code) as units,
    from figures
    where measure = 'households'
    group by household_class
),

final as (
    select
        figures.household_class,
        figures.measure as cause,
        sum(figures.value) as households,
        classes.class_households,
        sum(figures.value) / nullif(classes.class_households, 0) as share,
        classes.units,
    from figures
    left join classes on figures.household_class = classes.household_class
    where figures.measure <> 'households'
    group by figures.household_class, figures.measure, classes.class_households, classes.units
)

select * from final
order by household_class desc, households desc
