-- The kinds of money of the year's programme period for a unit and year (2021-2025: development
-- investment, recurrent, NHCSXH credit, other mobilised; 2026-2030 adds capital integrated from other
-- programmes): the plan's own figure beside the breakdown by project and unit, with disbursement,
-- central/local split and the plan's stated total.
-- grain:   one row per money_kind of the year's programme period (table money_kind), and 'total'
-- params:  $scheme (text), $unit_code (text: 'VN', a region, province, district or commune code), $year (int)
-- returns: money_kind, name_vi, name_en, sort_order,
--          plan_amount (million VND stated by a plan for this unit, null if none),
--          plan_is_approximate, plan_source_document, plan_source_row,
--          allocated (million VND, sum of the breakdown rows at or below the unit), disbursed,
--          disbursement_rate (fraction 0-1 = disbursed / allocated), central_allocated, local_allocated,
--          breakdown_row_count, is_approximate, is_synthetic,
--          plan_difference (million VND = allocated - plan_amount; null without both),
--          plan_check ('matches' within half a million, 'differs'; null without both), has_money (any figure)
with

kinds as (
    select
        code as money_kind,
        name_vi,
        name_en,
        sort_order,
    from money_kind
    where programme_period = programme_of_year($year)
    union all
    select
        'total' as money_kind,
        'Tổng cộng' as name_vi,
        'Total' as name_en,
        99 as sort_order,
),

located as (
    select * from funding_located
    where
        scheme = $scheme
        and year = $year
        and is_at_or_below($unit_code, region_code, province_code, district_code, commune_code)
),

plan as (
    select
        money_kind,
        sum(allocated) as plan_amount,
        bool_or(is_approximate) as plan_is_approximate,
        string_agg(distinct source_document, '; ') as plan_source_document,
        min(source_row) as plan_source_row,
    from located
    where is_plan_figure and unit_code = $unit_code
    group by money_kind
),

breakdown as (
    select
        coalesce(money_kind, 'total') as money_kind,
        sum(allocated) as allocated,
        sum(disbursed) as disbursed,
        sum(allocated) filter (where budget_level = 'central') as central_allocated,
        sum(allocated) filter (where budget_level = 'local') as local_allocated,
        count(*) as breakdown_row_count,
        bool_or(is_approximate) as is_approximate,
        bool_or(is_synthetic) as is_synthetic,
    from located
    where not (is_plan_figure and unit_code = $unit_code) and funding_source != 'total'
    group by grouping sets ((money_kind), ())
),

joined as (
    select
        kinds.money_kind,
        kinds.name_vi,
        kinds.name_en,
        kinds.sort_order,
        plan.plan_amount,
        plan.plan_is_approximate,
        plan.plan_source_document,
        plan.plan_source_row,
        breakdown.allocated,
        breakdown.disbursed,
        breakdown.disbursed / nullif(breakdown.allocated, 0) as disbursement_rate,
        breakdown.central_allocated,
        breakdown.local_allocated,
        coalesce(breakdown.breakdown_row_count, 0) as breakdown_row_count,
        breakdown.is_approximate,
        breakdown.is_synthetic,
    from kinds
    left join plan on kinds.money_kind = plan.money_kind
    left join breakdown on kinds.money_kind = breakdown.money_kind
),

final as (
    select
        *,
        allocated - plan_amount as plan_difference,
        case
            when plan_amount is null or allocated is null then null
            when abs(allocated - plan_amount) < 0.5 then 'matches'
            else 'differs'
        end as plan_check,
        sum(breakdown_row_count) over () > 0 or bool_or(plan_amount is not null) over () as has_money,
    from joined
)

select * from final
order by sort_order
