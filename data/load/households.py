"""The household review file: its import schema, and reading it into typed rows with every problem.

One row per household per review year. The schema below is the documentation: the README and the
Dữ liệu page print it from here (``schema``). Only the household id, the commune code and the class are
required: a real export may leave out the province or district (the commune says where), the members,
the income, the area, ethnicity or any indicator, and what it leaves out is unknown, never "no".
Parsing and checking run in DuckDB (parse_households.sql, household_checks.sql): a province of a
million households is read in seconds and in little memory.
"""

from __future__ import annotations

import functools
from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.load.problems import ERROR, PART_ROWS, WARNING, LoadRejected, Problem
from data.load.reading import Field, Table
from data.load.vocabulary import fold, vocabulary
from data.reference import facts, periods

SQL_DIR = Path(__file__).parent

BASE_FIELDS = [
    # Not required to find the table: a list with one row per person names its households by their head
    # (STT, «Quan hệ với chủ hộ», the head's ID number); check_identity says when nothing does.
    Field(
        "household_id",
        False,
        ("Mã hộ", "Mã hộ gia đình", "Mã HGĐ", "ID hộ", "Mã số hộ", "family.code", "Household id"),
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
        (
            "Phân loại",
            "Phân loại hộ",
            "Kết quả rà soát",
            "Kết quả phân loại",
            "Loại hộ",
            "Xếp loại",
            "classify",
            "Class",
        ),
        "Phân loại hộ",
        "Class",
    ),
    Field(
        "members",
        False,
        ("Số nhân khẩu", "Số thành viên", "Nhân khẩu", "Số người", "family.numberOfMembers", "Members"),
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
    Field("year", False, ("Năm", "Năm rà soát", "Thời gian rà soát", "Year"), "Năm rà soát", "Review year"),
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
        (
            "Họ và tên chủ hộ",
            "Họ tên chủ hộ",
            "Tên chủ hộ",
            "Chủ hộ",
            "family.hostName",
            "Họ và tên",
            "Họ tên",
            "Head of household",
        ),
        "Họ tên chủ hộ",
        "Head of household",
    ),
    Field("address", False, ("Địa chỉ", "Thôn/xóm", "Thôn", "Thôn, tổ dân phố", "Address"), "Địa chỉ", "Address"),
    # A list with one row per person (data/load/collapse_persons.sql): the head's row starts a household.
    Field("row_number", False, ("STT", "Số TT", "TT", "Số thứ tự", "No."), "STT", "Row number"),
    Field(
        "relation",
        False,
        ("Quan hệ với chủ hộ", "Quan hệ với chủ hộ gia đình", "Quan hệ", "Relation to the head"),
        "Quan hệ với chủ hộ (Chủ hộ, Vợ, Con …: danh sách theo người)",
        "Relation to the head (Head, Wife, Child …: a list by person)",
    ),
    Field(
        "id_number",
        False,
        (
            "Số CCCD",
            "Số CMND/CCCD",
            "CCCD",
            "CMND",
            "Số định danh cá nhân",
            "Số định danh",
            "Số căn cước",
            "Số căn cước công dân",
            "ID number",
        ),
        "Số CCCD / định danh (của chủ hộ: làm mã hộ khi tệp không có mã hộ)",
        "ID number (the head's: the household id when the file has none)",
    ),
    # The review's scoring sheets (TT 07/2021): B1 scores income, B2 counts 10 points per deprivation.
    Field("b1_score", False, ("Phiếu B1", "Điểm B1", "Điểm phiếu B1", "b1Point", "B1"), "Điểm phiếu B1", "B1 score"),
    Field("b2_score", False, ("Phiếu B2", "Điểm B2", "Điểm phiếu B2", "b2Point", "B2"), "Điểm phiếu B2", "B2 score"),
]
# Fields the vocabulary never reads (numbers, codes, names): left out of the word tables.
NOT_WORDS = ("row_number", "relation", "id_number", "b1_score", "b2_score")

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


@functools.cache  # asked at every run of the Dữ liệu page (the file columns it lists)
def indicator_fields(standard: str) -> tuple[Field, ...]:
    catalogue = facts.indicators()
    rows = catalogue[catalogue["standard"] == standard].sort_values("sort_order")
    return tuple(
        Field(
            row.column_name,
            False,
            (row.name_vi, row.short_vi, row.name_en, row.short_en, *INDICATOR_ALIASES.get(row.code, ())),
            f"{row.name_vi} (1/0, x/để trống, có/không)",
            f"{row.name_en} (1/0, x/blank, yes/no)",
        )
        for row in rows.itertuples()
    )


def fields(standard: str) -> list[Field]:
    return [*BASE_FIELDS, *indicator_fields(standard)]


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
    return every problem found: cells that cannot be read, units, duplicates, the class rule.

    On the way, as offices send them: rows repeating another cell for cell are dropped and listed; a list
    with one row per person becomes one row per household (collapse_persons.sql); the sheets of households
    leaving poverty or near-poverty say so (list_sheets.sql); a list of the poor and near-poor alone is
    completed by the commune's form 7.1, or refused saying so (list_denominators.sql)."""
    table.to_duckdb(con, SQL_DIR / "stage_households.sql")
    # two members' rows may well be alike (twins, a file with relation and year of birth only): only
    # household rows repeated cell for cell are copies
    by_person = is_person_list(con, table)
    problems = [] if by_person else drop_duplicate_rows(con)
    problems += collapse_persons(con, table, by_person)
    problems += scope_short_ids(con, table)
    identity = check_identity(table)
    if identity:
        raise LoadRejected(problems + identity)
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
    problems += leaving_sheets(con, table)
    sql.execute(con, SQL_DIR / "household_checks.sql", scheme=scheme, standard=standard, present=table.present)
    rows = con.table("household_problems").fetchall()
    problems += [
        Problem(severity, code, None if file_row is None else int(file_row), column, value)
        for severity, code, file_row, column, value in rows
    ]
    problems += score_problems(con, table)
    if not any(p.severity == ERROR for p in problems):  # a list of rows in error says nothing of its communes
        problems += denominator_problems(con, year, scheme)
    dropped = [name for name in ("head_name", "address") if name in table.present and not keep_personal]
    if dropped:
        problems.append(Problem(WARNING, "personal_dropped", column=", ".join(dropped)))
    return problems


def drop_duplicate_rows(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    sql.execute(con, SQL_DIR / "drop_duplicate_rows.sql")
    copies = con.table("duplicate_rows").order("file_row").fetchall()
    return [Problem(WARNING, "row_repeated", int(row), None, None, {"first": int(first)}) for row, first in copies]


def is_person_list(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    """One row per person: a relation-to-the-head column, or no household code and an STT filled on some
    rows only (the heads')."""
    if "relation" in table.present:
        return True
    if "household_id" in table.present or "row_number" not in table.present:
        return False
    ((blank, total),) = con.execute(
        "select count(*) filter (where trim(coalesce(row_number, '')) = ''), count(*) from raw_households"
    ).fetchall()
    return 0 < blank < total


def collapse_persons(con: duckdb.DuckDBPyConnection, table: Table, by_person: bool) -> list[Problem]:
    """A list by person (``by_person``: is_person_list) as households; the report says how it was read."""
    if not by_person:
        if "household_id" not in table.present and "row_number" in table.present:
            # one row per household, no code: the commune and the STT name it (ids will not continue)
            con.execute(
                "update raw_households set household_id = concat_ws('-', trim(commune_code), trim(row_number))"
                " where trim(coalesce(row_number, '')) <> ''"
            )
            table.present.insert(0, "household_id")
            return [Problem(WARNING, "ids_from_row_numbers")]
        return []
    ((persons,),) = con.execute("select count(*) from raw_households").fetchall()
    sql.execute(con, SQL_DIR / "collapse_persons.sql", by_relation="relation" in table.present, part_rows=PART_ROWS)
    ((households,),) = con.execute("select count(*) from raw_households").fetchall()
    orphans = [row[0] for row in con.table("person_orphans").fetchall()]
    source = (
        "household_id"
        if "household_id" in table.present
        else "id_number"
        if "id_number" in table.present
        else "row_number"
    )
    problems = [
        Problem(
            WARNING,
            "read_as_persons",
            details={
                "persons": persons,
                "households": households,
                "heads": "relation" if "relation" in table.present else "row_number",
                "members": "members" if "members" in table.present else "rows",
            },
        ),
        Problem(WARNING, f"person_ids_from_{source}"),
    ]
    problems += [Problem(ERROR, "member_without_head", int(row), "relation") for row in orphans]
    for name in ("household_id", "members"):
        if name not in table.present:
            table.present.append(name)
    return problems


# A district's export numbers households 1, 2, 3 … in each commune: codes this short that repeat across
# communes name a household only with their commune. A longer code repeated is a real duplicate.
SHORT_ID_DIGITS = 6


def scope_short_ids(con: duckdb.DuckDBPyConnection, table: Table) -> list[Problem]:
    """Short household codes that repeat in several communes of the file become commune + code."""
    if "household_id" not in table.present or "commune_code" not in table.present:
        return []
    ((short, repeated),) = con.execute(
        """
        select
            bool_and(length(trim(household_id)) <= $digits),
            count(*) filter (where communes > 1),
        from (
            select household_id, count(distinct trim(commune_code)) as communes,
            from raw_households
            where trim(coalesce(household_id, '')) <> ''
            group by household_id
        )
        """,
        {"digits": SHORT_ID_DIGITS},
    ).fetchall()
    if not short or not repeated:
        return []
    con.execute(
        "update raw_households set household_id = concat_ws('-', trim(commune_code), trim(household_id))"
        " where trim(coalesce(household_id, '')) <> ''"
    )
    return [Problem(WARNING, "ids_by_commune", details={"repeated": repeated})]


def explain(problems: list[Problem]) -> list[Problem]:
    """A refusal as a data officer needs it: a file without a commune column (a district's export) is told
    what it lacks and what would make it loadable."""
    commune = next(f for f in BASE_FIELDS if f.name == "commune_code").label_vi
    return [
        Problem.error("commune_column_missing")
        if p.code == "missing_column" and p.details.get("column") == commune
        else p
        for p in problems
    ]


def check_identity(table: Table) -> list[Problem]:
    """A file must name its households: a household code, or a list by person (collapse_persons)."""
    if "household_id" in table.present:
        return []
    spec = next(f for f in table.fields if f.name == "household_id")
    return [Problem.error("missing_column", column=spec.label_vi, aliases=", ".join(spec.aliases[:3]))]


LEAVING = {"escaped_near": ("thoat can ngheo",), "escaped": ("thoat ngheo",)}


def leaving_sheets(con: duckdb.DuckDBPyConnection, table: Table) -> list[Problem]:
    """Sheets listing households that left poverty or near-poverty, told by their title or sheet name."""
    kinds: dict[str, list[int]] = {"escaped": [], "escaped_near": []}
    for source in table.sources:
        if source.status != "read":
            continue
        words = f" {fold(source.title)} {fold(source.sheet or '')} "
        for kind, phrases in LEAVING.items():
            if any(f" {phrase} " in words for phrase in phrases):
                kinds[kind].append(source.part)
                break
    if not kinds["escaped"] and not kinds["escaped_near"]:
        return []
    sql.execute(
        con,
        SQL_DIR / "list_sheets.sql",
        escaped_parts=kinds["escaped"],
        escaped_near_parts=kinds["escaped_near"],
        part_rows=PART_ROWS,
    )
    ((twice,),) = con.execute("select count(*) from listed_twice").fetchall()
    names = {source.part: source.name for source in table.sources}
    return [
        Problem(WARNING, f"leaving_sheet_{kind}", details={"sheet": names[part], "merged": twice})
        for kind, parts in kinds.items()
        for part in parts
    ]


def score_problems(con: duckdb.DuckDBPyConnection, table: Table) -> list[Problem]:
    """A class the scores of the review's sheets do not give (review_score_class in rules.sql): a warning."""
    if "b2_score" not in table.present and "b1_score" not in table.present:
        return []
    rows = sql.rows(con, SQL_DIR / "score_checks.sql", has_b1="b1_score" in table.present)
    return [
        Problem(WARNING, "score_class_mismatch", int(file_row), "household_class", shown, {"expected": expected})
        for file_row, shown, expected in rows
    ]


def denominator_problems(con: duckdb.DuckDBPyConnection, year: int, scheme: str) -> list[Problem]:
    """A commune whose list holds only its poor and near-poor (and those leaving): its rates need all its
    households, which its form 7.1 gives. Without one, refused, saying what would make it loadable."""
    rows = sql.rows(con, SQL_DIR / "list_denominators.sql", year=year, scheme=scheme)
    partial = [(code, listed, total) for code, listed, plain_other, total in rows if plain_other == 0]
    missing = [code for code, _, total in partial if total is None]
    smaller = [(code, listed, total) for code, listed, total in partial if total is not None and total < listed]
    problems = []
    if missing:
        problems.append(Problem.error("list_without_denominator", communes=", ".join(missing[:20]), count=len(missing)))
    for code, listed, total in smaller:
        problems.append(Problem.error("list_exceeds_form", commune=code, listed=listed, total=int(total)))
    completed = [code for code, _, total in partial if total is not None and code not in {c for c, _, _ in smaller}]
    if completed:
        problems.append(Problem(WARNING, "list_completed_by_form", details={"communes": ", ".join(completed[:20])}))
    return problems


def staged_units(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The provinces (codes of the file's scheme) the staged rows lie in."""
    provinces = con.table("staged_households").select("province_code").distinct().fetchall()
    return sorted(row[0] for row in provinces if row[0] is not None)
