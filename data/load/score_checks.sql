-- Households whose class is not the one their review sheets' scores give (review_score_class): said as
-- warnings, since a commune may have re-classified after the sheets (a decision, a complaint).
-- grain:   one row per household whose scores give another class
-- params:  $has_b1 (boolean: the file has the B1 column; without it (or the area) only B2 is checked,
--          for the poor and near-poor)
-- returns: file_row, household_class, expected
with

scores as (
    select
        staged.file_row,
        staged.household_class,
        staged.area,
        try_cast(replace(trim(raw.b1_score), ',', '.') as double) as b1,
        try_cast(replace(trim(raw.b2_score), ',', '.') as double) as b2,
    from staged_households as staged
    inner join raw_households as raw on staged.file_row = raw.file_row::integer
),

judged as (
    select
        file_row,
        household_class,
        case
            when $has_b1 and b1 is not null and area is not null then review_score_class(b1, b2, area)
            when household_class in ('poor', 'near_poor') then review_b2_class(b2)
        end as expected,
    from scores
    where b2 is not null
)

select
    file_row,
    household_class,
    expected,
from judged
where
    expected is not null
    and household_class in ('poor', 'near_poor', 'other', 'middle')
    and expected <> case when household_class in ('middle', 'other') then 'other' else household_class end
order by file_row
