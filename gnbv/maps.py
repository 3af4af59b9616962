"""The choropleth of units one level below the selection, coloured by poverty rate in classes.

The figure references its GeoJSON by URL (see data/geo.py), so building it costs a few
milliseconds and the polygons are not re-sent on every rerun. Classes are Fisher-Jenks natural
breaks (mapclassify) so that a projector audience sees a few clearly different colours, each with
its range in the legend; units without data are grey and said to be so.
"""

from __future__ import annotations

import base64
import functools
import html
import json

import mapclassify
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from data.labels import label
from gnbv import charts, formatting
from gnbv.shared_results import shared_result

# ColorBrewer YlOrRd without its palest step, which vanishes on a washed-out projector.
CLASS_COLOURS = ["#fed976", "#feb24c", "#fd8d3c", "#e31a1c", "#800026"]
DARK_COLOURS = {"#e31a1c", "#800026"}  # names on these are written white
NO_DATA_COLOUR = "#d9d9d9"
BORDER_COLOUR = "#404040"
MAX_CLASSES = 5
MAX_LABELS = 12
PLOTLY_CONFIG = {
    # plotly's geo maps otherwise fetch a base topojson from a CDN; ours is an empty local file.
    "topojsonURL": "/app/static/topojson/",
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def class_count(unit_count: int) -> int:
    """Few units need few classes: 5 provinces in 2 colours, 10 districts in 3, 26 in 5."""
    return max(1, min(MAX_CLASSES, unit_count // 3 + (unit_count % 3 > 0)))


ROWS_AT_ONCE = 256  # fisher_jenks_bins works on blocks of rows x units (a map has at most 168 units)


def _tail_variances(x32: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each row r (1-based), the variance sums of its last m values, m = 1..n (columns 0..n-1; beyond r
    meaningless), summed in float32 from x[r-1] downwards as mapclassify sums them."""
    n = len(x32)
    back = rows[:, None] - 1 - np.arange(n)[None, :]  # x[r-1], x[r-2], ...
    tail = np.where(back >= 0, x32[back.clip(0)], np.float32(0))
    s1 = np.cumsum(tail, axis=1, dtype=np.float32)
    s2 = np.cumsum(tail * tail, axis=1, dtype=np.float32)
    return s2 - (s1 * s1) / np.arange(1, n + 1, dtype=np.float32)


def fisher_jenks_bins(values: np.ndarray, k: int) -> np.ndarray:
    """The upper bound of each of ``k`` Fisher-Jenks classes of ``values``: mapclassify.FisherJenks(values, k).bins.

    mapclassify runs its optimal breaks as a loop of Python over every pair of units unless numba compiles
    it: 0.1 s for the 166 communes of Thanh Hóa, the largest part of a province map's first view. This is
    the same dynamic programme with numpy over the pairs, one number of classes after the other: the same
    float32 sums taken in the same order and the same choice between equal costs (the last pair tried), so
    the same breaks (tests/test_maps.py compares them with mapclassify's)."""
    x = np.sort(np.asarray(values, dtype="f8"))
    x32 = x.astype(np.float32)
    n = len(x)
    lower = np.ones((n + 1, k + 1), dtype=np.int32)  # mapclassify's mat1: where a row's last class starts
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)  # mat2: the least within-class variance of a row
    m = np.arange(1, n + 1)
    blocks = [np.arange(first, min(first + ROWS_AT_ONCE, n + 1)) for first in range(2, n + 1, ROWS_AT_ONCE)]
    variances = [_tail_variances(x32, rows) for rows in blocks]  # n x n float32 in all: 0.1 MB for 168 units
    for rows, variance in zip(blocks, variances, strict=True):
        cost[rows, 1] = variance[np.arange(len(rows)), rows - 1]
    for classes in range(2, k + 1):
        for rows, variance in zip(blocks, variances, strict=True):
            valid = m[None, :] <= rows[:, None] - 1  # the last class holds m values, one row at least before it
            before = (rows[:, None] - m[None, :]).clip(0)
            candidates = np.where(valid, variance + cost[before, classes - 1], np.float32(np.inf))
            least = candidates.min(axis=1)
            chosen = valid & (candidates == least[:, None])
            last = n - 1 - np.argmax(chosen[:, ::-1], axis=1)  # ties: the last m tried, as mapclassify's loop
            lower[rows, classes] = rows - last  # the class starts at value r - m + 1 (m = last + 1)
            cost[rows, classes] = least
    bins = np.zeros(k + 1, dtype=x.dtype)
    bins[k], bins[0] = x[n - 1], x[0]
    row = n
    for classes in range(k, 1, -1):
        start = lower[row, classes]
        bins[classes - 1] = x[start - 2]
        row = start - 1
    return bins[1:]


def rate_classes(rates_pct: pd.Series) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Class index of every rate and the (lowest, highest) member rate of each class."""
    values = rates_pct.to_numpy(dtype=float)
    k = min(class_count(len(values)), len(np.unique(values)))
    if k <= 1:
        return np.zeros(len(values), dtype=int), [(float(values.min()), float(values.max()))]
    classes = np.asarray(mapclassify.classifiers.bin1d(values, fisher_jenks_bins(values, k))[0], dtype=int)
    ranges = [(float(values[classes == c].min()), float(values[classes == c].max())) for c in range(k)]
    return classes, ranges


# Where the labels of the two archipelagos go on the national map (their islands are too small to
# see at that scale, but a map of Viet Nam always shows them).
ARCHIPELAGOS = [
    {"vi": "QĐ. Hoàng Sa<br>(Đà Nẵng)", "en": "Hoàng Sa (Paracel) Is.<br>(Đà Nẵng)", "lon": 112.0, "lat": 16.4},
    {"vi": "QĐ. Trường Sa<br>(Khánh Hòa)", "en": "Trường Sa (Spratly) Is.<br>(Khánh Hòa)", "lon": 114.2, "lat": 9.6},
]


def _archipelago_labels(lang: str) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[a["lon"] for a in ARCHIPELAGOS],
        lat=[a["lat"] for a in ARCHIPELAGOS],
        mode="markers+text",
        marker={"size": 5, "color": "#555555", "symbol": "circle-open"},
        text=[a[lang] for a in ARCHIPELAGOS],
        textposition="bottom center",
        textfont={"size": 13, "color": "#333333"},
        hoverinfo="skip",
        showlegend=False,
    )


MAP_HEIGHT = 640  # px; the stylesheet places the first map's image by it (--map-height, dashboard.py)


@shared_result
def choropleth(
    rates: pd.DataFrame,
    layer: dict,
    lang: str,
    height: int = MAP_HEIGHT,
    value: str = "poverty_rate",
    legend: str | None = None,
    hover: list[tuple[str, str]] | None = None,
    suffix: str = "%",
) -> go.Figure:
    """``rates``: rows of rates_of_units_below (or any rows with unit_code, short_name, lat, lon and the
    fraction ``value``); ``layer``: data.geo.map_layer(). ``legend``: the legend's title (default: the poverty
    rate); ``hover``: (label, column of preformatted text) lines under the value (default: poor / households)."""
    on_map = rates[rates["unit_code"].isin(layer["codes"])]
    with_data = on_map[on_map[value].notna()]
    without_data = on_map[on_map[value].isna()]
    # Traces gathered and the figure built once (gnbv/charts.py says why).
    traces = []
    no_data_text = label("no_data", lang)
    if len(without_data):
        traces.append(
            go.Choropleth(
                geojson=layer["url"],
                featureidkey="id",
                locations=without_data["unit_code"],
                z=np.zeros(len(without_data)),
                colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
                showscale=False,
                marker_line_color="#ffffff",
                marker_line_width=0.6,
                customdata=without_data[["unit_code"]].to_numpy(),
                text=without_data["short_name"],
                hovertemplate="<b>%{text}</b><br>" + no_data_text + "<extra></extra>",
                name=no_data_text,
            )
        )
    if len(with_data):
        rates_pct = with_data[value] * 100
        classes, ranges = rate_classes(rates_pct)
        k = len(ranges)
        colours = CLASS_COLOURS[-k:] if k < len(CLASS_COLOURS) else CLASS_COLOURS
        scale = []
        for i, colour in enumerate(colours):
            scale += [[i / k, colour], [(i + 1) / k, colour]]
        tick_text = [
            f"{formatting.decimal(low, lang)}{suffix}"
            if formatting.decimal(low, lang) == formatting.decimal(high, lang)
            else f"{formatting.decimal(low, lang)}–{formatting.decimal(high, lang)}{suffix}"
            for low, high in ranges
        ]
        hover_rates = [
            formatting.percent(r, lang) if suffix == "%" else f"{formatting.decimal(100 * r, lang)}{suffix}"
            for r in with_data[value]
        ]
        value_text = dict(zip(with_data["unit_code"], hover_rates, strict=True))
        if hover is None:
            poor_of = [
                f"{formatting.integer(p, lang)} / {formatting.integer(h, lang)}"
                for p, h in zip(with_data["poor_households"], with_data["households"], strict=True)
            ]
            hover_lines = [(label("col_poor", lang), poor_of)]
        else:
            hover_lines = [(title, list(with_data[column])) for title, column in hover]
        legend_title = legend or label("map_legend_title", lang)
        traces.append(
            go.Choropleth(
                geojson=layer["url"],
                featureidkey="id",
                locations=with_data["unit_code"],
                z=classes + 0.5,
                zmin=0,
                zmax=k,
                colorscale=scale,
                marker_line_color=BORDER_COLOUR,
                marker_line_width=0.8,
                customdata=np.column_stack(
                    [with_data["unit_code"], with_data["short_name"], hover_rates, *(lines for _, lines in hover_lines)]
                ),
                hovertemplate=(
                    "<b>%{customdata[1]}</b><br>"
                    + legend_title
                    + ": %{customdata[2]}"
                    + "".join(f"<br>{title}: %{{customdata[{3 + i}]}}" for i, (title, _) in enumerate(hover_lines))
                    + "<extra></extra>"
                ),
                colorbar={
                    "title": {"text": legend_title, "font": {"size": 18}},
                    "tickvals": [i + 0.5 for i in range(k)],
                    "ticktext": tick_text,
                    "tickfont": {"size": 17},
                    "thickness": 26,
                    "len": 0.75,
                    "x": 1.0,
                },
                name=legend_title,
            )
        )
        # Names on the map help a room read it, but provinces are too small at national scale.
        if len(with_data) <= 40 and not layer["is_national"]:
            colour_of = dict(zip(with_data["unit_code"], [colours[c] for c in classes], strict=True))
            labelled = with_data[with_data["lat"].notna()]
            if len(labelled) > MAX_LABELS:
                # A crowded map names only the poorest units; the others show on hover and in the table.
                labelled = labelled.nlargest(MAX_LABELS, value)
            is_dark = labelled["unit_code"].map(lambda code: colour_of[code] in DARK_COLOURS)
            for dark, part in labelled.groupby(is_dark):
                traces.append(
                    go.Scattergeo(
                        lon=part["lon"],
                        lat=part["lat"],
                        mode="text",
                        text=[
                            f"<b>{name}</b><br>{shown}"
                            for name, shown in zip(part["short_name"], part["unit_code"].map(value_text), strict=True)
                        ],
                        textfont={
                            "size": 14,
                            "color": "#ffffff" if dark else "#111111",
                            "shadow": "0 0 3px #000000" if dark else "0 0 3px #ffffff",
                        },
                        customdata=part[["unit_code"]].to_numpy(),
                        hoverinfo="skip",
                        showlegend=False,
                    )
                )
    if layer["is_national"]:
        traces.append(_archipelago_labels(lang))
    return charts.KeptFigure(
        data=traces,
        layout={
            "geo": {
                "visible": False,
                "fitbounds": "locations",
                "projection": {"type": "mercator"},
                "bgcolor": "rgba(0,0,0,0)",
            },
            "height": height,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "clickmode": "event+select",
            "dragmode": False,
            "showlegend": False,
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    )


# The first map (issue 21): a browser that never visited needs 1-2 s to fetch and run plotly's code before
# the plotly map can draw; this SVG image of the same map needs none. It is sent with the page, drawn where
# the plotly map will be, and hidden by the stylesheet once plotly has drawn its polygons (assets/style.css).
# The SVG's own units: the map column's width at 1920 px (825 px), so that the map fills the height as the
# plotly map does; in a narrower window the image is scaled down with its column.
FIRST_MAP_WIDTH = 825
FIRST_MAP_LEGEND = 175  # the legend on the right (the colour bar and the widest class, "18,93–20,53%")
FIRST_MAP_FONT = "'Source Sans 3', 'Source Sans Pro', 'Noto Sans', 'DejaVu Sans', sans-serif"


@functools.lru_cache(maxsize=128)
def _projected_rings(path: str, modified_ns: int) -> dict[str, list[np.ndarray]]:
    """Each unit's rings of the GeoJSON file at ``path`` in Web Mercator (x = longitude in radians, y upwards),
    as plotly's mercator projection draws them; kept per version of the file."""
    del modified_ns  # part of the key only: a prepared file written again is read again
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    rings: dict[str, list[np.ndarray]] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                rings.setdefault(str(feature["id"]), []).append(_mercator(np.asarray(ring, dtype=float)[:, :2]))
    return rings


def _mercator(degrees: np.ndarray) -> np.ndarray:
    """(longitude, latitude) in degrees to Web Mercator: x the longitude in radians, y upwards."""
    points = np.radians(degrees)
    points[:, 1] = np.log(np.tan(np.pi / 4 + points[:, 1] / 2))
    return points


def _ring_index(rings: list[np.ndarray]) -> np.ndarray:
    return np.repeat(np.arange(len(rings)), [len(ring) for ring in rings])


def first_map_image(figure: go.Figure, layer: dict) -> str:
    """The plotly map ``figure`` (``choropleth``) as an SVG image, its data URL: its units in their colours,
    its legend and the archipelagos' names, read from the figure itself; no hover and no click, which the
    plotly map brings when it is drawn over it. '' when the figure has no unit to draw. Made once per
    figure (a figure is shared by every visitor of its view, gnbv.shared_results).

    An image in Markdown because it is the one way the browser draws it at once: Streamlit's HTML element
    drops inline SVG (its sanitiser keeps HTML only), and both it and Markdown with raw HTML need code the
    browser fetches when first asked, which then waits behind plotly's (measured: drawn 1 s later)."""
    kept = getattr(figure, "_first_map_image", None)
    if kept is None:
        kept = figure._first_map_image = _svg_image(figure, layer)
    return kept


def _svg_image(figure: go.Figure, layer: dict) -> str:
    from data.geo import layer_path  # here: data.geo brings geopandas, which the maps need nowhere else

    path = layer_path(layer)
    rings = _projected_rings(str(path), path.stat().st_mtime_ns)
    fill: dict[str, str] = {}
    legend: list[tuple[str, str]] = []
    legend_title = ""
    for trace in figure.data:
        if trace.type != "choropleth":
            continue
        # Both choropleth traces (units with data, units without) colour value z as their scale's step
        # int(z): the scale is [step / k, colour], [(step + 1) / k, colour] for every step.
        colour_of = [trace.colorscale[2 * step][1] for step in range(len(trace.colorscale) // 2)]
        fill.update(
            (code, colour_of[int(z)]) for code, z in zip(trace.locations, trace.z, strict=True) if code in rings
        )
        if trace.showscale is not False:
            legend = list(zip(colour_of, trace.colorbar.ticktext, strict=True))[::-1]  # the highest on top
            legend_title = trace.colorbar.title.text
    if not fill:
        return ""
    shown = [ring for code in fill for ring in rings[code]]
    low = np.min([ring.min(axis=0) for ring in shown], axis=0)
    high = np.max([ring.max(axis=0) for ring in shown], axis=0)
    height = figure.layout.height
    room = np.array([FIRST_MAP_WIDTH - FIRST_MAP_LEGEND, height], dtype=float)
    scale = float(np.min(room / np.maximum(high - low, 1e-9)))
    offset = (room - (high - low) * scale) / 2

    def place(points: np.ndarray) -> np.ndarray:
        placed = (points - low) * scale + offset
        placed[:, 1] = height - placed[:, 1]  # SVG's y grows downwards
        return placed

    def outlines(code: str) -> str:
        """The unit's rings in whole pixels, within half a pixel of the true line (Douglas-Peucker: neighbours'
        borders stay within a pixel), each point as its step from the one before (short text: the image
        travels with every first view of the map); a ring inside one pixel is left out."""
        unit_rings = rings[code]
        lines = shapely.simplify(
            shapely.linestrings(place(np.concatenate(unit_rings)), indices=_ring_index(unit_rings)), 0.5
        )
        points, index = shapely.get_coordinates(lines, return_index=True)
        points = np.round(points).astype(int)
        repeated = np.zeros(len(points), dtype=bool)  # the pixel of the point before, on the same ring
        repeated[1:] = np.all(points[1:] == points[:-1], axis=1) & (index[1:] == index[:-1])
        points, index = points[~repeated], index[~repeated]
        text = []
        for ring in np.split(points, np.flatnonzero(np.diff(index)) + 1):
            if len(ring) > 1:
                steps = " ".join(f"{dx},{dy}" for dx, dy in np.diff(ring, axis=0).tolist())
                text.append(f"M{ring[0][0]},{ring[0][1]}l{steps}z")
        return "".join(text)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {FIRST_MAP_WIDTH} {height}" '
        f'preserveAspectRatio="xMidYMid meet" font-family="{FIRST_MAP_FONT}">',
        f'<g stroke="{BORDER_COLOUR}" stroke-width="0.8" stroke-linejoin="round">',
    ]
    for code, colour in fill.items():
        parts.append(f'<path fill="{colour}" d="{outlines(code)}"/>')
    parts.append("</g>")
    for trace in figure.data:
        if trace.type != "scattergeo" or "markers" not in trace.mode:  # the archipelagos' names (only)
            continue
        for lon, lat, name in zip(trace.lon, trace.lat, trace.text, strict=True):
            x, y = place(_mercator(np.array([[lon, lat]])))[0]
            lines = name.split("<br>")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="none" stroke="#555555"/>')
            parts.append(f'<text x="{x:.1f}" y="{y + 18:.1f}" font-size="13" fill="#333333" text-anchor="middle">')
            parts += [f'<tspan x="{x:.1f}" dy="{15 * (i > 0)}">{html.escape(t)}</tspan>' for i, t in enumerate(lines)]
            parts.append("</text>")
    if legend:  # as plotly's colour bar: three quarters of the height, the highest class on top
        left = FIRST_MAP_WIDTH - FIRST_MAP_LEGEND + 10
        step = 0.75 * height / len(legend)
        top = 0.125 * height
        parts.append(
            f'<text x="{left}" y="{top - 10:.1f}" font-size="18" fill="#111111">{html.escape(legend_title)}</text>'
        )
        for i, (colour, text) in enumerate(legend):
            y = top + step * i
            parts.append(f'<rect x="{left}" y="{y:.1f}" width="26" height="{step:.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{left + 32}" y="{y + step / 2 + 6:.1f}" font-size="17">{html.escape(text)}</text>')
    parts.append("</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode("".join(parts).encode()).decode()
