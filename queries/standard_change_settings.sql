-- The review years of a scheme the next standard can be simulated for, with that standard's national
-- rules and what the simulation assumes: the indicators the data cannot hold (drawn) and those dropped.
-- grain:   one row per year (with cells of standard_change_cell)
-- params:  $scheme (text)
-- returns: year, poverty_standard, next_standard, line_rural, line_urban (the next standard's national
--          lines, VND per person per month), min_deprivations, income_step (VND: lines are multiples of it),
--          highest_line (VND), share_step (percent), assumed_a_code, assumed_a_vi, assumed_a_en,
--          assumed_b_code, assumed_b_vi, assumed_b_en (the next standard's indicators the data do not hold,
--          in its list's order), dropped_vi, dropped_en (the indicators it no longer counts),
--          indicators_verified (false: the next standard's list was taken from a summary, not the decree),
--          legal_basis
with

years as (
    select distinct
        year,
        poverty_standard,
        next_standard,
    from standard_change_province_cell
    where scheme = $scheme
),

assumed as (
    select
        years.year,
        new_indicators.code,
        new_indicators.name_vi,
        new_indicators.name_en,
        row_number() over (partition by years.year order by new_indicators.sort_order) as position,
    from years
    inner join indicator as new_indicators on years.next_standard = new_indicators.standard
    where not exists (
        select 1 from indicator as old_indicators
        where old_indicators.standard = years.poverty_standard and old_indicators.code = new_indicators.code
    )
),

dropped as (
    select
        years.year,
        string_agg(old_indicators.name_vi, ', ' order by old_indicators.sort_order) as dropped_vi,
        string_agg(old_indicators.name_en, ', ' order by old_indicators.sort_order) as dropped_en,
    from years
    inner join indicator as old_indicators on years.poverty_standard = old_indicators.standard
    where
        not exists (
            select 1 from indicator as new_indicators
            where new_indicators.standard = years.next_standard and new_indicators.code = old_indicators.code
        )
    group by years.year
),

final as (
    select
        years.year,
        years.poverty_standard,
        years.next_standard,
        standards.line_rural,
        standards.line_urban,
        standards.min_deprivations,
        income_step_vnd() as income_step,
        highest_simulated_line() as highest_line,
        100 // assumption_steps() as share_step,
        first_assumed.code as assumed_a_code,
        first_assumed.name_vi as assumed_a_vi,
        first_assumed.name_en as assumed_a_en,
        second_assumed.code as assumed_b_code,
        second_assumed.name_vi as assumed_b_vi,
        second_assumed.name_en as assumed_b_en,
        dropped.dropped_vi,
        dropped.dropped_en,
        standards.indicators_verified,
        standards.legal_basis,
    from years
    inner join poverty_standard as standards on years.next_standard = standards.code
    left join assumed as first_assumed on years.year = first_assumed.year and first_assumed.position = 1
    left join assumed as second_assumed on years.year = second_assumed.year and second_assumed.position = 2
    left join dropped on years.year = dropped.year
)

select * from final
order by year
