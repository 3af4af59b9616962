-- Every level above the commune (district, province, region, country; per scheme), summed from the
-- commune rows (and the units above the commune whose figures come from summary report forms:
-- data/rollup/reports.sql) through unit_level_ancestor. Counts add up exactly, so a parent is always the sum of its
-- children and nothing is counted from households twice.
-- grain:   as the three rollup tables, for levels other than commune
-- params:  none
delete from unit_year_summary
where level <> 'commune';

insert into unit_year_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    communes.year,
    communes.poverty_standard,
    sum(communes.households) as households,
    sum(communes.poor_households) as poor_households,
    sum(communes.near_poor_households) as near_poor_households,
    sum(communes.middle_households) as middle_households,
    sum(communes.ethnic_known_households) as ethnic_known_households,
    sum(communes.ethnic_minority_households) as ethnic_minority_households,
    sum(communes.ethnic_minority_poor_households) as ethnic_minority_poor_households,
    sum(communes.synthetic_households) as synthetic_households,
    sum(communes.previous_review_households) as previous_review_households,
    sum(communes.matched_households) as matched_households,
    sum(communes.flow_households) as flow_households,
    sum(communes.file_flow_households) as file_flow_households,
    sum(communes.escaped_households) as escaped_households,
    sum(communes.newly_poor_households) as newly_poor_households,
    sum(communes.fell_back_households) as fell_back_households,
    sum(communes.stayed_poor_households) as stayed_poor_households,
    sum(communes.previous_poor_households) as previous_poor_households,
    sum(communes.class_rule_mismatches) as class_rule_mismatches,
    sum(communes.income_known_households) as income_known_households,
    sum(communes.personal_data_households) as personal_data_households,
    sum(communes.summary_report_households) as summary_report_households,
    sum(communes.divided_commune_households) as divided_commune_households,
from (
    select *, from unit_year_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_cell  -- units above the commune counted from summary report forms
    where level <> 'commune'
) as communes
inner join unit_level_ancestor as ancestors
    on
        communes.scheme = ancestors.scheme
        and communes.unit_code = ancestors.unit_code
        and communes.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level <> 'commune'
group by all;

delete from unit_class_summary
where level <> 'commune';

insert into unit_class_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    communes.year,
    communes.poverty_standard,
    communes.household_class,
    sum(communes.households) as households,
    sum(communes.indicators_known_households) as indicators_known_households,
    sum(communes.mpi_poor_households) as mpi_poor_households,
    sum(communes.mpi_poor_deprivation_sum) as mpi_poor_deprivation_sum,
from (
    select *, from unit_class_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_class_cell  -- units above the commune counted from summary report forms
    where level <> 'commune'
) as communes
inner join unit_level_ancestor as ancestors
    on
        communes.scheme = ancestors.scheme
        and communes.unit_code = ancestors.unit_code
        and communes.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level <> 'commune'
group by all;

delete from unit_indicator_summary
where level <> 'commune';

insert into unit_indicator_summary by name
select
    ancestors.scheme,
    ancestors.ancestor_code as unit_code,
    ancestors.ancestor_level as level,
    units.parent_code,
    units.region_code,
    communes.year,
    communes.poverty_standard,
    communes.household_class,
    communes.indicator_code,
    sum(communes.known_households) as known_households,
    sum(communes.deprived_households) as deprived_households,
    sum(communes.mpi_poor_deprived_households) as mpi_poor_deprived_households,
from (
    select *, from unit_indicator_summary
    where level = 'commune'
    union all by name
    select *, from summary_report_indicator_cell  -- units above the commune counted from summary report forms
    where level <> 'commune'
) as communes
inner join unit_level_ancestor as ancestors
    on
        communes.scheme = ancestors.scheme
        and communes.unit_code = ancestors.unit_code
        and communes.level = ancestors.level
inner join admin_unit as units
    on ancestors.scheme = units.scheme and ancestors.ancestor_code = units.code
where ancestors.ancestor_level <> 'commune'
group by all;

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
