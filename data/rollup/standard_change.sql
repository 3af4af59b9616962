-- The cells of the new standard's simulation for the households of one of today's provinces: its rows of
-- standard_change_cell (every year of the scheme in force reviewed under a standard that another follows),
-- then its rows of standard_change_province_cell.
-- grain:   standard_change_cell: one row per year x commune x area x class x income step x shared
--          deprivations x draws; standard_change_province_cell: the same per province; simulated_summary:
--          the province's communes classed under the next standard's national lines, no assumed deprivation
-- params:  $panel_province (text: a province of the scheme in force), $year (int: the one year whose households
--          changed, a load or its undo; null: every year. A year's cells count that year's households only.)
delete from standard_change_cell
where province_code = $panel_province and ($year::integer is null or year = $year);

delete from standard_change_province_cell
where province_code = $panel_province and ($year::integer is null or year = $year);

delete from simulated_summary
where
    level = 'commune'
    and ($year::integer is null or year = $year)
    and unit_code in (
        select ancestors.commune_code from unit_ancestor as ancestors
        where ancestors.ancestor_code = $panel_province and ancestors.scheme in (
            select schemes.code from unit_scheme as schemes
            where schemes.last_review_year is null
        )
    );

insert into standard_change_cell by name
with

in_force as (
    select schemes.code from unit_scheme as schemes
    where schemes.last_review_year is null
),

-- Each standard with the one that follows it, the indicators they share, and the next standard's
-- indicators that the older data cannot hold (drawn: the first and the second, in the list's order).
pairs as (
    select
        old.code as poverty_standard,
        new.code as next_standard,
        new.min_deprivations,
    from poverty_standard as old
    inner join poverty_standard as new on old.last_review_year + 1 = new.first_review_year
),

shared as (
    select
        pairs.poverty_standard,
        sum(1::bigint << old_indicators.bit)::bigint as shared_mask,
    from pairs
    inner join indicator as old_indicators on pairs.poverty_standard = old_indicators.standard
    inner join indicator as new_indicators
        on pairs.next_standard = new_indicators.standard and old_indicators.code = new_indicators.code
    group by pairs.poverty_standard
),

reviews as (
    select
        reviews.year,
        reviews.province_code,
        reviews.commune_code,
        reviews.poverty_standard,
        pairs.next_standard,
        reviews.area,
        reviews.household_class,
        reviews.members,
        reviews.is_synthetic,
        case
            when reviews.income_per_capita is not null
                then least(
                    ceil(reviews.income_per_capita / income_step_vnd()),
                    highest_simulated_line() // income_step_vnd() + 1
                )::integer
        end as income_step,
        case
            when indicators_known(reviews.indicators_known_mask, shared.shared_mask)
                then least(bit_count(reviews.deprivations_mask & shared.shared_mask), pairs.min_deprivations)::integer
        end as shared_deprivations,
        pairs.min_deprivations,
        -- fixed draws of the household (salted hashes: the same households every time)
        (hash(reviews.household_id + 15485863) % assumption_steps())::integer as draw_a,
        (hash(reviews.household_id + 32452843) % assumption_steps())::integer as draw_b,
    from household_review as reviews
    inner join pairs on reviews.poverty_standard = pairs.poverty_standard
    inner join shared on reviews.poverty_standard = shared.poverty_standard
    where
        reviews.scheme in (select in_force.code from in_force)
        and reviews.province_code = $panel_province
        and ($year::integer is null or reviews.year = $year)
),

final as (
    select
        (select in_force.code from in_force) as scheme,
        year,
        province_code,
        commune_code,
        poverty_standard,
        next_standard,
        area,
        household_class,
        income_step,
        shared_deprivations,
        -- a draw can decide the class only within the highest line, two deprivations or fewer short
        case
            when
                income_step <= highest_simulated_line() // income_step_vnd()
                and shared_deprivations between min_deprivations - 2 and min_deprivations - 1
                then draw_a
        end as draw_a,
        case
            when
                income_step <= highest_simulated_line() // income_step_vnd()
                and shared_deprivations between min_deprivations - 2 and min_deprivations - 1
                then draw_b
        end as draw_b,
        count(*) as households,
        sum(members) as members,
        count(members) as members_known_households,
        count(*) filter (where is_synthetic) as synthetic_households,
    from reviews
    group by all
)

-- No "order by" (the rows of one province go in together all the same): DuckDB 2.0 loses the rows that a
-- later insert of the same transaction writes into this table after an ordered insert of no rows (a
-- province without households of the scheme in force, then the next province: docs/performance.md).
select * from final;

insert into standard_change_province_cell by name
select
    scheme,
    year,
    province_code,
    poverty_standard,
    next_standard,
    area,
    household_class,
    income_step,
    shared_deprivations,
    draw_a,
    draw_b,
    sum(households) as households,
    sum(members) as members,
    sum(members_known_households) as members_known_households,
    sum(synthetic_households) as synthetic_households,
from standard_change_cell
where province_code = $panel_province and ($year::integer is null or year = $year)
group by all;

insert into simulated_summary by name
with

classed as (
    select
        cells.scheme,
        cells.commune_code,
        cells.year,
        cells.next_standard,
        cells.poverty_standard,
        cells.households,
        cells.synthetic_households,
        case
            when cells.income_step is null or cells.shared_deprivations is null then 'unclassified'
            when
                cells.income_step * income_step_vnd()
                > case when cells.area = 'urban' then standards.line_urban else standards.line_rural end
                then 'above_line'
            when cells.shared_deprivations >= standards.min_deprivations then 'poor'
            else 'near_poor'
        end as new_class,
    from standard_change_cell as cells
    inner join poverty_standard as standards on cells.next_standard = standards.code
    where cells.province_code = $panel_province and ($year::integer is null or cells.year = $year)
)

select
    classed.scheme,
    classed.commune_code as unit_code,
    'commune' as level,
    units.parent_code,
    classed.year,
    classed.next_standard as poverty_standard,
    classed.poverty_standard as reviewed_standard,
    sum(classed.households) as households,
    coalesce(sum(classed.households) filter (where classed.new_class <> 'unclassified'), 0) as classified_households,
    coalesce(sum(classed.households) filter (where classed.new_class = 'poor'), 0) as poor_households,
    coalesce(sum(classed.households) filter (where classed.new_class = 'near_poor'), 0) as near_poor_households,
    sum(classed.synthetic_households) as synthetic_households,
from classed
inner join admin_unit as units on classed.scheme = units.scheme and classed.commune_code = units.code
group by all;
