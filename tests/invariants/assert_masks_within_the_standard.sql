-- A household's deprivations and known indicators are bits of its own standard's indicators only.
-- returns: the households that break it (at most 10)
select reviews.year, reviews.household_id,
from household_review as reviews
inner join standard_mask on reviews.poverty_standard = standard_mask.standard
where
    reviews.deprivations_mask & ~standard_mask.standard_mask <> 0
    or reviews.indicators_known_mask & ~standard_mask.standard_mask <> 0
    or reviews.deprivations_mask & ~reviews.indicators_known_mask <> 0
order by reviews.year, reviews.household_id
limit 10
