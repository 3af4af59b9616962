"""What each page and slide says, decided once: plain functions from query results to view objects.

A page draws a view with Streamlit; the meeting pack writes the same view into its PDF, PPTX and
workbook. Both pass in the function that runs a query (the page: the Streamlit cache; the pack: the
same; a test: ``run_query`` on a fixture), so no rule is written twice and no view imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from data.labels import label
from gnbv import formatting
from gnbv.selection import Selection
from queries import load_sql, parameters_of

Query = Callable[..., pd.DataFrame]


def asker(query: Query, selection: Selection) -> Callable[..., pd.DataFrame]:
    """``query`` with the selection's scheme, unit, year and standard filled in where a file declares
    them and the caller does not give them: the one place a selection becomes query parameters."""
    defaults = {
        "scheme": selection.scheme,
        "unit_code": selection.unit_code,
        "parent_code": selection.unit_code,
        "year": selection.year,
        "base_year": selection.year,
        "standard": selection.standard,
    }

    def ask(name: str, **params: object) -> pd.DataFrame:
        declared = parameters_of(load_sql(name))
        filled = {key: value for key, value in defaults.items() if key in declared and key not in params}
        return query(name, **filled, **params)

    return ask


@dataclass(frozen=True)
class Figure:
    """A headline figure as a card shows it and a slide writes it."""

    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"  # normal | inverse | off (st.metric)
    delta_arrow: str = "off"  # auto | up | down | off
    help: str | None = None
    unit: str | None = None  # "triệu đồng": after the label on a card, after the value on a slide
    approximately: str | None = None  # "khoảng {value}" when the source gives the amount as approximate

    @property
    def card_label(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def card_delta(self) -> str | None:
        """A card keeps its figure short (read from 5 m): "khoảng" goes under it, with the delta."""
        if self.approximately is None:
            return self.delta
        return self.approximately.format(value=self.delta) if self.delta else self.approximately.format(value="")

    def line(self) -> str:
        """The figure as one line of a slide or report."""
        value = f"{self.value} {self.unit}" if self.unit else self.value
        if self.approximately is not None:
            value = self.approximately.format(value=value)
        return f"{self.label}: {value}" + (f" ({self.delta})" if self.delta else "")


def kind_note(kind: str | None, lang: str) -> str | None:
    """What a figure's households are, when a reader must be told: synthetic, or mixed with real data."""
    if kind == "synthetic":
        return label("kind_synthetic", lang)
    if kind == "mixed":
        return label("kind_mixed", lang)
    return None


def kind_label(kind: object, lang: str, style: str = "short") -> str:
    """ "Mô phỏng" / "Đã nạp (thật)" / "Trộn …" for a data kind (style: short | footer); "—" without data."""
    return label(f"kind_{style}_{kind if isinstance(kind, str) else 'empty'}", lang)


def summary_report_note(sources: pd.DataFrame, lang: str) -> str | None:
    """Which of a unit's figures come from summary report forms (queries/unit_sources.sql), as a line
    of a slide's footer or the pack's facts; None when none do."""
    if sources.empty:
        return None
    row = sources.iloc[0]
    share = row["summary_report_share"]
    if missing(share) or not share:
        return None
    key = "summary_report_note_all" if share >= 0.9995 else "summary_report_note_part"
    return label(key, lang, share=formatting.percent(share, lang, 0), forms=row["forms"] or "—")


def is_synthetic(kind: str | None) -> bool:
    """A figure with any synthetic household in it is labelled synthetic (mixed ones too)."""
    return kind in ("synthetic", "mixed")


missing = formatting.missing
