-- Numbers of a small export's column (the registered frame number_cells), by the schema's one rule.
-- grain:   one row per cell, in its position
-- params:  none
-- returns: position, value (double; null when the text is not a number)
select
    position,
    parse_vietnamese_number(text) as value,
from number_cells
order by position
