"""Boundary files: found, prepared for static serving, wound the way plotly's geo maps need."""

from __future__ import annotations

import json

import pytest
import shapely

from data import geo

pytestmark = pytest.mark.slow  # prepares every boundary file (about 8 s)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    out = tmp_path_factory.mktemp("geo")
    return out, geo.prepare_static(geo.find_geo_dir(), out)


def test_index_lists_every_province_and_district_file(prepared):
    _out, index = prepared
    legacy = index["legacy_63"]
    assert len(legacy["provinces"]["codes"]) == 63
    assert len(legacy["districts"]) == 62  # Quảng Ninh (22) has no district polygons
    assert "22" not in legacy["districts"]
    assert "dvhcvn" in index["attribution"]["legacy_63"]
    yen_bai = legacy["districts"]["15"]["codes"]
    assert {"137", "139"} <= set(yen_bai)
    # Đông Sơn (405) was merged into TP Thanh Hóa (380): one dissolved feature for 380
    assert "405" not in legacy["districts"]["38"]["codes"] and "380" in legacy["districts"]["38"]["codes"]


def test_the_units_of_today_have_34_provinces_and_3321_communes(prepared):
    _out, index = prepared
    today = index["from_2025"]
    assert len(today["provinces"]["codes"]) == 34
    assert sum(len(entry["codes"]) for entry in today["communes"].values()) == 3321
    assert len(today["communes"]["52"]["codes"]) == 135  # Gia Lai, the largest
    assert "thanglequoc" in index["attribution"]["from_2025"] and "MIT" in index["attribution"]["from_2025"]


def test_old_communes_drawn_only_where_they_are_the_same_unit_today(prepared):
    """A legacy commune gets a 2025 polygon only when it was not divided and is its new commune's only part."""
    from data.reference.units import successors

    _out, index = prepared
    pairs = successors()
    drawn = {code for entry in index["legacy_63"]["communes"].values() for code in entry["codes"]}
    assert drawn
    for code in drawn:
        own = pairs[pairs["legacy_commune_code"] == code]
        assert len(own) == 1
        partners = pairs[pairs["new_commune_code"] == own["new_commune_code"].iloc[0]]
        assert list(partners["legacy_commune_code"]) == [code]


def test_exterior_rings_are_clockwise_for_d3(prepared):
    out, index = prepared
    features = json.loads((out / index["legacy_63"]["districts"]["33"]["file"]).read_text(encoding="utf-8"))["features"]
    assert len(features) == 10
    for feature in features:
        geometry = shapely.geometry.shape(feature["geometry"])
        polygons = getattr(geometry, "geoms", [geometry])
        assert all(not p.exterior.is_ccw for p in polygons), feature["id"]


def test_province_files_stay_within_the_payload_budget(prepared):
    out, index = prepared
    for entry in [*index["legacy_63"]["districts"].values(), *index["from_2025"]["communes"].values()]:
        assert (out / entry["file"]).stat().st_size < 1_500_000
    for scheme in ("legacy_63", "from_2025"):
        assert (out / index[scheme]["provinces"]["file"]).stat().st_size < 4_000_000


def test_national_map_keeps_the_archipelagos(prepared):
    out, index = prepared
    for scheme in ("legacy_63", "from_2025"):
        provinces = json.loads((out / index[scheme]["provinces"]["file"]).read_text(encoding="utf-8"))["features"]
        shapes = {f["id"]: shapely.geometry.shape(f["geometry"]) for f in provinces}
        assert shapes["48"].bounds[2] > 112.0  # Đà Nẵng includes Hoàng Sa, east of 112 E
        assert shapes["56"].bounds[2] > 115.5 and shapes["56"].bounds[1] < 8.0  # Khánh Hòa includes Trường Sa


def test_missing_boundary_files_are_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("GNBV_GEO_DIR", str(tmp_path))
    with pytest.raises(geo.GeoDataMissing, match="GNBV_GEO_DIR"):
        geo.find_geo_dir()
