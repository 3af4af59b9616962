-- Every synthetic household follows its standard's rule (expected_class(), the schema's one
-- definition): the demo is generated to fit the rule, and this checks it does.
-- returns: the classes and standards of the households that break it (none when it holds)
select reviews.poverty_standard, reviews.household_class, count(*) as households,
from household_review as reviews
inner join poverty_standard as standards on reviews.poverty_standard = standards.code
inner join standard_mask on reviews.poverty_standard = standard_mask.standard
where
    reviews.is_synthetic
    and contradicts_class_rule(
        reviews.household_class,
        expected_class(
            reviews.area,
            reviews.income_per_capita,
            deprivation_count(reviews.deprivations_mask, standard_mask.standard_mask),
            standards.income_only_line_rural,
            standards.income_only_line_urban,
            standards.line_rural,
            standards.line_urban,
            standards.min_deprivations
        )
    )
group by all
