-- How much of a unit's figures come from summary report forms rather than household lists, in one year
-- or over every year (the title of every page says so, and so does a slide's footer).
-- grain:   one row
-- params:  $scheme (text), $unit_code (text: 'VN' or a unit code of the scheme), $year (int; null: any year)
-- returns: households, summary_report_households, summary_report_share (0-1; null without data),
--          forms (the forms stored at or below the unit, e.g. '7.1, 7.2')
with

counted as (
    select
        sum(households) as households,
        sum(summary_report_households) as summary_report_households,
    from unit_year_summary
    where scheme = $scheme and unit_code = $unit_code and ($year is null or year = $year)
),

stored_forms as (
    select string_agg(form, ', ' order by try_cast(split_part(form, '.', 2) as integer)) as forms,
    from (
        select distinct figures.form,
        from summary_report_figure as figures
        inner join unit_level_ancestor as ancestors
            on
                figures.scheme = ancestors.scheme
                and figures.unit_code = ancestors.unit_code
                and figures.level = ancestors.level
        where
            figures.scheme = $scheme
            and ancestors.ancestor_code = $unit_code
            and ($year is null or figures.year = $year)
    ) as distinct_forms
),

final as (
    select
        counted.households,
        counted.summary_report_households,
        counted.summary_report_households / nullif(counted.households, 0) as summary_report_share,
        stored_forms.forms,
    from counted
    cross join stored_forms
)

select * from final
