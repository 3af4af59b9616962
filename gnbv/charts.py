"""Charts of the pages, in colour-blind-safe colours (Okabe-Ito), legible on a projector.

Each figure is built once from its traces and its whole layout: plotly validates the whole figure again at
every add_trace / update_layout / update_traces, which cost a page more than its queries. And each is kept
for what it shows (gnbv/shared_results.py): the next session of the same view reuses it, so no caller may
change a figure it is given."""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go

from data.labels import in_language, label
from gnbv import formatting
from gnbv.shared_results import shared_result


class KeptFigure(go.Figure):
    """A figure never changed once built, whose dict is made once: Streamlit asks for it at every view
    (plotly's ``to_dict`` copies the whole figure and encodes every array in base64 again), and a figure
    here is shown to every visitor of its view."""

    def to_dict(self) -> dict:
        kept = getattr(self, "_kept_dict", None)
        if kept is None:
            kept = self._kept_dict = super().to_dict()
        return kept


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


def _plain_layout(lang: str) -> dict:
    """What every chart's layout shares: a white plot on the page's background, the language's separators."""
    return {"plot_bgcolor": "#ffffff", "paper_bgcolor": "rgba(0,0,0,0)", "separators": ",." if lang == "vi" else ".,"}


def _label_margin(labels: pd.Series) -> int:
    """Room for the longest category name at 15 px: Streamlit's container does not grow plotly's margin."""
    return min(340, 20 + 8 * max((len(str(v)) for v in labels), default=10))


def share_cell_style(value: float) -> str:
    if pd.isna(value):  # no data
        return ""
    for upper, background, text in SHARE_STEPS:
        if value < upper:
            return f"background-color: {background}; color: {text}"
    return ""


def _dimension_bars(
    frame: pd.DataFrame, value_column: str, name_column: str, lang: str, decimals: int, axis_key: str, height: int
) -> go.Figure:
    """Horizontal bars of a 0-1 share per row, coloured by the row's dimension, the first row on top."""
    ordered = frame.iloc[::-1]  # plotly draws the first category at the bottom
    bars = go.Bar(
        x=ordered[value_column] * 100,
        y=ordered[name_column],
        orientation="h",
        marker_color=[DIMENSION_COLOURS.get(d, "#777777") for d in ordered["dimension"]],
        text=[formatting.percent(v, lang, decimals) for v in ordered[value_column]],
        textposition="outside",
        textfont={"size": 15},
        hovertemplate="%{y}: %{text}<extra></extra>",
        cliponaxis=False,
    )
    return KeptFigure(
        [bars],
        {
            **_plain_layout(lang),
            "height": height,
            "margin": {"l": _label_margin(frame[name_column]), "r": 60, "t": 10, "b": 40},
            "xaxis": {"title": label(axis_key, lang) + " (%)", "range": [0, 105], "tickfont": {"size": 14}},
            "yaxis": {"tickfont": {"size": 15}},
        },
    )


@shared_result
def deprivation_bars(shares: pd.DataFrame, name_column: str, lang: str) -> go.Figure:
    """One bar per indicator in the standard's order, coloured by dimension."""
    height = max(360, 38 * len(shares) + 60)
    return _dimension_bars(shares, "deprived_share", name_column, lang, 1, "shares_axis", height)


@shared_result
def cause_bars(causes: pd.DataFrame, lang: str) -> go.Figure:
    """Each cause of poverty as the share of the class's households it concerns, poor and near-poor side
    by side (summary form 7.10; a household may have several causes)."""
    traces = []
    colours = {"poor": SELECTED_COLOUR, "near_poor": NEAR_POOR_COLOUR}
    order = causes[causes["household_class"] == "poor"].sort_values("share")["cause"].tolist()
    order += [c for c in causes["cause"].unique() if c not in order]
    names = {cause: label(f"cause_{cause}", lang) for cause in order}
    for household_class in ("near_poor", "poor"):
        rows = causes[causes["household_class"] == household_class].set_index("cause").reindex(order)
        if rows["share"].isna().all():
            continue
        traces.append(
            go.Bar(
                x=rows["share"] * 100,
                y=[names[c] for c in order],
                orientation="h",
                name=label(f"class_{household_class}", lang),
                marker_color=colours[household_class],
                text=[formatting.percent(v, lang, 0) for v in rows["share"]],
                textposition="outside",
                textfont={"size": 14},
                customdata=rows["households"],
                hovertemplate="%{y}: %{text} (%{customdata:,.0f})<extra></extra>",
                cliponaxis=False,
            )
        )
    return KeptFigure(
        data=traces,
        layout={
            **_plain_layout(lang),
            "barmode": "group",
            "height": max(320, 56 * len(order) + 80),
            "margin": {"l": _label_margin(pd.Series(list(names.values()))), "r": 60, "t": 10, "b": 40},
            "xaxis": {"title": label("causes_axis", lang) + " (%)", "range": [0, 105], "tickfont": {"size": 14}},
            "yaxis": {"tickfont": {"size": 15}},
            "legend": {"orientation": "h", "y": -0.12, "font": {"size": 14}, "traceorder": "reversed"},
        },
    )


@shared_result
def contribution_bars(dimensions: pd.DataFrame, dimension_column: str, lang: str) -> go.Figure:
    """Each dimension's share of M0, largest on top."""
    ordered = dimensions.sort_values("dimension_contribution_share", ascending=False)
    return _dimension_bars(ordered, "dimension_contribution_share", dimension_column, lang, 0, "contribution_axis", 300)


# Lines of the trend chart: the selected unit in the program's red, compared units in Okabe-Ito.
SELECTED_COLOUR = "#b30000"
NEAR_POOR_COLOUR = "#E69F00"
COMPARE_COLOURS = ["#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999"]
TARGET_COLOUR = "#333333"


def _percent_axis_layout(title: str, lang: str) -> dict:
    """A rate over the review years: percent up the side, one tick per year."""
    return {
        **_plain_layout(lang),
        "yaxis": {"title": title, "ticksuffix": "%", "tickfont": {"size": 15}, "rangemode": "tozero"},
        "xaxis": {"dtick": 1, "tickformat": "d", "tickfont": {"size": 15}},
        "legend": {"orientation": "h", "y": -0.15, "font": {"size": 14}},
        "hoverlabel": {"font": {"size": 14}},
    }


@shared_result
def rate_trend(
    series: pd.DataFrame,
    trajectories: pd.DataFrame,
    compare_codes: list[str],
    lang: str,
) -> go.Figure:
    """Poverty rate over the review years: one segment per poverty standard (never joined), targets on the axes."""
    traces: list = []
    shapes: list = []
    annotations: list = []
    selected = series[series["is_selected_unit"]]
    shown_units = [selected["unit_code"].iloc[0], *compare_codes] if len(selected) else compare_codes
    colour_of = {
        code: SELECTED_COLOUR if index == 0 else COMPARE_COLOURS[(index - 1) % len(COMPARE_COLOURS)]
        for index, code in enumerate(shown_units)
    }
    for index, code in enumerate(shown_units):
        unit = series[series["unit_code"] == code]
        is_selected = index == 0
        colour = colour_of[code]
        simulated = unit["is_simulated"].fillna(False).astype(bool) if "is_simulated" in unit else False
        # A year also simulated under the next standard: its reviewed label goes below the point when the
        # simulated marker sits above it (the two were drawn over each other).
        simulated_rate = (
            {}
            if simulated is False
            else dict(zip(unit[simulated]["year"], unit[simulated]["poverty_rate"], strict=True))
        )
        for position, (standard, segment) in enumerate(unit[~simulated].groupby("poverty_standard", sort=True)):
            name = unit["short_name"].iloc[0]
            label_side = [
                "bottom center" if simulated_rate.get(year, -1) > rate else "top center"
                for year, rate in zip(segment["year"], segment["poverty_rate"], strict=True)
            ]
            traces.append(
                go.Scatter(
                    x=segment["year"],
                    y=segment["poverty_rate"] * 100,
                    mode="lines+markers+text" if is_selected else "lines+markers",
                    name=name if is_selected else f"{name} ({label('standard_short', lang, standard=standard)})",
                    legendgroup=code,
                    showlegend=position == 0 or not is_selected,
                    line={"color": colour, "width": 4 if is_selected else 2},
                    marker={"size": 9 if is_selected else 6},
                    text=[formatting.percent(v, lang) for v in segment["poverty_rate"]] if is_selected else None,
                    textposition=label_side,
                    textfont={"size": 14, "color": colour},
                    hovertemplate=f"{name} %{{x}}: %{{y:.2f}}% ({standard})<extra></extra>",
                )
            )
            if is_selected:
                traces.append(
                    go.Scatter(
                        x=segment["year"],
                        y=segment["near_poor_rate"] * 100,
                        mode="lines+markers",
                        name=label("near_poor_series", lang, unit=name),
                        legendgroup=code + "near",
                        showlegend=position == 0,
                        line={"color": NEAR_POOR_COLOUR, "width": 2, "dash": "dot"},
                        hovertemplate=f"{label('kpi_near_poor_rate', lang)} %{{x}}: %{{y:.2f}}%<extra></extra>",
                    )
                )
        # The next standard's baseline: the last review's households classed under it (a simulation), an
        # open marker apart from the reviewed series.
        if is_selected and simulated is not False and simulated.any():
            for standard, point in unit[simulated].groupby("poverty_standard", sort=True):
                traces.append(
                    go.Scatter(
                        x=point["year"],
                        y=point["poverty_rate"] * 100,
                        mode="markers+text",
                        name=label("simulated_point", lang, standard=standard),
                        marker={"size": 14, "symbol": "circle-open", "color": colour, "line": {"width": 3}},
                        text=[formatting.percent(v, lang) + " *" for v in point["poverty_rate"]],
                        textposition="middle left",
                        textfont={"size": 14, "color": colour},
                        hovertemplate=label("simulated_hover", lang, standard=standard) + ": %{y:.2f}%<extra></extra>",
                    )
                )
        standards = sorted(unit["poverty_standard"].unique())
        if is_selected and len(standards) > 1:
            # A line where each later standard starts (its first year, reviewed or simulated), never a join.
            for old, new in itertools.pairwise(standards):
                first_new = unit.loc[unit["poverty_standard"] == new, "year"].min()
                shapes.append(
                    {
                        "type": "line",
                        "x0": first_new - 0.5,
                        "x1": first_new - 0.5,
                        "xref": "x",
                        "y0": 0,
                        "y1": 1,
                        "yref": "y domain",
                        "line": {"color": "#555555", "dash": "dash", "width": 2},
                    }
                )
                annotations.append(
                    dict(
                        x=first_new - 0.5,
                        y=1.0,
                        yref="paper",
                        text=label("standard_break", lang, old=old, new=new),
                        showarrow=False,
                        xanchor="left",
                        yanchor="top",
                        font={"size": 13, "color": "#333333"},
                        bgcolor="rgba(255,255,255,0.85)",
                    )
                )
    # The selected unit's targets in dark grey against its red line; a compared unit's in its own colour.
    target_colour = {code: TARGET_COLOUR if i == 0 else colour_of[code] for i, code in enumerate(shown_units)}
    for (code, _metric, _start, _standard), target in trajectories[trajectories["unit_code"].isin(shown_units)].groupby(
        ["unit_code", "metric", "period_start", "poverty_standard"], sort=False
    ):
        source = target["source_document"].iloc[0]
        name = series.loc[series["unit_code"] == code, "short_name"].iloc[0]
        hover = label("target_hover", lang, unit=name, source=source)
        if target["kind"].iloc[0] == "level":
            row = target.iloc[0]
            middle = (row["target_rate_low"] + row["target_rate_high"]) / 2
            traces.append(
                go.Scatter(
                    x=[row["year"]],
                    y=[middle],
                    mode="markers+text",
                    textposition="middle right",
                    textfont={"size": 15, "color": TARGET_COLOUR},
                    marker={"symbol": "diamond-open", "size": 18, "color": TARGET_COLOUR, "line": {"width": 3}},
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": [row["target_rate_high"] - middle],
                        "arrayminus": [middle - row["target_rate_low"]],
                        "thickness": 3,
                        "width": 12,
                        "color": TARGET_COLOUR,
                    },
                    name=label("target_level", lang, unit=name),
                    text=[
                        "  "
                        + label("target_short", lang)
                        + " "
                        + formatting.target(row["target_rate_low"], row["target_rate_high"], "pct", "at_most", lang)
                    ],
                    hovertemplate="%{text}<br>" + hover + "<extra></extra>",
                )
            )
            continue
        is_band = (target["target_rate_high"] - target["target_rate_low"]).abs().max() > 1e-9
        traces.append(
            go.Scatter(
                x=target["year"],
                y=target["target_rate_high"],
                mode="lines",
                line={"color": target_colour[code], "width": 3, "dash": "dash"},
                name=label("target_trajectory", lang, unit=name),
                hovertemplate="%{x}: ≤ %{y:.2f}%<br>" + hover + "<extra></extra>",
            )
        )
        if is_band:
            traces.append(
                go.Scatter(
                    x=target["year"],
                    y=target["target_rate_low"],
                    mode="lines",
                    line={"color": target_colour[code], "width": 1, "dash": "dash"},
                    fill="tonexty",
                    fillcolor="rgba(80,80,80,0.15)",
                    showlegend=False,
                    hovertemplate="%{x}: ≥ %{y:.2f}%<br>" + hover + "<extra></extra>",
                )
            )
    return KeptFigure(
        data=traces,
        layout={
            **_percent_axis_layout(label("kpi_poverty_rate", lang), lang),
            "height": 560,
            "margin": {"l": 80, "r": 10, "t": 30, "b": 10},
            "shapes": shapes,
            "annotations": annotations,
        },
    )


@shared_result
def flow_bars(flows: pd.DataFrame, lang: str) -> go.Figure:
    """Escaped (below zero), newly poor and fell back (above) per review year."""
    years = [f"{y}" for y in flows["year"]]
    return KeptFigure(
        [
            go.Bar(
                x=years,
                y=sign * flows[column],
                name=label(key, lang),
                marker_color=colour,
                text=[formatting.integer(v, lang) for v in flows[column]],
                textposition="inside",
                textfont={"size": 14},
                hovertemplate="%{x}: %{text}<extra></extra>",
            )
            for column, key, colour, sign in (
                ("escaped_households", "flow_escaped", "#009E73", -1),
                ("newly_poor_households", "flow_newly_poor", "#D55E00", 1),
                ("fell_back_households", "flow_fell_back", "#E69F00", 1),
            )
        ],
        {
            **_plain_layout(lang),
            "barmode": "relative",
            "height": 420,
            "margin": {"l": 80, "r": 10, "t": 10, "b": 10},
            "yaxis": {"title": label("households_axis", lang), "tickfont": {"size": 14}},
            "xaxis": {"type": "category", "tickfont": {"size": 15}},
            "legend": {"orientation": "h", "y": -0.12, "font": {"size": 14}},
        },
    )


@shared_result
def ethnic_minority_trend(series: pd.DataFrame, lang: str) -> go.Figure:
    """Ethnic-minority households vs the others, per standard segment."""
    traces = []
    for position, (standard, segment) in enumerate(series.groupby("poverty_standard", sort=True)):
        for column, colour, key in (
            ("ethnic_minority_poverty_rate", "#0072B2", "em_series"),
            ("poverty_rate", SELECTED_COLOUR, "all_series"),
            ("other_poverty_rate", "#999999", "other_series"),
        ):
            traces.append(
                go.Scatter(
                    x=segment["year"],
                    y=segment[column] * 100,
                    mode="lines+markers",
                    name=label(key, lang),
                    legendgroup=key,
                    showlegend=position == 0,
                    line={"color": colour, "width": 3},
                    hovertemplate=f"%{{x}}: %{{y:.2f}}% ({standard})<extra></extra>",
                )
            )
    return KeptFigure(
        data=traces,
        layout={
            **_percent_axis_layout(label("kpi_poverty_rate", lang), lang),
            "height": 380,
            "margin": {"l": 80, "r": 10, "t": 10, "b": 10},
        },
    )


# The kinds of money of every programme period, in the plans' order, with Okabe-Ito colours.
MONEY_KIND_COLOURS = {
    "development_investment": "#0072B2",
    "recurrent": "#E69F00",
    "integrated_capital": "#56B4E9",
    "nhcsxh_credit": "#009E73",
    "other_mobilized": "#CC79A7",
}


def _money_layout(lang: str, height: int, axis_title: str, horizontal: bool, value_axis: dict | None = None) -> dict:
    """Money bars: tỷ đồng along the value axis (``value_axis`` adds to it), categories in the plans' order."""
    values = {"title": axis_title, "tickfont": {"size": 14}, "gridcolor": "#dddddd", **(value_axis or {})}
    category_axis = {"type": "category", "tickfont": {"size": 15}, "automargin": True}
    return {
        **_plain_layout(lang),
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": values if horizontal else category_axis,
        "yaxis": category_axis | {"autorange": "reversed"} if horizontal else values,
        "legend": {"orientation": "h", "y": -0.15 if not horizontal else -0.08, "font": {"size": 14}},
        "barmode": "group",
    }


@shared_result
def project_bars(projects: pd.DataFrame, lang: str) -> go.Figure:
    """Allocated beside disbursed per project, in tỷ đồng, with the disbursement rate on the bar."""
    names = projects["project_code"]
    bar_style = {"textfont": {"size": 14}, "cliponaxis": False, "hovertemplate": "%{y}: %{text}<extra></extra>"}
    return KeptFigure(
        [
            go.Bar(
                y=names,
                x=projects["allocated"] / 1000,
                orientation="h",
                name=label("col_allocated", lang),
                marker_color="#0072B2",
                text=[formatting.billion(v, lang) for v in projects["allocated"]],
                textposition="outside",
                **bar_style,
            ),
            go.Bar(
                y=names,
                x=projects["disbursed"] / 1000,
                orientation="h",
                name=label("col_disbursed", lang),
                marker_color="#E69F00",
                text=[
                    f"{formatting.billion(d, lang)} ({formatting.percent(r, lang, 0)})"
                    for d, r in zip(projects["disbursed"], projects["disbursement_rate"], strict=True)
                ],
                textposition="outside",
                **bar_style,
            ),
        ],
        _money_layout(
            lang,
            90 + 52 * len(projects),
            label("billion_axis", lang),
            horizontal=True,
            value_axis={"range": [0, float((projects["allocated"] / 1000).max() or 1) * 1.25], "automargin": True},
        ),
    )


@shared_result
def money_by_year(by_year: pd.DataFrame, lang: str) -> go.Figure:
    """Allocated money per year, stacked by kind, in tỷ đồng; the disbursed total written above each stack."""
    years = [str(y) for y in sorted(by_year["year"].unique())]
    traces = []
    for kind, colour in MONEY_KIND_COLOURS.items():
        rows = by_year[by_year["money_kind"] == kind]
        if rows.empty:
            continue
        part = rows.set_index("year").reindex([int(y) for y in years])
        traces.append(
            go.Bar(
                x=years,
                y=part["allocated"] / 1000,
                name=rows[in_language("name", lang)].iloc[-1],
                marker_color=colour,
                text=[formatting.billion(v, lang) for v in part["allocated"]],
                textposition="inside",
                textfont={"size": 13},
            )
        )
    totals = by_year.groupby("year")[["allocated", "disbursed"]].sum().reindex([int(y) for y in years])
    # Above each stack: what was disbursed of it, the question a committee asks first. x is the category's
    # position: plotly.js reads a category such as "2024" as a number on the axis. (One list, not an
    # add_annotation per year: each call re-validates every annotation so far.)
    annotations = [
        {
            "x": position,
            "y": row.allocated / 1000,
            "text": label(
                "disbursed_of",
                lang,
                value=formatting.billion(row.disbursed, lang),
                rate=formatting.percent(row.disbursed / row.allocated if row.allocated else None, lang, 0),
            ),
            "showarrow": False,
            "yshift": 16,
            "font": {"size": 15, "color": "#111111"},
        }
        for position, row in enumerate(totals.itertuples())
    ]
    return KeptFigure(
        data=traces,
        layout={
            **_money_layout(lang, 460, label("billion_axis", lang), horizontal=False, value_axis={"automargin": True}),
            "annotations": annotations,
            "barmode": "stack",
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "uniformtext": {"minsize": 12, "mode": "hide"},
        },
    )


@shared_result
def need_bars(need: pd.DataFrame, lang: str) -> go.Figure:
    """Each unit's share of the need beside its share of the money: a gap shows an under-funded need."""
    bar_style = {"textposition": "outside", "textfont": {"size": 13}, "cliponaxis": False}
    return KeptFigure(
        [
            go.Bar(
                y=need["unit_name"],
                x=need["need_share"] * 100,
                orientation="h",
                name=label("col_need_share", lang),
                marker_color="#D55E00",
                text=[formatting.percent(v, lang, 1) for v in need["need_share"]],
                **bar_style,
            ),
            go.Bar(
                y=need["unit_name"],
                x=need["money_share"] * 100,
                orientation="h",
                name=label("col_money_share", lang),
                marker_color="#0072B2",
                marker_pattern_shape="/",
                text=[formatting.percent(v, lang, 1) for v in need["money_share"]],
                **bar_style,
            ),
        ],
        _money_layout(lang, 90 + 44 * len(need), label("share_axis", lang), horizontal=True),
    )
