-- The GNBV database (docs/data-model.md): every table and view is created here and nowhere else;
-- data/database/migrations/ bring a database built by an older version of this file up to this one.
-- Its version is the one data/database/__init__.py expects (SCHEMA_VERSION); change both together with a
-- migration. The rules (macros) are in rules.sql.
-- grain:   one table per fact kept (each documents its own rows), views over them
-- params:  none

create table if not exists schema_version (
    version integer not null,
    applied_at timestamp not null
);

-- --- reference: unit schemes, poverty standards, programme periods (data/reference/*.csv) ------------

-- Which list of administrative units a review year is coded in: the 63 provinces with districts up to
-- the 2024 review, the 34 provinces without districts from the 2025 review (Nghị quyết 202/2025/QH15).
create table if not exists unit_scheme (
    code varchar primary key,          -- legacy_63 | from_2025
    first_review_year integer not null,
    last_review_year integer,          -- null: still in force
    name_vi varchar not null,
    name_en varchar not null,
    legal_basis varchar not null,
    levels varchar not null,           -- its levels from the country down, comma-separated
    province_groups varchar not null   -- levels grouping provinces beside the country ('' : none)
);

-- A poverty standard and the rule that classes a household under it: poor = income at or under the
-- income-only line, or at or under the line with at least min_deprivations; near-poor = at or under the
-- line with fewer (data/reference/poverty_standards.csv).
create table if not exists poverty_standard (
    code varchar primary key,          -- 2016-2020 | 2022-2025 | 2026-2030
    first_review_year integer not null,
    last_review_year integer not null,
    income_only_line_rural integer,    -- VND per person per month; null when income alone never makes poor
    income_only_line_urban integer,
    line_rural integer not null,
    line_urban integer not null,
    middle_line_rural integer,         -- upper bound of the middle class (hộ có mức sống trung bình)
    middle_line_urban integer,
    min_deprivations integer not null,
    legal_basis varchar not null,
    indicators_verified boolean not null  -- false: the indicator list has not been read from the decree's annex
);

create table if not exists programme_period (
    code varchar primary key,          -- 2016-2020 | 2021-2025 | 2026-2030
    first_year integer not null,
    last_year integer not null,
    name_vi varchar not null,
    name_en varchar not null,
    legal_basis varchar not null,
    unit_scheme varchar not null,      -- the units its plans and funding are written for
    components_public boolean not null  -- false: its list of projects / contents is not public yet
);

-- The kinds of money a programme period counts, and the sources of funds its plans name: each source is
-- budget money (its capital type, development investment or recurrent, is its kind) or a kind of its own
-- (data/reference/money_kinds.csv, money_sources.csv; 2026-2030 after Quyết định 417/QĐ-BNNMT).
create table if not exists money_kind (
    programme_period varchar not null,
    code varchar not null,
    name_vi varchar not null,
    name_en varchar not null,
    sort_order integer not null,
    source_document varchar not null,
    primary key (programme_period, code)
);

create table if not exists money_source (
    programme_period varchar not null,
    code varchar not null,
    name_vi varchar not null,
    name_en varchar not null,
    is_budget boolean not null,        -- budget money: needs a capital type, which is its money kind
    budget_level varchar,              -- central | local | state (budget money only)
    money_kind varchar,                -- the kind of the other sources
    sort_order integer not null,
    source_document varchar not null,
    primary key (programme_period, code)
);

-- --- administrative units -------------------------------------------------------------------------------

create table if not exists admin_unit (
    code varchar not null,          -- GSO code: 2 digits province, 3 district, 5 commune; 'VN'; region codes
    level varchar not null,         -- country | region | province | district | commune
    name varchar not null,          -- full name with type ("Huyện Trạm Tấu")
    short_name varchar not null,    -- without type ("Trạm Tấu")
    unit_type varchar,              -- Tỉnh, Thành phố, Huyện, Thị xã, Quận, Xã, Phường, Thị trấn, Đặc khu
    parent_code varchar,            -- provinces: 'VN' (regions group provinces through region_code)
    scheme varchar not null,        -- legacy_63 | from_2025: a code never travels without its scheme
    lat double,
    lon double,
    region_code varchar,            -- provinces of legacy_63: their socio-economic region
    primary key (scheme, code)
);

-- Every 2025 commune that received part of a legacy commune (vietnamadminunits). A legacy commune
-- divided between several new communes has one row per successor; is_default marks the one the
-- package names as its default successor.
create table if not exists unit_successor (
    legacy_commune_code varchar not null,
    new_commune_code varchar not null,
    is_default boolean not null,
    primary key (legacy_commune_code, new_commune_code)
);

-- Where the households of a legacy commune are counted on today's units: all of them in one new
-- commune, the default successor when the commune was divided (the rule docs/units.md states).
create table if not exists unit_crosswalk (
    legacy_commune_code varchar primary key,
    new_commune_code varchar,
    new_province_code varchar not null,
    is_divided boolean not null
);

-- Whole legacy provinces merged into new ones: households are followed across years within one of these.
create table if not exists province_successor (
    legacy_province_code varchar primary key,
    new_province_code varchar not null
);

-- Each commune's ancestors in its scheme (itself, district, province, region, country), so that every
-- level above the commune is one sum over commune rows.
create table if not exists unit_ancestor (
    scheme varchar not null,
    commune_code varchar not null,
    ancestor_code varchar not null,
    ancestor_level varchar not null,
    primary key (scheme, commune_code, ancestor_code)
);

create table if not exists indicator (
    code varchar not null,
    standard varchar not null,
    dimension varchar not null,
    dimension_vi varchar not null,
    dimension_en varchar not null,
    name_vi varchar not null,
    name_en varchar not null,
    short_vi varchar not null,      -- column headers of the heatmap
    short_en varchar not null,
    column_name varchar not null,   -- the column of an import file and of the loader's checks
    bit integer not null,           -- the indicator's bit in household_review's masks (same code, same bit)
    sort_order integer not null,
    is_verified boolean not null,   -- false: taken from a summary of the decree, not its annex
    primary key (standard, code)
);

-- --- households -------------------------------------------------------------------------------------------

-- A household row's few-valued codes are enums (a byte a row, not a string; the national demo's 167
-- million rows were written and summed with about 13 % less CPU: docs/performance.md), created before
-- this file by data/database/setup.create_code_types, the schemes and standards from the reference. A
-- standard or scheme added to the reference needs a migration that widens them. Unit codes stay text.
--
-- One row per household per review year, coded in the unit scheme of its year. A null indicator or
-- ethnic_minority means the file did not say; it is never counted as "not deprived" or "not minority".
create table if not exists household_review (
    year integer not null,
    household_id bigint not null,
    scheme unit_scheme_code not null,     -- legacy_63 (reviews up to 2024) | from_2025 (from 2025)
    province_code varchar not null,
    district_code varchar,          -- null under from_2025, which has no districts
    commune_code varchar not null,
    area area_code not null,        -- urban | rural
    members integer,
    income_per_capita integer,      -- VND per person per month
    household_class household_class_code not null,  -- poor | near_poor | middle | other
    poverty_standard poverty_standard_code not null,
    ethnic_minority boolean,
    -- Deprivations as bits, one per indicator (indicator.bit): deprived, and known (the file gave the
    -- indicator). Two integers instead of one boolean column per indicator: 150 million rows of fifteen
    -- boolean columns cost about 70 s of the national build to write (docs/performance.md); the view
    -- household_indicator shows them one indicator per row.
    deprivations_mask bigint not null,
    indicators_known_mask bigint not null,
    movement_reported boolean not null default false,  -- the file carried its own movement columns
    is_synthetic boolean not null,
    load_id integer                 -- load_history row that brought the row; null for the demo
);

-- What a loaded file said of a household beyond its review: its movement words, its own code, personal
-- data. A table of its own because the demo's 167 million rows leave them empty and five empty columns
-- were a fifth of the national build's writing (docs/performance.md). One row per household of a load
-- that gave any of them (a load writes one year, scheme and standard, and a household once per province:
-- household_checks.sql); a row replaced by a later load keeps its detail while its undo copy is kept
-- (household_snapshot), and loses it when that copy goes (prune_snapshots.sql) or its load is undone.
create table if not exists household_file_detail (
    load_id integer not null,
    province_code varchar not null,
    household_id bigint not null,
    reported_flow varchar,          -- escaped | newly_poor | fell_back | stayed_poor, from the movement columns
    -- the file's own word for the movement (a «Biến động» column), the class deciding poor or near-poor:
    -- escaped | poor_to_near_poor | escaped_near_poor | newly_poor | newly_near_poor | fell_back |
    -- fell_back_near_poor | near_poor_to_poor | unchanged
    reported_movement varchar,
    source_household_id varchar,    -- the file's own household code when it is not a plain number
    head_name varchar,              -- personal data: stored only when the operator turns it on
    address varchar
);

-- --- plans, published figures, funding ----------------------------------------------------------------

create table if not exists target (
    scheme varchar not null,        -- the unit list the plan was written for
    level varchar not null,
    unit_code varchar not null,
    unit_name varchar not null,
    period_start integer not null,
    period_end integer not null,
    metric varchar not null,
    target_low double,
    target_high double,
    value_unit varchar not null,    -- pct, households, pp_per_year, ratio, persons …
    direction varchar not null,     -- at_most | at_least | planning_base
    source_document varchar not null,
    source_row integer              -- row of the source table (a plan appendix keeps its own order)
);

create table if not exists reported_value (
    scheme varchar not null,
    level varchar not null,
    unit_code varchar not null,
    unit_name varchar not null,
    year integer not null,
    metric varchar not null,
    value double not null,
    value_unit varchar not null,
    decimals integer,               -- decimals as published (a rate of "2,68" has 2)
    poverty_standard varchar,
    source_document varchar not null,
    figure_id varchar               -- published review results: the id data/reference/unmet_figures.csv uses
);

-- Why a published review result is not met by the demo database (data/reference/unmet_figures.csv):
-- the sources contradict each other, or the demo holds no data of that kind (docs/calibration.md).
create table if not exists published_figure_note (
    figure_id varchar primary key,
    reason_vi varchar not null,
    reason_en varchar not null
);

create table if not exists program_project (
    program_period varchar not null,
    code varchar not null,
    parent_code varchar,
    name_vi varchar not null,
    lead_agency_vi varchar,
    source_document varchar not null,
    primary key (program_period, code)
);

create table if not exists funding (
    scheme varchar not null default 'legacy_63',
    unit_code varchar not null,
    year integer not null,
    project_code varchar,
    funding_source varchar not null,
    capital_type varchar,
    kind varchar not null,          -- planned | disbursed
    allocated double,
    disbursed double,
    is_approximate boolean not null,
    source_document varchar not null,
    is_synthetic boolean not null default false,
    source_row integer,             -- row of the file or reference table the figure comes from
    load_id integer
);

-- --- rollups ---------------------------------------------------------------------------------------------
-- Rebuilt in the same transaction as every load (data/rollup.py): commune rows from the households of
-- the provinces a load touches, every level above from the commune rows. One row per key (scheme, unit,
-- year, standard and, below, class and indicator) and no primary key: its index cost every load about 6 s
-- of its 20 s of rollups and commit on the national database (220,000 households; docs/performance.md).
-- The key is checked by tests/invariants/assert_one_rollup_row_per_key.sql on the demo databases and
-- after the loads of the tests.

create table if not exists unit_year_summary (
    scheme varchar not null,
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    region_code varchar,            -- provinces of legacy_63: their region (a second parent)
    year integer not null,
    poverty_standard varchar not null,
    households bigint not null,
    poor_households bigint not null,
    near_poor_households bigint not null,
    middle_households bigint not null,
    ethnic_known_households bigint not null,     -- households whose file said whether they are minority
    ethnic_minority_households bigint not null,
    ethnic_minority_poor_households bigint not null,
    synthetic_households bigint not null,
    previous_review_households bigint not null,  -- in communes reviewed the year before, same standard
    matched_households bigint not null,          -- whose id is in last year's review of their province
    flow_households bigint not null,             -- in communes whose flows can be counted (see rollup)
    file_flow_households bigint not null,        -- of those, counted from the file's movement columns
    escaped_households bigint not null,
    newly_poor_households bigint not null,
    fell_back_households bigint not null,
    stayed_poor_households bigint not null,
    previous_poor_households bigint not null,
    class_rule_mismatches bigint not null,
    income_known_households bigint not null,
    personal_data_households bigint not null,
    divided_commune_households bigint not null,  -- from_2025 history: from divided legacy communes
    -- counted from summary report forms (no household list: data/rollup/reports.sql), not from households
    summary_report_households bigint not null default 0
);

-- Per household class, so that any group (poor, near-poor, both, all) is a sum of rows. mpi_poor:
-- deprived in at least the standard's minimum of its indicators (Alkire-Foster, equal weights), among
-- households whose every indicator of the standard is known.
create table if not exists unit_class_summary (
    scheme varchar not null,
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    region_code varchar,            -- provinces of legacy_63: their region (a second parent)
    year integer not null,
    poverty_standard varchar not null,
    household_class varchar not null,
    households bigint not null,
    indicators_known_households bigint not null,
    mpi_poor_households bigint not null,
    mpi_poor_deprivation_sum bigint not null     -- sum of deprivation counts over the mpi-poor
);

create table if not exists unit_indicator_summary (
    scheme varchar not null,
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    region_code varchar,            -- provinces of legacy_63: their region (a second parent)
    year integer not null,
    poverty_standard varchar not null,
    household_class varchar not null,
    indicator_code varchar not null,
    known_households bigint not null,
    deprived_households bigint not null,
    mpi_poor_deprived_households bigint not null   -- censored: deprived and mpi-poor
);

-- The households of today's units in the cells that the new standard's simulation ("Chuẩn mới") sums,
-- for every review year measured under a standard that another follows (2022-2025, followed by 2026-2030
-- from 2027). A cell holds the households of one commune, area and class whose income falls in one 50.000 đ
-- step (so any line that is a multiple of 50.000 đ is applied exactly), with the same count of deprivations
-- in the indicators both standards share (capped at the next standard's minimum), and the same draws for
-- the next standard's indicators the data do not hold (waste disposal, digital services: each household's
-- fixed draw, in 5 % steps, decides whether it is deprived under an assumed share). Draws are kept only
-- where they can decide the class (an income within the highest line offered and a count just under the
-- minimum). Rebuilt with the rollups (data/rollup/standard_change.sql).
create table if not exists standard_change_cell (
    scheme varchar not null,
    year integer not null,
    province_code varchar not null,
    commune_code varchar not null,
    poverty_standard varchar not null,   -- the standard the households were reviewed under
    next_standard varchar not null,      -- the standard simulated
    area varchar not null,
    household_class varchar not null,
    income_step integer,                 -- ceil(income / 50.000 đ), at most MAX (above the highest line); null: unknown
    shared_deprivations integer,         -- in the indicators both standards share, capped; null: not all known
    draw_a integer,                      -- 0-19: the household's draw for the first assumed indicator
    draw_b integer,                      -- 0-19: for the second
    households bigint not null,
    members bigint,                      -- persons in the households whose file gave them
    members_known_households bigint not null,
    synthetic_households bigint not null
);

-- The same cells summed per province (the country's view reads these: a few hundred thousand rows, not
-- the millions of the commune cells).
create table if not exists standard_change_province_cell (
    scheme varchar not null,
    year integer not null,
    province_code varchar not null,
    poverty_standard varchar not null,
    next_standard varchar not null,
    area varchar not null,
    household_class varchar not null,
    income_step integer,
    shared_deprivations integer,
    draw_a integer,
    draw_b integer,
    households bigint not null,
    members bigint,
    members_known_households bigint not null,
    synthetic_households bigint not null
);

-- The simulated baseline of the next standard: every unit's households of a review year classed under the
-- next standard's national lines with no assumed deprivation (the cells above at their defaults). Targets
-- of the years the next standard measures start from it (trends, planner); Chuẩn mới shows any other input.
create table if not exists simulated_summary (
    scheme varchar not null,
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    year integer not null,
    poverty_standard varchar not null,   -- the next standard, which the households are classed under
    reviewed_standard varchar not null,  -- the standard they were reviewed under
    households bigint not null,
    classified_households bigint not null,  -- whose income and shared indicators are known
    poor_households bigint not null,
    near_poor_households bigint not null,
    synthetic_households bigint not null,
    primary key (scheme, unit_code, year, poverty_standard)
);

create table if not exists data_source (
    key varchar primary key,
    value varchar not null
);

-- How a dimension target of a plan is measured in the household data (data/reference/target_measures.csv).
create table if not exists target_measure (
    metric varchar primary key,
    dimension varchar not null,
    indicator_code varchar,
    household_group varchar,        -- poor | near_poor | poor_near_poor | all
    measure varchar,                -- not_deprived_share (percent of the group not deprived)
    note_vi varchar not null,
    note_en varchar not null
);

create table if not exists household_group (
    group_name varchar not null,
    household_class varchar not null,
    primary key (group_name, household_class)
);
insert or ignore into household_group
values
('poor', 'poor'),
('near_poor', 'near_poor'),
('poor_near_poor', 'poor'),
('poor_near_poor', 'near_poor'),
('all', 'poor'),
('all', 'near_poor'),
('all', 'middle'),
('all', 'other');

create or replace view group_class_summary as
select
    summary.scheme,
    summary.unit_code,
    summary.level,
    summary.parent_code,
    summary.region_code,
    summary.year,
    summary.poverty_standard,
    household_group.group_name,
    sum(summary.households) as households,
    sum(summary.indicators_known_households) as indicators_known_households,
    sum(summary.mpi_poor_households) as mpi_poor_households,
    sum(summary.mpi_poor_deprivation_sum) as mpi_poor_deprivation_sum,
from unit_class_summary as summary
inner join household_group on summary.household_class = household_group.household_class
group by all;

create or replace view group_indicator_summary as
select
    summary.scheme,
    summary.unit_code,
    summary.level,
    summary.parent_code,
    summary.region_code,
    summary.year,
    summary.poverty_standard,
    household_group.group_name,
    summary.indicator_code,
    sum(summary.known_households) as known_households,
    sum(summary.deprived_households) as deprived_households,
    sum(summary.mpi_poor_deprived_households) as mpi_poor_deprived_households,
from unit_indicator_summary as summary
inner join household_group on summary.household_class = household_group.household_class
group by all;

-- --- summary report forms ----------------------------------------------------------------------------------

-- The figures of the review's summary report forms (TT 07/2021 Phụ lục VII; data/load/forms.py) as a unit's
-- office sent them: what provinces and the ministry receive where household lists stay in the communes.
-- One row per form, unit, area, what is counted, class, measure and item (an indicator, an ethnic group, a
-- cause). is_leaf: the unit has no units below it in the same form, so that its figures are the ones summed.
create table if not exists summary_report_figure (
    load_id integer not null,
    year integer not null,
    scheme varchar not null,
    poverty_standard varchar not null,
    form varchar not null,          -- 7.1 | 7.2 | 7.3 | 7.4 | 7.5 | 7.6 | 7.7 | 7.9 | 7.10
    unit_code varchar not null,
    level varchar not null,
    area varchar not null,          -- all | urban | rural
    counted varchar not null,       -- households | persons
    household_class varchar,        -- poor | near_poor (the class a measure is of), else null
    measure varchar not null,       -- data/load/report_columns.csv (households, poor_households, start, …)
    item varchar,                   -- indicator code (7.4-7.7), ethnic group (7.9), cause (7.10)
    value double,                   -- null: the form printed no number («NaN%»)
    is_leaf boolean not null,
    file_row bigint
);

create table if not exists summary_report_figure_snapshot as
select
    *,
    null::integer as replaced_by_load,
from summary_report_figure
where false;

-- The units (of any level but the country) whose figures come from summary reports: what the rollups sum
-- with the communes' household rows (data/rollup/reports.sql writes them, data/rollup/upper.sql reads them).
create table if not exists summary_report_cell as
select *, from unit_year_summary
where false;

create table if not exists summary_report_class_cell as
select *, from unit_class_summary
where false;

create table if not exists summary_report_indicator_cell as
select *, from unit_indicator_summary
where false;

-- Each unit's ancestors at its level and above (itself included), for any level: what a unit below the
-- province adds up into. Written after unit_ancestor (data/database/unit_levels.sql); a view until
-- version 5, derived again at every use (10 ms each, nine times in every load's rollups).
create table if not exists unit_level_ancestor (
    scheme varchar not null,
    unit_code varchar not null,
    level varchar not null,
    ancestor_code varchar not null,
    ancestor_level varchar not null
);

-- --- loads, undo, audit ------------------------------------------------------------------------------------

create table if not exists load_history (
    load_id integer primary key,
    loaded_at timestamp not null,
    operator varchar not null,
    client_address varchar,
    file_name varchar not null,
    file_sha256 varchar not null,
    dataset varchar not null,       -- households | funding | summary_report
    year integer,
    poverty_standard varchar,
    unit_scheme varchar,
    scope varchar,                  -- communes | province (households), unit_years (funding)
    unit_codes varchar not null,    -- provinces (households) or unit/year pairs (funding) the load wrote
    row_count bigint not null,
    replaced_row_count bigint not null,
    warning_count bigint not null,
    previous_year_matched bigint,   -- the file's households whose id is in the previous loaded year
    previous_year_households bigint,  -- the file's households in units that have a previous year
    next_year_matched bigint,       -- next year's households (same units) whose id is in the file
    next_year_households bigint,
    movement_columns boolean,       -- the file carried its own movement columns (thoát nghèo …)
    undone_at timestamp,
    undone_by varchar
);

-- The rows a load replaced, kept so that the load can be undone (data/load/undo_load.sql): the columns of
-- their table and the load that replaced them (an empty copy: where false).
create table if not exists household_snapshot as
select
    *,
    null::integer as replaced_by_load,
from household_review
where false;

create table if not exists funding_snapshot as
select
    *,
    null::integer as replaced_by_load,
from funding
where false;

-- The audit trail (sign-ins, loads, refusals, undos, account changes) is in the account store
-- (data/accounts.py): every server process writes it, where this database is read-only for all but one.

-- Every load with whether it can still be undone: not undone yet, the rows it replaced still kept
-- (or it replaced none), and no later load of the same units since (undo goes back one load at a time).
create or replace view load_state as
select
    history.*,
    history.undone_at is null
    and (
        history.replaced_row_count = 0
        or exists (
            select 1 from household_snapshot as kept
            where kept.replaced_by_load = history.load_id
        )
        or exists (
            select 1 from funding_snapshot as kept
            where kept.replaced_by_load = history.load_id
        )
        or exists (
            select 1 from summary_report_figure_snapshot as kept
            where kept.replaced_by_load = history.load_id
        )
    )
    and not exists (
        select 1 from load_history as later
        where
            later.load_id > history.load_id
            and later.dataset = history.dataset
            and later.undone_at is null
            and later.year is not distinct from history.year
            and later.unit_scheme is not distinct from history.unit_scheme
            and list_has_any(string_split(later.unit_codes, ','), string_split(history.unit_codes, ','))
    ) as can_undo,
from load_history as history;

-- Which need a project's money serves, for "money vs need" (data/reference/project_needs.csv): the poor
-- and near-poor households deprived in an indicator, or all of them (indicator_code null: a component of
-- 2026-2030, whose contents are not public, is compared with the whole group).
create table if not exists project_need (
    program_period varchar not null,
    project_code varchar not null,
    indicator_code varchar,
    note_vi varchar not null,
    note_en varchar not null,
    primary key (program_period, project_code)
);

-- The national money frame of a programme period by source (data/reference/programme_frame.csv): for the
-- 2026-2030 programme, Quyết định 417/QĐ-BNNMT and Nghị quyết 257/2025/QH15, in billion VND.
create table if not exists programme_frame (
    programme_period varchar not null,
    funding_source varchar not null,   -- a money_source code, or 'total' (the mobilised total stated)
    capital_type varchar,
    amount_billion_vnd double not null,
    is_approximate boolean not null,
    source_document varchar not null
);

-- --- views over the tables -------------------------------------------------------------------------

-- Each standard's indicators as one mask of bits, and a household's deprivations counted in it.
create or replace view standard_mask as
select
    standard,
    sum(1::bigint << bit)::bigint as standard_mask,
    count(*) as indicator_count,
from indicator
group by standard;

-- The household rows one indicator per row, for people reading the table (pages read the rollups).
create or replace view household_indicator as
select
    reviews.year,
    reviews.household_id,
    reviews.scheme,
    reviews.province_code,
    reviews.commune_code,
    reviews.poverty_standard,
    indicator.code as indicator_code,
    case
        when reviews.indicators_known_mask & (1::bigint << indicator.bit) <> 0
            then reviews.deprivations_mask & (1::bigint << indicator.bit) <> 0
    end as is_deprived,
from household_review as reviews
inner join indicator on reviews.poverty_standard = indicator.standard;

-- The household rows with what their files said beyond the review (household_file_detail): the one join
-- of the two, for the rollups, the queries and people reading the table.
create or replace view household_with_detail as
select
    reviews.*,
    detail.reported_flow,
    detail.reported_movement,
    detail.source_household_id,
    detail.head_name,
    detail.address,
from household_review as reviews
left join household_file_detail as detail
    on
        reviews.load_id = detail.load_id
        and reviews.province_code = detail.province_code
        and reviews.household_id = detail.household_id;

-- Funding rows placed in the unit tree, with the plans' four kinds of money: budget money (central,
-- local, or a plan's unsplit state budget) is development investment or recurrent by its capital type;
-- NHCSXH credit and other mobilised funds are their own kinds. The pages read the stored copy,
-- funding_located (below).
create or replace view funding_placement as
select
    funding.*,
    case
        when funding.funding_source = 'total' then 'total'  -- a plan's own stated total (reference rows)
        when sources.is_budget then funding.capital_type
        else sources.money_kind
    end as money_kind,
    sources.budget_level,
    periods.code as programme_period,
    units.level,
    case units.level
        when 'province' then units.code
        when 'district' then units.parent_code
        when 'commune' then coalesce(districts.parent_code, units.parent_code)
    end as province_code,
    case units.level
        when 'district' then units.code
        when 'commune' then districts.code
    end as district_code,
    case when units.level = 'commune' then units.code end as commune_code,
    provinces.region_code,
    -- A plan's own figure for its unit (not a breakdown): real, planned, not by project.
    not funding.is_synthetic and funding.kind = 'planned' and funding.project_code is null as is_plan_figure,
from funding
inner join admin_unit as units on funding.scheme = units.scheme and funding.unit_code = units.code
left join programme_period as periods on funding.year between periods.first_year and periods.last_year
left join money_source as sources
    on periods.code = sources.programme_period and funding.funding_source = sources.code
left join admin_unit as districts
    on
        funding.scheme = districts.scheme
        and units.parent_code = districts.code
        and districts.level = 'district'
left join admin_unit as provinces
    on
        funding.scheme = provinces.scheme
        and provinces.level = 'province'
        and provinces.code = case units.level
            when 'province' then units.code
            when 'district' then units.parent_code
            when 'commune' then coalesce(districts.parent_code, units.parent_code)
        end;

-- The funding rows placed, stored: every funding query of the pages reads it, and placing 80.000 rows through
-- the view above took 40-80 ms a query on the national database (a few ms from the table). Written again
-- after every change to the data (data/database/funding_located.sql, called by setup.refresh_derived).
create table if not exists funding_located as
select * from funding_placement
where false;  -- the columns only: refresh_derived fills it
