-- The national money frame of the programme period a year belongs to, by source (2026-2030: Quyết định
-- 417/QĐ-BNNMT, Nghị quyết 257/2025/QH15), with the mobilised total it states.
-- grain:   one row per funding_source x capital_type of programme_frame for the year's programme period
-- params:  $year (int)
-- returns: programme_period, funding_source, capital_type, name_vi, name_en (of the source; the total's
--          own name), amount_billion_vnd, is_approximate, share_of_total (fraction 0-1 = amount_billion_vnd /
--          the stated total), source_document
with

frame as (
    select * from programme_frame
    where programme_period = programme_of_year($year)
),

final as (
    select
        frame.programme_period,
        frame.funding_source,
        frame.capital_type,
        coalesce(sources.name_vi, 'Tổng vốn huy động') as name_vi,
        coalesce(sources.name_en, 'Total mobilised') as name_en,
        frame.amount_billion_vnd,
        frame.is_approximate,
        frame.amount_billion_vnd
        / nullif(max(frame.amount_billion_vnd) filter (where frame.funding_source = 'total') over (), 0)
            as share_of_total,
        frame.source_document,
    from frame
    left join money_source as sources
        on frame.programme_period = sources.programme_period and frame.funding_source = sources.code
)

select * from final
order by funding_source = 'total' asc, amount_billion_vnd desc
