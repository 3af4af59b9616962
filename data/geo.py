"""Boundary files: found at set-up, prepared once for static serving, joined to data by unit code.

The maps reference GeoJSON by URL (Streamlit's static file serving) instead of embedding it in the
figure: measured here, 705 inline district polygons cost 0.6-0.9 s and 3.5 MB per rerun, a URL about
10 ms and 20 KB, and the browser caches the file. ``python -m data.geo`` writes into static/geo/:

* provinces_legacy.geojson: 63 provinces, feature id = GSO province code;
* districts_<province>.geojson: one file per province, districts dissolved by GSO district code
  (a 2024-25 successor district takes its predecessors' polygons), feature id = district code;
* index.json: which codes have geometry, and the attribution the maps must show.

It also writes static/topojson/, an empty base map: plotly's geo maps fetch a world topojson from a
CDN whenever a trace has a location mode, which a room without internet cannot reach.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
GEO_OUT = STATIC_DIR / "geo"
TOPOJSON_OUT = STATIC_DIR / "topojson"
STATIC_URL = "/app/static"
DISTRICTS_FILE = "vn_districts_2020.geojson"
PROVINCES_FILE = "vn_provinces_2020.geojson"
FALLBACK_ATTRIBUTION = (
    "District/province boundaries: dvhcvn © Đào Hoàng Sơn (github.com/daohoangson/dvhcvn), GPL-3.0; "
    "geometry from the Government of Viet Nam administrative map system (gis.chinhphu.vn); "
    "unit codes: General Statistics Office of Viet Nam."
)


class GeoDataMissing(FileNotFoundError):
    """The boundary files are not where the set-up looks for them."""


def find_geo_dir() -> Path:
    """GNBV_GEO_DIR if set, else ../shared/geo beside the project."""
    configured = os.environ.get("GNBV_GEO_DIR")
    candidate = Path(configured) if configured else ROOT.parent / "shared" / "geo"
    if not (candidate / DISTRICTS_FILE).is_file() or not (candidate / PROVINCES_FILE).is_file():
        raise GeoDataMissing(
            f"Không tìm thấy tệp ranh giới hành chính trong {candidate}. "
            f"Đặt biến môi trường GNBV_GEO_DIR trỏ tới thư mục chứa {DISTRICTS_FILE} và {PROVINCES_FILE}.\n"
            f"Boundary files not found in {candidate}. "
            f"Set GNBV_GEO_DIR to the folder holding {DISTRICTS_FILE} and {PROVINCES_FILE}."
        )
    return candidate


def attribution_from_sources(geo_dir: Path) -> str:
    sources = geo_dir / "SOURCES.md"
    if sources.is_file():
        match = re.search(r"Required attribution:\*\*\s*\"([^\"]+)\"", sources.read_text(encoding="utf-8"))
        if match:
            return " ".join(match.group(1).split())
    return FALLBACK_ATTRIBUTION


def _write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    # plotly's geo maps (d3-geo) read a counter-clockwise exterior ring as "the whole globe minus this
    # polygon", the opposite of RFC 7946: write exterior rings clockwise.
    frame = frame.set_geometry(shapely.orient_polygons(frame.geometry.values, exterior_cw=True))
    features = json.loads(frame.to_json(drop_id=True))
    for feature in features["features"]:
        feature["id"] = feature["properties"]["code"]
    path.write_text(json.dumps(features, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def prepare_static(geo_dir: Path | None = None, out_dir: Path = GEO_OUT) -> dict:
    geo_dir = geo_dir or find_geo_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    provinces = gpd.read_file(geo_dir / PROVINCES_FILE)
    provinces = provinces.rename(columns={"province_code": "code", "province_name_short": "name"})
    provinces = provinces[["code", "name", "geometry"]]
    _write_geojson(provinces, out_dir / "provinces_legacy.geojson")

    districts = gpd.read_file(geo_dir / DISTRICTS_FILE)
    districts = districts.dissolve(by="gso_district_code", as_index=False, aggfunc="first")
    districts = districts.rename(columns={"gso_district_code": "code", "district_name_short": "name"})
    district_files = {}
    for province_code, part in districts.groupby("province_code"):
        name = f"districts_{province_code}.geojson"
        _write_geojson(part[["code", "name", "geometry"]].set_geometry("geometry"), out_dir / name)
        district_files[province_code] = {"file": name, "codes": sorted(part["code"])}
    index = {
        "attribution": attribution_from_sources(geo_dir),
        "provinces": {"file": "provinces_legacy.geojson", "codes": sorted(provinces["code"])},
        "districts": district_files,
    }
    (out_dir / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    _write_empty_topojson()
    return index


def _write_empty_topojson() -> None:
    TOPOJSON_OUT.mkdir(parents=True, exist_ok=True)
    empty = {"type": "GeometryCollection", "geometries": []}
    layers = ["land", "ocean", "lakes", "rivers", "countries", "subunits", "coastlines"]
    topology = {"type": "Topology", "objects": {name: empty for name in layers}, "arcs": []}
    for scope in ("world", "asia"):
        for resolution in ("110m", "50m"):
            (TOPOJSON_OUT / f"{scope}_{resolution}.json").write_text(json.dumps(topology), encoding="utf-8")


def load_index(out_dir: Path = GEO_OUT) -> dict:
    path = out_dir / "index.json"
    if not path.is_file():
        raise GeoDataMissing(
            "Chưa chuẩn bị bản đồ: chạy `make geo` (hoặc `make run`).\n"
            "Maps are not prepared: run `make geo` (or `make run`)."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def map_layer(index: dict, parent_code: str) -> dict | None:
    """The GeoJSON URL and the codes with geometry for the units one level below ``parent_code``.

    None when no boundary layer exists for that level (communes).
    """
    if parent_code == "VN":
        entry = index["provinces"]
    else:
        entry = index["districts"].get(parent_code)
        if entry is None:
            return None
    return {"url": f"{STATIC_URL}/geo/{entry['file']}", "codes": set(entry["codes"]), "file": entry["file"]}


def main() -> int:
    try:
        index = prepare_static()
    except GeoDataMissing as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Bản đồ đã sẵn sàng / maps prepared: {len(index['districts'])} provinces with district polygons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
