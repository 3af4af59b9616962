-- A list with one row per person read as households: a household is its head's row (the row whose
-- «Quan hệ với chủ hộ» says Chủ hộ, or, without that column, the row whose STT is filled) and the member
-- rows under it, in the file's order and within one sheet; members inherit the head's class. Never counts
-- people as households.
-- grain:   raw_households becomes one row per household (the head's row, its file_row kept);
--          person_orphans: one row per member row above the first head of its sheet
-- params:  $by_relation (boolean: the file has a relation column), $part_rows (bigint: reading.PART_ROWS)
--
-- A household's id: the file's household code on the head's row, else a digest of the head's ID number
-- (CCCD: it continues from year to year, and the number is not kept), else the commune, the sheet and the
-- head's STT (which does not, and the load says so). Its members: the members column on the head's row,
-- else its number of rows.
create or replace temporary table person_rows as
select
    raw.*,
    raw.file_row::bigint // $part_rows as part,
    case
        when $by_relation
            then regexp_full_match(strip_accents(lower(trim(coalesce(raw.relation, '')))), 'chu ho( gia dinh)?|ch|chu')
        else trim(coalesce(raw.row_number, '')) <> ''
    end as is_head,
from raw_households as raw;

create or replace temporary table person_numbered as
select
    *,
    sum(is_head::integer) over (
        partition by part order by file_row::bigint rows between unbounded preceding and current row
    ) as household_number,
from person_rows;

create or replace temporary table person_orphans as
select file_row,
from person_numbered
where household_number = 0;

create or replace temporary table raw_households as
with

sizes as (
    select
        part,
        household_number,
        count(*) as persons,
    from person_numbered
    where household_number > 0
    group by all
),

heads as (
    select *,
    from person_numbered
    where is_head
),

final as (
    select
        heads.* replace (
            coalesce(
                nullif(trim(heads.household_id), ''),
                -- the ID number itself is never stored: a digest of it continues just as well
                'CCCD-' || left(sha256(nullif(trim(heads.id_number), '')), 16),
                nullif(
                    concat_ws('-', trim(heads.commune_code), heads.part::varchar, trim(heads.row_number)),
                    concat_ws('-', trim(heads.commune_code), heads.part::varchar, '')
                )
            ) as household_id,
            coalesce(nullif(trim(heads.members), ''), sizes.persons::varchar) as members
        ),
    from heads
    inner join sizes on heads.part = sizes.part and heads.household_number = sizes.household_number
)

select * exclude (part, is_head, household_number),
from final
order by file_row::bigint;

drop table person_numbered;

drop table person_rows;
