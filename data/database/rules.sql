-- The rules of the GNBV database, one definition each: every query, rollup, loader check and view that
-- needs a rule calls its macro here (docs/rules.md lists where each rule lives). Created after
-- schema.sql (data/database/setup.py); the rules that depend on a year or a unit scheme read the
-- reference tables (poverty_standard, unit_scheme, programme_period), the same rows Python reads through
-- data/reference/periods.py.
-- grain:   one macro per rule
-- params:  none

-- The units of one scheme, and the units directly below one of them (a region's are its provinces).
create or replace macro units_of(unit_scheme) as table
    select * from admin_unit
    where scheme = unit_scheme;

create or replace macro children_of(unit_scheme, parent) as table
    select * from admin_unit
    where
        scheme = unit_scheme
        and (
            (parent_code = parent and level <> 'region')
            or (level = 'province' and region_code = parent)
        );

-- A rollup row is a child of parent: its parent, or its region for a province (regions are never
-- children of the country: the country's children are its provinces).
create or replace macro is_child_row(level, parent_code, region_code, parent) as (
    level <> 'region' and (parent_code = parent or region_code = parent)
);

-- A row located at (region, province, district, commune) lies at or below unit_code.
create or replace macro is_at_or_below(unit_code, region_code, province_code, district_code, commune_code) as (
    unit_code = 'VN' or unit_code in (region_code, province_code, district_code, commune_code)
);

-- The standard, unit scheme and programme period of a year: one table each (data/reference).
create or replace macro standard_of_year(review_year) as (
    select code from poverty_standard
    where review_year between first_review_year and last_review_year
    order by first_review_year desc
    limit 1
);

create or replace macro scheme_of_year(review_year) as (
    select code from unit_scheme
    where review_year >= first_review_year and review_year <= coalesce(last_review_year, review_year)
);

create or replace macro programme_of_year(plan_year) as (
    select code from programme_period
    where plan_year between first_year and last_year
);

-- The unit scheme a year's plans and funding are written for: the programme period's.
create or replace macro funding_scheme_of_year(plan_year) as (
    select unit_scheme from programme_period
    where plan_year between first_year and last_year
);

-- The levels of a unit scheme (unit_scheme.levels, from the country down) and what lies directly below a
-- level: a region's are its provinces (unit_scheme.province_groups), the lowest level has nothing below.
create or replace macro scheme_has_level(unit_scheme, unit_level) as (
    select
        list_contains(string_split(levels, ','), unit_level)
        or list_contains(string_split(province_groups, ','), unit_level)
    from unit_scheme
    where code = unit_scheme
);

create or replace macro child_level(unit_scheme, unit_level) as (
    select
        case
            when list_contains(string_split(province_groups, ','), unit_level) then 'province'
            else string_split(levels, ',')[list_position(string_split(levels, ','), unit_level) + 1]
        end
    from unit_scheme
    where code = unit_scheme
);

-- The change of a rate between two reviews, as a fraction (negative = fewer poor). A "reduction" in
-- points is -100 times this.
create or replace macro rate_change(previous_count, previous_households, current_count, current_households) as (
    current_count / nullif(current_households, 0) - previous_count / nullif(previous_households, 0)
);

-- The assessment of an actual against a target: within 10% of the target on the wrong side is
-- at_risk, further away missed; no actual is no_data; a planning base is a reference, not a goal.
create or replace macro target_assessment(direction, actual_value, target_low, target_high) as (
    case
        when direction = 'planning_base' then 'reference'
        when actual_value is null then 'no_data'
        when direction = 'at_most' and actual_value <= coalesce(target_high, target_low) then 'met'
        when direction = 'at_most' and actual_value <= 1.1 * coalesce(target_high, target_low) then 'at_risk'
        when direction = 'at_most' then 'missed'
        when actual_value >= coalesce(target_low, target_high) then 'met'
        when actual_value >= 0.9 * coalesce(target_low, target_high) then 'at_risk'
        else 'missed'
    end
);

create or replace macro deprivation_count(deprivations_mask, standard_mask) as (
    bit_count(deprivations_mask & standard_mask)
);

create or replace macro indicators_known(indicators_known_mask, standard_mask) as (
    indicators_known_mask & standard_mask = standard_mask
);

-- Multidimensionally poor (Alkire-Foster, equal weights, cutoff k = the standard's minimum): every
-- indicator of the standard known, and deprived in at least k of them.
create or replace macro is_mpi_poor(deprivations_mask, indicators_known_mask, standard_mask, min_deprivations) as (
    indicators_known(indicators_known_mask, standard_mask)
    and deprivation_count(deprivations_mask, standard_mask) >= min_deprivations
);

-- The class a standard's rule gives (income in VND per person per month; the lines of a
-- poverty_standard row): null = neither poor nor near-poor. The loader warns, and the quality page
-- counts, where a household's class contradicts it.
create or replace macro expected_class(
    area, income, deprivations, income_only_rural, income_only_urban, line_rural, line_urban, min_deprivations
) as (
    case
        when income is null then null
        when income <= case when area = 'urban' then income_only_urban else income_only_rural end then 'poor'
        when income <= case when area = 'urban' then line_urban else line_rural end
            then case when deprivations >= min_deprivations then 'poor' else 'near_poor' end
    end
);

create or replace macro contradicts_class_rule(household_class, expected) as
(household_class in ('poor', 'near_poor') and household_class is distinct from expected)
or (household_class in ('middle', 'other') and expected is not null);

-- Whether the flows of a unit-year can be shown: every household lies in a commune reviewed the year
-- before, and every commune's flows can be counted (ids that continue, or the file's movement columns).
create or replace macro flow_state(households, previous_review_households, flow_households) as (
    case
        when previous_review_households = 0 then 'no_previous_review'
        when flow_households = households then 'complete'
        when previous_review_households < households and flow_households = previous_review_households
            then 'partial_previous_review'
        else 'ids_do_not_continue'
    end
);

-- Where a figure's households come from: synthetic, real (loaded), or both mixed in one figure.
create or replace macro data_kind(synthetic_households, households) as (
    case
        when households is null or households = 0 then null
        when synthetic_households = 0 then 'real'
        when synthetic_households = households then 'synthetic'
        else 'mixed'
    end
);

-- Two figures compared (a change, a flow, a target met): mixed unless both have the same kind.
create or replace macro compared_kind(kind, other_kind) as (
    case
        when kind is null then other_kind
        when other_kind is null or other_kind = kind then kind
        else 'mixed'
    end
);

-- The share of a commune's households whose id must be found in last year's review for its flows
-- (escaped, newly poor, fell back) to be counted from the ids. A real register keeps 90-97% of its
-- households from one year to the next (new households from splits and moves, deaths, departures);
-- below 80% the ids are not the same register (a new numbering, a new software), and flows counted
-- from them would be invented. A file's own movement columns are used instead where it has them.
create or replace macro min_continuity() as 0.8;

-- Reading the cells of an export (data/load): a number written the Vietnamese way (1.500.000,5), the
-- English way (1,500,000.5) or plainly (1500000, 1,5); a GSO code with or without its leading zeros
-- ("1" and "01" are Hà Nội), or as Excel writes a number ("1.0"). Null when the text is neither.
create or replace macro parse_vietnamese_number(text) as (
    case
        when text is null or text = '' then null
        when
            regexp_full_match(text, '-?\d{1,3}(\.\d{3})+(,\d+)?')
            then replace(replace(text, '.', ''), ',', '.')::double
        when
            regexp_full_match(text, '-?\d{1,3}(,\d{3}){2,}(\.\d+)?|-?\d{1,3}(,\d{3})+\.\d+')
            then replace(text, ',', '')::double
        when regexp_full_match(text, '-?\d+(,\d+)?') then replace(text, ',', '.')::double
        when regexp_full_match(text, '-?\d+\.\d+') then text::double
    end
);

create or replace macro parse_unit_code(text, width) as (
    case
        when
            regexp_full_match(regexp_replace(regexp_replace(coalesce(text, ''), '\s', '', 'g'), '[.,]0+$', ''), '\d+')
            and length(regexp_replace(regexp_replace(text, '\s', '', 'g'), '[.,]0+$', '')) <= width
            then lpad(regexp_replace(regexp_replace(text, '\s', '', 'g'), '[.,]0+$', ''), width, '0')
    end
);

-- A unit code of any level: 1-2 digits a province, 3 a district, 4-5 a commune (leading zeros restored).
create or replace macro parse_any_unit_code(text) as (
    parse_unit_code(
        text,
        case length(regexp_replace(regexp_replace(coalesce(text, ''), '\s', '', 'g'), '[.,]0+$', ''))
            when 1 then 2 when 2 then 2 when 3 then 3 else 5
        end
    )
);

-- The resolution of the new standard's simulation (standard_change_cell): incomes in steps of 50.000 đ up
-- to the highest line offered, assumed shares in steps of 5 % (a household's draw is 0-19).
create or replace macro income_step_vnd() as (
    50000
);

create or replace macro highest_simulated_line() as (
    4000000
);

create or replace macro assumption_steps() as (
    20
);

-- The class the review's scoring sheets give (TT 07/2021 guidance as a district published it, verified in one
-- source: ../shared/reference/REVIEW_FORMS.md): B2 counts 10 points per deprivation, poor from 30 points;
-- B1 scores income, at or under 140 points (rural) or 175 (urban) being under the income line.
create or replace macro review_score_class(b1, b2, area) as (
    case
        when b2 is null or b1 is null or area is null then null
        when b1 > case when area = 'urban' then 175 else 140 end then 'other'
        when b2 >= 30 then 'poor'
        else 'near_poor'
    end
);

-- Of a household under the income line (poor or near-poor), the class its B2 points alone give.
create or replace macro review_b2_class(b2) as (
    case when b2 >= 30 then 'poor' when b2 >= 0 then 'near_poor' end
);

-- A household a list of the poor and near-poor alone would not hold: neither poor nor near-poor, and not
-- leaving those classes this year. A commune's list without one is partial (its form 7.1 completes it).
create or replace macro completes_a_list(household_class, reported_movement) as (
    household_class in ('other', 'middle')
    and coalesce(reported_movement, '') not in ('escaped', 'escaped_near_poor', 'poor_to_near_poor')
);

-- Each commune's total households in its stored summary form 7.1, by scheme, year and standard: what
-- completes a commune's list of the poor and near-poor alone (the loader's check and preview, the rollup).
create or replace macro commune_form_households() as table
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        max(value) as households,
    from summary_report_figure
    where
        form = '7.1'
        and level = 'commune'
        and area = 'all'
        and counted = 'households'
        and measure = 'households'
        and value is not null
    group by scheme, unit_code, year, poverty_standard;
