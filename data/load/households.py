"""The household review file: its import schema, parsing and checks.

One row per household per review year. The schema below is the documentation: the README and the
Dữ liệu page print it from here (``schema_frame``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data import reference_data
from data.load import values
from data.load.problems import WARNING, LoadRejected, Problem, checked_in_sql
from data.load.reading import Field, Table

CHECKS_SQL = Path(__file__).with_name("household_checks.sql")
STANDARD_YEARS = {"2022-2025": range(2021, 2026), "2016-2020": range(2015, 2021)}

BASE_FIELDS = [
    Field(
        "household_id", True, ("Mã hộ", "Mã hộ gia đình", "Mã HGĐ", "ID hộ", "Household id"), "Mã hộ", "Household id"
    ),
    Field(
        "province_code",
        True,
        ("Mã tỉnh", "Mã tỉnh/thành phố", "Mã tỉnh/TP", "Province code"),
        "Mã tỉnh",
        "Province code",
    ),
    Field(
        "district_code",
        True,
        ("Mã huyện", "Mã quận/huyện", "Mã huyện/quận/thị xã", "District code"),
        "Mã huyện",
        "District code",
    ),
    Field(
        "commune_code",
        True,
        ("Mã xã", "Mã xã/phường", "Mã xã/phường/thị trấn", "Commune code"),
        "Mã xã",
        "Commune code",
    ),
    Field(
        "status",
        True,
        ("Phân loại", "Phân loại hộ", "Kết quả rà soát", "Kết quả phân loại", "Loại hộ", "Xếp loại", "Class"),
        "Phân loại hộ",
        "Class",
    ),
    Field(
        "members",
        True,
        ("Số nhân khẩu", "Số thành viên", "Nhân khẩu", "Số người", "Members"),
        "Số nhân khẩu",
        "Members",
    ),
    Field(
        "income_per_capita",
        True,
        (
            "Thu nhập bình quân đầu người",
            "Thu nhập bình quân",
            "Thu nhập bình quân (đồng/người/tháng)",
            "Thu nhập BQ/người/tháng",
            "Thu nhập bình quân đầu người/tháng",
            "Income per capita",
        ),
        "Thu nhập bình quân (đồng/người/tháng)",
        "Income per person (VND per month)",
    ),
    Field(
        "area", False, ("Khu vực", "Thành thị/nông thôn", "Area"), "Khu vực (thành thị/nông thôn)", "Area (urban/rural)"
    ),
    Field(
        "ethnic_minority",
        False,
        ("Dân tộc thiểu số", "Hộ DTTS", "DTTS", "Ethnic minority"),
        "Dân tộc thiểu số",
        "Ethnic minority",
    ),
    Field("year", False, ("Năm", "Năm rà soát", "Year"), "Năm rà soát", "Review year"),
    Field(
        "head_name",
        False,
        ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Tên chủ hộ", "Chủ hộ", "Head of household"),
        "Họ tên chủ hộ",
        "Head of household",
    ),
    Field("address", False, ("Địa chỉ", "Thôn/xóm", "Thôn", "Thôn, tổ dân phố", "Address"), "Địa chỉ", "Address"),
]

# Extra headers seen in review forms, by indicator column; the catalogue's names are accepted too.
INDICATOR_ALIASES = {
    "deprived_employment": ("Thiếu hụt việc làm",),
    "deprived_dependency": ("Người phụ thuộc", "Thiếu hụt người phụ thuộc"),
    "deprived_nutrition": ("Thiếu hụt dinh dưỡng",),
    "deprived_health_insurance": ("BHYT", "Thiếu hụt bảo hiểm y tế"),
    "deprived_health_service": ("Dịch vụ y tế", "Tiếp cận dịch vụ y tế"),
    "deprived_adult_education": ("Giáo dục người lớn", "Trình độ giáo dục người lớn"),
    "deprived_child_schooling": ("Trẻ em đi học", "Tình trạng đi học của trẻ em"),
    "deprived_housing_quality": ("Chất lượng nhà", "Chất lượng nhà ở"),
    "deprived_housing_area": ("Diện tích nhà", "Diện tích nhà ở", "Diện tích nhà ở bình quân"),
    "deprived_water": ("Nước sinh hoạt", "Nguồn nước", "Nguồn nước sinh hoạt"),
    "deprived_latrine": ("Nhà tiêu", "Hố xí", "Nhà tiêu hợp vệ sinh", "Hố xí/nhà tiêu hợp vệ sinh"),
    "deprived_telecom": ("Viễn thông", "Dịch vụ viễn thông"),
    "deprived_information": ("Tiếp cận thông tin", "Phương tiện tiếp cận thông tin", "Tài sản tiếp cận thông tin"),
}

STATUS_WORDS = {
    **dict.fromkeys(["ho ngheo", "ngheo", "hn", "poor", "1"], "poor"),
    **dict.fromkeys(["ho can ngheo", "can ngheo", "cn", "hcn", "near poor", "2"], "near_poor"),
    **dict.fromkeys(
        [
            "ho co muc song trung binh",
            "muc song trung binh",
            "ho muc song trung binh",
            "trung binh",
            "tb",
            "middle",
            "3",
        ],
        "middle",
    ),
    **dict.fromkeys(["", "khac", "ho khac", "khong ngheo", "ho khong ngheo", "other", "0"], "other"),
}
AREA_WORDS = {
    **dict.fromkeys(["thanh thi", "tt", "do thi", "urban"], "urban"),
    **dict.fromkeys(["nong thon", "nt", "rural"], "rural"),
    "": None,
}
ALL_INDICATORS = list(INDICATOR_ALIASES)


def standard_for_year(year: int) -> str:
    return "2022-2025" if year >= 2021 else "2016-2020"


def indicator_fields(standard: str) -> list[Field]:
    catalogue = reference_data.indicators()
    rows = catalogue[catalogue["standard"] == standard].sort_values("sort_order")
    return [
        Field(
            row.column_name,
            True,
            (row.name_vi, row.short_vi, row.name_en, row.short_en, *INDICATOR_ALIASES[row.column_name]),
            f"{row.name_vi} (1/0, x/để trống, có/không)",
            f"{row.name_en} (1/0, x/blank, yes/no)",
        )
        for row in rows.itertuples()
    ]


def fields(standard: str) -> list[Field]:
    return BASE_FIELDS + indicator_fields(standard)


def parse(table: Table, year: int, standard: str, keep_personal: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed columns for household_review, and every cell that could not be read."""
    raw = table.frame
    problems: list[Problem] = []
    staged = pd.DataFrame({"file_row": raw["file_row"]})

    ids, source_ids, blank_ids = values.household_ids(raw["household_id"])
    staged["household_id"] = ids
    staged["source_household_id"] = source_ids
    problems += table.problems("household_id", blank_ids, "missing_value")

    for column, width in (("province_code", 2), ("district_code", 3), ("commune_code", 5)):
        staged[column], invalid = values.parse_code(raw[column], width)
        problems += table.problems(column, invalid, "code_format")

    staged["status"], invalid = values.parse_words(raw["status"], STATUS_WORDS)
    problems += table.problems("status", invalid, "status_unknown")

    members, invalid = values.parse_number(raw["members"])
    bad_members = invalid | members.isna() | (members <= 0) | (members % 1 != 0)
    problems += table.problems("members", bad_members, "members_invalid")
    staged["members"] = members.where(~bad_members).astype("Int64")

    income, invalid = values.parse_number(raw["income_per_capita"])
    problems += table.problems("income_per_capita", invalid | income.isna(), "income_invalid")
    problems += table.problems("income_per_capita", income < 0, "income_negative")
    staged["income_per_capita"] = income.round().astype("Int64")

    if "area" in raw:
        staged["area"], invalid = values.parse_words(raw["area"], AREA_WORDS)
        problems += table.problems("area", invalid, "area_unknown")
    else:
        staged["area"] = None
    if "ethnic_minority" in raw:
        # x/blank convention: a blank cell in a present column means "no"; an absent column means unknown.
        staged["ethnic_minority"], invalid = values.parse_flag(raw["ethnic_minority"], blank=False)
        problems += table.problems("ethnic_minority", invalid, "flag_invalid")
    else:
        staged["ethnic_minority"] = None
    if "year" in raw:
        file_years, invalid = values.parse_number(raw["year"])
        problems += table.problems("year", invalid | (file_years.notna() & (file_years != year)), "year_mismatch")

    standard_columns = {f.name for f in indicator_fields(standard)}
    for column in ALL_INDICATORS:
        if column in standard_columns:
            staged[column], invalid = values.parse_flag(raw[column], blank=False)
            problems += table.problems(column, invalid, "flag_invalid")
        else:
            staged[column] = None

    for column in ("head_name", "address"):
        staged[column] = raw[column] if keep_personal and column in raw else None
    dropped = [c for c in ("head_name", "address") if c in raw and not keep_personal]
    if dropped:
        problems.append(Problem(WARNING, "personal_dropped", column=", ".join(dropped)))
    return staged, problems


def check_year(year: int, standard: str) -> None:
    if standard not in STANDARD_YEARS:
        raise LoadRejected([Problem.error("standard_unknown", standard=standard)])
    period = STANDARD_YEARS[standard]
    if year not in period:
        raise LoadRejected(
            [Problem.error("year_outside_standard", year=year, standard=standard, first=period[0], last=period[-1])]
        )


def relational_problems(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame, standard: str) -> list[Problem]:
    """Unit codes, commune-in-district, duplicates and the class rule, checked in DuckDB."""
    return checked_in_sql(con, CHECKS_SQL, "staged_households", staged, {"standard": standard})
