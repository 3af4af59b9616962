"""Which boundary layer each map uses, in each unit scheme."""

from __future__ import annotations

import pytest

from data import geo


@pytest.fixture(scope="module")
def index():
    return geo.load_index() if (geo.GEO_OUT / "index.json").is_file() else geo.prepare_static()


def test_quang_ninh_has_no_district_layer_but_a_province_shape(index):
    assert geo.map_layer(index, "legacy_63", "22") is None
    assert "22" in geo.map_layer(index, "legacy_63", "VN")["codes"]


def test_a_code_draws_the_unit_of_its_scheme(index):
    """«15» is Yên Bái (its districts) before 1 July 2025 and the new Lào Cai (its communes) after."""
    old = geo.map_layer(index, "legacy_63", "15")
    new = geo.map_layer(index, "from_2025", "15")
    assert old["file"] == "districts_15.geojson" and "139" in old["codes"]
    assert new["file"] == "communes_2025_15.geojson" and len(new["codes"]) > 90
    assert "dvhcvn" in old["attribution"] and "thanglequoc" in new["attribution"]


def test_a_region_draws_its_provinces_on_the_national_layer(index):
    layer = geo.map_layer(index, "legacy_63", "TDMNPB")
    assert layer["file"] == "provinces_legacy.geojson" and not layer["is_national"]
