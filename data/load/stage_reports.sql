-- The figures of the summary report forms of one load (data/load/reports.py), on the load's cursor.
-- grain:   one row per form, unit, area, counted, class, measure and item
-- params:  none (reads the registered frame report_frame)
create or replace temporary table staged_report_figure as
select
    year::integer as year,
    scheme::varchar as scheme,
    poverty_standard::varchar as poverty_standard,
    form::varchar as form,
    unit_code::varchar as unit_code,
    level::varchar as level,
    area::varchar as area,
    counted::varchar as counted,
    household_class::varchar as household_class,
    measure::varchar as measure,
    item::varchar as item,
    value::double as value,
    is_leaf::boolean as is_leaf,
    file_row::bigint as file_row,
from report_frame;
