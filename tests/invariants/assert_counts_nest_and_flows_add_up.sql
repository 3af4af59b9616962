-- Class counts nest in the households; flows add up: poor = stayed + newly poor + fell back, and last
-- year's poor = stayed + escaped, wherever the flows are counted.
-- returns: the rows that break it
select scheme, unit_code, year, poverty_standard,
from unit_year_summary
where
    poor_households + near_poor_households + middle_households > households
    or ethnic_minority_poor_households > least(ethnic_minority_households, poor_households)
    or ethnic_known_households > households
    or synthetic_households > households
    or matched_households > households
    or flow_households > households
    or (
        flow_households = households and previous_review_households = households and households > 0
        and (
            poor_households <> stayed_poor_households + newly_poor_households + fell_back_households
            or previous_poor_households <> stayed_poor_households + escaped_households
        )
    )
