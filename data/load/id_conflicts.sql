-- Households of a staged file whose id already belongs to another commune of the same province-year that
-- this load does not replace (the same household cannot live in two communes at once).
-- grain:   id_conflicts: one row per file row whose id is held elsewhere
-- params:  $year (int), $scheme (text), $standard (text), $scope (text: 'communes' | 'province')
create or replace temporary table id_conflicts as
with

file_communes as (
    select distinct staged.commune_code from staged_households as staged
),

held as (
    select
        reviews.household_id,
        reviews.commune_code,
        reviews.province_code,
    from household_review as reviews
    where
        reviews.year = $year
        and reviews.scheme = $scheme
        and reviews.poverty_standard = $standard
        and reviews.province_code in (select distinct staged.province_code from staged_households as staged)
        -- a province-wide load replaces every commune of the province: nothing is held elsewhere
        and $scope = 'communes'
        and reviews.commune_code not in (select file_communes.commune_code from file_communes)
)

select
    staged.file_row,
    staged.household_id,
    coalesce(staged.source_household_id, staged.household_id::varchar) as shown_id,
    staged.commune_code,
    held.commune_code as held_commune_code,
    communes.name as held_commune_name,
from staged_households as staged
inner join held on staged.household_id = held.household_id and staged.province_code = held.province_code
left join admin_unit as communes on communes.scheme = $scheme and held.commune_code = communes.code;
