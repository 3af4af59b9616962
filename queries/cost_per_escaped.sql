-- Budget money disbursed per household that escaped poverty, for a unit and the units one level below, by year.
-- grain:   one row per unit_code x year with escaped households under the standard
-- params:  $unit_code (text), $standard (text: '2022-2025' | '2016-2020')
-- returns: unit_code, unit_name, is_selected_unit, year, disbursed (million VND of development investment
--          and recurrent budget money, at or below the unit; NHCSXH loans and other funds left out),
--          escaped_households, cost_per_escaped (million VND = disbursed / escaped_households), is_synthetic
with

units as (
    select
        code as unit_code,
        case when code = 'VN' then null else name end as unit_name,
        code = $unit_code as is_selected_unit,
    from admin_unit
    where scheme = 'legacy_63' and (code = $unit_code or parent_code = $unit_code)
),

budget as (
    select
        units.unit_code,
        located.year,
        sum(located.disbursed) as disbursed,
        bool_or(located.is_synthetic) as is_synthetic,
    from funding_located as located
    inner join units
        on (
            units.unit_code = 'VN'
            or units.unit_code in (located.province_code, located.district_code, located.commune_code)
        )
    where located.money_kind in ('development_investment', 'recurrent') and located.disbursed is not null
    group by units.unit_code, located.year
),

escaped as (
    select
        unit_code,
        year,
        escaped_households,
        is_synthetic,
    from unit_year_summary
    where poverty_standard = $standard and escaped_households is not null
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
        budget.is_synthetic or escaped.is_synthetic as is_synthetic,
    from units
    inner join escaped on units.unit_code = escaped.unit_code
    inner join budget on units.unit_code = budget.unit_code and escaped.year = budget.year
)

select * from final
order by is_selected_unit desc, unit_code asc, year asc
