"""Tables as a reader sees them: one column per (label key, function of a query row), text formatted
for the reader's language. Pages show them; the meeting pack writes them; neither builds them twice."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data.labels import label
from gnbv import formatting


def labelled_table(frame: pd.DataFrame, columns: list[tuple[str, Callable]], lang: str) -> pd.DataFrame:
    rows = list(frame.itertuples(index=False))
    return pd.DataFrame({label(key, lang): [cell(row) for row in rows] for key, cell in columns})


def assessment_text(assessment: str, lang: str) -> str:
    """Met / at risk / missed with a symbol, so the assessment never relies on colour alone."""
    return label(f"assessment_{assessment}", lang)


def target_columns(lang: str) -> list[tuple[str, Callable]]:
    """Period, target, actual and assessment: the columns every progress table shows, from a target row."""
    return [
        ("col_period", lambda r: formatting.period(r.period_start, r.period_end)),
        ("col_target", lambda r: formatting.target(r.target_low, r.target_high, r.value_unit, r.direction, lang)),
        (
            "col_actual",
            lambda r: (
                label("no_data", lang)
                if pd.isna(r.actual_value)
                else formatting.target_value(r.actual_value, r.value_unit, lang)
            ),
        ),
        ("col_status", lambda r: assessment_text(r.assessment, lang)),
    ]
