"""Charts of the dimensions page, in colour-blind-safe colours (Okabe-Ito), legible on a projector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gnbv import formatting
from gnbv.i18n import label

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
DIMENSION_COLOURS = {
    "employment": "#E69F00",
    "health": "#56B4E9",
    "education": "#009E73",
    "housing": "#D55E00",
    "water_sanitation": "#0072B2",
    "information": "#CC79A7",
}
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": False}
# Cells of the heatmap table: share deprived -> background, in steps a room can tell apart.
SHARE_STEPS = [
    (0.10, "#fff7ec", "#111111"),
    (0.25, "#fdd49e", "#111111"),
    (0.50, "#fc8d59", "#111111"),
    (0.75, "#d7301f", "#ffffff"),
    (1.01, "#7f0000", "#ffffff"),
]


def _label_margin(labels: pd.Series) -> int:
    """Room for the longest category name at 15 px: Streamlit's container does not grow plotly's margin."""
    return min(340, 20 + 8 * max((len(str(v)) for v in labels), default=10))


def share_cell_style(value: float) -> str:
    if value != value:  # NaN: no data
        return ""
    for upper, background, text in SHARE_STEPS:
        if value < upper:
            return f"background-color: {background}; color: {text}"
    return ""


def deprivation_bars(shares: pd.DataFrame, name_column: str, dimension_column: str, lang: str) -> go.Figure:
    """Horizontal bars, one per indicator in the standard's order, coloured by dimension."""
    ordered = shares.iloc[::-1]  # plotly draws the first category at the bottom
    figure = go.Figure(
        go.Bar(
            x=ordered["deprived_share"] * 100,
            y=ordered[name_column],
            orientation="h",
            marker_color=[DIMENSION_COLOURS.get(d, "#777777") for d in ordered["dimension"]],
            text=[formatting.percent(v, lang, 1) for v in ordered["deprived_share"]],
            textposition="outside",
            textfont={"size": 15},
            customdata=ordered[[dimension_column]].to_numpy(),
            hovertemplate="%{y} (%{customdata[0]}): %{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    figure.update_layout(
        height=max(360, 38 * len(shares) + 60),
        margin={"l": _label_margin(shares[name_column]), "r": 60, "t": 10, "b": 40},
        xaxis={"title": label("shares_axis", lang) + " (%)", "range": [0, 105], "tickfont": {"size": 14}},
        yaxis={"tickfont": {"size": 15}},
        plot_bgcolor="#ffffff",
        paper_bgcolor="rgba(0,0,0,0)",
        separators=",." if lang == "vi" else ".,",
    )
    return figure


def contribution_bars(dimensions: pd.DataFrame, dimension_column: str, lang: str) -> go.Figure:
    """Each dimension's share of M0, largest first."""
    ordered = dimensions.sort_values("dimension_contribution_share")
    figure = go.Figure(
        go.Bar(
            x=ordered["dimension_contribution_share"] * 100,
            y=ordered[dimension_column],
            orientation="h",
            marker_color=[DIMENSION_COLOURS.get(d, "#777777") for d in ordered["dimension"]],
            text=[formatting.percent(v, lang, 0) for v in ordered["dimension_contribution_share"]],
            textposition="outside",
            textfont={"size": 15},
            hoverinfo="skip",
            cliponaxis=False,
        )
    )
    figure.update_layout(
        height=300,
        margin={"l": _label_margin(ordered[dimension_column]), "r": 50, "t": 10, "b": 40},
        xaxis={"title": label("contribution_axis", lang) + " (%)", "range": [0, 100], "tickfont": {"size": 14}},
        yaxis={"tickfont": {"size": 15}},
        plot_bgcolor="#ffffff",
        paper_bgcolor="rgba(0,0,0,0)",
        separators=",." if lang == "vi" else ".,",
    )
    return figure
