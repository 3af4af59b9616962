-- The new standard's simulation holds each province's cells twice, by commune and by province: the two
-- sum to the same households (a province whose province cells are missing shows nothing on «Chuẩn mới»).
-- returns: the provinces and years whose two sums differ (none when the invariant holds)
with

communes as (
    select province_code, year, sum(households) as households,
    from standard_change_cell
    group by all
),

provinces as (
    select province_code, year, sum(households) as households,
    from standard_change_province_cell
    group by all
)

select
    coalesce(communes.province_code, provinces.province_code) as province_code,
    coalesce(communes.year, provinces.year) as year,
    communes.households as commune_cells,
    provinces.households as province_cells,
from communes
full outer join provinces on communes.province_code = provinces.province_code and communes.year = provinces.year
where communes.households is distinct from provinces.households
