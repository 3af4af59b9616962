"""Administrative units of Viet Nam, read from the ``vietnamadminunits`` package.

The package ships an SQLite file with the pre-July-2025 list (63 provinces, 696 districts, 10,040
communes) and the 2025 list (34 provinces, 3,321 communes), with GSO codes, plus a JSON file that maps
old communes to new ones. We read both directly because the package's public API converts one address
at a time, which is far too slow for ten thousand communes. Two small tables of ours complete them:
data/reference/regions.csv (the six socio-economic regions, a level above the legacy provinces) and
data/reference/official_names.csv (names as officially published where the package spells them
otherwise, each with its source).
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from importlib import resources

import pandas as pd

from data.reference.files import read_reference
from data.reference.periods import COUNTRY_CODE

COUNTRY_NAME = "Việt Nam"


def _package_file(name: str) -> str:
    return str(resources.files("vietnamadminunits") / "data" / name)


def _strip_type(name: str, unit_type: str | None) -> str:
    if unit_type and name.startswith(unit_type + " "):
        return name[len(unit_type) + 1 :]
    return name


def _province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def legacy_units() -> pd.DataFrame:
    """Country, 63 provinces, 696 districts and the communes of the pre-July-2025 scheme (a copy for the
    caller to change: read from the package once a process, 0.4-0.6 s each time)."""
    return _legacy_units().copy()


@cache
def _legacy_units() -> pd.DataFrame:
    with sqlite3.connect(_package_file("dataset.db")) as con:
        rows = pd.read_sql_query(
            "select province, provinceShort, provinceCode, provinceLat, provinceLon, "
            "district, districtShort, districtType, districtCode, districtLat, districtLon, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon "
            "from admin_units_legacy",
            con,
        )
    provinces = rows.drop_duplicates("provinceCode")
    districts = rows.drop_duplicates("districtCode")
    communes = rows[rows["wardCode"].notna() & (rows["wardCode"] != "")]
    frames = [
        pd.DataFrame(
            {
                "code": [COUNTRY_CODE],
                "level": ["country"],
                "name": [COUNTRY_NAME],
                "short_name": [COUNTRY_NAME],
                "unit_type": [None],
                "parent_code": [None],
                "lat": [16.0],
                "lon": [106.0],
            }
        ),
        pd.DataFrame(
            {
                "code": provinces["provinceCode"],
                "level": "province",
                "name": provinces["province"],
                "short_name": provinces["provinceShort"],
                "unit_type": provinces["province"].map(_province_type),
                "parent_code": COUNTRY_CODE,
                "lat": provinces["provinceLat"],
                "lon": provinces["provinceLon"],
            }
        ),
        pd.DataFrame(
            {
                "code": districts["districtCode"],
                "level": "district",
                "name": districts["district"],
                "short_name": districts["districtShort"],
                "unit_type": districts["districtType"],
                "parent_code": districts["provinceCode"],
                "lat": districts["districtLat"],
                "lon": districts["districtLon"],
            }
        ),
        pd.DataFrame(
            {
                "code": communes["wardCode"],
                "level": "commune",
                "name": communes["ward"],
                "short_name": communes["wardShort"],
                "unit_type": communes["wardType"],
                "parent_code": communes["districtCode"],
                "lat": communes["wardLat"],
                "lon": communes["wardLon"],
            }
        ),
    ]
    regions = read_reference("regions.csv")
    region_of = {code: row.code for row in regions.itertuples() for code in row.provinces.split()}
    frames.append(
        pd.DataFrame(
            {
                "code": regions["code"],
                "level": "region",
                "name": regions["name_vi"],
                "short_name": regions["name_vi"],
                "unit_type": "Vùng",
                "parent_code": COUNTRY_CODE,
            }
        )
    )
    units = pd.concat(frames, ignore_index=True)
    units["scheme"] = "legacy_63"
    units["region_code"] = units["code"].where(units["level"] == "province").map(region_of)
    return _official_names(units)


def _official_names(units: pd.DataFrame) -> pd.DataFrame:
    """Names as officially published where the package spells them otherwise (official_names.csv)."""
    names = read_reference("official_names.csv")
    for row in names[names["scheme"].isin(units["scheme"].unique())].itertuples():
        at = (units["scheme"] == row.scheme) & (units["code"] == row.code)
        if not at.any() or units.loc[at, "name"].iloc[0] != row.package_name:
            raise ValueError(f"official_names.csv: {row.scheme} {row.code} is not «{row.package_name}» in the package")
        units.loc[at, ["name", "short_name"]] = [row.name, row.short_name]
    return units


def units_from_2025() -> pd.DataFrame:
    """Country, 34 provinces and 3,321 communes of the scheme in force from 1 July 2025."""
    with sqlite3.connect(_package_file("dataset.db")) as con:
        rows = pd.read_sql_query(
            "select province, provinceShort, provinceCode, provinceLat, provinceLon, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon from admin_units",
            con,
        )
    provinces = rows.drop_duplicates("provinceCode")
    units = pd.concat(
        [
            pd.DataFrame(
                {
                    "code": [COUNTRY_CODE],
                    "level": ["country"],
                    "name": [COUNTRY_NAME],
                    "short_name": [COUNTRY_NAME],
                    "unit_type": [None],
                    "parent_code": [None],
                    "lat": [16.0],
                    "lon": [106.0],
                }
            ),
            pd.DataFrame(
                {
                    "code": provinces["provinceCode"],
                    "level": "province",
                    "name": provinces["province"],
                    "short_name": provinces["provinceShort"],
                    "unit_type": provinces["province"].map(_province_type),
                    "parent_code": COUNTRY_CODE,
                    "lat": provinces["provinceLat"],
                    "lon": provinces["provinceLon"],
                }
            ),
            pd.DataFrame(
                {
                    "code": rows["wardCode"],
                    "level": "commune",
                    "name": rows["ward"],
                    "short_name": rows["wardShort"],
                    "unit_type": rows["wardType"],
                    "parent_code": rows["provinceCode"],
                    "lat": rows["wardLat"],
                    "lon": rows["wardLon"],
                }
            ),
        ],
        ignore_index=True,
    )
    units["scheme"] = "from_2025"
    return _official_names(units)


def successors() -> pd.DataFrame:
    """Every (legacy commune, 2025 commune) pair where the new commune took in part of the old one.

    A commune divided between several new communes has one row per successor; ``is_default`` marks
    the successor the package names as its default (``isDefaultNewWard``), where the history of the
    divided commune is counted (docs/units.md). ``new_province_code`` is the 2025 province.
    """
    with sqlite3.connect(_package_file("dataset.db")) as con:
        legacy = pd.read_sql_query(
            "select provinceKey, districtKey, wardKey, wardCode from admin_units_legacy "
            "where wardCode is not null and wardCode <> ''",
            con,
        )
        new = pd.read_sql_query("select provinceKey, wardKey, wardCode, provinceCode from admin_units", con)
    with open(_package_file("converter_2025.json"), encoding="utf-8") as fh:
        converter = json.load(fh)

    new_code = {(r.provinceKey, r.wardKey): r.wardCode for r in new.itertuples()}
    new_province_code = dict(zip(new["provinceKey"], new["provinceCode"], strict=True))
    targets: dict[str, list[tuple[str, str, bool]]] = {}
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, legacy_keys in wards.items():
            for key in legacy_keys:
                targets.setdefault(key, []).append((new_province, new_ward, True))
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, options in divided.items():
            default = next((o for o in options if o.get("isDefaultNewWard")), options[0])
            for option in options:
                targets.setdefault(key, []).append((new_province, option["newWardKey"], option is default))
    records = []
    for r in legacy.itertuples():
        for province_key, ward_key, is_default in targets[f"{r.provinceKey}_{r.districtKey}_{r.wardKey}"]:
            records.append(
                {
                    "legacy_commune_code": r.wardCode,
                    "new_commune_code": new_code[(province_key, ward_key)],
                    "new_province_code": new_province_code[province_key],
                    "is_default": is_default,
                }
            )
    return pd.DataFrame.from_records(records).drop_duplicates(["legacy_commune_code", "new_commune_code"])


def crosswalk(pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Legacy commune code -> the 2025 commune where its households are counted (the default successor)."""
    pairs = successors() if pairs is None else pairs
    divided = pairs.groupby("legacy_commune_code")["new_commune_code"].transform("count") > 1
    chosen = pairs[pairs["is_default"]].assign(is_divided=divided[pairs["is_default"]])
    return chosen[["legacy_commune_code", "new_commune_code", "new_province_code", "is_divided"]].drop_duplicates(
        "legacy_commune_code"
    )
