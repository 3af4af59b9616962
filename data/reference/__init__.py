"""Reference facts with their sources, read from the CSVs of this folder.

The CSVs are copies of ../shared/reference/*.csv plus tables of ours (indicators, standards, schemes,
periods, regions, official names), each row with its source. Rooms: ``files`` (reading a CSV),
``periods`` (which standard, unit scheme and programme a year follows, and the levels of each scheme:
the rules the SQL macros of data/database/rules.sql read from the same tables), ``units`` (the
administrative units, from vietnamadminunits), ``facts`` (targets, published figures, funding plans,
projects, indicators, as the tables of docs/data-model.md hold them).
"""
