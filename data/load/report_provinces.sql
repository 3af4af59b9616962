-- The provinces units of a scheme lie in (a load of summary forms is scoped by them).
-- grain:   one row per province
-- params:  $scheme (text), $codes (list of text: unit codes of any level below the country)
select distinct ancestors.ancestor_code as province_code,
from unit_level_ancestor as ancestors
where
    ancestors.scheme = $scheme
    and list_contains($codes, ancestors.unit_code)
    and ancestors.ancestor_level = 'province'
order by province_code
