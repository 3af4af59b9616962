-- The GNBV database: DESIGN.md section 4. Every table is created here and nowhere else.

create table if not exists admin_unit (
    code varchar not null,          -- GSO code: 2 digits province, 3 district, 5 commune; 'VN' the country
    level varchar not null,         -- country | province | district | commune
    name varchar not null,          -- full name with type ("Huyện Trạm Tấu")
    short_name varchar not null,    -- without type ("Trạm Tấu")
    unit_type varchar,              -- Tỉnh, Thành phố, Huyện, Thị xã, Quận, Xã, Phường, Thị trấn
    parent_code varchar,
    scheme varchar not null,        -- legacy_63 | from_2025
    lat double,
    lon double,
    primary key (scheme, code)
);

create table if not exists unit_crosswalk (
    legacy_commune_code varchar primary key,
    new_commune_code varchar,
    new_province_code varchar not null
);

create table if not exists indicator (
    code varchar not null,
    standard varchar not null,      -- '2022-2025' | '2016-2020'
    dimension varchar not null,
    dimension_vi varchar not null,
    dimension_en varchar not null,
    name_vi varchar not null,
    name_en varchar not null,
    short_vi varchar not null,      -- column headers of the heatmap
    short_en varchar not null,
    column_name varchar not null,   -- the boolean column in household_review
    sort_order integer not null,
    primary key (standard, code)
);

create table if not exists household_review (
    year integer not null,
    household_id bigint not null,
    province_code varchar not null,
    district_code varchar not null,
    commune_code varchar not null,
    area varchar not null,          -- urban | rural
    members integer not null,
    income_per_capita integer not null,  -- VND per person per month
    status varchar not null,        -- poor | near_poor | middle | other
    poverty_standard varchar not null,
    ethnic_minority boolean,        -- null when the file does not say
    deprived_employment boolean,
    deprived_dependency boolean,
    deprived_nutrition boolean,
    deprived_health_insurance boolean,
    deprived_health_service boolean,
    deprived_adult_education boolean,
    deprived_child_schooling boolean,
    deprived_housing_quality boolean,
    deprived_housing_area boolean,
    deprived_water boolean,
    deprived_latrine boolean,
    deprived_telecom boolean,
    deprived_information boolean,
    is_synthetic boolean not null,
    source_household_id varchar,    -- the file's own household code when it is not a plain number
    head_name varchar,              -- personal data: stored only when the operator turns it on
    address varchar,
    load_id integer                 -- load_history row that brought the row; null for the demo
);

create table if not exists target (
    level varchar not null,
    unit_code varchar not null,
    unit_name varchar not null,
    period_start integer not null,
    period_end integer not null,
    metric varchar not null,
    target_low double,
    target_high double,
    unit varchar not null,
    direction varchar not null,     -- at_most | at_least | planning_base
    source_document varchar not null,
    source_row integer              -- row of the source table (a plan appendix keeps its own order)
);

create table if not exists reported_value (
    level varchar not null,
    unit_code varchar not null,
    unit_name varchar not null,
    year integer not null,
    metric varchar not null,
    value double not null,
    unit varchar not null,
    poverty_standard varchar,
    source_document varchar not null
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

create table if not exists unit_year_summary (
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    year integer not null,
    poverty_standard varchar not null,
    households bigint not null,
    poor_households bigint not null,
    near_poor_households bigint not null,
    middle_households bigint not null,
    ethnic_minority_households bigint not null,
    ethnic_minority_poor_households bigint not null,
    escaped_households bigint,      -- null where the previous year is not under the same standard
    newly_poor_households bigint,
    fell_back_households bigint,
    stayed_poor_households bigint,
    previous_poor_households bigint,
    is_synthetic boolean not null,
    primary key (unit_code, year, poverty_standard)
);

create table if not exists data_source (
    key varchar primary key,
    value varchar not null
);

-- Deprivation rollups for the dimensions page, per status so that any group (poor, near-poor, both,
-- all households) is a sum of rows. mpi_poor: deprived in at least 3 indicators of the standard's
-- list (Alkire-Foster cutoff k = 3, equal weights).
create table if not exists unit_status_summary (
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    year integer not null,
    poverty_standard varchar not null,
    status varchar not null,
    households bigint not null,
    mpi_poor_households bigint not null,
    mpi_poor_deprivation_sum bigint not null,  -- sum of deprivation counts over the mpi-poor
    primary key (unit_code, year, poverty_standard, status)
);

create table if not exists unit_indicator_summary (
    unit_code varchar not null,
    level varchar not null,
    parent_code varchar,
    year integer not null,
    poverty_standard varchar not null,
    status varchar not null,
    indicator_code varchar not null,
    deprived_households bigint not null,
    mpi_poor_deprived_households bigint not null,  -- censored: deprived and mpi-poor
    primary key (unit_code, year, poverty_standard, status, indicator_code)
);

-- How a dimension target of a plan is measured in the household data (data/reference/target_measures.csv).
-- indicator_code null: the household data hold no measure; the page shows the target with "no data"
-- unless a reported_value exists.
create table if not exists target_measure (
    metric varchar primary key,
    dimension varchar not null,
    indicator_code varchar,
    household_group varchar,        -- poor | near_poor | poor_near_poor | all
    measure varchar,                -- not_deprived_share (percent of the group not deprived)
    note_vi varchar not null,
    note_en varchar not null
);

-- The household groups the pages offer, as sets of review statuses.
create table if not exists household_group (
    group_name varchar not null,   -- poor | near_poor | poor_near_poor | all
    status varchar not null,
    primary key (group_name, status)
);
insert or ignore into household_group values
    ('poor', 'poor'),
    ('near_poor', 'near_poor'),
    ('poor_near_poor', 'poor'),
    ('poor_near_poor', 'near_poor'),
    ('all', 'poor'),
    ('all', 'near_poor'),
    ('all', 'middle'),
    ('all', 'other');

-- The rollups summed per household group, so that each query reads one group with one filter.
create or replace view group_status_summary as
select
    summary.unit_code,
    summary.level,
    summary.parent_code,
    summary.year,
    summary.poverty_standard,
    household_group.group_name,
    sum(summary.households) as households,
    sum(summary.mpi_poor_households) as mpi_poor_households,
    sum(summary.mpi_poor_deprivation_sum) as mpi_poor_deprivation_sum,
from unit_status_summary as summary
inner join household_group on summary.status = household_group.status
group by all;

create or replace view group_indicator_summary as
select
    summary.unit_code,
    summary.level,
    summary.parent_code,
    summary.year,
    summary.poverty_standard,
    household_group.group_name,
    summary.indicator_code,
    sum(summary.deprived_households) as deprived_households,
    sum(summary.mpi_poor_deprived_households) as mpi_poor_deprived_households,
from unit_indicator_summary as summary
inner join household_group on summary.status = household_group.status
group by all;

-- Shared rules, one definition each.
-- The assessment of an actual against a target: within 10% of the target on the wrong side is
-- at_risk, further away missed; no actual is no_data; a planning base is a reference, not a goal.
create or replace macro target_status(direction, actual_value, target_low, target_high) as
    case
        when direction = 'planning_base' then 'reference'
        when actual_value is null then 'no_data'
        when direction = 'at_most' and actual_value <= coalesce(target_high, target_low) then 'met'
        when direction = 'at_most' and actual_value <= 1.1 * coalesce(target_high, target_low) then 'at_risk'
        when direction = 'at_most' then 'missed'
        when actual_value >= coalesce(target_low, target_high) then 'met'
        when actual_value >= 0.9 * coalesce(target_low, target_high) then 'at_risk'
        else 'missed'
    end;

-- The rollups group by grouping sets of (province, district, commune); these name the unit of a row
-- from grouping(province_code, district_code, commune_code): 0 commune, 1 district, 3 province, 7 country.
create or replace macro rollup_unit_code(grouping_id, province_code, district_code, commune_code) as
    case grouping_id when 0 then commune_code when 1 then district_code when 3 then province_code else 'VN' end;
create or replace macro rollup_level(grouping_id) as
    case grouping_id when 0 then 'commune' when 1 then 'district' when 3 then 'province' else 'country' end;
create or replace macro rollup_parent_code(grouping_id, province_code, district_code) as
    case grouping_id when 0 then district_code when 1 then province_code when 3 then 'VN' end;

-- The standards' classification rule (Nghị định 07/2021/NĐ-CP; Quyết định 59/2015/QĐ-TTg): the class
-- that income (VND per person per month) and the number of deprivations give; null = neither poor nor
-- near-poor. The loader warns and the data-quality page counts where a household's class contradicts it.
create or replace macro expected_status(standard, area, income, deprivations) as
    case
        when standard = '2022-2025' and income <= case when area = 'urban' then 2000000 else 1500000 end
            then case when deprivations >= 3 then 'poor' else 'near_poor' end
        when standard = '2016-2020' and income <= case when area = 'urban' then 900000 else 700000 end
            then 'poor'
        when standard = '2016-2020' and income <= case when area = 'urban' then 1300000 else 1000000 end
            then case when deprivations >= 3 then 'poor' else 'near_poor' end
    end;
create or replace macro contradicts_class_rule(status, expected) as
    (status in ('poor', 'near_poor') and status is distinct from expected)
    or (status in ('middle', 'other') and expected is not null);

-- Every load through data.load (page or command line): who, when, which file, what it replaced.
create table if not exists load_history (
    load_id integer primary key,
    loaded_at timestamp not null,
    operator varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    dataset varchar not null,       -- households | funding
    year integer,
    poverty_standard varchar,
    unit_codes varchar not null,    -- provinces (households) or units (funding) replaced, comma-separated
    row_count bigint not null,
    replaced_row_count bigint not null,
    warning_count bigint not null
);

-- Which deprivation a project's money serves, for "money vs need" (data/reference/project_needs.csv).
create table if not exists project_need (
    project_code varchar primary key,
    indicator_code varchar not null,
    note_vi varchar not null,
    note_en varchar not null
);

-- Funding rows placed in the unit tree, with the plans' four kinds of money:
-- budget money (central, local, or a plan's unsplit state budget) is development investment or
-- recurrent by its capital type; NHCSXH credit and other mobilised funds are their own kinds.
create or replace view funding_located as
select
    funding.*,
    case
        when funding.funding_source in ('central_budget', 'local_budget', 'state_budget') then funding.capital_type
        else funding.funding_source
    end as money_kind,
    units.level,
    case units.level
        when 'province' then units.code
        when 'district' then units.parent_code
        when 'commune' then districts.parent_code
    end as province_code,
    case units.level
        when 'district' then units.code
        when 'commune' then units.parent_code
    end as district_code,
    case when units.level = 'commune' then units.code end as commune_code,
    -- A plan's own figure for its unit (not a breakdown): real, planned, not by project.
    not funding.is_synthetic and funding.kind = 'planned' and funding.project_code is null as is_plan_figure,
from funding
inner join admin_unit as units on units.scheme = 'legacy_63' and units.code = funding.unit_code
left join admin_unit as districts
    on districts.scheme = 'legacy_63' and districts.code = units.parent_code and units.level = 'commune';
