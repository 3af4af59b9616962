-- Budget money disbursed per household that escaped poverty, for a unit and the units one level below, by year.
-- grain:   one row per unit_code x year with complete flows and budget disbursement
-- params:  $scheme (text), $unit_code (text), $standard (text)
-- returns: unit_code, unit_name, is_selected_unit, year, disbursed (million VND of development investment
--          and recurrent budget money, at or below the unit; NHCSXH loans and other funds left out),
--          escaped_households, cost_per_escaped (million VND = disbursed / escaped_households),
--          cost_kind ('synthetic' | 'real' | 'mixed': the money and the households of both years)
--
-- Years whose flows are not complete have no households escaped to divide by and are left out.
with

units as (
    select
        code as unit_code,
        case when code = 'VN' then null else name end as unit_name,
        code = $unit_code as is_selected_unit,
    from units_of($scheme)
    where code = $unit_code
    union all
    select
        code as unit_code,
        name as unit_name,
        false as is_selected_unit,
    from children_of($scheme, $unit_code)
),

-- The money summed per place and year before it meets the units: the join below is a condition on the
-- place (is_at_or_below), which DuckDB checks for every pair, so it pairs a few thousand places, not every
-- row of money.
located as (
    select
        region_code,
        province_code,
        district_code,
        commune_code,
        year,
        sum(disbursed) as disbursed,
        bool_and(is_synthetic) as all_synthetic,
        bool_or(is_synthetic) as any_synthetic,
    from funding_located
    where
        scheme = $scheme
        and money_kind in ('development_investment', 'recurrent')
        and disbursed is not null
        and is_at_or_below($unit_code, region_code, province_code, district_code, commune_code)
    group by all
),

budget as (
    select
        units.unit_code,
        located.year,
        sum(located.disbursed) as disbursed,
        case
            when bool_and(located.all_synthetic) then 'synthetic' when bool_or(located.any_synthetic) then 'mixed'
            else 'real'
        end as money_kind,
    from located
    inner join units
        on is_at_or_below(
            units.unit_code, located.region_code, located.province_code, located.district_code, located.commune_code
        )
    group by units.unit_code, located.year
),

escaped as (
    select
        summary.unit_code,
        summary.year,
        summary.escaped_households,
        compared_kind(
            data_kind(summary.synthetic_households, summary.households),
            data_kind(previous.synthetic_households, previous.households)
        ) as households_kind,
    from unit_year_summary as summary
    left join unit_year_summary as previous
        on
            summary.scheme = previous.scheme
            and summary.unit_code = previous.unit_code
            and summary.poverty_standard = previous.poverty_standard
            and previous.year = summary.year - 1
    where
        summary.scheme = $scheme
        and summary.poverty_standard = $standard
        and flow_state(summary.households, summary.previous_review_households, summary.flow_households) = 'complete'
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.is_selected_unit,
        escaped.year,
        budget.disbursed,
        escaped.escaped_households,
        budget.disbursed / nullif(escaped.escaped_households, 0) as cost_per_escaped,
        compared_kind(budget.money_kind, escaped.households_kind) as cost_kind,
    from units
    inner join escaped on units.unit_code = escaped.unit_code
    inner join budget on units.unit_code = budget.unit_code and escaped.year = budget.year
)

select * from final
order by is_selected_unit desc, unit_code asc, year asc
