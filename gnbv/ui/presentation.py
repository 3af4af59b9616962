"""Presentation mode's slide sequence: one page per slide, arrow keys to move, a footer on every slide.

Streamlit buttons take keyboard shortcuts, so the Left and Right arrow keys drive the sequence with no
JavaScript of ours. Each slide states the unit, the year, the date of the data and whether the
households are synthetic, because a photo of one slide travels without the rest.
"""

from __future__ import annotations

import streamlit as st

from data.labels import label
from gnbv.selection import Selection
from gnbv.ui import filters
from gnbv.ui.cache import geo_index, query
from gnbv.views import kind_label, summary_report_note


def slide_controls(pages: list, current, selection: Selection, unit_name: str) -> None:
    """Previous / next buttons (arrow keys) and the slide's footer; ``pages``: the st.Page slides in order."""
    lang = selection.lang
    paths = [page.url_path for page in pages]
    position = paths.index(current.url_path) if current.url_path in paths else 0
    source = dict(query("data_source").itertuples(index=False, name=None))
    kind = query("unit_data_kind", scheme=selection.scheme, unit_code=selection.unit_code)["data_kind"].iloc[0]
    bar = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    previous = bar.button(
        label("slide_previous", lang), key="slide_previous", shortcut="Left", disabled=position == 0, type="tertiary"
    )
    bar.markdown(
        label(
            "slide_footer",
            lang,
            number=position + 1,
            count=len(pages),
            unit=unit_name,
            year=selection.year or "—",
            date=source.get("data_date", "—"),
            kind=kind_label(kind, lang, "footer"),
        )
    )
    reported = summary_report_note(
        query("unit_sources", scheme=selection.scheme, unit_code=selection.unit_code, year=selection.year), lang
    )
    if reported:
        bar.caption(reported)
    following = bar.button(
        label("slide_next", lang),
        key="slide_next",
        shortcut="Right",
        disabled=position == len(pages) - 1,
        type="tertiary",
    )
    if previous:
        st.switch_page(pages[position - 1])
    if following or st.session_state.pop("_advance_slide", False):
        st.switch_page(pages[(position + 1) % len(pages)])
    timer = filters.timer_seconds()
    if timer > 0:
        st.session_state["_slide_ticks"] = 0
        _advance_every(timer)


def _advance_every(seconds: int) -> None:
    """The optional timer (?timer=30): after ``seconds`` on a slide, rerun the app on the next one."""

    @st.fragment(run_every=seconds)
    def countdown() -> None:
        ticks = st.session_state.get("_slide_ticks", 0)
        st.session_state["_slide_ticks"] = ticks + 1
        if ticks >= 1:  # the first run is the slide being drawn; the next one is the timer firing
            st.session_state["_advance_slide"] = True
            st.rerun(scope="app")

    countdown()


def pack_controls(selection: Selection, unit_name: str) -> None:
    """The meeting pack for the current filters: one click builds it, the next downloads the .zip."""
    from gnbv.report import meeting_pack
    from gnbv.report.chromium import ChromiumMissing

    lang = selection.lang
    if not selection.year:
        return
    # The new-standard slide uses the page's lines and assumptions, as the link holds them.
    inputs = filters.new_standard_values()
    key = f"{selection.scheme}_{selection.unit_code}_{selection.year}_{selection.lang}_{sorted(inputs.items())}"
    if st.button(
        label("pack_button", lang),
        icon=":material/folder_zip:",
        key="pack_build",
        width="stretch",
        help=label("pack_help", lang),
    ):
        with st.spinner(label("pack_building", lang)):
            try:
                st.session_state["_pack"] = (
                    key,
                    *meeting_pack.build(query, geo_index(), selection, unit_name, inputs),
                )
            except ChromiumMissing as error:
                st.error(label("pack_failed", lang, error=error))
            except meeting_pack.NothingToPack:
                st.info(label("pack_no_data", lang))
    built = st.session_state.get("_pack")
    if built and built[0] == key:
        st.download_button(
            label("pack_download", lang),
            built[2],
            file_name=built[1],
            mime="application/zip",
            icon=":material/download:",
            key="pack_download",
            width="stretch",
        )
