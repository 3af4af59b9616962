-- The provinces that hold some units of a funding file (for a data officer's province scope).
-- grain:   one row per province code
-- params:  $codes (text[]: unit codes of any level)
select distinct ancestors.ancestor_code as province_code,
from unit_ancestor as ancestors
inner join unit_ancestor as units
    on ancestors.scheme = units.scheme and ancestors.commune_code = units.commune_code
where ancestors.ancestor_level = 'province' and units.ancestor_code in (select unnest($codes::varchar[]))
order by province_code
