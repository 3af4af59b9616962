"""Charts built from plain frames, without Streamlit: what a reader would see drawn over each other."""

from __future__ import annotations

import pandas as pd

from gnbv import charts

TARGET_COLUMNS = [
    "unit_code",
    "metric",
    "period_start",
    "poverty_standard",
    "source_document",
    "kind",
    "target_rate_low",
    "target_rate_high",
    "year",
]


def _series(simulated_rate: float) -> pd.DataFrame:
    rows = [(2024, "2022-2025", 0.064, False), (2025, "2022-2025", 0.041, False), (2026, "2022-2025", 0.0319, False)]
    rows.append((2026, "2026-2030", simulated_rate, True))
    return pd.DataFrame(
        {
            "unit_code": "15",
            "short_name": "Lào Cai",
            "is_selected_unit": True,
            "year": [r[0] for r in rows],
            "poverty_standard": [r[1] for r in rows],
            "poverty_rate": [r[2] for r in rows],
            "near_poor_rate": 0.02,
            "is_simulated": [r[3] for r in rows],
        }
    )


def _reviewed_label_sides(simulated_rate: float) -> list[str]:
    figure = charts.rate_trend(_series(simulated_rate), pd.DataFrame(columns=TARGET_COLUMNS), [], "vi")
    reviewed = next(trace for trace in figure.data if trace.name == "Lào Cai")
    return list(reviewed.textposition)


def test_a_reviewed_label_goes_below_its_point_when_the_simulated_marker_sits_above():
    assert _reviewed_label_sides(0.037) == ["top center", "top center", "bottom center"]


def test_a_reviewed_label_stays_above_when_the_simulated_marker_is_below():
    assert _reviewed_label_sides(0.025) == ["top center", "top center", "top center"]


def test_a_kept_figure_is_serialised_once_and_as_plotly_serialises_it():
    """Streamlit asks every view for the figure's dict: the first one made is given again, and it is the
    dict (and the JSON) plotly makes of the same figure."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    figure = charts.rate_trend(_series(0.03), pd.DataFrame(columns=TARGET_COLUMNS), [], "vi")
    assert isinstance(figure, charts.KeptFigure)
    first = figure.to_dict()
    assert figure.to_dict() is first
    assert first == go.Figure(figure).to_dict()
    assert json.loads(pio.to_json(figure)) == json.loads(pio.to_json(go.Figure(figure)))
