"""Files in the shape of real review exports, made by the tests: a merged title row above the header,
Vietnamese headers (with or without accents), decimal commas and thousands dots, class labels in words,
optional columns left out, codes of either unit scheme.

``review_households`` draws households for real communes that follow the 2022-2025 rule;
``export_rows`` lays them out as a department's sheet; ``review_file`` writes them as .csv (any
encoding) or .xlsx.
"""

from __future__ import annotations

import csv
import io

import duckdb
import numpy as np
import pandas as pd
from openpyxl import Workbook

from data.load.households import INDICATOR_ALIASES

INDICATORS_2022 = [
    "employment",
    "dependency",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "water",
    "latrine",
    "telecom",
    "information",
]
HEADERS = {
    "stt": "STT",
    "household_id": "Mã hộ",
    "head_name": "Họ và tên chủ hộ",
    "province_code": "Mã tỉnh",
    "district_code": "Mã huyện",
    "commune_code": "Mã xã",
    "address": "Thôn/xóm",
    "area": "Khu vực",
    "members": "Số nhân khẩu",
    "income_per_capita": "Thu nhập bình quân (đồng/người/tháng)",
    "ethnic_minority": "Dân tộc thiểu số",
    "household_class": "Phân loại hộ",
    **{f"deprived_{code}": INDICATOR_ALIASES[code][-1] for code in INDICATORS_2022},
}
CLASS_WORDS = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "middle": "Hộ có mức sống trung bình", "other": "Khác"}
AREA_WORDS = {"urban": "Thành thị", "rural": "Nông thôn"}
LEGACY_COMMUNES = """
    select communes.code as commune_code, districts.code as district_code, districts.parent_code as province_code,
        communes.unit_type
    from admin_unit as communes
    inner join admin_unit as districts on districts.scheme = communes.scheme and districts.code = communes.parent_code
    where communes.scheme = 'legacy_63' and communes.level = 'commune' and districts.parent_code = $province
    order by communes.code
"""
COMMUNES_2025 = """
    select code as commune_code, null as district_code, parent_code as province_code, unit_type
    from admin_unit
    where scheme = 'from_2025' and level = 'commune' and parent_code = $province
    order by code
"""


def communes_of(
    con: duckdb.DuckDBPyConnection, province_code: str, scheme: str = "legacy_63", districts: list[str] | None = None
) -> pd.DataFrame:
    units = con.execute(LEGACY_COMMUNES if scheme == "legacy_63" else COMMUNES_2025, {"province": province_code}).df()
    if districts is not None:
        units = units[units["district_code"].isin(districts)]
    return units.reset_index(drop=True)


def review_households(
    con: duckdb.DuckDBPyConnection,
    province_code: str,
    count: int = 120,
    seed: int = 7,
    communes: int = 6,
    scheme: str = "legacy_63",
    districts: list[str] | None = None,
    first_id: int | None = None,
) -> pd.DataFrame:
    """Households of the province's first ``communes`` communes (of ``districts`` if given), classed by the
    2022-2025 rule. Ids run from ``first_id`` (default: the province code × 1,000,000 + 1)."""
    rng = np.random.default_rng(seed)
    units = communes_of(con, province_code, scheme, districts).head(communes)
    drawn = units.iloc[rng.integers(0, len(units), count)].reset_index(drop=True)
    start = int(province_code) * 1_000_000 + 1 if first_id is None else first_id
    frame = pd.DataFrame(
        {
            "household_id": np.arange(start, start + count),
            "head_name": [f"Nguyễn Văn {chr(65 + i % 26)}" for i in range(count)],
            "province_code": drawn["province_code"],
            "district_code": drawn["district_code"],
            "commune_code": drawn["commune_code"],
            "address": "Thôn Đông",
            "members": rng.integers(1, 7, count),
            "ethnic_minority": rng.random(count) < 0.2,
        }
    )
    frame["area"] = np.where(drawn["unit_type"].isin(["Phường", "Thị trấn"]), "urban", "rural")
    deprived = rng.random((count, len(INDICATORS_2022))) < 0.25
    for index, code in enumerate(INDICATORS_2022):
        frame[f"deprived_{code}"] = deprived[:, index]
    line = np.where(frame["area"] == "urban", 2_000_000, 1_500_000)
    income = np.where(
        rng.random(count) < 0.3, line - rng.integers(100_000, 600_000, count), line + rng.integers(1, 3_000_000, count)
    )
    frame["income_per_capita"] = income + np.where(rng.random(count) < 0.5, 0.5, 0)  # some incomes with decimals
    below = frame["income_per_capita"] <= line
    frame["household_class"] = np.select(
        [below & (deprived.sum(axis=1) >= 3), below], ["poor", "near_poor"], default="other"
    )
    # A real commune always has households above the line; a list without any is a list of the poor and
    # near-poor alone, which the loader refuses without the commune's total. Small draws keep one each.
    has_other = frame.groupby("commune_code")["household_class"].transform(lambda classes: (classes == "other").any())
    lifted = ~has_other & ~frame.duplicated("commune_code")
    frame.loc[lifted, "income_per_capita"] = line[lifted] + 1_000_000
    frame.loc[lifted, "household_class"] = "other"
    return frame


def deprivation_bits(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.Series:
    """The deprivations mask household_review should hold for these households (indicator bits)."""
    bits = dict(con.execute("select code, bit from indicator where standard = '2022-2025'").fetchall())
    mask = pd.Series(0, index=frame.index, dtype="int64")
    for code in INDICATORS_2022:
        mask += frame[f"deprived_{code}"].astype("int64") * (1 << bits[code])
    return mask


def _vietnamese_number(value: float) -> str:
    whole = f"{int(value):,}".replace(",", ".")
    return whole + ("," + f"{value % 1:.1f}"[2:] if value % 1 else "")


def export_rows(
    frame: pd.DataFrame,
    year: int,
    accents: bool = True,
    columns: list[str] | None = None,
    class_words: dict[str, str] = CLASS_WORDS,
) -> list[list[str]]:
    """Title rows, the header, then one row per household as a department's export writes it; ``columns``:
    the HEADERS keys the file has (default all; a 2025 file has no district column)."""
    from unidecode import unidecode

    columns = columns or [c for c in HEADERS if not (c == "district_code" and frame["district_code"].isna().all())]
    header = [HEADERS[c] if accents else unidecode(HEADERS[c]).upper() for c in columns]
    rows = [
        ["DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM " + str(year)] + [""] * (len(header) - 1),
        ["(Kèm theo Báo cáo của UBND huyện)"] + [""] * (len(header) - 1),
        header,
    ]
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        cells = {
            "stt": str(number),
            "household_id": str(row.household_id),
            "head_name": row.head_name,
            "province_code": str(int(row.province_code)),  # leading zero lost, as Excel does
            "district_code": row.district_code,
            "commune_code": row.commune_code,
            "address": row.address,
            "area": AREA_WORDS[row.area],
            "members": str(row.members),
            "income_per_capita": _vietnamese_number(row.income_per_capita),
            "ethnic_minority": "x" if row.ethnic_minority else "",
            "household_class": class_words[row.household_class],
        }
        for code in INDICATORS_2022:
            cells[f"deprived_{code}"] = "x" if getattr(row, f"deprived_{code}") else ""
        rows.append([cells[c] for c in columns])
    return rows


def review_file(
    frame: pd.DataFrame | None,
    year: int,
    kind: str = "csv",
    encoding: str = "utf-8",
    delimiter: str = ";",
    accents: bool = True,
    rows: list[list[str]] | None = None,
    columns: list[str] | None = None,
) -> bytes:
    rows = rows if rows is not None else export_rows(frame, year, accents, columns)
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[2]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)
