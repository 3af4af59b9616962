"""The household review file: its import schema, and reading it into typed rows with every problem.

One row per household per review year. The schema below is the documentation: the README and the
Dữ liệu page print it from here (``schema``). Only the household id, the commune code and the class are
required: a real export may leave out the province or district (the commune says where), the members,
the income, the area, ethnicity or any indicator, and what it leaves out is unknown, never "no".
Parsing and checking run in DuckDB (parse_households.sql, household_checks.sql): a province of a
million households is read in seconds and in little memory.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.load.problems import WARNING, LoadRejected, Problem
from data.load.reading import Field, Table
from data.load.vocabulary import fold, vocabulary
from data.reference import facts, periods

SQL_DIR = Path(__file__).parent

BASE_FIELDS = [
    Field(
        "household_id",
        True,
        ("Mã hộ", "Mã hộ gia đình", "Mã HGĐ", "ID hộ", "Mã số hộ", "Household id"),
        "Mã hộ",
        "Household id",
    ),
    Field(
        "province_code",
        False,
        ("Mã tỉnh", "Mã tỉnh/thành phố", "Mã tỉnh/TP", "Mã đơn vị cấp tỉnh", "Province code"),
        "Mã tỉnh (tuỳ chọn: suy ra từ mã xã)",
        "Province code (optional: from the commune)",
    ),
    Field(
        "district_code",
        False,
        ("Mã huyện", "Mã quận/huyện", "Mã huyện/quận/thị xã", "District code"),
        "Mã huyện (tuỳ chọn; không có từ 1/7/2025)",
        "District code (optional; none from 1 July 2025)",
    ),
    Field(
        "commune_code",
        True,
        ("Mã xã", "Mã xã/phường", "Mã xã/phường/thị trấn", "Mã xã/phường/đặc khu", "Mã đơn vị cấp xã", "Commune code"),
        "Mã xã",
        "Commune code",
    ),
    Field(
        "household_class",
        True,
        ("Phân loại", "Phân loại hộ", "Kết quả rà soát", "Kết quả phân loại", "Loại hộ", "Xếp loại", "Class"),
        "Phân loại hộ",
        "Class",
    ),
    Field(
        "members",
        False,
        ("Số nhân khẩu", "Số thành viên", "Nhân khẩu", "Số người", "Members"),
        "Số nhân khẩu",
        "Members",
    ),
    Field(
        "income_per_capita",
        False,
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
        ("Dân tộc thiểu số", "Hộ DTTS", "DTTS", "Hộ dân tộc thiểu số", "Ethnic minority"),
        "Dân tộc thiểu số (có/không)",
        "Ethnic minority (yes/no)",
    ),
    Field(
        "ethnic_group",
        False,
        ("Dân tộc", "Tên dân tộc", "Dân tộc chủ hộ", "Ethnicity"),
        "Dân tộc (Kinh, Tày, Mông …)",
        "Ethnic group (Kinh, Tày, Mông …)",
    ),
    Field("year", False, ("Năm", "Năm rà soát", "Year"), "Năm rà soát", "Review year"),
    Field(
        "escaped",
        False,
        ("Thoát nghèo", "Hộ thoát nghèo", "Escaped poverty"),
        "Thoát nghèo (có/không)",
        "Escaped poverty (yes/no)",
    ),
    Field(
        "newly_poor",
        False,
        ("Phát sinh mới", "Phát sinh", "Hộ nghèo phát sinh", "Hộ nghèo mới", "Nghèo phát sinh", "Newly poor"),
        "Hộ nghèo phát sinh (có/không)",
        "Newly poor (yes/no)",
    ),
    Field(
        "fell_back",
        False,
        ("Tái nghèo", "Hộ tái nghèo", "Fell back"),
        "Tái nghèo (có/không)",
        "Fell back into poverty (yes/no)",
    ),
    Field(
        "movement",
        False,
        (
            "Biến động so với năm trước",
            "Tình trạng biến động",
            "Diễn biến",
            "Biến động",
            "Diễn biến hộ nghèo",
            "Biến động hộ nghèo, cận nghèo",
            "Movement",
        ),
        "Biến động so với năm trước (Thoát nghèo, Phát sinh mới, Tái nghèo, Không thay đổi …)",
        "Movement since last year (escaped, new, fell back, unchanged …)",
    ),
    Field(
        "previous_class",
        False,
        (
            "Phân loại năm trước",
            "Kết quả rà soát năm trước",
            "Phân loại kỳ trước",
            "Loại hộ năm trước",
            "Previous class",
        ),
        "Phân loại năm trước",
        "Previous year's class",
    ),
    Field(
        "head_name",
        False,
        ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Tên chủ hộ", "Chủ hộ", "Head of household"),
        "Họ tên chủ hộ",
        "Head of household",
    ),
    Field("address", False, ("Địa chỉ", "Thôn/xóm", "Thôn", "Thôn, tổ dân phố", "Address"), "Địa chỉ", "Address"),
]

# Extra headers seen in review forms, by indicator code; the catalogue's names are accepted too.
INDICATOR_ALIASES = {
    "employment": ("Thiếu hụt việc làm",),
    "dependency": ("Người phụ thuộc", "Thiếu hụt người phụ thuộc"),
    "nutrition": ("Thiếu hụt dinh dưỡng",),
    "health_insurance": ("BHYT", "Thiếu hụt bảo hiểm y tế"),
    "health_service": ("Dịch vụ y tế", "Tiếp cận dịch vụ y tế"),
    "adult_education": ("Giáo dục người lớn", "Trình độ giáo dục người lớn"),
    "child_schooling": ("Trẻ em đi học", "Tình trạng đi học của trẻ em"),
    "housing_quality": ("Chất lượng nhà", "Chất lượng nhà ở"),
    "housing_area": ("Diện tích nhà", "Diện tích nhà ở", "Diện tích nhà ở bình quân"),
    "water": ("Nước sinh hoạt", "Nguồn nước", "Nguồn nước sinh hoạt"),
    "latrine": ("Nhà tiêu", "Hố xí", "Nhà tiêu hợp vệ sinh", "Hố xí/nhà tiêu hợp vệ sinh"),
    "telecom": ("Viễn thông", "Dịch vụ viễn thông"),
    "information": ("Tiếp cận thông tin", "Phương tiện tiếp cận thông tin", "Tài sản tiếp cận thông tin"),
    "digital_services": ("Dịch vụ số", "Internet", "Sử dụng dịch vụ số"),
    "waste_disposal": ("Rác thải", "Xử lý rác thải", "Thu gom rác thải"),
}

# How each field's words are read: the kind of vocabulary.csv.
WORD_KINDS = {
    "household_class": "household_class",
    "previous_class": "household_class",
    "area": "area",
    "ethnic_minority": "flag",
    "ethnic_group": "ethnic_group",
    "escaped": "flag",
    "newly_poor": "flag",
    "fell_back": "flag",
    "movement": "movement",
}


def indicator_fields(standard: str) -> list[Field]:
    catalogue = facts.indicators()
    rows = catalogue[catalogue["standard"] == standard].sort_values("sort_order")
    return [
        Field(
            row.column_name,
            False,
            (row.name_vi, row.short_vi, row.name_en, row.short_en, *INDICATOR_ALIASES.get(row.code, ())),
            f"{row.name_vi} (1/0, x/để trống, có/không)",
            f"{row.name_en} (1/0, x/blank, yes/no)",
        )
        for row in rows.itertuples()
    ]


def fields(standard: str) -> list[Field]:
    return BASE_FIELDS + indicator_fields(standard)


def standard_problems(table: Table, standard: str) -> list[Problem]:
    """A file reviewed under another standard than its year's: a column of an indicator the year's
    standard does not have (the 2022-2025 «means of access to information» in a 2027 file, say) refuses
    it, naming the column, the standard it belongs to and the indicators the year's standard needs; an
    indicator list not yet read from its decree is said once."""
    catalogue = facts.indicators()
    own = catalogue[catalogue["standard"] == standard]
    others = catalogue[(catalogue["standard"] != standard) & ~catalogue["code"].isin(own["code"])]
    problems = []
    for header in table.ignored_columns:
        folded = fold(header)
        for row in others.itertuples():
            names = (row.name_vi, row.short_vi, row.name_en, row.short_en, *INDICATOR_ALIASES.get(row.code, ()))
            if folded in {fold(name) for name in names}:
                problems.append(
                    Problem.error(
                        "indicator_not_in_standard",
                        column=header,
                        other=row.standard,
                        standard=standard,
                        needed=", ".join(own.sort_values("sort_order")["name_vi"]),
                    )
                )
                break
    verified = periods.poverty_standards().set_index("code").loc[standard, "indicators_verified"]
    if not verified and any(name.startswith("deprived_") for name in table.present):
        problems.append(Problem(WARNING, "indicators_not_verified", details={"standard": standard}))
    return problems


def check_year(year: int, standard: str) -> None:
    standards = periods.poverty_standards().set_index("code")
    if standard not in standards.index:
        raise LoadRejected([Problem.error("standard_unknown", standard=standard)])
    first, last = (int(standards.loc[standard, c]) for c in ("first_review_year", "last_review_year"))
    if not first <= year <= last:
        raise LoadRejected(
            [Problem.error("year_outside_standard", year=year, standard=standard, first=first, last=last)]
        )


def _word_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each distinct word of the file's vocabulary columns, read through vocabulary.csv."""
    words = con.table("raw_household_words").fetchall()
    rows = []
    for field_name, word in words:
        kind = WORD_KINDS.get(field_name, "flag" if field_name.startswith("deprived_") else None)
        if kind is None:
            continue
        meanings = vocabulary(kind)
        folded = fold(word)
        known = folded in meanings
        value = meanings.get(folded)
        rows.append(
            {
                "field": field_name,
                "word": word,
                "value": None if value is None else str(value).lower(),
                "is_known": known,
            }
        )
    return pd.DataFrame(rows, columns=["field", "word", "value", "is_known"])


def stage(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    year: int,
    standard: str,
    scheme: str,
    keep_personal: bool,
) -> list[Problem]:
    """Read ``table`` into the temporary table staged_households on ``con`` (a cursor of the load), and
    return every problem found: cells that cannot be read, units, duplicates, the class rule."""
    table.to_duckdb(con, SQL_DIR / "stage_households.sql")
    con.register("household_word", _word_table(con))
    try:
        sql.execute(
            con,
            SQL_DIR / "parse_households.sql",
            year=year,
            standard=standard,
            scheme=scheme,
            present=table.present,
            keep_personal=keep_personal,
        )
    finally:
        con.unregister("household_word")
    sql.execute(con, SQL_DIR / "household_checks.sql", scheme=scheme, standard=standard, present=table.present)
    rows = con.table("household_problems").fetchall()
    problems = [
        Problem(severity, code, None if file_row is None else int(file_row), column, value)
        for severity, code, file_row, column, value in rows
    ]
    dropped = [name for name in ("head_name", "address") if name in table.present and not keep_personal]
    if dropped:
        problems.append(Problem(WARNING, "personal_dropped", column=", ".join(dropped)))
    return problems


def staged_units(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The provinces (codes of the file's scheme) the staged rows lie in."""
    provinces = con.table("staged_households").select("province_code").distinct().fetchall()
    return sorted(row[0] for row in provinces if row[0] is not None)
