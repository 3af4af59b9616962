-- Each unit's ancestors at its level and above (itself included), from unit_ancestor: what a unit below
-- the province adds up into (the rollups above the commune, the summary report forms). Written after
-- units_derived.sql, whenever the units are loaded.
-- grain:   one row per unit x ancestor (itself included), under each scheme
-- params:  none
delete from unit_level_ancestor;

insert into unit_level_ancestor
select distinct
    own.scheme,
    own.ancestor_code as unit_code,
    own.ancestor_level as level,
    above.ancestor_code,
    above.ancestor_level,
from unit_ancestor as own
inner join unit_ancestor as above on own.scheme = above.scheme and own.commune_code = above.commune_code
where
    list_position(['commune', 'district', 'province', 'region', 'country'], above.ancestor_level)
    >= list_position(['commune', 'district', 'province', 'region', 'country'], own.ancestor_level);
