-- Commune rows of the three rollups, under both unit schemes, for the households of one 2025 province.
-- grain:   unit_year_summary: one row per scheme x commune x year x standard; unit_class_summary: … x
--          household_class; unit_indicator_summary: … x household_class x indicator_code
-- params:  $panel_province (text: a from_2025 province code), $first_year (int: the first year whose rows
--          change; a load of one year changes it and the flows of every later year; 0: every year)
--
-- Households are followed across years within the 2025 province that holds them (its legacy
-- provinces up to 2024, itself from 2025), so the panel continues across the reform. Flows per household:
--   escaped      poor last year, not poor this year        (thoát nghèo)
--   newly_poor   poor this year, not poor last year, never poor before under this standard (phát sinh)
--   fell_back    poor this year, not poor last year, poor in an earlier year (tái nghèo)
--   stayed_poor  poor both years
-- A commune's flows are counted when it was reviewed the year before and either its file carried
-- movement columns (reported_flow) or at least min_continuity() of its households' ids are found in
-- last year's review; otherwise its households are not in flow_households and its flows are zero.
--
-- How: one pass over the province's households sums every per-household flag into "patterns"
-- (cell x year x standard x class x deprivation masks; a cell is a legacy commune up to 2024, a 2025
-- commune from 2025). A legacy commune lies in exactly one 2025 commune (unit_crosswalk), so the
-- 2025 communes' history is a sum of cells, and the three rollups are sums of patterns.
delete from unit_year_summary
where level = 'commune' and year >= $first_year and (scheme, unit_code) in (
    select (scheme, commune_code) from unit_ancestor
    where
        scheme = 'legacy_63'
        and ancestor_code in (
            select successors.legacy_province_code from province_successor as successors
            where successors.new_province_code = $panel_province
        )
    union all
    select (scheme, commune_code) from unit_ancestor
    where scheme = 'from_2025' and ancestor_code = $panel_province
);

delete from unit_class_summary
where level = 'commune' and year >= $first_year and (scheme, unit_code) in (
    select (scheme, commune_code) from unit_ancestor
    where
        scheme = 'legacy_63'
        and ancestor_code in (
            select successors.legacy_province_code from province_successor as successors
            where successors.new_province_code = $panel_province
        )
    union all
    select (scheme, commune_code) from unit_ancestor
    where scheme = 'from_2025' and ancestor_code = $panel_province
);

delete from unit_indicator_summary
where level = 'commune' and year >= $first_year and (scheme, unit_code) in (
    select (scheme, commune_code) from unit_ancestor
    where
        scheme = 'legacy_63'
        and ancestor_code in (
            select successors.legacy_province_code from province_successor as successors
            where successors.new_province_code = $panel_province
        )
    union all
    select (scheme, commune_code) from unit_ancestor
    where scheme = 'from_2025' and ancestor_code = $panel_province
);

create or replace temporary table rollup_patterns as
with

-- Two scans with plain predicates (rows are stored by province, so each reads only its province), each
-- with what loaded files said beyond the review (the demo's rows have no load: nothing to join).
-- Not materialized: the two readers below scan the table again (a province's row groups, 0.1-0.2 s)
-- instead of copying its millions of rows into a buffer first (Thanh Hóa's rollup 2.3 s instead of 2.6 s).
reviews as not materialized (
    select
        'legacy_63' as cell_scheme,
        households.commune_code as cell_code,
        households.year,
        households.household_id,
        households.poverty_standard,
        households.household_class,
        households.area,
        households.income_per_capita,
        households.ethnic_minority,
        households.movement_reported,
        households.reported_flow,
        households.is_synthetic,
        households.head_name is not null or households.address is not null as has_personal_data,
        households.deprivations_mask,
        households.indicators_known_mask,
    from household_with_detail as households
    where
        households.scheme = 'legacy_63'
        and households.province_code in (
            select successors.legacy_province_code from province_successor as successors
            where successors.new_province_code = $panel_province
        )
    union all
    select
        'from_2025' as cell_scheme,
        households.commune_code as cell_code,
        households.year,
        households.household_id,
        households.poverty_standard,
        households.household_class,
        households.area,
        households.income_per_capita,
        households.ethnic_minority,
        households.movement_reported,
        households.reported_flow,
        households.is_synthetic,
        households.head_name is not null or households.address is not null as has_personal_data,
        households.deprivations_mask,
        households.indicators_known_mask,
    from household_with_detail as households
    where households.scheme = 'from_2025' and households.province_code = $panel_province
),

-- Each household's years as bits (bit n: the review of year 2000 + n; reviews start in 2015): which
-- years it was reviewed in, and poor in. A hash aggregate and a join: a window over the household's
-- years sorts every row, and costs the national build about a quarter more (docs/performance.md).
household_years as (
    select
        household_id,
        poverty_standard,
        bit_or(1::bigint << (year - 2000)) as reviewed_years,
        bit_or(case when household_class = 'poor' then 1::bigint << (year - 2000) else 0 end) as poor_years,
    from reviews
    group by household_id, poverty_standard
),

histories as (
    select
        reviews.*,
        household_years.reviewed_years & (1::bigint << (reviews.year - 2001)) <> 0 as is_matched,
        household_years.poor_years & (1::bigint << (reviews.year - 2001)) <> 0 as was_poor_last_year,
        household_years.poor_years & ((1::bigint << (reviews.year - 2001)) - 1) <> 0 as was_poor_before_last_year,
    from reviews
    inner join
        household_years
        on
            reviews.household_id = household_years.household_id
            and reviews.poverty_standard = household_years.poverty_standard
    -- the years written, and the one before them (whether a commune was reviewed then decides its flows);
    -- the household's years above are all of them
    where reviews.year >= $first_year - 1
),

flagged as (
    select
        histories.cell_scheme,
        histories.cell_code,
        histories.year,
        histories.poverty_standard,
        histories.household_class,
        histories.ethnic_minority,
        histories.movement_reported,
        histories.reported_flow,
        histories.is_synthetic,
        histories.has_personal_data,
        histories.income_per_capita is not null as is_income_known,
        histories.household_class = 'poor' as is_poor,
        histories.is_matched,
        histories.was_poor_last_year,
        histories.was_poor_before_last_year,
        histories.deprivations_mask & standard_masks.standard_mask as deprived_mask,
        histories.indicators_known_mask & standard_masks.standard_mask as known_mask,
        standard_masks.standard_mask,
        contradicts_class_rule(
            histories.household_class,
            expected_class(
                histories.area,
                histories.income_per_capita,
                deprivation_count(histories.deprivations_mask, standard_masks.standard_mask),
                standards.income_only_line_rural,
                standards.income_only_line_urban,
                standards.line_rural,
                standards.line_urban,
                standards.min_deprivations
            )
        ) and indicators_known(histories.indicators_known_mask, standard_masks.standard_mask) as contradicts_rule,
    from histories
    inner join standard_mask as standard_masks on histories.poverty_standard = standard_masks.standard
    inner join poverty_standard as standards on histories.poverty_standard = standards.code
),

final as (
    select
        cell_scheme,
        cell_code,
        year,
        poverty_standard,
        household_class,
        deprived_mask,
        known_mask,
        any_value(standard_mask) as standard_mask,
        count(*) as households,
        count(ethnic_minority) as ethnic_known_households,
        count(*) filter (where ethnic_minority) as ethnic_minority_households,
        count(*) filter (where is_synthetic) as synthetic_households,
        count(*) filter (where is_matched) as matched_households,
        count(*) filter (where movement_reported) as movement_reported_households,
        count(*) filter (where was_poor_last_year and not is_poor) as panel_escaped,
        count(*) filter (where is_poor and not was_poor_last_year and not was_poor_before_last_year)
            as panel_newly_poor,
        count(*) filter (where is_poor and not was_poor_last_year and was_poor_before_last_year) as panel_fell_back,
        count(*) filter (where is_poor and was_poor_last_year) as panel_stayed,
        count(*) filter (where reported_flow = 'escaped') as file_escaped,
        count(*) filter (where reported_flow = 'newly_poor') as file_newly_poor,
        count(*) filter (where reported_flow = 'fell_back') as file_fell_back,
        count(*) filter (where reported_flow = 'stayed_poor') as file_stayed,
        count(*) filter (where contradicts_rule) as class_rule_mismatches,
        count(*) filter (where is_income_known) as income_known_households,
        count(*) filter (where has_personal_data) as personal_data_households,
        0::bigint as form_households,
    from flagged
    group by all
)

select * from final;

-- A commune's list of its poor and near-poor alone (none of its households above the line but those leaving
-- the classes) is completed by the commune's summary form 7.1 of the year: the form's total less the listed
-- households are counted as households neither poor nor near-poor, with no indicator known, and said as
-- figures from summary reports (the loader refuses such a list without that form). Read only where a
-- commune form exists: the demo holds none, so its build does not pay for it.
insert into rollup_patterns by name
with

forms as (
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        households as form_households,
    from commune_form_households()
),

listed as (
    select
        reviews.scheme,
        reviews.commune_code,
        reviews.year,
        reviews.poverty_standard,
        count(*) as households,
        count(*) filter (where completes_a_list(reviews.household_class, reviews.reported_movement)) as plain_other,
    from household_with_detail as reviews
    inner join forms
        on
            reviews.scheme = forms.scheme
            and reviews.commune_code = forms.unit_code
            and reviews.year = forms.year
            and reviews.poverty_standard = forms.poverty_standard
    where
        (
            reviews.scheme = 'legacy_63'
            and reviews.province_code in (
                select successors.legacy_province_code from province_successor as successors
                where successors.new_province_code = $panel_province
            )
        )
        or (reviews.scheme = 'from_2025' and reviews.province_code = $panel_province)
    group by all
    having reviews.year >= $first_year - 1
)

select
    listed.scheme as cell_scheme,
    listed.commune_code as cell_code,
    listed.year,
    listed.poverty_standard,
    'other' as household_class,
    0::bigint as deprived_mask,
    0::bigint as known_mask,
    masks.standard_mask,
    (forms.form_households - listed.households)::bigint as households,
    0 as ethnic_known_households,
    0 as ethnic_minority_households,
    0 as synthetic_households,
    0 as matched_households,
    0 as movement_reported_households,
    0 as panel_escaped,
    0 as panel_newly_poor,
    0 as panel_fell_back,
    0 as panel_stayed,
    0 as file_escaped,
    0 as file_newly_poor,
    0 as file_fell_back,
    0 as file_stayed,
    0 as class_rule_mismatches,
    0 as income_known_households,
    0 as personal_data_households,
    (forms.form_households - listed.households)::bigint as form_households,
from listed
inner join forms
    on
        listed.scheme = forms.scheme
        and listed.commune_code = forms.unit_code
        and listed.year = forms.year
        and listed.poverty_standard = forms.poverty_standard
inner join standard_mask as masks on listed.poverty_standard = masks.standard
where listed.plain_other = 0 and forms.form_households > listed.households;

-- The units each cell counts in: a legacy cell in its legacy commune and in its 2025 commune, a 2025 cell in itself.
create or replace temporary table rollup_cell_units as
with

cells as (
    select distinct
        cell_scheme,
        cell_code,
    from rollup_patterns
)

select
    cells.cell_scheme,
    cells.cell_code,
    cells.cell_scheme as scheme,
    cells.cell_code as unit_code,
    false as is_divided,
from cells
where cells.cell_scheme = 'legacy_63'
union all
select
    cells.cell_scheme,
    cells.cell_code,
    'from_2025' as scheme,
    coalesce(crosswalk.new_commune_code, cells.cell_code) as unit_code,
    coalesce(crosswalk.is_divided, false) as is_divided,
from cells
left join unit_crosswalk as crosswalk
    on cells.cell_scheme = 'legacy_63' and cells.cell_code = crosswalk.legacy_commune_code;

-- The patterns' counts by class, their masks summed away (what the year and class rollups need), under
-- both schemes: summed per cell first, then the cells into their units (Thanh Hóa: 568,625 patterns, 12,000
-- cell classes; placing every pattern in both schemes cost more than the sums; docs/performance.md).
create or replace temporary table rollup_scheme_classes as
with

cell_classes as (
    select
        patterns.cell_scheme,
        patterns.cell_code,
        patterns.year,
        patterns.poverty_standard,
        patterns.household_class,
        sum(patterns.households) as households,
        sum(patterns.ethnic_known_households) as ethnic_known_households,
        sum(patterns.ethnic_minority_households) as ethnic_minority_households,
        sum(patterns.synthetic_households) as synthetic_households,
        sum(patterns.matched_households) as matched_households,
        sum(patterns.movement_reported_households) as movement_reported_households,
        sum(patterns.panel_escaped) as panel_escaped,
        sum(patterns.panel_newly_poor) as panel_newly_poor,
        sum(patterns.panel_fell_back) as panel_fell_back,
        sum(patterns.panel_stayed) as panel_stayed,
        sum(patterns.file_escaped) as file_escaped,
        sum(patterns.file_newly_poor) as file_newly_poor,
        sum(patterns.file_fell_back) as file_fell_back,
        sum(patterns.file_stayed) as file_stayed,
        sum(patterns.class_rule_mismatches) as class_rule_mismatches,
        sum(patterns.income_known_households) as income_known_households,
        sum(patterns.personal_data_households) as personal_data_households,
        sum(patterns.form_households) as form_households,
        sum(patterns.households) filter (
            where indicators_known(patterns.known_mask, patterns.standard_mask)
        ) as indicators_known_households,
        sum(patterns.households) filter (
            where is_mpi_poor(
                patterns.deprived_mask, patterns.known_mask, patterns.standard_mask, standards.min_deprivations
            )
        ) as mpi_poor_households,
        sum(patterns.households * deprivation_count(patterns.deprived_mask, patterns.standard_mask)) filter (
            where is_mpi_poor(
                patterns.deprived_mask, patterns.known_mask, patterns.standard_mask, standards.min_deprivations
            )
        ) as mpi_poor_deprivation_sum,
    from rollup_patterns as patterns
    inner join poverty_standard as standards on patterns.poverty_standard = standards.code
    group by all
)

select
    units.scheme,
    units.unit_code,
    units.is_divided,
    cell_classes.* exclude (cell_classes.cell_scheme, cell_classes.cell_code),
from cell_classes
inner join rollup_cell_units as units
    on cell_classes.cell_scheme = units.cell_scheme and cell_classes.cell_code = units.cell_code;

insert into unit_year_summary by name
with

grouped as (
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        sum(households) as households,
        sum(households) filter (where household_class = 'poor') as poor_households,
        sum(households) filter (where household_class = 'near_poor') as near_poor_households,
        sum(households) filter (where household_class = 'middle') as middle_households,
        sum(ethnic_known_households) as ethnic_known_households,
        sum(ethnic_minority_households) as ethnic_minority_households,
        sum(ethnic_minority_households) filter (where household_class = 'poor') as ethnic_minority_poor_households,
        sum(synthetic_households) as synthetic_households,
        sum(matched_households) as matched_households,
        sum(form_households) as form_households,
        -- the households a form completes a list with are not in the file: its flows are the listed ones'
        sum(movement_reported_households) = sum(households) - sum(form_households) as has_file_flows,
        sum(panel_escaped) as panel_escaped,
        sum(panel_newly_poor) as panel_newly_poor,
        sum(panel_fell_back) as panel_fell_back,
        sum(panel_stayed) as panel_stayed,
        sum(file_escaped) as file_escaped,
        sum(file_newly_poor) as file_newly_poor,
        sum(file_fell_back) as file_fell_back,
        sum(file_stayed) as file_stayed,
        sum(class_rule_mismatches) as class_rule_mismatches,
        sum(income_known_households) as income_known_households,
        sum(personal_data_households) as personal_data_households,
        sum(households) filter (where is_divided) as divided_commune_households,
    from rollup_scheme_classes
    group by scheme, unit_code, year, poverty_standard
),

judged as (
    select
        grouped.*,
        previous.households is not null as has_previous_review,
        previous.households is not null
        and (
            grouped.has_file_flows
            or grouped.matched_households >= min_continuity() * (grouped.households - grouped.form_households)
        ) as has_flows,
    from grouped
    left join grouped as previous
        on
            grouped.scheme = previous.scheme
            and grouped.unit_code = previous.unit_code
            and grouped.poverty_standard = previous.poverty_standard
            and previous.year = grouped.year - 1
),

final as (
    select
        judged.scheme,
        judged.unit_code,
        'commune' as level,
        units.parent_code,
        judged.year,
        judged.poverty_standard,
        judged.households,
        coalesce(judged.poor_households, 0) as poor_households,
        coalesce(judged.near_poor_households, 0) as near_poor_households,
        coalesce(judged.middle_households, 0) as middle_households,
        judged.ethnic_known_households,
        judged.ethnic_minority_households,
        coalesce(judged.ethnic_minority_poor_households, 0) as ethnic_minority_poor_households,
        judged.synthetic_households,
        case when judged.has_previous_review then judged.households else 0 end as previous_review_households,
        judged.matched_households,
        case when judged.has_flows then judged.households else 0 end as flow_households,
        case when judged.has_flows and judged.has_file_flows then judged.households else 0 end
            as file_flow_households,
        case
            when not judged.has_flows then 0
            when judged.has_file_flows then judged.file_escaped
            else judged.panel_escaped
        end as escaped_households,
        case
            when not judged.has_flows then 0
            when judged.has_file_flows then judged.file_newly_poor
            else judged.panel_newly_poor
        end as newly_poor_households,
        case
            when not judged.has_flows then 0
            when judged.has_file_flows then judged.file_fell_back
            else judged.panel_fell_back
        end as fell_back_households,
        case
            when not judged.has_flows then 0
            when judged.has_file_flows then judged.file_stayed
            else judged.panel_stayed
        end as stayed_poor_households,
        case
            when not judged.has_flows then 0
            when judged.has_file_flows then judged.file_stayed + judged.file_escaped
            else judged.panel_stayed + judged.panel_escaped
        end as previous_poor_households,
        judged.class_rule_mismatches,
        judged.income_known_households,
        judged.personal_data_households,
        coalesce(judged.divided_commune_households, 0) as divided_commune_households,
        judged.form_households as summary_report_households,
    from judged
    inner join admin_unit as units on judged.scheme = units.scheme and judged.unit_code = units.code
    where judged.year >= $first_year
)

select * from final;

insert into unit_class_summary by name
with

grouped as (
    select
        scheme,
        unit_code,
        year,
        poverty_standard,
        household_class,
        sum(households) as households,
        sum(indicators_known_households) as indicators_known_households,
        sum(mpi_poor_households) as mpi_poor_households,
        sum(mpi_poor_deprivation_sum) as mpi_poor_deprivation_sum,
    from rollup_scheme_classes
    group by scheme, unit_code, year, poverty_standard, household_class
),

final as (
    select
        grouped.scheme,
        grouped.unit_code,
        'commune' as level,
        units.parent_code,
        grouped.year,
        grouped.poverty_standard,
        grouped.household_class,
        grouped.households,
        coalesce(grouped.indicators_known_households, 0) as indicators_known_households,
        coalesce(grouped.mpi_poor_households, 0) as mpi_poor_households,
        coalesce(grouped.mpi_poor_deprivation_sum, 0) as mpi_poor_deprivation_sum,
    from grouped
    inner join admin_unit as units on grouped.scheme = units.scheme and grouped.unit_code = units.code
    where grouped.year >= $first_year
)

select * from final;

insert into unit_indicator_summary by name
with

indicators as (
    select
        standard,
        code as indicator_code,
        1::bigint << bit as bit_value,
    from indicator
),

-- Counted per cell, then the cells summed into their units: a pattern times the standard's indicators is
-- the costly part (Thanh Hóa: 12.5 million rows under both schemes, 6.8 million per cell; docs/performance.md).
cell_counts as (
    select
        patterns.cell_scheme,
        patterns.cell_code,
        patterns.year,
        patterns.poverty_standard,
        patterns.household_class,
        indicators.indicator_code,
        sum(patterns.households) filter (where patterns.known_mask & indicators.bit_value <> 0) as known_households,
        sum(patterns.households) filter (where patterns.deprived_mask & indicators.bit_value <> 0)
            as deprived_households,
        sum(patterns.households) filter (
            where
            patterns.deprived_mask & indicators.bit_value <> 0
            and is_mpi_poor(
                patterns.deprived_mask, patterns.known_mask, patterns.standard_mask, standards.min_deprivations
            )
        ) as mpi_poor_deprived_households,
    from rollup_patterns as patterns
    inner join indicators on patterns.poverty_standard = indicators.standard
    inner join poverty_standard as standards on patterns.poverty_standard = standards.code
    group by all
),

counted as (
    select
        units.scheme,
        units.unit_code,
        cell_counts.year,
        cell_counts.poverty_standard,
        cell_counts.household_class,
        cell_counts.indicator_code,
        sum(cell_counts.known_households) as known_households,
        sum(cell_counts.deprived_households) as deprived_households,
        sum(cell_counts.mpi_poor_deprived_households) as mpi_poor_deprived_households,
    from cell_counts
    inner join rollup_cell_units as units
        on cell_counts.cell_scheme = units.cell_scheme and cell_counts.cell_code = units.cell_code
    group by all
),

final as (
    select
        counted.scheme,
        counted.unit_code,
        'commune' as level,
        units.parent_code,
        counted.year,
        counted.poverty_standard,
        counted.household_class,
        counted.indicator_code,
        coalesce(counted.known_households, 0) as known_households,
        coalesce(counted.deprived_households, 0) as deprived_households,
        coalesce(counted.mpi_poor_deprived_households, 0) as mpi_poor_deprived_households,
    from counted
    inner join admin_unit as units on counted.scheme = units.scheme and counted.unit_code = units.code
    where counted.year >= $first_year
)

select * from final;

drop table rollup_scheme_classes;

drop table rollup_cell_units;

drop table rollup_patterns;
