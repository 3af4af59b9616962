"""Tables as a reader sees them: one column per (label key, function of a query row), text formatted
for the reader's language. Pages show them; the meeting pack writes them; neither builds them twice."""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Iterator

import pandas as pd
from pandas.io.formats.style import Styler

from data.labels import label
from gnbv import charts, formatting
from gnbv.shared_results import shared_result


@functools.lru_cache(maxsize=512)
def _row_type(columns: tuple[str, ...]) -> type:
    return collections.namedtuple("Row", columns, rename=True)


def named_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    """The frame's rows as named tuples, as ``itertuples(index=False)`` gives them (the same values and
    names), with the tuple class made once per list of columns: itertuples makes one at every call, about
    60 µs, and a page view iterates a dozen frames. The values come through one object array rather than
    a Series per column (itertuples' way: 1.0 ms for a 21-column frame of 108 rows, 0.2 ms so)."""
    if not len(frame.columns):
        return iter(())  # as zip() of no columns: no rows
    row_type = _row_type(tuple(frame.columns))
    values = frame.to_numpy(dtype=object)
    for k, dtype in enumerate(frame.dtypes):
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(dtype, pd.StringDtype):
            # a nullable integer column gives numpy scalars when iterated, Python ones in an object array
            values[:, k] = list(frame.iloc[:, k])
    return map(row_type._make, values.tolist())


def labelled_table(frame: pd.DataFrame, columns: list[tuple[str, Callable]], lang: str) -> pd.DataFrame:
    records = list(named_rows(frame))
    return pd.DataFrame({label(key, lang): [cell(row) for row in records] for key, cell in columns})


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


def prepared(styler: Styler) -> Styler:
    """``styler`` with its cell styles and texts worked out once, now.

    Streamlit works them out again at every view it shows (through pandas' ``_compute`` and
    ``_translate``, the two it calls, with these arguments): for the dimensions heatmap, the same for every
    visitor of a view, that was a sixth of the page's script. The styler stays a pandas Styler (Streamlit
    knows it by its exact type), its two methods answered from what was worked out. Prepared before it is
    shared, so that no two sessions work on one at once; never changed after (``copy.deepcopy`` gives a
    Styler of the same recipe, which works them out again: presentation mode hides the index of a copy).
    """
    styler._compute()
    translated = styler._translate(False, False)  # as Streamlit asks (marshall_styler)

    def translate(sparse_index: bool, sparse_cols: bool, *args, **kwargs) -> dict:
        if (sparse_index, sparse_cols, args, kwargs) == (False, False, (), {}):
            return translated
        return Styler._translate(styler, sparse_index, sparse_cols, *args, **kwargs)

    styler._compute = lambda: styler
    styler._translate = translate
    return styler


@shared_result
def heatmap_styler(table: pd.DataFrame, share_columns: list[str], lang: str) -> Styler:
    """The heatmap of deprivation shares: each share as a percent with one decimal, its cell coloured by
    the step it falls in (gnbv.charts.share_cell_style); kept for every visitor of the view."""
    styler = table.style.format(
        {c: (lambda v: label("no_data", lang) if pd.isna(v) else formatting.percent(v, lang, 1)) for c in share_columns}
    )
    return prepared(styler.map(charts.share_cell_style, subset=share_columns))
