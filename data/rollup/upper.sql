-- Every level above the commune (district, province, region, country; per scheme), summed from the
-- commune rows (and the units above the commune whose figures come from summary report forms:
-- data/rollup/reports.sql) through unit_level_ancestor. Counts add up exactly, so a parent is always the sum of its
-- children and nothing is counted from households twice.
-- grain:   as the three rollup tables, for levels other than commune
-- params:  $panel_provinces (text[]: the 2025 provinces whose commune rows changed; null: every unit)
--
-- Only what the changed communes reach is summed again: the districts and provinces of the panel provinces
-- (under both schemes), then every region and the country from the province rows, which already hold all
-- below them. A load of one province sums a few thousand rows instead of every commune of the country
-- (220,000 households of Nghệ An: 2.2 s of the rollups and a share of the commit; docs/performance.md).
create or replace temporary table upper_changed_units as
with

changed_communes as (
    select ancestors.scheme, ancestors.commune_code,
    from unit_ancestor as ancestors
    where
        ancestors.scheme = 'legacy_63'
        and ancestors.ancestor_code in (
            select successors.legacy_province_code from province_successor as successors
            where list_contains($panel_provinces, successors.new_province_code)
        )
    union all
    select ancestors.scheme, ancestors.commune_code,
    from unit_ancestor as ancestors
    where ancestors.scheme = 'from_2025' and list_contains($panel_provinces, ancestors.ancestor_code)
)

select distinct
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
from unit_ancestor as ancestors
where
    ancestors.ancestor_level in ('district', 'province')
    and (
        $panel_provinces is null
        or (ancestors.scheme, ancestors.commune_code) in (
            select (changed.scheme, changed.commune_code) from changed_communes as changed
        )
    );

-- --- unit_year_summary ---------------------------------------------------------------------------------------

delete from unit_year_summary
where
    level in ('region', 'country')
    or (
        level in ('district', 'province')
        and (scheme, unit_code) in (select (changed.scheme, changed.unit_code) from upper_changed_units as changed)
    );

insert into unit_year_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (scheme, unit_code, level, parent_code, region_code, year, poverty_standard))),
    -- noqa: enable=RF02
from (
    select *, from unit_year_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_cell  -- units above the commune counted from summary report forms
    where level in ('district', 'province')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join upper_changed_units as changed
    on ancestors.scheme = changed.scheme and ancestors.ancestor_code = changed.unit_code
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('district', 'province')
group by all;

insert into unit_year_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (scheme, unit_code, level, parent_code, region_code, year, poverty_standard))),
    -- noqa: enable=RF02
from (
    select *, from unit_year_summary
    where level = 'province'
    union all by name
    select *, from summary_report_cell
    where level in ('region', 'country')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('region', 'country')
group by all;

-- --- unit_class_summary --------------------------------------------------------------------------------------

delete from unit_class_summary
where
    level in ('region', 'country')
    or (
        level in ('district', 'province')
        and (scheme, unit_code) in (select (changed.scheme, changed.unit_code) from upper_changed_units as changed)
    );

insert into unit_class_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    below.household_class,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (
        scheme, unit_code, level, parent_code, region_code, year, poverty_standard, household_class
    ))),
    -- noqa: enable=RF02
from (
    select *, from unit_class_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_class_cell
    where level in ('district', 'province')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join upper_changed_units as changed
    on ancestors.scheme = changed.scheme and ancestors.ancestor_code = changed.unit_code
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('district', 'province')
group by all;

insert into unit_class_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    below.household_class,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (
        scheme, unit_code, level, parent_code, region_code, year, poverty_standard, household_class
    ))),
    -- noqa: enable=RF02
from (
    select *, from unit_class_summary
    where level = 'province'
    union all by name
    select *, from summary_report_class_cell
    where level in ('region', 'country')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('region', 'country')
group by all;

-- --- unit_indicator_summary ----------------------------------------------------------------------------------

delete from unit_indicator_summary
where
    level in ('region', 'country')
    or (
        level in ('district', 'province')
        and (scheme, unit_code) in (select (changed.scheme, changed.unit_code) from upper_changed_units as changed)
    );

insert into unit_indicator_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    below.household_class,
    below.indicator_code,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (
        scheme, unit_code, level, parent_code, region_code, year, poverty_standard, household_class, indicator_code
    ))),
    -- noqa: enable=RF02
from (
    select *, from unit_indicator_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_indicator_cell
    where level in ('district', 'province')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join upper_changed_units as changed
    on ancestors.scheme = changed.scheme and ancestors.ancestor_code = changed.unit_code
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('district', 'province')
group by all;

insert into unit_indicator_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    below.year,
    below.poverty_standard,
    below.household_class,
    below.indicator_code,
    -- the key columns the sum leaves out are names, not references
    -- noqa: disable=RF02
    sum(columns(below.* exclude (
        scheme, unit_code, level, parent_code, region_code, year, poverty_standard, household_class, indicator_code
    ))),
    -- noqa: enable=RF02
from (
    select *, from unit_indicator_summary
    where level = 'province'
    union all by name
    select *, from summary_report_indicator_cell
    where level in ('region', 'country')
) as below
inner join unit_level_ancestor as ancestors
    on
        below.scheme = ancestors.scheme
        and below.unit_code = ancestors.unit_code
        and below.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level in ('region', 'country')
group by all;

-- --- simulated_summary (a few thousand rows: every level again) ----------------------------------------------

delete from simulated_summary
where level <> 'commune';

insert into simulated_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    communes.year,
    communes.poverty_standard,
    communes.reviewed_standard,
    sum(communes.households) as households,
    sum(communes.classified_households) as classified_households,
    sum(communes.poor_households) as poor_households,
    sum(communes.near_poor_households) as near_poor_households,
    sum(communes.synthetic_households) as synthetic_households,
from simulated_summary as communes
inner join unit_ancestor as ancestors
    on communes.scheme = ancestors.scheme and communes.unit_code = ancestors.commune_code
inner join admin_unit as units on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where communes.level = 'commune' and ancestors.ancestor_level <> 'commune'
group by all;
