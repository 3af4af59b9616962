"""Pieces every page draws the same way: the title with the synthetic badge, the breadcrumb, notes,
tables that grow on the projector, and messages about a link that asked for something not there."""

from __future__ import annotations

import copy

import streamlit as st
from pandas.io.formats.style import Styler

from data.labels import label
from data.reference import periods
from gnbv import formatting
from gnbv.selection import Selection
from gnbv.tables import named_rows
from gnbv.text import plain
from gnbv.ui import cache, filters
from gnbv.ui.cache import query
from gnbv.views import summary_report_note


def unit_display_name(selection: Selection) -> str:
    if selection.level == "country":
        return label("all_country", selection.lang)
    path = query("unit_path", scheme=selection.scheme, unit_code=selection.unit_code)
    return path["unit_name"].iloc[-1] if len(path) else selection.unit_code


def map_image_needed() -> bool:
    """Whether the overview's map is sent as an SVG image too (gnbv.maps.first_map_image): until this tab
    has been sent the plotly map once, it may still be fetching and running plotly's code (a first view,
    and the first overview after signing in); after that, plotly is there."""
    return not st.session_state.get("_plotly_map_sent", False)


def plotly_map_sent() -> None:
    st.session_state["_plotly_map_sent"] = True


def current_unit_name() -> str:
    """The selected unit's name, as the frame computed it for this run (dashboard.py, before the page)."""
    return st.session_state["_unit_name"]


def header(title: str, selection: Selection, is_synthetic: bool) -> None:
    """Title, "Dữ liệu mô phỏng" badge when the numbers are synthetic, and the breadcrumb."""
    lang = selection.lang
    title_column, badge_column = st.columns([5, 1], vertical_alignment="bottom")
    title_column.title(plain(title))
    if is_synthetic:
        badge_column.badge(label("synthetic_badge", lang), icon=":material/science:", color="orange")
    reported = summary_report_source(selection)
    if reported is not None:
        badge_column.badge(label("summary_report_badge", lang), icon=":material/summarize:", color="blue")
    path = query("unit_path", scheme=selection.scheme, unit_code=selection.unit_code)
    crumbs = st.container(horizontal=True, horizontal_alignment="left", vertical_alignment="center", gap="small")
    rules = standard_and_programme(selection)
    crumbs.caption(
        label("breadcrumb", lang) + " · " + label(f"scheme_{selection.scheme}", lang) + (f" · {rules}" if rules else "")
    )
    for row in named_rows(path):
        name = label("all_country", lang) if row.level == "country" else row.short_name
        crumbs.button(
            ("› " if row.depth else "") + plain(name),
            key=f"crumb_{row.unit_code}",
            disabled=row.unit_code == selection.unit_code,
            on_click=filters.drill_up_to,
            args=(row.level,),
            type="tertiary",
        )
    if reported is not None:
        st.caption(reported)  # under the breadcrumb: which figures of the page a summary report gave


def summary_report_source(selection: Selection) -> str | None:
    """What of the unit's figures (of the year shown, or of any year) come from summary report forms, as
    the line under the title says it; None when none do."""
    sources = query("unit_sources", scheme=selection.scheme, unit_code=selection.unit_code, year=selection.year)
    return summary_report_note(sources, selection.lang)


def standard_and_programme(selection: Selection) -> str:
    """Which poverty standard measures the year and which programme period it belongs to (every page says
    so: 2026 is measured under the 2022-2025 standard but funded by the 2026-2030 programme)."""
    if not selection.year:
        return ""
    programme = periods.programme_of_year(selection.year)
    return label(
        "standard_programme",
        selection.lang,
        standard=selection.standard or periods.standard_of_year(selection.year) or "—",
        programme=programme or "—",
    )


def notes(lines: list[str]) -> None:
    """What a reader must know about the figures above (synthetic, mixed, partial), as captions."""
    for line in lines:
        st.caption(line)


def national_build_banner(lang: str) -> None:
    """While `make run` builds the national demo in the background: how far it is, on every page; the
    pages switch to it when it is written (gnbv/ui/cache.database_path), without a reload."""
    if cache.serves_seed_while_building():
        _national_build_progress(lang)


SERVING_SEED = "_serving_seed"


@st.fragment(run_every=5)
def _national_build_progress(lang: str) -> None:
    serving_seed = cache.serves_seed_while_building()
    if st.session_state.get(SERVING_SEED) and not serving_seed:
        st.session_state[SERVING_SEED] = False
        st.rerun(scope="app")  # the national demo is ready: every figure of the page again, from it
    st.session_state[SERVING_SEED] = serving_seed
    build = cache.national_build()
    if build is None or not serving_seed:
        return
    if build.running:
        left = build.seconds_left()
        st.info(
            label(
                "national_build_running",
                lang,
                percent=formatting.percent(build.fraction, lang, 0),
                left=label("national_build_left_unknown", lang)
                if left is None
                else label("national_build_left_minutes", lang, minutes=max(1, round(left / 60))),
                seed=cache.SEED_DATABASE.name,
            ),
            icon=":material/hourglass_top:",
        )
    else:
        log = cache.DEFAULT_DATABASE.with_name(cache.DEFAULT_DATABASE.name + ".build.log")
        st.warning(
            label(
                "national_build_failed",
                lang,
                state=label(f"national_build_state_{build.state}", lang),
                message=plain(build.message or "—"),
                log=str(log),
            ),
            icon=":material/warning:",
        )


SLOT = "_url_problems_slot"


def url_problems(lang: str) -> None:
    """Where a page says what its link asked for that cannot be shown (under its title): the place is kept
    and filled by the frame once the page has run, so a value the page checks further down (a comparison,
    an edit of the plan) is said on the same view, not on the next one."""
    st.session_state[SLOT] = st.container()


def show_url_problems(lang: str) -> None:
    """Fill the place the page kept (or, on a page that kept none, here) with every link problem found."""
    slot = st.session_state.pop(SLOT, None)
    problems = filters.url_problems()
    if not problems:
        return
    lines = [label(f"url_problem_{p['reason']}", lang, **{k: plain(v) for k, v in p.items()}) for p in problems]
    with slot if slot is not None else st.container():
        st.warning("  \n".join(lines), icon=":material/link_off:")
        st.button(label("url_problems_dismiss", lang), on_click=filters.dismiss_url_problems, key="url_problems_ok")


def table(data, container=None, **dataframe_options):
    """A table as ``st.dataframe``, except in presentation mode: there ``st.table``, whose HTML text the
    projector stylesheet enlarges (a dataframe is drawn on a canvas and keeps its laptop-sized type).
    Row selection is not offered on a slide; the map still drills down."""
    target = container or st
    if filters.is_presenting():
        # A Styler may be shared by every visitor of the view (gnbv.tables.prepared): a copy is hidden.
        styler = copy.deepcopy(data) if isinstance(data, Styler) else data.style
        target.table(styler.hide(axis="index"))
        return None
    return target.dataframe(data, **dataframe_options)


SLIDE_CARDS_PER_ROW = 3  # a 7-digit figure at the slide's size needs a third of the screen's width


def figures(items, columns=None) -> None:
    """Headline figures as metric cards, one per column; on a slide at most three a row, so that the
    longest value and the card's title are never cut (present.css sizes them to the screen)."""
    if columns is None and filters.is_presenting() and len(items) > SLIDE_CARDS_PER_ROW:
        for start in range(0, len(items), SLIDE_CARDS_PER_ROW):
            figures(items[start : start + SLIDE_CARDS_PER_ROW], st.columns(SLIDE_CARDS_PER_ROW))
        return
    columns = columns or st.columns(len(items))
    for column, figure in zip(columns, items, strict=False):
        column.metric(
            figure.card_label,
            figure.value,
            delta=figure.card_delta,
            delta_color=figure.delta_color,
            delta_arrow=figure.delta_arrow,
            help=figure.help,
        )
