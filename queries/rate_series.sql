-- Poverty and near-poor rates over every review year, for a unit and the units one level below it (and,
-- for the country, the six regions).
-- grain:   one row per unit_code x year x poverty_standard
-- params:  $scheme (text), $unit_code (text)
-- returns: unit_code, unit_name, short_name, level, is_selected_unit, year, poverty_standard, households,
--          poor_households, poverty_rate (fraction 0-1 = poor_households / households),
--          near_poor_households, near_poor_rate (fraction 0-1 = near_poor_households / households),
--          ethnic_known_households, ethnic_minority_households, ethnic_minority_poor_households,
--          ethnic_minority_poverty_rate (fraction 0-1 = ethnic_minority_poor_households /
--          ethnic_minority_households; null unless every household's ethnicity is known),
--          other_households (known not to be ethnic minority), other_poor_households,
--          other_poverty_rate (fraction 0-1 = other_poor_households / other_households; null unless every
--          household's ethnicity is known), data_kind ('synthetic' | 'real' | 'mixed'),
--          is_simulated (true: the year's households classed under the next standard's national lines
--          with no assumed deprivation, simulated_summary: the baseline the next standard's targets start
--          from; its ethnic columns are null)
with

units as (
    select
        code as unit_code,
        name as unit_name,
        short_name,
        level,
        code = $unit_code as is_selected_unit,
    from units_of($scheme)
    where code = $unit_code or ($unit_code = 'VN' and level = 'region')
    union all
    select
        code as unit_code,
        name as unit_name,
        short_name,
        level,
        false as is_selected_unit,
    from children_of($scheme, $unit_code)
),

summary as (
    select
        *,
        ethnic_known_households = households as is_ethnicity_known,
    from unit_year_summary
    where scheme = $scheme
),

final_reviewed as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.level,
        units.is_selected_unit,
        summary.year,
        summary.poverty_standard,
        summary.households,
        summary.poor_households,
        summary.poor_households / nullif(summary.households, 0) as poverty_rate,
        summary.near_poor_households,
        summary.near_poor_households / nullif(summary.households, 0) as near_poor_rate,
        summary.ethnic_known_households,
        summary.ethnic_minority_households,
        summary.ethnic_minority_poor_households,
        case
            when summary.is_ethnicity_known
                then summary.ethnic_minority_poor_households / nullif(summary.ethnic_minority_households, 0)
        end as ethnic_minority_poverty_rate,
        summary.ethnic_known_households - summary.ethnic_minority_households as other_households,
        summary.poor_households - summary.ethnic_minority_poor_households as other_poor_households,
        case
            when summary.is_ethnicity_known
                then
                    (summary.poor_households - summary.ethnic_minority_poor_households)
                    / nullif(summary.households - summary.ethnic_minority_households, 0)
        end as other_poverty_rate,
        data_kind(summary.synthetic_households, summary.households) as data_kind,
        false as is_simulated,
    from units
    inner join summary
        on units.unit_code = summary.unit_code
),

simulated as (
    select
        units.unit_code,
        units.unit_name,
        units.short_name,
        units.level,
        units.is_selected_unit,
        simulated_summary.year,
        simulated_summary.poverty_standard,
        simulated_summary.classified_households as households,
        simulated_summary.poor_households,
        simulated_summary.poor_households / nullif(simulated_summary.classified_households, 0) as poverty_rate,
        simulated_summary.near_poor_households,
        simulated_summary.near_poor_households / nullif(simulated_summary.classified_households, 0)
            as near_poor_rate,
        null::bigint as ethnic_known_households,
        null::bigint as ethnic_minority_households,
        null::bigint as ethnic_minority_poor_households,
        null::double as ethnic_minority_poverty_rate,
        null::bigint as other_households,
        null::bigint as other_poor_households,
        null::double as other_poverty_rate,
        data_kind(simulated_summary.synthetic_households, simulated_summary.households) as data_kind,
        true as is_simulated,
    from units
    inner join simulated_summary
        on
            simulated_summary.scheme = $scheme
            and units.unit_code = simulated_summary.unit_code
            -- only the year before the next standard starts: the baseline its targets start from
            and simulated_summary.year + 1 = (
                select standards.first_review_year from poverty_standard as standards
                where standards.code = simulated_summary.poverty_standard
            )
),

final as (
    select * from final_reviewed
    union all
    select * from simulated
)

select * from final
order by is_selected_unit desc, level asc, unit_code asc, poverty_standard asc, year asc
