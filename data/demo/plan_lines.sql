-- The calibration plan's rows of one legacy province with everything its households are drawn from:
-- the units they are coded in from 2025 on, the standard's indicators and its income lines for the
-- commune's area (data/demo/household_draws.py turns each row into households).
-- grain:   one row per commune x year of the plan (demo_commune_plan, registered by households.py)
-- params:  $province_code (text: a legacy province of the plan)
-- returns: the plan's columns, and
--          scheme (the year's unit scheme), new_province_code, new_commune_code (through unit_crosswalk),
--          standard_mask (the indicators the standard has), min_deprivations,
--          income_line (poor at or under it: the income-only line where the standard has one),
--          near_poor_upper (the near-poor's upper income where the poor have their own line; else null),
--          middle_upper (the middle's upper income), next_line (the next standard's line where it lies
--          inside the middle band: 2026-2030 after 2022-2025; else null), commune_id (the commune as a
--          number: household ids are built from it)
select
    demo_plan.*,
    scheme_of_year(demo_plan.year) as scheme,
    crosswalk.new_province_code,
    crosswalk.new_commune_code,
    standards.standard_mask,
    lines.min_deprivations,
    coalesce(
        case when demo_plan.area = 'urban' then lines.income_only_line_urban else lines.income_only_line_rural end,
        case when demo_plan.area = 'urban' then lines.line_urban else lines.line_rural end
    ) as income_line,
    case
        when lines.income_only_line_rural is null then null
        when demo_plan.area = 'urban' then lines.line_urban
        else lines.line_rural
    end as near_poor_upper,
    case when demo_plan.area = 'urban' then lines.middle_line_urban else lines.middle_line_rural end
        as middle_upper,
    least(
        case when demo_plan.area = 'urban' then next_lines.line_urban else next_lines.line_rural end,
        case when demo_plan.area = 'urban' then lines.middle_line_urban else lines.middle_line_rural end
    ) as next_line,
    demo_plan.commune_code::integer as commune_id,
from demo_commune_plan as demo_plan
inner join unit_crosswalk as crosswalk on demo_plan.commune_code = crosswalk.legacy_commune_code
inner join standard_mask as standards on demo_plan.poverty_standard = standards.standard
inner join poverty_standard as lines on demo_plan.poverty_standard = lines.code
left join poverty_standard as next_lines on lines.last_review_year + 1 = next_lines.first_review_year
where demo_plan.province_code = $province_code
order by commune_id, demo_plan.year, demo_plan.poverty_standard
