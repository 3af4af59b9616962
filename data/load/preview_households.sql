-- What a load would change, unit by unit, before anything is written (the DHIS2 dry run): households
-- there now and households there after, per commune, district (legacy units) and province.
-- grain:   one row per unit the load touches (its communes and their district and province)
-- params:  $year (int), $scheme (text), $standard (text), $scope (text: 'communes' replaces the
--          communes the file covers; 'province' replaces the whole province-year)
-- returns: level, unit_code, unit_name, households_before, households_after, is_in_file,
--          is_removal (the unit loses every household, or more than a tenth of them: the page asks
--          to confirm and the command line refuses without --replace-province / --yes)
with

-- a list of the poor and near-poor alone counts the commune's total of its form 7.1 (list_denominators.sql)
forms as (
    select
        unit_code,
        households,
    from commune_form_households()
    where scheme = $scheme and year = $year
),

file_communes as (
    select
        staged.commune_code,
        case
            when count(*) filter (where completes_a_list(staged.household_class, staged.reported_movement)) = 0
                then greatest(count(*), coalesce(any_value(forms.households), 0))::bigint
            else count(*)
        end as households,
    from staged_households as staged
    left join forms on staged.commune_code = forms.unit_code
    group by staged.commune_code
),

file_provinces as (
    select distinct province_code,
    from staged_households
),

now as (
    select
        unit_code as commune_code,
        households,
    from unit_year_summary
    where
        scheme = $scheme
        and level = 'commune'
        and year = $year
        and poverty_standard = $standard
),

communes as (
    select
        units.code as commune_code,
        coalesce(now.households, 0) as households_before,
        case
            when file_communes.commune_code is not null then file_communes.households
            when $scope = 'province' then 0
            else coalesce(now.households, 0)
        end as households_after,
        file_communes.commune_code is not null as is_in_file,
    from unit_ancestor as ancestors
    inner join admin_unit as units
        on ancestors.scheme = units.scheme and ancestors.commune_code = units.code and units.level = 'commune'
    left join now on units.code = now.commune_code
    left join file_communes on units.code = file_communes.commune_code
    where
        ancestors.scheme = $scheme
        and ancestors.ancestor_level = 'province'
        and ancestors.ancestor_code in (select file_provinces.province_code from file_provinces)
        and (now.households is not null or file_communes.commune_code is not null)
),

rolled as (
    select
        ancestors.ancestor_level as level,
        ancestors.ancestor_code as unit_code,
        sum(communes.households_before) as households_before,
        sum(communes.households_after) as households_after,
        bool_or(communes.is_in_file) as is_in_file,
    from communes
    inner join unit_ancestor as ancestors
        on ancestors.scheme = $scheme and communes.commune_code = ancestors.commune_code
    where ancestors.ancestor_level in ('commune', 'district', 'province')
    group by all
),

final as (
    select
        rolled.level,
        rolled.unit_code,
        units.name as unit_name,
        rolled.households_before,
        rolled.households_after,
        rolled.is_in_file,
        rolled.level = 'commune'
        and rolled.households_before > 0
        and rolled.households_after < 0.9 * rolled.households_before as is_removal,
    from rolled
    inner join admin_unit as units on units.scheme = $scheme and rolled.unit_code = units.code
    where rolled.households_before <> rolled.households_after or rolled.is_in_file
)

select * from final
order by
    case level when 'province' then 1 when 'district' then 2 else 3 end,
    unit_code
