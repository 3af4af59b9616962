-- Money per project beside the need it serves, for every unit one level below $parent_code: the poor and
-- near-poor households deprived in the project's indicator (2021-2025: DA5, DA3.2, DA4, DA6.1), or all of
-- them for a component without one (2026-2030: TP1, whose contents are not public).
-- grain:   one row per unit_code x project_code of project_need for the year's programme period
-- params:  $scheme (text), $parent_code (text), $year (int), $standard (text)
-- returns: unit_code, unit_name, project_code, indicator_code, need_vi, need_en (what the project serves),
--          deprived_households (poor and near-poor households deprived in the indicator; all of them when
--          the project has no indicator),
--          poor_near_poor_households (of those whose file gave the indicator),
--          deprived_rate (fraction 0-1 = deprived_households / poor_near_poor_households),
--          need_share (fraction 0-1 = deprived_households / the units' total deprived_households),
--          allocated (million VND to the project and its sub-projects, at or below the unit), disbursed,
--          money_share (fraction 0-1 = allocated / the units' total allocated),
--          allocated_per_deprived_household (million VND = allocated / deprived_households), is_synthetic,
--          need_assessment ('under' when money_share < 2/3 need_share, 'over' when > 1.5 need_share,
--          'in_line' between; null without a need)
with

units as (
    select
        code as unit_code,
        name as unit_name,
        level,
    from children_of($scheme, $parent_code)
),

needs as (
    select
        project_code,
        indicator_code,
        note_vi,
        note_en,
    from project_need
    where program_period = programme_of_year($year)
),

deprived as (
    select
        unit_code,
        indicator_code,
        known_households,
        deprived_households,
    from group_indicator_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
        and poverty_standard = $standard
        and group_name = 'poor_near_poor'
),

households as (
    select
        unit_code,
        households,
    from group_class_summary
    where
        scheme = $scheme
        and is_child_row(level, parent_code, region_code, $parent_code)
        and year = $year
        and poverty_standard = $standard
        and group_name = 'poor_near_poor'
),

-- The money summed per place and project before it meets the units and the needs: both joins below are
-- conditions (is_at_or_below, a project or its sub-projects) that DuckDB checks for every pair, so they
-- pair a few thousand places, not every row of money.
located as (
    select
        region_code,
        province_code,
        district_code,
        commune_code,
        project_code,
        sum(allocated) as allocated,
        sum(disbursed) as disbursed,
        bool_or(is_synthetic) as is_synthetic,
    from funding_located
    where
        scheme = $scheme
        and year = $year
        and is_at_or_below($parent_code, region_code, province_code, district_code, commune_code)
    group by all
),

money as (
    select
        units.unit_code,
        needs.project_code,
        sum(located.allocated) as allocated,
        sum(located.disbursed) as disbursed,
        bool_or(located.is_synthetic) as is_synthetic,
    from located
    inner join units
        on is_at_or_below(
            units.unit_code, located.region_code, located.province_code, located.district_code, located.commune_code
        )
    inner join needs
        on located.project_code = needs.project_code or located.project_code like needs.project_code || '.%'
    group by units.unit_code, needs.project_code
),

joined as (
    select
        units.unit_code,
        units.unit_name,
        needs.project_code,
        needs.indicator_code,
        needs.note_vi as need_vi,
        needs.note_en as need_en,
        case
            when needs.indicator_code is null then households.households else deprived.deprived_households
        end as deprived_households,
        case
            when needs.indicator_code is null then households.households else deprived.known_households
        end as poor_near_poor_households,
        coalesce(money.allocated, 0) as allocated,
        coalesce(money.disbursed, 0) as disbursed,
        coalesce(money.is_synthetic, false) as is_synthetic,
    from units
    cross join needs
    inner join households on units.unit_code = households.unit_code
    left join deprived
        on units.unit_code = deprived.unit_code and needs.indicator_code = deprived.indicator_code
    left join money
        on units.unit_code = money.unit_code and needs.project_code = money.project_code
),

shared as (
    select
        *,
        deprived_households / nullif(poor_near_poor_households, 0) as deprived_rate,
        deprived_households / nullif(sum(deprived_households) over by_project, 0) as need_share,
        allocated / nullif(sum(allocated) over by_project, 0) as money_share,
        allocated / nullif(deprived_households, 0) as allocated_per_deprived_household,
    from joined
    window by_project as (partition by project_code)
),

final as (
    select
        unit_code,
        unit_name,
        project_code,
        indicator_code,
        need_vi,
        need_en,
        deprived_households,
        poor_near_poor_households,
        deprived_rate,
        need_share,
        allocated,
        disbursed,
        money_share,
        allocated_per_deprived_household,
        is_synthetic,
        case
            when need_share is null or need_share = 0 then null
            when money_share < need_share * 2 / 3 then 'under'
            when money_share > need_share * 1.5 then 'over'
            else 'in_line'
        end as need_assessment,
    from shared
)

select * from final
order by project_code, unit_code
