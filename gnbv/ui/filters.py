"""The shared filters: province -> district -> commune, review year, language; all in the URL.

The selection lives in one place, ``st.session_state["selection_state"]``, and is mirrored into the
query string with codes (?province=15&year=2023), so a copied link reproduces the view.

Why not ``bind="query-params"`` or widget keys as the state: binding writes the *displayed* option
into the URL (names that change with the language, "2023 (chuẩn 2022-2025)"), and on the first
session of a fresh server Streamlit re-mounts the sidebar once st.navigation registers the pages, so
widgets fall back to their defaults. Here every widget's default *is* the current selection, so a
re-mount changes nothing. Drilling down (map, ranking, breadcrumb) changes the selection and bumps a
version that is part of the widget keys, so the widgets are re-created showing the new selection.
"""

from __future__ import annotations

import streamlit as st

from data.admin_units import COUNTRY_CODE
from data.labels import DEFAULT_LANGUAGE, LANGUAGES, label
from gnbv.selection import Selection
from gnbv.ui.cache import query

LEVEL_KEYS = ("province", "district", "commune")
URL_KEYS = ("lang", *LEVEL_KEYS, "year", "standard")
PAGE_DEFAULTS = {
    "group": "poor_near_poor",
    "compare": "",
    "target": "",
    "rule": "equal_points",
    "edits": "",
    "cost": "",
    "appendix": "",
    "present": "",
    "timer": "0",
    "need": "DA5",
    "dataset": "households",
}  # choices a page offers; kept in the same state and URL
PAGE_KEYS = tuple(PAGE_DEFAULTS)
ALL = ""  # the "— all —" option of a unit list
STATE = "selection_state"
VERSION = "selection_version"


def _state() -> dict:
    """The selection as codes; read from the URL on the first run of a session."""
    if STATE not in st.session_state:
        state = {key: st.query_params.get(key, "") for key in (*URL_KEYS, *PAGE_KEYS)}
        try:
            state["year"] = int(state["year"])
        except ValueError:
            state["year"] = None
        st.session_state[STATE] = state
        st.session_state[VERSION] = 0
    return st.session_state[STATE]


def _widget_key(name: str) -> str:
    return f"{name}_{st.session_state.get(VERSION, 0)}"


def _changed_elsewhere() -> None:
    """The selection was changed by a click, not by its widget: re-create the widgets."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _from_widget(name: str) -> None:
    state = _state()
    state[name] = st.session_state[_widget_key(name)]
    if name in LEVEL_KEYS:
        for below in LEVEL_KEYS[LEVEL_KEYS.index(name) + 1 :]:
            state[below] = ALL


def language() -> str:
    lang = _state().get("lang") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def drill_to(level: str, code: str | None) -> None:
    """Select ``code`` at ``level`` and clear the levels below it; safe inside widget callbacks."""
    state = _state()
    state[level] = code or ALL
    for below in LEVEL_KEYS[LEVEL_KEYS.index(level) + 1 :]:
        state[below] = ALL
    _changed_elsewhere()


def drill_up_to(level: str) -> None:
    """Show ``level`` (country, province, district) as the selection: clear everything below it."""
    state = _state()
    start = 0 if level == "country" else LEVEL_KEYS.index(level) + 1
    for below in LEVEL_KEYS[start:]:
        state[below] = ALL
    _changed_elsewhere()


def write_url(selection: Selection) -> None:
    """Mirror the selection into the query string; defaults are left out to keep links short."""
    state = _state()
    wanted = {}
    if selection.lang != DEFAULT_LANGUAGE:
        wanted["lang"] = selection.lang
    for key in LEVEL_KEYS:
        if state.get(key):
            wanted[key] = state[key]
    if selection.year is not None:
        wanted["year"] = str(selection.year)
    if state.get("standard") and selection.standard == state["standard"]:
        wanted["standard"] = selection.standard
    for key, default in PAGE_DEFAULTS.items():
        if state.get(key) not in (None, "") and str(state[key]) != default:
            wanted[key] = str(state[key])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def _unit_select(level: str, parent_code: str, lang: str) -> str:
    state = _state()
    options_frame = query("units_with_data", parent_code=parent_code)
    names = dict(zip(options_frame["unit_code"], options_frame["unit_name"], strict=True))
    options = [ALL, *names]
    if state.get(level) not in options:
        state[level] = ALL
    st.selectbox(
        label(level, lang),
        options,
        index=options.index(state[level]),
        format_func=lambda code: label("all_units", lang) if code == ALL else names[code],
        key=_widget_key(level),
        on_change=_from_widget,
        args=(level,),
    )
    return state[level]


def sidebar() -> Selection:
    """Draw the filters in the sidebar and return the selection they define."""
    state = _state()
    if state.get("lang") not in LANGUAGES:
        state["lang"] = DEFAULT_LANGUAGE
    with st.sidebar:
        st.segmented_control(
            label("language", language()),
            LANGUAGES,
            format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
            default=state["lang"],
            key=_widget_key("lang"),
            on_change=_from_widget,
            args=("lang",),
            required=True,
        )
        lang = language()
        st.subheader(label("filters", lang))
        unit_code, level = COUNTRY_CODE, "country"
        province = _unit_select("province", COUNTRY_CODE, lang)
        if province:
            unit_code, level = province, "province"
            district = _unit_select("district", province, lang)
            if district:
                unit_code, level = district, "district"
                commune = _unit_select("commune", district, lang)
                if commune:
                    unit_code, level = commune, "commune"

        years = query("review_years", unit_code=unit_code)
        year_options = sorted(set(years["year"].astype(int)), reverse=True)
        if not year_options:
            selection = Selection(unit_code, level, None, None, lang)
            write_url(selection)
            return selection
        if state.get("year") not in year_options:
            state["year"] = year_options[0]
        standards_of = {
            y: list(years.loc[years["year"] == y, "poverty_standard"].sort_values(ascending=False))
            for y in year_options
        }
        st.selectbox(
            label("year", lang),
            year_options,
            index=year_options.index(state["year"]),
            format_func=lambda y: label("year_option", lang, year=y, standard=standards_of[y][0]),
            key=_widget_key("year"),
            on_change=_from_widget,
            args=("year",),
        )
        year = state["year"]
        standards = standards_of[year]
        if state.get("standard") not in standards:
            state["standard"] = ""
        standard = state["standard"] or standards[0]
        if len(standards) > 1:
            st.selectbox(
                label("standard", lang),
                standards,
                index=standards.index(standard),
                key=_widget_key("standard"),
                on_change=_from_widget,
                args=("standard",),
            )
    selection = Selection(unit_code, level, int(year), standard, lang)
    write_url(selection)
    return selection


def page_choice(name: str, options: list[str], format_func, title: str) -> str:
    """A page-level switch (e.g. the household group) kept in the selection state and the URL."""
    state = _state()
    if state.get(name) not in options:
        state[name] = PAGE_DEFAULTS[name]
    st.segmented_control(
        title,
        options,
        format_func=format_func,
        default=state[name],
        key=_widget_key(name),
        on_change=_from_widget,
        args=(name,),
        required=True,
    )
    write_url(current())
    return state[name]


def page_multiselect(name: str, options: dict[str, str], title: str, placeholder: str) -> list[str]:
    """A page-level choice of several codes (``options``: code -> name), kept as "a,b" in the state and URL."""
    state = _state()
    chosen = [code for code in (state.get(name) or "").split(",") if code in options]
    state[name] = ",".join(chosen)
    st.multiselect(
        title,
        list(options),
        default=chosen,
        format_func=options.get,
        key=_widget_key(name),
        on_change=_from_multiselect,
        args=(name,),
        placeholder=placeholder,
    )
    write_url(current())
    return chosen


def _from_multiselect(name: str) -> None:
    _state()[name] = ",".join(st.session_state[_widget_key(name)])


def page_value(name: str) -> str:
    """A page-level value of the selection state, as text ("" when unset)."""
    value = _state().get(name)
    return "" if value is None else str(value)


def set_page_values(**values: object) -> None:
    """Set page-level values from a callback (a button that loads a plan, an edited table)."""
    state = _state()
    for name, value in values.items():
        state[name] = "" if value is None else str(value)
    _changed_elsewhere()


def page_widget(name: str, widget, *args, **kwargs):
    """Draw ``widget`` (st.slider, st.number_input ...) for page value ``name``, kept in the state and URL."""
    value = widget(*args, key=_widget_key(name), on_change=_from_widget, args=(name,), **kwargs)
    return value


def is_presenting() -> bool:
    return _state().get("present") == "1"


def current() -> Selection:
    """The selection the frame computed for this run (dashboard.py stores it before the page runs)."""
    return st.session_state["_selection"]
