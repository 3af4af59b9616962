"""A province whose districts have no boundaries (Quảng Ninh) lists them instead of drawing nothing."""

from __future__ import annotations

from data import geo


def test_quang_ninh_has_no_district_layer_but_a_province_shape():
    index = geo.load_index() if (geo.GEO_OUT / "index.json").is_file() else geo.prepare_static()
    assert geo.map_layer(index, "22") is None
    assert "22" in geo.map_layer(index, "VN")["codes"]
