-- What the loaded data are: synthetic or real household data, and the date of the data.
-- grain:   one row per key
-- params:  none
-- returns: key, value
with

final as (
    select
        key,
        value,
    from data_source
)

select * from final
order by key
