"""GNBV Dashboard: the frame. Page config, theme, database check, shared filters, navigation."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from data.labels import label
from gnbv import maps
from gnbv.ui import auth, filters, layout, presentation
from gnbv.ui.cache import begin_run, database_problem

ASSETS = Path(__file__).parent / "assets"

st.set_page_config(
    page_title="GNBV — Giảm nghèo bền vững",
    page_icon=str(ASSETS / "logo.svg"),
    layout="wide",
    initial_sidebar_state="expanded",
)
# Our own stylesheet (no user text): larger type for projectors, tighter KPI cards.
# The maps' height is the stylesheet's --map-height: the first map's image is placed by it (gnbv/maps.py).
st.html(
    f"<style>:root {{ --map-height: {maps.MAP_HEIGHT}px; }}"
    + (ASSETS / "style.css").read_text(encoding="utf-8")
    + "</style>"
)

begin_run()
problem = database_problem()
if problem is not None:
    # The page stays up and says, in Vietnamese first, what is wrong with the file and what to do.
    st.error(problem.message(filters.language()), icon=":material/database_off:")
    st.stop()

lang = filters.language()
layout.national_build_banner(lang)  # make run building the national demo beside the seed it shows meanwhile
# (file, title label, icon, URL path); the first is the default. The first five are the slides, in order
# (the planner and the data page are desk tools, not slides).
PAGES = [
    ("overview", "page_overview", "map", "tong-quan"),
    ("dimensions", "page_dimensions", "grid_view", "chieu-thieu-hut"),
    ("funding", "page_funding", "payments", "nguon-von"),
    ("trends", "page_trends", "show_chart", "xu-huong"),
    ("new_standard", "page_new_standard", "published_with_changes", "chuan-moi"),
    ("planner", "page_planner", "tune", "kich-ban"),
    ("data", "page_data", "database", "du-lieu"),
]
SLIDE_COUNT = 5
pages = [
    st.Page(
        f"pages/{name}.py",
        title=label(title, lang),
        icon=f":material/{icon}:",
        url_path=url_path,
        default=index == 0,
    )
    for index, (name, title, icon, url_path) in enumerate(PAGES)
]
# Before the sign-in gate: the page a link asked for (/du-lieu?...) is kept through the sign-in, and the
# menu stays hidden until someone is signed in.
navigation = st.navigation(pages, position="sidebar" if auth.may_see_pages() else "hidden")
auth.gate(lang)  # in accounts mode, nothing below runs before someone signs in
selection = filters.sidebar()
unit_name = layout.unit_display_name(selection)
st.session_state["_selection"] = selection
st.session_state["_unit_name"] = unit_name
if filters.is_presenting():
    # Our own stylesheet again: hides the sidebar and enlarges everything for the projector.
    st.html("<style>" + (ASSETS / "present.css").read_text(encoding="utf-8") + "</style>")
    st.button(
        label("present_exit", selection.lang),
        on_click=filters.set_page_values,
        kwargs={"present": ""},
        icon=":material/close_fullscreen:",
        type="tertiary",
        key="present_exit",
    )

with st.sidebar:
    auth.sidebar_box(selection.lang)
    st.button(
        label("present_enter", selection.lang),
        on_click=filters.set_page_values,
        kwargs={"present": "1"},
        icon=":material/slideshow:",
        key="present_enter",
        width="stretch",
    )
    filters.page_widget(
        "timer",
        st.number_input,
        label("present_timer", selection.lang),
        min_value=0,
        max_value=filters.MAX_TIMER_SECONDS,
        value=filters.timer_seconds(),
        step=5,
    )
    presentation.pack_controls(selection, unit_name)
    st.caption(label("app_subtitle", selection.lang))

if filters.is_presenting():
    presentation.slide_controls(pages[:SLIDE_COUNT], navigation, selection, unit_name)
# A link to a page that does not exist (/nonexistent) opens the overview, and says so.
known_paths = {"", *(page.url_path for page in pages)}
asked_path = urlsplit(str(st.context.url or "")).path.strip("/").split("/")[-1]
if asked_path not in known_paths:
    filters.record_problem("page", asked_path[:60], "page_not_found")
try:
    navigation.run()
finally:
    layout.show_url_problems(selection.lang)  # every value the page could not use, on this view
