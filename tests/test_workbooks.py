"""Workbooks as commune and province offices keep them load (tests/workbooks.py writes them with openpyxl):
the list on another sheet than the first, one sheet per commune, a header over two rows with merged cells,
column numbers under it, hidden rows, several files at once; the file's own movement column decides the
flows; what cannot be read is refused naming the sheet and the cause."""

from __future__ import annotations

import pandas as pd
import pytest
from review_files import HEADERS, INDICATORS_2022, deprivation_bits, export_rows, review_file, review_households
from workbooks import GROUP_TITLE, SHAPES, workbook, zipped

from data.load import load_households
from data.load.problems import report_frame
from queries import run_query


def stored(con) -> list[tuple]:
    return con.sql(
        "select household_id, commune_code, household_class, deprivations_mask from household_review order by 1"
    ).fetchall()


def expected(con, frame) -> list[tuple]:
    masks = deprivation_bits(con, frame)
    return sorted(
        (int(h), c, k, int(m))
        for h, c, k, m in zip(
            frame["household_id"], frame["commune_code"], frame["household_class"], masks, strict=True
        )
    )


@pytest.mark.parametrize(
    "traits",
    [
        ["instructions_first"],
        ["two_row_header"],
        ["two_row_header", "numbering_row", "hidden_rows", "total_row"],
        ["instructions_first", "two_row_header", "numbering_row"],
        ["sheet_per_commune"],
        ["sheet_per_commune", "two_row_header", "numbering_row", "total_row"],
        ["offset_table", "two_row_header", "numbering_row"],
    ],
    ids="+".join,
)
def test_a_workbook_as_offices_keep_it_loads_every_household(con, traits):
    frame = review_households(con, "33", count=150, communes=4)
    content = workbook(export_rows(frame, 2024), traits)
    result = load_households(con, content, "ra-soat.xlsx", 2024)
    assert result.status == "loaded", [(p.code, p.details, p.value) for p in result.errors[:3]]
    assert stored(con) == expected(con, frame)
    read = [s for s in result.sources if s.status == "read"]
    if "sheet_per_commune" in traits:
        assert len(read) == 4 and {s.sheet for s in result.sources if s.status == "skipped"} == {"Tổng hợp"}
        said = next(p for p in result.warnings if p.code == "sources_read").message("vi")
        assert "Xã" in said and "Tổng hợp: không có bảng danh sách hộ" in said
    elif "instructions_first" in traits:
        assert [s.sheet for s in read] == ["Danh sách"]
        assert [s.reason for s in result.sources if s.status == "skipped"] == ["no_household_table"]
    if "two_row_header" in traits:
        assert GROUP_TITLE not in result.headers.values()  # the indicators' own names, the group title aside
        assert read[0].header_rows[1] - read[0].header_rows[0] in (0, 1)


@pytest.mark.parametrize("offset", [False, True], ids=["from_a1", "offset_table"])
def test_an_error_names_the_sheet_and_the_row_of_the_sheet(con, offset):
    frame = review_households(con, "33", count=60, communes=3)
    rows = export_rows(frame, 2024, columns=["household_id", "commune_code", "household_class"])
    rows[10][2] = "Hộ giàu"  # a class no vocabulary knows, on the eighth household
    commune = rows[10][1]
    traits = ["sheet_per_commune", "offset_table"] if offset else ["sheet_per_commune"]
    result = load_households(con, workbook(rows, traits), "ra-soat.xlsx", 2024)
    assert result.status == "rejected"
    report = report_frame(result.problems, "vi", result.headers, result.sources)
    wrong = report[report["code"] == "status_unknown"].iloc[0]
    assert wrong["source"] == f"ra-soat.xlsx · Xã {commune}"
    sheet_rows = [r for r in rows[3:] if r[1] == commune]
    # two title rows and the header above; an offset table has two blank rows above its title
    assert wrong["file_row"] == (2 if offset else 0) + 3 + sheet_rows.index(rows[10]) + 1


@pytest.mark.parametrize("part_bytes", [4_000, 25_000], ids=["many_parts", "few_parts"])
def test_a_large_sheet_read_in_parts_reads_as_the_whole_sheet(con, monkeypatch, part_bytes):
    """A sheet beyond SHEET_SPLIT_BYTES is handed to calamine a run of rows at a time (its memory): the
    rows, their numbers, the header found under merged cells and the skipped lines are those of the whole."""
    from data.load import reading
    from data.load.households import fields

    frame = review_households(con, "33", count=300, communes=4)
    traits = ["offset_table", "two_row_header", "numbering_row", "hidden_rows", "total_row", "instructions_first"]
    content = workbook(export_rows(frame, 2024), traits)
    standard = fields("2022-2025")

    def read() -> tuple:
        table = reading.read_table(content, "ra-soat.xlsx", standard)
        try:
            sources = [(s.sheet, s.status, s.header_rows, s.rows, s.title) for s in table.sources]
            return table.path.read_text(encoding="utf-8"), table.headers, sources
        finally:
            table.close()

    whole = read()
    monkeypatch.setattr(reading, "SHEET_SPLIT_BYTES", 10_000)
    monkeypatch.setattr(reading, "SHEET_PART_BYTES", part_bytes)
    parts = []
    made = reading._sheet_in_parts
    monkeypatch.setattr(reading, "_sheet_in_parts", lambda *args: (parts.append(s) or s for s in made(*args)))
    assert read() == whole
    assert len(parts) >= (10 if part_bytes == 4_000 else 2)
    # the header's lower row (5-6 under two blank rows and two titles) names every field: merged-down titles
    assert whole[2][1][2] == (6, 6)
    result = load_households(con, content, "ra-soat.xlsx", 2024)
    assert result.status == "loaded" and stored(con) == expected(con, frame)


def test_several_commune_files_load_as_one_all_or_nothing_load(con):
    frame = review_households(con, "33", count=120, communes=3)
    parts = {}
    for commune in sorted(frame["commune_code"].unique()):
        part = frame[frame["commune_code"] == commune]
        parts[f"xa-{commune}.xlsx"] = workbook(export_rows(part, 2024), ["two_row_header"])
    result = load_households(con, list(parts.items()), None, 2024)
    assert result.status == "loaded", [(p.code, p.details) for p in result.errors[:3]]
    assert stored(con) == expected(con, frame)
    history = con.sql("select file_name, row_count from load_history").fetchall()
    assert history == [(f"{next(iter(parts))} (+2)", 120)]
    # the same files in a .zip, one of them broken: nothing of any of them is written
    con.execute("delete from household_review")
    names = list(parts)
    broken = frame[frame["commune_code"] == frame["commune_code"].iloc[0]].copy()
    rows = export_rows(broken, 2024)
    rows[3][HEADERS_ORDER.index("commune_code")] = "99999"
    archive = zipped({names[0]: workbook(rows), **{n: parts[n] for n in names[1:]}})
    result = load_households(con, archive, "huyen.zip", 2024)
    assert result.status == "rejected" and any(p.code == "unknown_commune" for p in result.errors)
    assert con.sql("select count(*) from household_review").fetchall() == [(0,)]


HEADERS_ORDER = [c for c in HEADERS]


def test_sheets_with_different_columns_are_refused_naming_them_then_one_is_chosen(con):
    frame = review_households(con, "33", count=80, communes=2)
    communes = sorted(frame["commune_code"].unique())
    first = frame[frame["commune_code"] == communes[0]]
    second = frame[frame["commune_code"] == communes[1]]
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook(export_rows(first, 2024))))
    other = load_workbook(
        io.BytesIO(workbook(export_rows(second, 2024, columns=["household_id", "commune_code", "household_class"])))
    )
    sheet = book.create_sheet("Xã khác")
    for row in other.active.iter_rows(values_only=True):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    result = load_households(con, buffer.getvalue(), "hai-sheet.xlsx", 2024)
    assert [p.code for p in result.errors] == ["sheets_differ"]
    assert "Xã khác" in result.errors[0].message("vi")
    chosen = load_households(con, buffer.getvalue(), "hai-sheet.xlsx", 2024, sheets=["Danh sách"])
    assert chosen.status == "loaded" and chosen.row_count == len(first)


def test_the_file_s_movement_column_decides_newly_poor_against_fell_back(con):
    """Two real years only: ids alone call every household that became poor «newly poor». The file's
    «Biến động» column says which fell back, and the flows follow it."""
    before = review_households(con, "33", count=200, communes=2, seed=3)
    before["household_class"] = "other"
    after = before.copy()
    newly, back = after.index[:20], after.index[20:35]
    after.loc[list(newly) + list(back), "household_class"] = "poor"
    assert load_households(con, review_file(before, 2023), "2023.csv", 2023).status == "loaded"
    columns = [*[c for c in HEADERS if c in ("household_id", "commune_code", "household_class")], "movement"]
    rows = export_rows(after, 2024, columns=["household_id", "commune_code", "household_class"])
    rows[2].append("Biến động so với năm trước")
    for position, row in enumerate(rows[3:]):
        row.append(
            "Tái nghèo" if after.index[position] in back else "Phát sinh mới" if after.index[position] in newly else ""
        )
    result = load_households(con, review_file(None, 2024, rows=rows), "2024.csv", 2024)
    assert result.status == "loaded", [(p.code, p.details) for p in result.errors[:3]]
    flows = run_query(con, "flows_over_years", scheme="legacy_63", unit_code="33")
    row = flows[flows["year"] == 2024].iloc[0]
    assert (row["newly_poor_households"], row["fell_back_households"]) == (20, 15)
    assert columns[-1] == "movement"


def test_every_shape_is_known_to_the_fuzz():
    from test_fuzz import review_exports  # noqa: F401  (the fuzz draws its traits from SHAPES)

    assert set(SHAPES) == {
        "instructions_first",
        "sheet_per_commune",
        "two_row_header",
        "numbering_row",
        "hidden_rows",
        "total_row",
        "offset_table",
    }
    assert len(INDICATORS_2022) == 12


def test_ids_of_another_commune_are_refused_then_moved_when_confirmed(con):
    """1.526 ids were once accepted into two communes at once. Now a file whose ids belong to a commune it
    does not replace is refused naming them; confirmed, they move, and an undo puts them back."""
    from data.load import undo_load

    frame = review_households(con, "33", count=100, communes=4, seed=9)
    assert load_households(con, review_file(frame, 2024), "huyen.csv", 2024).status == "loaded"
    communes = sorted(frame["commune_code"].unique())
    moved = frame[frame["commune_code"] == communes[0]].head(5).copy()
    own = frame[frame["commune_code"] == communes[1]].copy()
    moved["commune_code"] = communes[1]  # the same households, now listed in the second commune
    second = pd.concat([own, moved], ignore_index=True)
    result = load_households(con, review_file(second, 2024), "xa-hai.csv", 2024)
    assert result.status == "rejected"
    named = [p for p in result.errors if p.code == "id_in_other_commune"]
    assert sorted(p.value for p in named) == sorted(str(i) for i in moved["household_id"])
    held = con.sql("select name from admin_unit where scheme = 'legacy_63' and code = $c", params={"c": communes[0]})
    assert held.fetchall()[0][0] in named[0].message("vi")
    result = load_households(con, review_file(second, 2024), "xa-hai.csv", 2024, confirm_moves=True)
    assert result.status == "loaded" and len([p for p in result.warnings if p.code == "id_moved"]) == 5
    where = dict(con.sql("select household_id, commune_code from household_review").fetchall())
    assert all(where[int(i)] == communes[1] for i in moved["household_id"])
    assert con.sql("select count(*) from household_review").fetchall() == [(100,)]  # moved, not doubled
    assert undo_load(con, result.load_id).status == "undone"
    where = dict(con.sql("select household_id, commune_code from household_review").fetchall())
    assert all(where[int(i)] == communes[0] for i in moved["household_id"])
