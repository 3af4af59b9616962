"""Boundary files: found, prepared for static serving, wound the way plotly's geo maps need."""

from __future__ import annotations

import json

import pytest
import shapely

from data import geo


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    out = tmp_path_factory.mktemp("geo")
    return out, geo.prepare_static(geo.find_geo_dir(), out)


def test_index_lists_every_province_and_district_file(prepared):
    _out, index = prepared
    assert len(index["provinces"]["codes"]) == 63
    assert len(index["districts"]) == 62  # Quảng Ninh (22) has no district polygons
    assert "22" not in index["districts"]
    assert "dvhcvn" in index["attribution"]
    yen_bai = index["districts"]["15"]["codes"]
    assert {"137", "139"} <= set(yen_bai)
    # Đông Sơn (405) was merged into TP Thanh Hóa (380): one dissolved feature for 380
    assert "405" not in index["districts"]["38"]["codes"] and "380" in index["districts"]["38"]["codes"]


def test_exterior_rings_are_clockwise_for_d3(prepared):
    out, index = prepared
    features = json.loads((out / index["districts"]["33"]["file"]).read_text(encoding="utf-8"))["features"]
    assert len(features) == 10
    for feature in features:
        geometry = shapely.geometry.shape(feature["geometry"])
        polygons = getattr(geometry, "geoms", [geometry])
        assert all(not p.exterior.is_ccw for p in polygons), feature["id"]


def test_province_files_stay_within_the_payload_budget(prepared):
    out, index = prepared
    for entry in index["districts"].values():
        assert (out / entry["file"]).stat().st_size < 1_500_000


def test_national_map_keeps_the_archipelagos(prepared):
    out, index = prepared
    provinces = json.loads((out / index["provinces"]["file"]).read_text(encoding="utf-8"))["features"]
    shapes = {f["id"]: shapely.geometry.shape(f["geometry"]) for f in provinces}
    assert shapes["48"].bounds[2] > 112.0  # Đà Nẵng includes Hoàng Sa, east of 112 E
    assert shapes["56"].bounds[2] > 115.5 and shapes["56"].bounds[1] < 8.0  # Khánh Hòa includes Trường Sa


def test_missing_boundary_files_are_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("GNBV_GEO_DIR", str(tmp_path))
    with pytest.raises(geo.GeoDataMissing, match="GNBV_GEO_DIR"):
        geo.find_geo_dir()
