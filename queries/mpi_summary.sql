-- Multidimensional headcount H, intensity A and adjusted headcount M0 of one unit, year and group.
-- grain:   one row (none when the unit has no data)
-- params:  $unit_code (text), $year (int), $standard (text: '2022-2025' | '2016-2020'),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: households, mpi_poor_households, indicator_count, mpi_poor_deprivation_sum,
--          headcount_ratio (H, fraction 0-1 = mpi_poor_households / households),
--          intensity (A, fraction 0-1 = mpi_poor_deprivation_sum / (mpi_poor_households * indicator_count)),
--          adjusted_headcount (M0 = H * A = mpi_poor_deprivation_sum / (households * indicator_count))
--
-- Alkire-Foster with equal indicator weights 1/d over the standard's list (d = 12 or 10) and the
-- cutoff k = 3 indicators, the deprivation part of the national rule. The official classification
-- is the national rule (income and deprivations), not M0.
with

indicator_count as (
    select count(*) as indicator_count,
    from indicator
    where standard = $standard
),

totals as (
    select
        households,
        mpi_poor_households,
        mpi_poor_deprivation_sum,
    from group_status_summary
    where
        unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

final as (
    select
        totals.households,
        totals.mpi_poor_households,
        indicator_count.indicator_count,
        totals.mpi_poor_deprivation_sum,
        totals.mpi_poor_households / nullif(totals.households, 0) as headcount_ratio,
        totals.mpi_poor_deprivation_sum
        / nullif(totals.mpi_poor_households * indicator_count.indicator_count, 0) as intensity,
        totals.mpi_poor_deprivation_sum
        / nullif(totals.households * indicator_count.indicator_count, 0) as adjusted_headcount,
    from totals
    cross join indicator_count
    where totals.households is not null
)

select * from final
