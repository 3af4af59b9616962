"""The map's colour classes: our Fisher-Jenks breaks are mapclassify's, value for value (they replace its
pure-Python loop, which numba would otherwise compile)."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gnbv import maps


def _mapclassify(values: np.ndarray, k: int) -> mapclassify.FisherJenks:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "numba not installed": the slow loop is the reference
        return mapclassify.FisherJenks(values, k=k)


# Rates as the maps show them: percentages with one or two decimals (many ties), or any fraction.
rates = st.one_of(
    st.lists(st.integers(0, 400).map(lambda tenths: tenths / 10), min_size=2, max_size=90),
    st.lists(st.floats(0, 100, allow_nan=False, width=32), min_size=2, max_size=90),
)


@settings(max_examples=150, deadline=None)
@given(values=rates, k=st.integers(2, 7))
def test_the_breaks_are_mapclassify_s(values, k):
    values = np.array(values)
    k = min(k, len(np.unique(values)))
    if k < 2:
        return
    ours = maps.fisher_jenks_bins(values, k)
    theirs = _mapclassify(values, k)
    assert ours.tolist() == theirs.bins.tolist()
    assert mapclassify.classifiers.bin1d(values, ours)[0].tolist() == theirs.yb.tolist()


@pytest.mark.parametrize("rows_at_once", [1, 7, 256])
def test_the_breaks_do_not_depend_on_how_many_rows_are_worked_at_once(monkeypatch, rows_at_once):
    values = np.random.default_rng(7).gamma(2.0, 4.0, size=168).round(2)  # a province's 168 communes
    monkeypatch.setattr(maps, "ROWS_AT_ONCE", rows_at_once)
    assert maps.fisher_jenks_bins(values, 7).tolist() == _mapclassify(values, 7).bins.tolist()


def test_rate_classes_number_every_unit_and_give_each_class_its_range():
    rates = pd.Series([0.5, 0.7, 3.1, 3.3, 9.8, 10.2, 25.0, 26.5, 27.0])  # nine units: three classes
    classes, ranges = maps.rate_classes(rates)
    assert classes.tolist() == [0, 0, 0, 0, 1, 1, 2, 2, 2]
    assert ranges == [(0.5, 3.3), (9.8, 10.2), (25.0, 27.0)]


def _first_map(figure, layer: dict):
    import base64
    import xml.etree.ElementTree as ET

    image = maps.first_map_image(figure, layer)
    return ET.fromstring(base64.b64decode(image.removeprefix("data:image/svg+xml;base64,")))


def test_the_first_map_draws_every_unit_in_the_colour_and_legend_of_the_plotly_map():
    """The SVG a new browser sees before plotly runs: one shape per unit of the layer, in the colour of its
    class on the plotly map (grey without data), the plotly map's legend, and the archipelagos' names."""
    from data import geo

    index = geo.load_index() if (geo.GEO_OUT / "index.json").is_file() else geo.prepare_static()
    layer = geo.map_layer(index, "from_2025", "VN")
    codes = sorted(layer["codes"])
    rates = pd.DataFrame(
        {
            "unit_code": codes,
            "short_name": [f"Tỉnh {code}" for code in codes],
            "households": 1000,
            "poor_households": [10 * i for i in range(len(codes))],
            "poverty_rate": [None if i == 3 else i / 100 for i in range(len(codes))],
            "lat": None,
            "lon": None,
        }
    )
    figure = maps.choropleth.uncached(rates, layer, "vi")
    svg = _first_map(figure, layer)
    namespace = "{http://www.w3.org/2000/svg}"
    fills = [path.get("fill") for path in svg.iter(f"{namespace}path")]
    drawn = next(trace for trace in figure.data if trace.type == "choropleth" and trace.showscale is not False)
    class_colours = [drawn.colorscale[2 * c][1] for c in range(int(drawn.zmax))]  # [c/k, colour], [(c+1)/k, colour]
    expected = {code: class_colours[int(z)] for code, z in zip(drawn.locations, drawn.z, strict=True)}
    expected[codes[3]] = maps.NO_DATA_COLOUR  # the fourth unit has no rate
    assert len(fills) == len(codes)
    assert sorted(fills) == sorted(expected[code] for code in codes)
    texts = " ".join("".join(text.itertext()) for text in svg.iter(f"{namespace}text"))
    for tick in drawn.colorbar.ticktext:
        assert tick in texts
    assert "QĐ. Hoàng Sa" in texts and "QĐ. Trường Sa" in texts
