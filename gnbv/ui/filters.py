"""The shared filters: review year, unit scheme, region -> province -> district -> commune, language; all in the URL.

The selection lives in one place, ``st.session_state["selection_state"]``, and is mirrored into the
query string with codes (?year=2024&scheme=legacy_63&province=15), so a copied link reproduces the
view. A unit code never travels without its scheme: «15» is Yên Bái before 1 July 2025 and the new
Lào Cai after it.

Why not ``bind="query-params"`` or widget keys as the state: binding writes the *displayed* option
into the URL (names that change with the language), and on the first session of a fresh server
Streamlit re-mounts the sidebar once st.navigation registers the pages, so widgets fall back to their
defaults. Here every widget's default *is* the current selection, so a re-mount changes nothing.
Drilling down (map, ranking, breadcrumb) changes the selection and bumps a version that is part of the
widget keys, so the widgets are re-created showing the new selection.

A value in a link that cannot be shown (an unknown code, a year without data, "abc") is never silently
replaced: it is recorded as a URL problem, and the page says what was asked, why it is not there and
what is shown instead (``url_problems``).
"""

from __future__ import annotations

import math

import streamlit as st

from data.labels import DEFAULT_LANGUAGE, LANGUAGES, label
from data.reference import periods
from data.reference.periods import scheme_of_year
from gnbv.selection import SCHEMES, Selection
from gnbv.tables import named_rows
from gnbv.ui import auth
from gnbv.ui.cache import query

# Every level a link may name, over all schemes (a region groups provinces; the country has no key).
LEVEL_KEYS = tuple(
    dict.fromkeys(
        level
        for scheme in SCHEMES
        for level in (*periods.province_groups(scheme), *periods.scheme_levels(scheme))
        if level != periods.COUNTRY
    )
)
URL_KEYS = ("lang", "year", "scheme", *LEVEL_KEYS, "standard")
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
    "line_rural": "",  # Chuẩn mới: the lines (empty: the national ones), assumed shares, own shares, amounts
    "line_urban": "",
    "share_a": "",
    "share_b": "",
    "shares": "",
    "amounts": "",
}  # choices a page offers; kept in the same state and URL
PAGE_KEYS = tuple(PAGE_DEFAULTS)
ALL = ""  # the "— all —" option of a unit list
STATE = "selection_state"
VERSION = "selection_version"
PROBLEMS = "url_problems"
MAX_TIMER_SECONDS = 600


def _state() -> dict:
    """The selection as codes; read from the URL on the first run of a session."""
    if STATE not in st.session_state:
        state = {key: st.query_params.get(key, "") for key in (*URL_KEYS, *PAGE_KEYS)}
        st.session_state[STATE] = state
        st.session_state[VERSION] = 0
        st.session_state[PROBLEMS] = []
        state["scheme_pinned"] = bool(state.get("scheme"))
        for key in (*URL_KEYS, *PAGE_KEYS):
            values = st.query_params.get_all(key)
            if len(values) > 1:  # ?year=2024&year=2023: the last is used, and said
                _problem(key, " · ".join(values[:5]), "repeated", used=values[-1])
    return st.session_state[STATE]


def _problem(key: str, value: object, reason: str, **details: object) -> None:
    """Record a link value that cannot be shown, once per session and value."""
    problems = st.session_state.setdefault(PROBLEMS, [])
    entry = {"param": key, "value": str(value), "reason": reason, **{k: str(v) for k, v in details.items()}}
    if entry not in problems:
        problems.append(entry)


def record_problem(param: str, value: object, reason: str, **details: object) -> None:
    """A link value a page could not use (a view function found it): said with the others."""
    _problem(param, value, reason, **details)


def url_problems() -> list[dict]:
    return st.session_state.get(PROBLEMS, [])


def dismiss_url_problems() -> None:
    st.session_state[PROBLEMS] = []


def _widget_key(name: str) -> str:
    return f"{name}_{st.session_state.get(VERSION, 0)}"


def _changed_elsewhere() -> None:
    """The selection was changed by a click, not by its widget: re-create the widgets."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _clear_below(level: str) -> None:
    state = _state()
    for below in LEVEL_KEYS[LEVEL_KEYS.index(level) + 1 :]:
        state[below] = ALL


def _from_widget(name: str) -> None:
    state = _state()
    before = state.get(name)
    state[name] = st.session_state[_widget_key(name)]
    if name in LEVEL_KEYS:
        _clear_below(name)
    if name == "scheme":
        state["scheme_pinned"] = True
        _switch_scheme(before, state[name])


def _switch_scheme(old_scheme: str | None, new_scheme: str) -> None:
    """Units of one scheme mean nothing in the other: carry the selection to its successor where the
    crosswalk says which unit that is (a legacy province or commune), else back to the country."""
    state = _state()
    carried = {key: ALL for key in LEVEL_KEYS}
    moves_forward = old_scheme in SCHEMES and SCHEMES.index(new_scheme) > SCHEMES.index(old_scheme)
    if moves_forward:  # the crosswalk runs from the older units to the newer
        successor = query("successor_unit", province=state.get("province") or "", commune=state.get("commune") or "")
        if len(successor):
            row = successor.iloc[0]
            carried["province"] = row["province_code"] or ALL
            carried["commune"] = row["commune_code"] or ALL
    state.update(carried)


def language() -> str:
    lang = _state().get("lang") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def drill_to(level: str, code: str | None) -> None:
    """Select ``code`` at ``level`` and clear the levels below it; safe inside widget callbacks."""
    state = _state()
    state[level] = code or ALL
    _clear_below(level)
    _changed_elsewhere()


def drill_up_to(level: str) -> None:
    """Show ``level`` (country, region, province, district) as the selection: clear everything below it."""
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
    if selection.year is not None:
        wanted["year"] = str(selection.year)
    if state.get("scheme_pinned") or (
        selection.year is not None and scheme_of_year(selection.year) != selection.scheme
    ):
        wanted["scheme"] = selection.scheme
    for key in LEVEL_KEYS:
        if state.get(key):
            wanted[key] = state[key]
    if state.get("standard") and selection.standard == state["standard"]:
        wanted["standard"] = selection.standard
    for key, default in PAGE_DEFAULTS.items():
        if state.get(key) not in (None, "") and str(state[key]) != default:
            wanted[key] = str(state[key])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def _fill_missing_parents(scheme: str) -> None:
    """A link may name a commune without its district or province: fill them in from the unit list (a
    parent that is given and differs stays, and the commune is then reported as not found under it)."""
    state = _state()
    for level in ("commune", "district"):
        code = state.get(level)
        if not code or not isinstance(code, str):
            continue
        for row in named_rows(query("unit_ancestors", scheme=scheme, unit_code=code)):
            if not state.get(row.level):
                state[row.level] = row.unit_code
        return


def _unit_select(level: str, scheme: str, parent_code: str, lang: str, allowed: list[str] | None = None) -> str:
    """``allowed``: the only units of this level the visitor may open (a scoped viewer's provinces)."""
    state = _state()
    options_frame = query("units_with_data", scheme=scheme, parent_code=parent_code)
    if level == "region":
        options_frame = query("regions_with_data", scheme=scheme)
    names = dict(zip(options_frame["unit_code"], options_frame["unit_name"], strict=True))
    if allowed is not None:
        outside = state.get(level) in names and state.get(level) not in allowed
        names = {code: name for code, name in names.items() if code in allowed}
        if outside:
            _problem(level, state[level], "not_in_scope")
            state[level] = ALL
    options = [ALL, *names]
    if state.get(level) not in options:
        _problem(level, state[level], "unit_not_found", scheme=label(f"scheme_{scheme}", lang))
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


def asked_year() -> int | None:
    """The year the link asks for, whether or not the database holds it yet (the Dữ liệu page loads it)."""
    text = str(_state().get("year") or "").strip()  # the link's text until a year with data replaces it
    return int(text) if text.isascii() and text.isdigit() else None


def _year(lang: str) -> tuple[int | None, dict[int, list[str]]]:
    """The review year (from every year the database holds) and the standards each was measured under."""
    state = _state()
    years = query("available_years")
    standards_of: dict[int, list[str]] = {}
    for row in named_rows(years):
        standards_of.setdefault(int(row.year), []).append(row.poverty_standard)
    options = sorted(standards_of, reverse=True)
    if not options:
        return None, {}
    asked = state.get("year")
    if isinstance(asked, str):
        text = asked.strip()
        if text and (not text.isascii() or not text.isdigit()):
            _problem("year", text, "year_invalid", year=options[0])
            asked = None
        else:
            asked = int(text) if text else None
    if asked is not None and asked not in options:
        _problem("year", asked, "year_not_available", year=options[0])
        asked = None
    state["year"] = asked if asked is not None else options[0]
    st.selectbox(
        label("year", lang),
        options,
        index=options.index(state["year"]),
        format_func=lambda y: label("year_option", lang, year=y, standard=standards_of[y][0]),
        key=_widget_key("year"),
        on_change=_from_widget,
        args=("year",),
    )
    return state["year"], standards_of


def _scheme(year: int, lang: str) -> str:
    """The unit scheme: by default the one the year's review was coded in, or the one the reader chose."""
    state = _state()
    if state.get("scheme") and state["scheme"] not in SCHEMES:
        _problem("scheme", state["scheme"], "scheme_invalid")
        state["scheme"] = ""
        state["scheme_pinned"] = False
    if not state.get("scheme_pinned") or not state.get("scheme"):
        default = scheme_of_year(year)
        if state.get("scheme") and state["scheme"] != default:
            _switch_scheme(state["scheme"], default)
        state["scheme"] = default
    st.segmented_control(
        label("scheme_choice", lang),
        list(SCHEMES),
        format_func=lambda code: label(f"scheme_short_{code}", lang),
        help=label("scheme_help", lang),
        default=state["scheme"],
        key=_widget_key("scheme"),
        on_change=_from_widget,
        args=("scheme",),
        required=True,
    )
    return state["scheme"]


def _unit_path(scheme: str, lang: str, visible: list[str] | None) -> tuple[str, str]:
    """The unit lists of the scheme's levels from the top down, each under the unit chosen above it (a
    region groups provinces beside the country); returns the lowest unit chosen and its level. A level
    the scheme does not have (districts after 1 July 2025) is a URL problem, never silently dropped."""
    state = _state()
    levels = periods.scheme_levels(scheme)
    groups = periods.province_groups(scheme)
    for key in LEVEL_KEYS:
        if state.get(key) and key not in levels and key not in groups:
            _problem(key, state[key], f"{key}_not_in_scheme")
            state[key] = ALL
    unit_code, level = periods.COUNTRY_CODE, periods.COUNTRY
    for group in groups:
        code = _unit_select(group, scheme, unit_code, lang)
        if code:
            unit_code, level = code, group
    for position, below in enumerate(levels[1:], start=1):
        code = _unit_select(below, scheme, unit_code, lang, allowed=visible if below == "province" else None)
        if not code:
            # A unit the link names under a level left empty (?commune=abc without a province) is not
            # reached by any list: said, not silently dropped.
            for deeper in levels[position + 1 :]:
                if state.get(deeper):
                    _problem(deeper, state[deeper], "unit_not_found", scheme=label(f"scheme_{scheme}", lang))
                    state[deeper] = ALL
            break
        unit_code, level = code, below
    return unit_code, level


def sidebar() -> Selection:
    """Draw the filters in the sidebar and return the selection they define."""
    state = _state()
    if state.get("lang") not in LANGUAGES:
        if state.get("lang"):
            _problem("lang", state["lang"], "lang_invalid")
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
        year, standards_of = _year(lang)
        if year is None:
            selection = Selection(periods.COUNTRY_CODE, periods.COUNTRY, None, None, lang, periods.current_scheme())
            write_url(selection)
            return selection
        scheme = _scheme(year, lang)
        _fill_missing_parents(scheme)
        visible = auth.visible_provinces(scheme)
        unit_code, level = _unit_path(scheme, lang, visible)
        standards = standards_of[year]
        if state.get("standard") and state["standard"] not in standards:
            _problem("standard", state["standard"], "standard_not_available", year=year)
            state["standard"] = ""
        standard = state.get("standard") or standards[0]
        if len(standards) > 1:
            st.selectbox(
                label("standard", lang),
                standards,
                index=standards.index(standard),
                key=_widget_key("standard"),
                on_change=_from_widget,
                args=("standard",),
            )
    # A scoped viewer sees the country's and the regions' totals, never the provinces below them.
    sees_units_below = visible is None or level not in ("country", "region")
    selection = Selection(unit_code, level, int(year), standard, lang, scheme, sees_units_below)
    write_url(selection)
    return selection


def validated_choice(name: str, options: list[str]) -> str:
    """A page-level choice from the state, one of ``options``; anything else is a URL problem (with no
    options at all, any value asked for is one: the page has nothing to choose it from)."""
    state = _state()
    if state.get(name) not in options:
        if state.get(name) and (state[name] != PAGE_DEFAULTS[name] or not options):
            _problem(name, state[name], "choice_invalid")
        state[name] = PAGE_DEFAULTS[name] if PAGE_DEFAULTS[name] in options or not options else options[0]
    return state[name]


def page_choice(name: str, options: list[str], format_func, title: str) -> str:
    """A page-level switch (e.g. the household group) kept in the selection state and the URL."""
    state = _state()
    validated_choice(name, options)
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
    asked = [code for code in (state.get(name) or "").split(",") if code]
    chosen = [code for code in asked if code in options]
    for code in set(asked) - set(chosen):
        _problem(name, code, "unit_not_found", scheme=label(f"scheme_{current().scheme}", language()))
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


def page_number(name: str, low: float, high: float) -> float | None:
    """A page-level number from the URL, or None; a value that is not a finite number in [low, high]
    is recorded as a URL problem (never silently replaced)."""
    text = page_value(name).strip()
    if not text:
        return None
    try:
        value = float(text) if text.isascii() else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        _problem(name, text, "number_invalid", low=low, high=high)
        _state()[name] = ""
        return None
    return value


def set_page_values(**values: object) -> None:
    """Set page-level values from a callback (a button that loads a plan, an edited table)."""
    state = _state()
    for name, value in values.items():
        state[name] = "" if value is None else str(value)
    _changed_elsewhere()


def page_widget(name: str, widget, *args, **kwargs):
    """Draw ``widget`` (st.slider, st.number_input ...) for page value ``name``, kept in the state and URL."""
    return widget(*args, key=_widget_key(name), on_change=_from_widget, args=(name,), **kwargs)


def timer_seconds() -> int:
    value = page_number("timer", 0, MAX_TIMER_SECONDS)
    if value is not None and not float(value).is_integer():
        _problem("timer", page_value("timer"), "number_invalid", low=0, high=MAX_TIMER_SECONDS)
        _state()["timer"] = ""
        return 0
    return int(value) if value is not None else 0


def is_presenting() -> bool:
    value = _state().get("present")
    if value not in ("", "1", None):
        _problem("present", value, "choice_invalid")
        _state()["present"] = ""
    return _state().get("present") == "1"


def current() -> Selection:
    """The selection the frame computed for this run (dashboard.py stores it before the page runs)."""
    return st.session_state["_selection"]


def new_standard_values() -> dict:
    """The Chuẩn mới page's values from the selection state (the link): lines and assumed shares as numbers
    (None: not set; a value that is not a number is a link problem), own shares and amounts as text."""
    return {
        "line_rural": page_number("line_rural", 0, 1e8),
        "line_urban": page_number("line_urban", 0, 1e8),
        "share_a": page_number("share_a", 0, 100),
        "share_b": page_number("share_b", 0, 100),
        "shares": page_value("shares"),
        "amounts": page_value("amounts"),
    }
