"""The dashboard's own code, by role (CONTRIBUTING.md draws the layers):

* the core, plain Python with no Streamlit: ``selection`` (what a view shows), ``views`` (what each page
  and slide says, from query results), ``formatting``, ``charts``, ``maps``, ``scenario`` (the planner's
  arithmetic) and ``standouts`` (what stands out in the deprivations);
* ``gnbv.ui``: the only code that imports Streamlit (caching, filters, layout, presentation mode, sign-in);
* ``gnbv.report``: documents made on the server (the meeting pack, the appendix workbook, Chromium).

Below it: ``queries`` (the SQL files and their runner) and ``data`` (the database, loaders, labels).
"""
