-- Multidimensional headcount H, intensity A and adjusted headcount M0 of one unit, year and group.
-- grain:   one row (none when the unit has no data)
-- params:  $scheme (text), $unit_code (text), $year (int), $standard (text),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: households, indicators_known_households (households whose every indicator is known),
--          mpi_poor_households, indicator_count, mpi_poor_deprivation_sum,
--          headcount_ratio (H, fraction 0-1 = mpi_poor_households / indicators_known_households),
--          intensity (A, fraction 0-1 = mpi_poor_deprivation_sum / (mpi_poor_households * indicator_count)),
--          adjusted_headcount (M0 = H * A = mpi_poor_deprivation_sum / (indicators_known_households *
--          indicator_count)), known_share (fraction 0-1 = indicators_known_households / households)
--
-- Alkire-Foster with equal indicator weights 1/d over the standard's list and the cutoff k of the
-- standard (3 indicators), the deprivation part of the national rule, over the households whose every
-- indicator is known. The official classification is the national rule (income and deprivations).
with

indicator_count as (
    select count(*) as indicator_count,
    from indicator
    where standard = $standard
),

totals as (
    select
        households,
        indicators_known_households,
        mpi_poor_households,
        mpi_poor_deprivation_sum,
    from group_class_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

final as (
    select
        totals.households,
        totals.indicators_known_households,
        totals.mpi_poor_households,
        indicator_count.indicator_count,
        totals.mpi_poor_deprivation_sum,
        totals.mpi_poor_households / nullif(totals.indicators_known_households, 0) as headcount_ratio,
        totals.mpi_poor_deprivation_sum
        / nullif(totals.mpi_poor_households * indicator_count.indicator_count, 0) as intensity,
        totals.mpi_poor_deprivation_sum
        / nullif(totals.indicators_known_households * indicator_count.indicator_count, 0) as adjusted_headcount,
        totals.indicators_known_households / nullif(totals.households, 0) as known_share,
    from totals
    cross join indicator_count
    where totals.households is not null
)

select * from final
