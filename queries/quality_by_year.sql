-- Data-quality counts per province and review year, from the rollups: rows, where they come from,
-- class-rule mismatches, unknown ethnicity, personal data held, and how far the ids continue last year's.
-- grain:   one row per province_code x year x poverty_standard
-- params:  $scheme (text), $unit_code (text: 'VN' or any unit; the provinces holding it)
-- returns: province_code, province_name, year, poverty_standard, households, data_kind, load_id (the last
--          load of that province-year, null for built-in data), class_rule_mismatches,
--          mismatch_rate (fraction 0-1 = class_rule_mismatches / households),
--          unknown_ethnicity_households, personal_data_households, matched_households,
--          matched_rate (fraction 0-1 = matched_households / households; null without a previous review),
--          flow_state (flow_state())
with

scope as (
    select distinct provinces.ancestor_code as province_code,
    from unit_ancestor as provinces
    inner join unit_ancestor as below
        on provinces.scheme = below.scheme and provinces.commune_code = below.commune_code
    where
        provinces.scheme = $scheme
        and provinces.ancestor_level = 'province'
        and below.ancestor_code = $unit_code
),

loads as (
    select
        year,
        unnest(string_split(unit_codes, ',')) as province_code,
        load_id,
    from load_history
    where dataset = 'households' and unit_scheme = $scheme and undone_at is null
),

last_loads as (
    select
        province_code,
        year,
        max(load_id) as load_id,
    from loads
    group by province_code, year
),

final as (
    select
        summary.unit_code as province_code,
        provinces.name as province_name,
        summary.year,
        summary.poverty_standard,
        summary.households,
        data_kind(summary.synthetic_households, summary.households) as data_kind,
        last_loads.load_id,
        summary.class_rule_mismatches,
        summary.class_rule_mismatches / nullif(summary.households, 0) as mismatch_rate,
        summary.households - summary.ethnic_known_households as unknown_ethnicity_households,
        summary.personal_data_households,
        summary.matched_households,
        case
            when summary.previous_review_households > 0
                then summary.matched_households / nullif(summary.households, 0)
        end as matched_rate,
        flow_state(summary.households, summary.previous_review_households, summary.flow_households) as flow_state,
    from unit_year_summary as summary
    inner join scope on summary.unit_code = scope.province_code
    inner join units_of($scheme) as provinces on summary.unit_code = provinces.code
    left join last_loads
        on summary.unit_code = last_loads.province_code and summary.year = last_loads.year
    where summary.scheme = $scheme and summary.level = 'province'
)

select * from final
order by province_code, year
