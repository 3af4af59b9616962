-- Version 1 -> 2, second step: the households, the loaded and synthetic funding and the load history of
-- version 1 in the tables of version 2, then the version 1 tables dropped.
-- grain:   the version 2 tables gain the version 1 rows (what a file said beyond the review: today's table)
-- params:  none
--
-- Version 1 kept one boolean column per indicator, in the order of indicator.bit; version 2 keeps the
-- two masks. Version 1 coded every year in the legacy units; a 2025 review is coded in today's units.
insert into household_review by name
with

indicator_values as (
    unpivot (select year, household_id, columns('^deprived_') from v1_household_review)
    on columns('^deprived_')
    into name column_name value is_deprived
),

indicator_bits as (
    select distinct
        column_name,
        bit,
    from indicator
),

masks as (
    select
        indicator_values.year,
        indicator_values.household_id,
        -- unpivot leaves out the nulls: a row here is an indicator whose value the household had
        sum(1::bigint << indicator.bit) filter (where indicator_values.is_deprived)::bigint as deprivations_mask,
        sum(1::bigint << indicator.bit)::bigint as indicators_known_mask,
    from indicator_values
    inner join indicator_bits as indicator on indicator_values.column_name = indicator.column_name
    group by all
),

v1 as (
    select
        v1_household_review.*,
        coalesce(masks.deprivations_mask, 0) as deprivations_mask,
        coalesce(masks.indicators_known_mask, 0) as indicators_known_mask,
    from v1_household_review
    left join masks on v1_household_review.year = masks.year and v1_household_review.household_id = masks.household_id
),

final as (
    select
        v1.year,
        v1.household_id,
        scheme_of_year(v1.year) as scheme,
        case when scheme_of_year(v1.year) = 'legacy_63' then v1.province_code else crosswalk.new_province_code end
            as province_code,
        case when scheme_of_year(v1.year) = 'legacy_63' then v1.district_code end as district_code,
        case when scheme_of_year(v1.year) = 'legacy_63' then v1.commune_code else crosswalk.new_commune_code end
            as commune_code,
        v1.area,
        v1.members,
        v1.income_per_capita,
        v1.status as household_class,
        v1.poverty_standard,
        v1.ethnic_minority,
        -- indicators outside a household's standard were null in version 1: the masks keep its own only
        v1.deprivations_mask & standards.standard_mask as deprivations_mask,
        v1.indicators_known_mask & standards.standard_mask as indicators_known_mask,
        false as movement_reported,
        v1.is_synthetic,
        v1.load_id,
    from v1
    left join unit_crosswalk as crosswalk on v1.commune_code = crosswalk.legacy_commune_code
    inner join standard_mask as standards on v1.poverty_standard = standards.standard
)

select * from final;

-- What a loaded file said beyond the review (its own codes, personal data), beside the rows just carried
-- (their province is today's for a 2025 review).
insert into household_file_detail by name
select
    reviews.load_id,
    reviews.province_code,
    reviews.household_id,
    v1.source_household_id,
    v1.head_name,
    v1.address,
from v1_household_review as v1
inner join household_review as reviews
    on v1.year = reviews.year and v1.household_id = reviews.household_id and v1.load_id = reviews.load_id
where v1.source_household_id is not null or v1.head_name is not null or v1.address is not null;

-- The plans' own figures come back with the reference tables; the synthetic and loaded rows carry over.
insert into funding by name
select
    'legacy_63' as scheme,
    * exclude (load_id),
    load_id,
from v1_funding
where is_synthetic or load_id is not null;

insert into load_history by name
select
    *,
    case when dataset = 'households' then 'legacy_63' end as unit_scheme,
    case when dataset = 'households' then 'province' else 'unit_years' end as scope,
from v1_load_history;

drop table v1_household_review;
drop table v1_funding;
drop table v1_load_history;
