"""Household lists as offices send them (../shared/reference/REVIEW_FORMS.md §1), laid out with openpyxl:

- a commune's list after the review, one row per person, in three sheets (the poor and near-poor, the
  households that escaped poverty, those that escaped near-poverty), each with its title merged across;
  a household is its head's row (STT filled, «Chủ hộ») and its members' rows below, no household code,
  the head's ID number (CCCD), B1/B2 scores, no member count;
- a district's raw export: two header rows (machine keys such as ``family.code`` above «Mã hộ»), household
  codes 1, 2, 3 … per commune, exact duplicate rows, B1/B2 scores, with or without a commune column.

The households are hand-made so that every expectation of tests/test_office_lists.py is worked on paper.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

PERSON_HEADER = [
    "STT",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Mã tỉnh",
    "Mã huyện",
    "Mã xã",
    "Thôn",
    "Dân tộc",
    "Phân loại hộ",
    "Điểm B1",
    "Điểm B2",
]

# (sheet title, sheet name, households); a household: (head, CCCD, class, B1, B2, [members' relations])
PERSON_SHEETS = [
    (
        "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO SAU KHI RÀ SOÁT NĂM {year}",
        "HN-HCN",
        [
            ("Nguyễn Văn An", "033080000001", "Hộ nghèo", 120, 40, ["Vợ", "Con", "Con"]),
            ("Trần Thị Bình", "033080000002", "Hộ cận nghèo", 130, 20, ["Con"]),
            ("Lê Văn Cường", "033080000003", "Hộ nghèo", 100, 30, []),
        ],
    ),
    (
        "DANH SÁCH HỘ THOÁT NGHÈO SAU KHI RÀ SOÁT NĂM {year}",
        "Thoát nghèo",
        [
            # escaped to near-poor: also on the first sheet, one household
            ("Trần Thị Bình", "033080000002", "Hộ cận nghèo", 130, 20, ["Con"]),
            ("Phạm Văn Dũng", "033080000004", "Hộ không nghèo", 160, 10, ["Vợ"]),
        ],
    ),
    (
        "DANH SÁCH HỘ THOÁT CẬN NGHÈO SAU KHI RÀ SOÁT NĂM {year}",
        "Thoát cận nghèo",
        [("Hoàng Thị Em", "033080000005", "Hộ không nghèo", 150, 0, [])],
    ),
]


def person_list(year: int, province: str, district: str, commune: str, sheets=PERSON_SHEETS) -> bytes:
    """A commune's three-sheet list, one row per person."""
    book = Workbook()
    book.remove(book.active)
    for title, name, households in sheets:
        sheet = book.create_sheet(name)
        sheet.append([title.format(year=year)])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PERSON_HEADER))
        sheet.append([f"Xã {commune}"])
        sheet.append(PERSON_HEADER)
        for number, (head, id_number, word, b1, b2, members) in enumerate(households, start=1):
            place = [province, district, commune, "Thôn Đông", "Kinh"]
            sheet.append([number, head, "Chủ hộ", "01/01/1970", "Nam", id_number, *place, word, b1, b2])
            for relation in members:
                sheet.append([None, f"{relation} của {head}", relation, "01/01/2000", "Nữ", None, *place, word])
    return _save(book)


DISTRICT_KEYS = [
    "date",
    "family.hostName",
    "family.code",
    "family.coDanTocTaiCho",
    "family.hostGender",
    "family.numberOfMembers",
    "quickReview.result",
    "b1Point",
    "b2Point",
    "classify",
    "reviewer",
]
DISTRICT_LABELS = [
    "Thời gian rà soát",
    "Chủ hộ",
    "Mã hộ",
    "Dân tộc tại chỗ",
    "Giới tính",
    "Số nhân khẩu",
    "Phiếu A",
    "Phiếu B1",
    "Phiếu B2",
    "Kết quả rà soát",
    "Người rà soát",
]
# Per commune: (code 1, 2, 3 … , members, B1, B2, class word). Code 2 of the first commune says «Hộ nghèo»
# with 20 points on B2 (two deprivations): the scores give near-poor.
DISTRICT_HOUSEHOLDS = [
    (1, 4, 120, 40, "Hộ nghèo"),
    (2, 3, 130, 20, "Hộ nghèo"),
    (3, 5, 200, 10, "Hộ không nghèo"),
    (4, 2, 180, 0, "Hộ không nghèo"),
]
SECOND_COMMUNE = [
    (1, 6, 110, 50, "Hộ nghèo"),
    (2, 2, 135, 10, "Hộ cận nghèo"),
    (3, 4, 210, 0, "Hộ không nghèo"),
]


def district_export(communes: list[str] | None) -> bytes:
    """A district's raw export: keys above labels, codes per commune, the first household's row twice.
    ``communes``: two commune codes for a «Mã xã» column, or None for the export as sent (no commune)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    with_commune = communes is not None
    sheet.append(DISTRICT_KEYS + (["family.communeCode"] if with_commune else []))
    sheet.append(DISTRICT_LABELS + (["Mã xã"] if with_commune else []))
    for index, households in enumerate((DISTRICT_HOUSEHOLDS, SECOND_COMMUNE)):
        for code, members, b1, b2, word in households:
            row = ["10/10/2024", f"Chủ hộ {index}-{code}", code, None, "Nam", members, "--", b1, b2, word, "Cán bộ"]
            row += [communes[index]] if with_commune else []
            sheet.append(row)
            if index == 0 and code == 1:
                sheet.append(row)  # an exact duplicate row, as such exports have
    return _save(book)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
