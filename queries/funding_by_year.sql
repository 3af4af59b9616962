-- Allocation and disbursement by year and kind of money for a unit and all units below it.
-- grain:   one row per year x money_kind that has breakdown rows
-- params:  $scheme (text), $unit_code (text: 'VN' or a unit code)
-- returns: year, money_kind, name_vi, name_en (of the kind, in the year's programme period),
--          allocated (million VND), disbursed,
--          disbursement_rate (fraction 0-1 = disbursed / allocated), is_synthetic
with

located as (
    select * from funding_located
    where
        scheme = $scheme
        and is_at_or_below($unit_code, region_code, province_code, district_code, commune_code)
        and not (is_plan_figure and unit_code = $unit_code)
        and funding_source != 'total'
),

by_kind as (
    select
        year,
        programme_period,
        money_kind,
        sum(allocated) as allocated,
        sum(disbursed) as disbursed,
        sum(disbursed) / nullif(sum(allocated), 0) as disbursement_rate,
        bool_or(is_synthetic) as is_synthetic,
    from located
    group by year, programme_period, money_kind
),

final as (
    select
        by_kind.year,
        by_kind.money_kind,
        coalesce(kinds.name_vi, by_kind.money_kind) as name_vi,
        coalesce(kinds.name_en, by_kind.money_kind) as name_en,
        by_kind.allocated,
        by_kind.disbursed,
        by_kind.disbursement_rate,
        by_kind.is_synthetic,
    from by_kind
    left join money_kind as kinds
        on by_kind.programme_period = kinds.programme_period and by_kind.money_kind = kinds.code
)

select * from final
order by year, money_kind
