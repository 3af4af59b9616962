"""Tables as a reader sees them (gnbv.tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gnbv.tables import named_rows


def typed(row: tuple) -> list:
    return [(type(value), repr(value)) for value in row]  # NaN is not equal to itself; its repr is


def test_named_rows_are_what_itertuples_gives():
    """The same names (renamed where a column is no identifier, as pandas renames them) and the same values
    of every type, for frames that share a list of columns (their tuple class is made once)."""
    frames = [
        pd.DataFrame(
            {
                "unit_code": pd.array(["01", "15", None], dtype="string"),
                "households": pd.array([12, None, 3], dtype="Int64"),
                "poverty_rate": [0.1, np.nan, 0.25],
                "Tỷ lệ (%)": [1, 2, 3],
                "class": ["poor", "near_poor", "other"],
                "year": pd.to_datetime(["2024-01-01", "2025-06-30", None]),
                "is_complete": pd.array([True, None, False], dtype="boolean"),
                "kind": pd.Categorical(["real", "synthetic", None]),
                "count": np.array([1, 2, 3], dtype=np.int32),
            }
        ),
        pd.DataFrame(columns=["unit_code", "households"]),
        pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"]),
    ]
    for frame in [*frames, *frames]:
        ours, pandas_own = list(named_rows(frame)), list(frame.itertuples(index=False))
        assert [row._fields for row in ours] == [row._fields for row in pandas_own]
        assert [typed(row) for row in ours] == [typed(row) for row in pandas_own]


def marshalled(styler) -> tuple:
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    proto = ArrowData()
    marshall_styler(proto, styler, default_uuid="unused")
    return proto.styler.uuid, proto.styler.styles, proto.styler.display_values


def test_the_prepared_heatmap_shows_what_a_styler_worked_out_at_every_view_shows():
    """Streamlit's own marshalling of the kept heatmap, view after view and after a slide hid the index of
    a copy, gives the styles and texts of a plain Styler of the same recipe."""
    import copy

    from pandas.io.formats.style import Styler

    from data.labels import label
    from gnbv import charts, formatting
    from gnbv.tables import heatmap_styler

    table = pd.DataFrame(
        {"Đơn vị": ["Mường Tè", "Tam Đường", "Sìn Hồ"], "Nhà ở": [0.05, None, 0.8], "Nước": [0.3, 0.1, 0.62]}
    )
    shares = ["Nhà ở", "Nước"]
    kept = heatmap_styler(table, shares, "vi")
    assert heatmap_styler(table.copy(), shares, "vi") is kept  # the next visitor's
    plain = (
        Styler(table, uuid=kept.uuid)
        .format(
            {c: (lambda v: label("no_data", "vi") if pd.isna(v) else formatting.percent(v, "vi", 1)) for c in shares}
        )
        .map(charts.share_cell_style, subset=shares)
    )
    expected = marshalled(plain)
    assert "background-color: #7f0000" in expected[1] and expected[1].count("background-color") == 5
    assert marshalled(kept) == expected
    slide = copy.deepcopy(kept).hide(axis="index")  # presentation mode: st.table of a copy
    headings = [cell for row in slide._translate(False, False)["body"] for cell in row if cell["type"] == "th"]
    assert headings and not any(cell["is_visible"] for cell in headings)
    assert marshalled(kept) == expected
    assert marshalled(kept) == marshalled(plain)
