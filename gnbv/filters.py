"""The shared filters: province -> district -> commune, review year, language; all in the URL.

Every widget that defines the view is mirrored in the query string with codes (?province=15&year=2023),
so a copied link reproduces the view. We sync by hand rather than with ``bind="query-params"``,
because binding writes the *displayed* option into the URL: names that change with the language and
a year label such as "2023 (chuẩn 2022-2025)". Drilling down (a click on the map, a row of the
ranking, the breadcrumb) only sets the same widget state through callbacks, so there is a single
source of truth for the selection.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data.admin_units import COUNTRY_CODE
from gnbv.cache import query
from gnbv.i18n import DEFAULT_LANGUAGE, LANGUAGES, label

LEVEL_KEYS = ("province", "district", "commune")
URL_KEYS = ("lang", *LEVEL_KEYS, "year", "standard")
ALL = ""  # the "— all —" option of a unit list; a real option so the box never shows a placeholder
CHILD_LEVEL = {"country": "province", "province": "district", "district": "commune", "commune": None}


@dataclass(frozen=True)
class Selection:
    unit_code: str
    level: str
    year: int | None
    standard: str | None
    lang: str

    @property
    def child_level(self) -> str | None:
        return CHILD_LEVEL[self.level]


def load_url_once() -> None:
    """Seed the widgets from the query string on the first run of a session."""
    if st.session_state.get("_url_loaded"):
        return
    for key in URL_KEYS:
        if key in st.query_params:
            st.session_state[key] = st.query_params[key]
    if "year" in st.session_state:
        try:
            st.session_state["year"] = int(st.session_state["year"])
        except (TypeError, ValueError):
            del st.session_state["year"]
    st.session_state["_url_loaded"] = True


def write_url(selection: Selection) -> None:
    """Mirror the selection into the query string; defaults are left out to keep links short."""
    wanted = {}
    if selection.lang != DEFAULT_LANGUAGE:
        wanted["lang"] = selection.lang
    for key in LEVEL_KEYS:
        if st.session_state.get(key):
            wanted[key] = st.session_state[key]
    if selection.year is not None:
        wanted["year"] = str(selection.year)
    if st.session_state.get("standard") and selection.standard == st.session_state["standard"]:
        wanted["standard"] = selection.standard
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def language() -> str:
    lang = st.session_state.get("lang") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def drill_to(level: str, code: str | None) -> None:
    """Select ``code`` at ``level`` and clear the levels below it; safe inside widget callbacks."""
    position = LEVEL_KEYS.index(level)
    st.session_state[level] = code or ALL
    for below in LEVEL_KEYS[position + 1 :]:
        st.session_state[below] = ALL


def drill_up_to(level: str) -> None:
    """Show ``level`` (country, province, district) as the selection: clear everything below it."""
    start = 0 if level == "country" else LEVEL_KEYS.index(level) + 1
    for below in LEVEL_KEYS[start:]:
        st.session_state[below] = ALL


def _clear_below(level: str) -> None:
    position = LEVEL_KEYS.index(level)
    for below in LEVEL_KEYS[position + 1 :]:
        st.session_state[below] = ALL


def _unit_select(level: str, parent_code: str, lang: str) -> str:
    options_frame = query("units_with_data", parent_code=parent_code)
    names = dict(zip(options_frame["unit_code"], options_frame["unit_name"], strict=True))
    options = [ALL, *names]
    if st.session_state.get(level) not in options:
        st.session_state[level] = ALL
    return st.selectbox(
        label(level, lang),
        options,
        format_func=lambda code: label("all_units", lang) if code == ALL else names[code],
        key=level,
        on_change=_clear_below,
        args=(level,),
    )


def sidebar() -> Selection:
    """Draw the filters in the sidebar and return the selection they define."""
    load_url_once()
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = DEFAULT_LANGUAGE
    with st.sidebar:
        st.segmented_control(
            label("language", language()),
            LANGUAGES,
            format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
            key="lang",
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
        if st.session_state.get("year") not in year_options:
            st.session_state["year"] = year_options[0]
        standards_of = {
            y: list(years.loc[years["year"] == y, "poverty_standard"].sort_values(ascending=False))
            for y in year_options
        }
        year = st.selectbox(
            label("year", lang),
            year_options,
            format_func=lambda y: label("year_option", lang, year=y, standard=standards_of[y][0]),
            key="year",
        )
        standards = standards_of[year]
        standard = standards[0]
        if len(standards) > 1:
            if st.session_state.get("standard") not in standards:
                st.session_state["standard"] = standards[0]
            standard = st.selectbox(label("standard", lang), standards, key="standard")
    selection = Selection(unit_code, level, int(year), standard, lang)
    write_url(selection)
    return selection


def current() -> Selection:
    """The selection the frame computed for this run (dashboard.py stores it before the page runs)."""
    return st.session_state["_selection"]
