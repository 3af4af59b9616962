-- Contribution of each indicator and dimension to the adjusted headcount M0 of one unit, year and group.
-- grain:   one row per indicator_code of the standard, in the standard's order
-- params:  $scheme (text), $unit_code (text), $year (int), $standard (text),
--          $group (text: 'poor' | 'near_poor' | 'poor_near_poor' | 'all')
-- returns: indicator_code, dimension, dimension_vi, dimension_en, name_vi, name_en, short_vi, short_en,
--          sort_order, indicators_known_households, mpi_poor_deprived_households,
--          censored_headcount_ratio (fraction 0-1 = mpi_poor_deprived_households / indicators_known_households),
--          weight (1 / number of indicators), mpi_poor_deprivation_sum,
--          contribution_share (fraction 0-1 = weight * censored_headcount_ratio / M0
--          = mpi_poor_deprived_households / mpi_poor_deprivation_sum),
--          dimension_contribution_share (fraction 0-1, sum of contribution_share over the dimension)
with

indicators as (
    select
        *,
        1.0 / count(*) over () as weight,
    from indicator
    where standard = $standard
),

totals as (
    select
        indicators_known_households,
        mpi_poor_deprivation_sum,
    from group_class_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

censored as (
    select
        indicator_code,
        mpi_poor_deprived_households,
    from group_indicator_summary
    where
        scheme = $scheme
        and unit_code = $unit_code
        and year = $year
        and poverty_standard = $standard
        and group_name = $group
),

joined as (
    select
        indicators.code as indicator_code,
        indicators.dimension,
        indicators.dimension_vi,
        indicators.dimension_en,
        indicators.name_vi,
        indicators.name_en,
        indicators.short_vi,
        indicators.short_en,
        indicators.sort_order,
        totals.indicators_known_households,
        coalesce(censored.mpi_poor_deprived_households, 0) as mpi_poor_deprived_households,
        coalesce(censored.mpi_poor_deprived_households, 0) / nullif(totals.indicators_known_households, 0)
            as censored_headcount_ratio,
        indicators.weight,
        totals.mpi_poor_deprivation_sum,
        coalesce(censored.mpi_poor_deprived_households, 0) / nullif(totals.mpi_poor_deprivation_sum, 0)
            as contribution_share,
    from indicators
    cross join totals
    left join censored
        on indicators.code = censored.indicator_code
    where totals.indicators_known_households is not null
),

final as (
    select
        *,
        sum(contribution_share) over (partition by dimension) as dimension_contribution_share,
    from joined
)

select * from final
order by sort_order
