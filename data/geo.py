"""Boundary files: found at set-up, prepared once for static serving, joined to data by unit code.

The maps reference GeoJSON by URL (Streamlit's static file serving) instead of embedding it in the
figure: measured here, 705 inline district polygons cost 0.6-0.9 s and 3.5 MB per rerun, a URL about
10 ms and 20 KB, and the browser caches the file. ``python -m data.geo`` writes into static/geo/, for
each unit scheme (a code never travels without its scheme, so the file names carry it):

* legacy_63 (before 1 July 2025): provinces_legacy.geojson (63 provinces); districts_<province>.geojson
  (districts dissolved by GSO district code; a 2024-25 successor district takes its predecessors'
  polygons); legacy_communes_<district>.geojson: the communes of a district that are, unchanged, one
  of the 3,321 communes of 2025 (the crosswalk says so: the same households, one predecessor, not
  divided), drawn with the 2025 polygon; a district with none has no commune map;
* from_2025: provinces_2025.geojson (34 provinces dissolved from the communes, Quảng Ninh in full) and
  communes_2025_<province>.geojson (the province's communes);
* index.json: which codes have geometry in which file, and the attribution each map must show.

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
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
GEO_OUT = STATIC_DIR / "geo"
TOPOJSON_OUT = STATIC_DIR / "topojson"
STATIC_URL = "/app/static"
DISTRICTS_FILE = "vn_districts_2020.geojson"
PROVINCES_FILE = "vn_provinces_2020.geojson"
COMMUNES_2025_FILE = "vn_communes_2025.geojson"
PROVINCES_2025_FILE = "vn_provinces_2025_from_communes.geojson"
FALLBACK_ATTRIBUTION = (
    "District/province boundaries: dvhcvn © Đào Hoàng Sơn (github.com/daohoangson/dvhcvn), GPL-3.0; "
    "geometry from the Government of Viet Nam administrative map system (gis.chinhphu.vn); "
    "unit codes: General Statistics Office of Viet Nam."
)
FALLBACK_COMMUNE_ATTRIBUTION = (
    "Commune boundaries (2025): vietnamese-provinces-database © 2021 Thang Le Quoc "
    "(github.com/thanglequoc/vietnamese-provinces-database), MIT License; geometry derived from the Vietnam "
    "Administrative Units Reference Map (sapnhap.bando.com.vn), Vietnam Natural Resources, Environment and "
    "Cartography Publishing House; unit codes: General Statistics Office (National Statistics Office) of Viet Nam."
)


class GeoDataMissing(FileNotFoundError):
    """The boundary files are not where the set-up looks for them."""


def find_geo_dir() -> Path:
    """GNBV_GEO_DIR if set, else ../shared/geo beside the project."""
    configured = os.environ.get("GNBV_GEO_DIR")
    candidate = Path(configured) if configured else ROOT.parent / "shared" / "geo"
    needed = (DISTRICTS_FILE, PROVINCES_FILE, COMMUNES_2025_FILE, PROVINCES_2025_FILE)
    if not all((candidate / name).is_file() for name in needed):
        raise GeoDataMissing(
            f"Không tìm thấy tệp ranh giới hành chính trong {candidate}. "
            f"Đặt biến môi trường GNBV_GEO_DIR trỏ tới thư mục chứa {', '.join(needed)}.\n"
            f"Boundary files not found in {candidate}. Set GNBV_GEO_DIR to the folder holding {', '.join(needed)}."
        )
    return candidate


def attribution_from_sources(path: Path, fallback: str) -> str:
    """The «Required attribution» sentence of a SOURCES file, as the licence asks it to be shown."""
    if path.is_file():
        match = re.search(r"Required attribution[^:]*:\*\*\s*\"([^\"]+)\"", path.read_text(encoding="utf-8"))
        if match:
            return " ".join(match.group(1).split())
    return fallback


# How far a simplified boundary may stray, in degrees, by map scale. On a 1920x1080 screen the country
# spans about 900 px (1 px = 0.017 degrees) and a province about 1 to 3 degrees (1 px = 0.002 degrees):
# both tolerances stay under a third of a pixel. The browser draws the country map in 1.6 s less
# (docs/performance.md). Simplified as a coverage: neighbours keep one shared border, no gaps.
COUNTRY_TOLERANCE = 0.005
PROVINCE_TOLERANCE = 0.0005


def _write_geojson(frame: gpd.GeoDataFrame, path: Path, tolerance: float = PROVINCE_TOLERANCE) -> None:
    # plotly's geo maps (d3-geo) read a counter-clockwise exterior ring as "the whole globe minus this
    # polygon", the opposite of RFC 7946: write exterior rings clockwise.
    simplified = shapely.coverage_simplify(frame.geometry.values, tolerance)
    frame = frame.set_geometry(shapely.orient_polygons(simplified, exterior_cw=True))
    features = json.loads(frame.to_json(drop_id=True))
    for feature in features["features"]:
        feature["id"] = feature["properties"]["code"]
    path.write_text(json.dumps(features, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# A legacy district gets a commune map when at least this share of its communes kept their boundaries
# in 2025 (the only commune polygons there are); fewer would draw a mostly empty district.
MIN_COINCIDING_SHARE = 0.5


def _coinciding_communes() -> dict[str, str]:
    """Legacy commune -> 2025 commune, where the two are the same unit: the legacy commune was not
    divided and is the only predecessor of its 2025 commune."""
    from data.reference.units import successors

    pairs = successors()
    divided = set(pairs.loc[pairs.duplicated("legacy_commune_code", keep=False), "legacy_commune_code"])
    predecessors = pairs.groupby("new_commune_code")["legacy_commune_code"].nunique()
    single = set(predecessors[predecessors == 1].index)
    same = pairs[~pairs["legacy_commune_code"].isin(divided) & pairs["new_commune_code"].isin(single)]
    return dict(zip(same["legacy_commune_code"], same["new_commune_code"], strict=True))


def prepare_static(geo_dir: Path | None = None, out_dir: Path = GEO_OUT) -> dict:
    from data.reference.units import legacy_units

    geo_dir = geo_dir or find_geo_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.geojson"):  # a layer dropped by a rule change must not linger
        stale.unlink()
    legacy_attribution = attribution_from_sources(geo_dir / "SOURCES.md", FALLBACK_ATTRIBUTION)
    commune_attribution = attribution_from_sources(geo_dir / "SOURCES_communes.md", FALLBACK_COMMUNE_ATTRIBUTION)

    # --- legacy_63 ------------------------------------------------------------------------------------
    provinces = gpd.read_file(geo_dir / PROVINCES_FILE)
    provinces = provinces.rename(columns={"province_code": "code", "province_name_short": "name"})[
        ["code", "name", "geometry"]
    ]
    _write_geojson(provinces, out_dir / "provinces_legacy.geojson", COUNTRY_TOLERANCE)
    districts = gpd.read_file(geo_dir / DISTRICTS_FILE)
    districts = districts.dissolve(by="gso_district_code", as_index=False, aggfunc="first")
    districts = districts.rename(columns={"gso_district_code": "code", "district_name_short": "name"})
    district_files = {}
    for province_code, part in districts.groupby("province_code"):
        name = f"districts_{province_code}.geojson"
        _write_geojson(part[["code", "name", "geometry"]].set_geometry("geometry"), out_dir / name)
        district_files[province_code] = {"file": name, "codes": sorted(part["code"])}

    communes = gpd.read_file(geo_dir / COMMUNES_2025_FILE)
    communes = communes.rename(columns={"commune_code": "code", "commune_name_short": "name"})
    same = _coinciding_communes()
    units = legacy_units()
    legacy_communes = units[(units["level"] == "commune") & units["code"].isin(same)]
    legacy_layer = communes.set_index("code").loc[
        [same[code] for code in legacy_communes["code"]], ["name", "geometry"]
    ]
    legacy_layer = legacy_layer.reset_index(drop=True).assign(
        code=list(legacy_communes["code"]), district=list(legacy_communes["parent_code"])
    )
    commune_count = units[units["level"] == "commune"].groupby("parent_code").size()
    legacy_commune_files = {}
    for district_code, part in gpd.GeoDataFrame(legacy_layer, geometry="geometry").groupby("district"):
        if len(part) < MIN_COINCIDING_SHARE * commune_count[district_code]:
            continue  # a map of one or two communes out of twelve reads as a district with one commune
        name = f"legacy_communes_{district_code}.geojson"
        _write_geojson(part[["code", "name", "geometry"]].set_geometry("geometry"), out_dir / name)
        legacy_commune_files[district_code] = {"file": name, "codes": sorted(part["code"])}

    # --- from_2025 ------------------------------------------------------------------------------------
    provinces_2025 = gpd.read_file(geo_dir / PROVINCES_2025_FILE)
    provinces_2025 = provinces_2025.rename(columns={"province_code": "code", "province_name": "name"})[
        ["code", "name", "geometry"]
    ]
    _write_geojson(provinces_2025, out_dir / "provinces_2025.geojson", COUNTRY_TOLERANCE)
    commune_files = {}
    for province_code, part in communes.groupby("province_code"):
        name = f"communes_2025_{province_code}.geojson"
        _write_geojson(part[["code", "name", "geometry"]].set_geometry("geometry"), out_dir / name)
        commune_files[province_code] = {"file": name, "codes": sorted(part["code"])}

    index = {
        "attribution": {"legacy_63": legacy_attribution, "from_2025": commune_attribution},
        "legacy_63": {
            "provinces": {"file": "provinces_legacy.geojson", "codes": sorted(provinces["code"])},
            "districts": district_files,
            "communes": legacy_commune_files,
        },
        "from_2025": {
            "provinces": {"file": "provinces_2025.geojson", "codes": sorted(provinces_2025["code"])},
            "communes": commune_files,
        },
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
    index = json.loads(path.read_text(encoding="utf-8"))
    if "legacy_63" not in index:
        raise GeoDataMissing(
            "Bản đồ được chuẩn bị bởi phiên bản cũ: chạy lại `make geo`.\n"
            "The maps were prepared by an older version: run `make geo` again."
        )
    return index


def map_layer(index: dict, scheme: str, parent_code: str) -> dict | None:
    """The GeoJSON URL, the codes with geometry and the attribution for the units one level below
    ``parent_code`` in ``scheme``. None when no boundary layer exists for that level (a legacy district
    whose communes all changed in 2025, a region: its provinces are on the national map)."""
    layers = index[scheme]
    note_key = None
    if parent_code == "VN" or not parent_code.isdigit():  # the country, or a region: its provinces
        entry = layers["provinces"]
    elif scheme == "from_2025":
        entry = layers["communes"].get(parent_code)
    else:
        entry = layers["districts"].get(parent_code) or layers["communes"].get(parent_code)
        if entry is not None and parent_code in layers["communes"]:
            note_key = "map_commune_coincide_note"
    if entry is None:
        return None
    uses_communes = scheme == "from_2025" or note_key is not None
    return {
        "url": f"{STATIC_URL}/geo/{entry['file']}",
        "codes": set(entry["codes"]),
        "file": entry["file"],
        "attribution": index["attribution"]["from_2025" if uses_communes or scheme == "from_2025" else "legacy_63"],
        "note_key": note_key,
        "is_national": parent_code == "VN",
    }


def layer_path(layer: dict, out_dir: Path = GEO_OUT) -> Path:
    """The prepared GeoJSON file of a map_layer() (its "url" serves the same file)."""
    return out_dir / layer["file"]


def without_geometry(layer: dict | None, units: pd.DataFrame) -> pd.DataFrame:
    """The units (rows with unit_code) that have no polygon in ``layer`` (all of them without a layer)."""
    if layer is None:
        return units
    return units[~units["unit_code"].isin(layer["codes"])]


def main() -> int:
    try:
        index = prepare_static()
    except GeoDataMissing as error:
        print(error, file=sys.stderr)
        return 2
    print(
        "Bản đồ đã sẵn sàng / maps prepared: "
        f"{len(index['legacy_63']['districts'])} provinces with district polygons, "
        f"{len(index['legacy_63']['communes'])} districts with unchanged communes, "
        f"{len(index['from_2025']['communes'])} provinces of 2025 with commune polygons"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
