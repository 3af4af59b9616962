-- Tables derived from admin_unit and unit_crosswalk, rebuilt after the units load.
-- grain:   province_successor: one row per legacy province; unit_ancestor: one row per commune x
--          ancestor (itself included)
-- params:  none
delete from province_successor;

insert into province_successor
select distinct
    provinces.code as legacy_province_code,
    crosswalk.new_province_code,
from unit_crosswalk as crosswalk
inner join admin_unit as communes
    on communes.scheme = 'legacy_63' and crosswalk.legacy_commune_code = communes.code
inner join admin_unit as districts
    on districts.scheme = 'legacy_63' and communes.parent_code = districts.code
inner join admin_unit as provinces
    on provinces.scheme = 'legacy_63' and districts.parent_code = provinces.code;

delete from unit_ancestor;

insert into unit_ancestor
with

legacy_communes as (
    select
        communes.code as commune_code,
        districts.code as district_code,
        provinces.code as province_code,
        provinces.region_code,
    from admin_unit as communes
    inner join admin_unit as districts
        on communes.scheme = districts.scheme and communes.parent_code = districts.code
    inner join admin_unit as provinces
        on communes.scheme = provinces.scheme and districts.parent_code = provinces.code
    where communes.scheme = 'legacy_63' and communes.level = 'commune'
),

new_communes as (
    select
        code as commune_code,
        parent_code as province_code,
    from admin_unit
    where scheme = 'from_2025' and level = 'commune'
),

final as (
    select 'legacy_63' as scheme, commune_code, commune_code as ancestor_code, 'commune' as ancestor_level,
    from legacy_communes
    union all
    select 'legacy_63', commune_code, district_code, 'district' from legacy_communes
    union all
    select 'legacy_63', commune_code, province_code, 'province' from legacy_communes
    union all
    select 'legacy_63', commune_code, region_code, 'region' from legacy_communes
    where region_code is not null
    union all
    select 'legacy_63', commune_code, 'VN', 'country' from legacy_communes
    union all
    select 'from_2025', commune_code, commune_code as ancestor_code, 'commune' from new_communes
    union all
    select 'from_2025', commune_code, province_code, 'province' from new_communes
    union all
    select 'from_2025', commune_code, 'VN', 'country' from new_communes
)

select * from final;
