-- Every unit is the sum of the units directly below it (the regions of the provinces they group), in
-- both unit schemes: nothing lost, nothing counted twice.
-- returns: the parents whose children do not add up
with

edges as (
    select scheme, parent_code as parent, year, poverty_standard, households, poor_households, flow_households,
    from unit_year_summary
    where level <> 'region'
    union all
    select scheme, region_code, year, poverty_standard, households, poor_households, flow_households,
    from unit_year_summary
    where region_code is not null
),

children as (
    select
        scheme,
        parent,
        year,
        poverty_standard,
        sum(households) as households,
        sum(poor_households) as poor_households,
        sum(flow_households) as flow_households,
    from edges
    group by all
)

select parents.scheme, parents.unit_code, parents.year,
from unit_year_summary as parents
inner join children
    on
        parents.scheme = children.scheme
        and parents.unit_code = children.parent
        and parents.year = children.year
        and parents.poverty_standard = children.poverty_standard
where
    children.households <> parents.households
    or children.poor_households <> parents.poor_households
    or children.flow_households <> parents.flow_households
