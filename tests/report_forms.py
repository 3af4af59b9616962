"""The review's summary report forms (TT 07/2021 Phụ lục VII) laid out as provinces print them, with
openpyxl: an office line and the form's number, its title merged across, a header of two rows whose group
titles are merged over their columns (the others merged down), the row of column numbers with the
formulas some provinces print («4=3/1*100»), «1» district / «1.1» commune rows or Roman «I» / «II» area
blocks, two rows per unit where a form splits them, the «Tổng cộng» row, blanks for zero, rates as text.

The figures are Lai Châu's (a province the seed holds no households of), hand-made so that every
expectation of tests/test_report_forms.py can be worked out on paper.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

PROVINCE = "TỈNH LAI CHÂU"
# name, households, persons, poor households, poor persons, near-poor households, near-poor persons
DISTRICTS_2023 = [
    ("Thành phố Lai Châu", 12000, 45000, 120, 480, 240, 900),
    ("Huyện Tam Đường", 14000, 60000, 2100, 9600, 1400, 6000),
    ("Huyện Mường Tè", 11000, 52000, 3300, 16000, 1100, 5200),
    ("Huyện Sìn Hồ", 18000, 85000, 5400, 26000, 1800, 8500),
    ("Huyện Phong Thổ", 17000, 80000, 4250, 20000, 1700, 8000),
    ("Huyện Than Uyên", 16000, 70000, 1600, 7000, 1600, 7000),
    ("Huyện Tân Uyên", 13000, 58000, 1950, 8700, 1300, 5800),
    ("Huyện Nậm Nhùn", 6000, 27000, 1800, 8100, 600, 2700),
]
# The city's communes in 2023 (they add up to its row).
CITY_COMMUNES_2023 = [
    ("Phường Quyết Thắng", 2500, 9000, 10, 40, 30, 100),
    ("Phường Tân Phong", 2400, 9000, 10, 40, 30, 110),
    ("Phường Quyết Tiến", 2300, 8500, 10, 40, 30, 110),
    ("Phường Đoàn Kết", 2200, 8000, 10, 40, 30, 120),
    ("Xã Sùng Phài", 900, 4000, 40, 160, 60, 230),
    ("Phường Đông Phong", 1000, 3500, 10, 40, 20, 80),
    ("Xã San Thàng", 700, 3000, 30, 120, 40, 150),
]
# 2024: each district a little less poor.
DISTRICTS_2024 = [
    ("Thành phố Lai Châu", 12200, 45500, 100, 400, 220, 850),
    ("Huyện Tam Đường", 14100, 60300, 1800, 8200, 1350, 5800),
    ("Huyện Mường Tè", 11100, 52300, 2900, 14000, 1150, 5400),
    ("Huyện Sìn Hồ", 18100, 85300, 4800, 23000, 1850, 8700),
    ("Huyện Phong Thổ", 17100, 80300, 3800, 18000, 1750, 8200),
    ("Huyện Than Uyên", 16100, 70300, 1300, 5800, 1550, 6800),
    ("Huyện Tân Uyên", 13100, 58300, 1700, 7600, 1250, 5600),
    ("Huyện Nậm Nhùn", 6050, 27200, 1550, 7000, 650, 2900),
]
# 7.2 for 2024, per district: start (= 2023's poor), escaped to near-poor, escaped above the near-poor line,
# other decrease, near-poor became poor, fell back, newly poor, other increase; end = 2024's poor.
MOVEMENT_2024 = [
    ("Thành phố Lai Châu", 120, 15, 10, 5, 4, 2, 4, 0),
    ("Huyện Tam Đường", 2100, 250, 120, 30, 40, 20, 40, 0),
    ("Huyện Mường Tè", 3300, 300, 150, 50, 50, 20, 30, 0),
    ("Huyện Sìn Hồ", 5400, 450, 250, 60, 80, 30, 50, 0),
    ("Huyện Phong Thổ", 4250, 380, 150, 40, 60, 20, 40, 0),
    ("Huyện Than Uyên", 1600, 200, 130, 20, 30, 10, 10, 0),
    ("Huyện Tân Uyên", 1950, 180, 100, 20, 30, 10, 10, 0),
    ("Huyện Nậm Nhùn", 1800, 160, 110, 20, 20, 10, 10, 0),
]
# 7.4 for 2024 per district: poor households, then the 12 indicators' counts.
DEPRIVATION_2024 = [
    ("Thành phố Lai Châu", 100, [30, 20, 10, 5, 40, 5, 30, 20, 10, 15, 5, 10]),
    ("Huyện Tam Đường", 1800, [900, 700, 300, 100, 1200, 150, 900, 600, 500, 1100, 200, 700]),
    ("Huyện Mường Tè", 2900, [1500, 1200, 600, 200, 2300, 300, 1800, 1200, 1400, 2200, 600, 1500]),
    ("Huyện Sìn Hồ", 4800, [2400, 2000, 900, 300, 3600, 500, 2800, 2000, 2100, 3500, 800, 2400]),
    ("Huyện Phong Thổ", 3800, [1900, 1500, 700, 250, 2800, 400, 2200, 1500, 1600, 2700, 600, 1900]),
    ("Huyện Than Uyên", 1300, [600, 500, 200, 80, 900, 120, 700, 400, 300, 800, 150, 500]),
    ("Huyện Tân Uyên", 1700, [800, 650, 300, 100, 1200, 150, 900, 600, 500, 1000, 200, 700]),
    ("Huyện Nậm Nhùn", 1550, [800, 600, 300, 100, 1200, 150, 1000, 700, 800, 1200, 300, 800]),
]
INDICATOR_LEGEND = (
    "Các chỉ số thiếu hụt (1 Việc làm; 2 Người phụ thuộc trong hộ gia đình; 3 Dinh dưỡng; 4 Bảo hiểm y tế; "
    "5 Trình độ giáo dục của người lớn; 6 Tình trạng đi học của trẻ em; 7 Chất lượng nhà ở; "
    "8 Diện tích nhà ở bình quân đầu người; 9 Nguồn nước sinh hoạt; 10 Nhà tiêu hợp vệ sinh; "
    "11 Sử dụng dịch vụ viễn thông; 12 Phương tiện phục vụ tiếp cận thông tin)"
)
# 7.9 for 2024 per district: poor (Kinh, Thái, Mông, Dao, other), near-poor (the same).
ETHNIC_GROUPS = ("Kinh", "Thái", "Mông", "Dao", "Khác")
# 7.10 for 2024 per district: poor, near-poor rows; causes in the order of CAUSES.
CAUSES = (
    "Không có đất sản xuất",
    "Không có vốn sản xuất",
    "Không có lao động",
    "Không có kỹ năng lao động, sản xuất",
    "Có người ốm đau, bệnh nặng, tai nạn",
    "Nguyên nhân khác",
)


def _number(value: float) -> object:
    """Zero as a blank cell, as printed forms leave it."""
    return None if value == 0 else value


def _rate(count: int, total: int) -> str:
    return f"{100 * count / total:.2f}%" if total else "NaN%"


def _sheet_head(sheet, office: str, number: str, title: str, width: int) -> None:
    sheet.append([f"UBND {office}", None, None, None, None, f"Biểu mẫu số {number}"])
    sheet.append([title] + [None] * (width - 1))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([f"(Kèm theo báo cáo của UBND {office.lower()})"] + [None] * (width - 1))
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.append([None] * width)


def _header(sheet, groups: list[tuple[str, list[str]]]) -> int:
    """Two header rows: each (title, sub-titles) merged over its sub-titles, or down both rows alone."""
    top = sheet.max_row + 1
    upper, lower = [], []
    for title, subs in groups:
        if subs:
            upper += [title] + [None] * (len(subs) - 1)
            lower += subs
        else:
            upper.append(title)
            lower.append(None)
    sheet.append(upper)
    sheet.append(lower)
    column = 1
    for _title, subs in groups:
        if subs:
            if len(subs) > 1:
                sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(subs) - 1)
            column += len(subs)
        else:
            sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            column += 1
    return len(upper)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def form_7_1(year: int, districts=None, communes=None, broken_rate: bool = False, sheet_name: str = "7.1") -> Workbook:
    """7.1 for the province: districts, the city's communes under it, the total; rates as text."""
    districts = districts if districts is not None else (DISTRICTS_2023 if year == 2023 else DISTRICTS_2024)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    groups = [
        ("STT", []),
        ("Tên đơn vị", []),
        ("Tổng số hộ dân cư", []),
        ("Tổng số nhân khẩu", []),
        ("Hộ nghèo", ["Số hộ", "Tỷ lệ (%)", "Số nhân khẩu", "Tỷ lệ (%)"]),
        ("Hộ cận nghèo", ["Số hộ", "Tỷ lệ (%)", "Số nhân khẩu", "Tỷ lệ (%)"]),
    ]
    width = 12
    _sheet_head(sheet, PROVINCE, "7.1", f"TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}", width)
    _header(sheet, groups)
    sheet.append(["A", "B", "1", "2", "3", "4=3/1*100", "5", "6=5/2*100", "7", "8=7/1*100", "9", "10=9/2*100"])

    def line(stt, name, h, p, ph, pp, nh, np_):
        return [
            stt,
            name,
            h,
            p,
            _number(ph),
            _rate(ph, h),
            _number(pp),
            _rate(pp, p),
            _number(nh),
            _rate(nh, h),
            _number(np_),
            _rate(np_, p),
        ]

    for number, row in enumerate(districts, start=1):
        sheet.append(line(str(number), *row))
        if number == 1 and communes:
            for sub, commune in enumerate(communes, start=1):
                sheet.append(line(f"{number}.{sub}", *commune))
    total = [sum(row[i] for row in districts) for i in range(1, 7)]
    sheet.append(line("", "Tổng cộng", *total))
    if broken_rate:
        sheet.cell(row=sheet.max_row, column=6).value = "9.99%"
    return book


URBAN_PERCENT = {"Thành phố Lai Châu": 85}  # the others: a tenth of each figure is urban


def by_area(row) -> tuple[list[int], list[int]]:
    """A district's figures split into its urban and rural parts (they add up to the row)."""
    share = URBAN_PERCENT.get(row[0], 10)
    urban = [value * share // 100 for value in row[1:]]
    return urban, [value - part for value, part in zip(row[1:], urban, strict=True)]


def form_7_1_by_area(year: int = 2024) -> Workbook:
    """7.1 in urban and rural blocks: «I Khu vực thành thị» and «II Khu vực nông thôn», each with every
    district's part, then «Tổng cộng (I + II)»."""
    book = form_7_1(year, districts=[])  # the title and the header; the body is written here
    sheet = book.active
    sheet.delete_rows(sheet.max_row)  # the empty total
    districts = DISTRICTS_2023 if year == 2023 else DISTRICTS_2024

    def line(stt, name, values):
        h, p, ph, pp, nh, np_ = values
        return [
            stt,
            name,
            h,
            p,
            _number(ph),
            _rate(ph, h),
            _number(pp),
            _rate(pp, p),
            _number(nh),
            _rate(nh, h),
            _number(np_),
            _rate(np_, p),
        ]

    for roman, block, part in (("I", "Khu vực thành thị", 0), ("II", "Khu vực nông thôn", 1)):
        parts = [by_area(row)[part] for row in districts]
        sheet.append(line(roman, block, [sum(values[i] for values in parts) for i in range(6)]))
        for number, (row, values) in enumerate(zip(districts, parts, strict=True), start=1):
            sheet.append(line(str(number), row[0], values))
    sheet.append(line("", "Tổng cộng (I + II)", [sum(row[i] for row in districts) for i in range(1, 7)]))
    return book


def form_7_2(year: int = 2024, movements=None, broken_end: bool = False) -> Workbook:
    """7.2 for the province: two rows per district (Hộ, Nhân khẩu), the formula of the end column."""
    movements = movements if movements is not None else MOVEMENT_2024
    book = Workbook()
    sheet = book.active
    sheet.title = "7.2"
    width = 12
    _sheet_head(sheet, PROVINCE, "7.2", f"TỔNG HỢP DIỄN BIẾN HỘ NGHÈO TRONG NĂM {year}", width)
    _header(
        sheet,
        [
            ("STT", []),
            ("Đơn vị", []),
            ("Phân tổ", []),
            ("Số hộ nghèo đầu năm (theo Quyết định phê duyệt)", []),
            (
                "Số hộ nghèo giảm trong năm",
                [
                    "Thoát nghèo: trở thành hộ cận nghèo",
                    "Thoát nghèo: vượt chuẩn cận nghèo",
                    "Giảm khác (chết, chuyển đi …)",
                ],
            ),
            (
                "Số hộ nghèo tăng trong năm",
                ["Hộ cận nghèo trở thành hộ nghèo", "Tái nghèo", "Phát sinh mới", "Tăng khác"],
            ),
            ("Số hộ nghèo cuối năm", []),
        ],
    )
    sheet.append(["A", "B", "C", "1", "2", "3", "4", "5", "6", "7", "8", "9=1-2-3-4+5+6+7+8"])
    totals = [0] * 8
    for number, (name, *values) in enumerate(movements, start=1):
        end = values[0] - values[1] - values[2] - values[3] + values[4] + values[5] + values[6] + values[7]
        if broken_end and number == 2:
            end += 7
        sheet.append([str(number), name, "Hộ", *[_number(v) for v in values], end])
        persons = [4 * v for v in values]
        sheet.append(
            [
                None,
                None,
                "Nhân khẩu",
                *[_number(v) for v in persons],
                4 * (end - (7 if broken_end and number == 2 else 0)),
            ]
        )
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    end = totals[0] - totals[1] - totals[2] - totals[3] + totals[4] + totals[5] + totals[6] + totals[7]
    sheet.append(["", "Tổng cộng", "Hộ", *[_number(v) for v in totals], end + (7 if broken_end else 0)])
    sheet.append(["", None, "Nhân khẩu", *[_number(4 * v) for v in totals], 4 * end])
    return book


def form_7_3(year: int = 2024) -> Workbook:
    """7.3 for the province: the near-poor's movements, two rows per district. Its flows between the
    classes are 7.2's (near-poor that became poor, poor that became near-poor); escaped is a quarter of the
    start, other decreases a fiftieth, fell back a hundredth, newly near-poor what makes the end 2024's."""
    book = Workbook()
    sheet = book.active
    sheet.title = "7.3"
    width = 12
    _sheet_head(sheet, PROVINCE, "7.3", f"TỔNG HỢP DIỄN BIẾN HỘ CẬN NGHÈO TRONG NĂM {year}", width)
    _header(
        sheet,
        [
            ("STT", []),
            ("Đơn vị", []),
            ("Phân tổ", []),
            ("Số hộ cận nghèo đầu năm", []),
            (
                "Số hộ cận nghèo giảm trong năm",
                ["Thoát cận nghèo", "Hộ cận nghèo trở thành hộ nghèo", "Giảm khác"],
            ),
            (
                "Số hộ cận nghèo tăng trong năm",
                ["Hộ nghèo trở thành hộ cận nghèo", "Tái cận nghèo", "Phát sinh mới", "Tăng khác"],
            ),
            ("Số hộ cận nghèo cuối năm", []),
        ],
    )
    sheet.append(["A", "B", "C", "1", "2", "3", "4", "5", "6", "7", "8", "9=1-2-3-4+5+6+7+8"])
    for number, (start_row, end_row, movement) in enumerate(
        zip(DISTRICTS_2023, DISTRICTS_2024, MOVEMENT_2024, strict=True), start=1
    ):
        values = near_poor_movement(start_row[5], end_row[5], movement)
        sheet.append([str(number), start_row[0], "Hộ", *[_number(v) for v in values[:-1]], values[-1]])
    return book


def near_poor_movement(start: int, end: int, movement) -> list[int]:
    """start, escaped, to poor, other decrease, from poor, fell back, newly, other increase, end."""
    to_poor, from_poor = movement[5], movement[2]
    escaped, other, fell_back = start // 4, start // 50, start // 100
    newly = end - (start - escaped - to_poor - other + from_poor + fell_back)
    return [start, escaped, to_poor, other, from_poor, fell_back, newly, 0, end]


def form_7_4(year: int = 2024, rows=None) -> Workbook:
    """7.4: the poor households' deprivations, columns headed «1» … «12», the legend in the group title."""
    rows = rows if rows is not None else DEPRIVATION_2024
    book = Workbook()
    sheet = book.active
    sheet.title = "7.4"
    width = 15
    _sheet_head(
        sheet,
        PROVINCE,
        "7.4",
        f"PHÂN TÍCH CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ NGHÈO NĂM {year}",
        width,
    )
    _header(
        sheet,
        [("STT", []), ("Đơn vị", []), ("Tổng số hộ nghèo", []), (INDICATOR_LEGEND, [str(i) for i in range(1, 13)])],
    )
    sheet.append(["A", "B", "1", *[str(i) for i in range(2, 14)]])
    totals = [0] * 13
    for number, (name, households, counts) in enumerate(rows, start=1):
        sheet.append([str(number), name, households, *[_number(c) for c in counts]])
        totals = [a + b for a, b in zip(totals, [households, *counts], strict=True)]
    sheet.append(["", "Tổng cộng", *totals])
    return book


def form_7_9(year: int = 2024, districts=None) -> Workbook:
    """7.9: poor and near-poor by ethnic group (Kinh, Thái, Mông, Dao, Khác), with «Trong đó: DTTS»."""
    districts = districts if districts is not None else DISTRICTS_2024
    book = Workbook()
    sheet = book.active
    sheet.title = "7.9"
    groups = ["Tổng số", "Trong đó: DTTS", *ETHNIC_GROUPS]
    width = 2 + 2 * len(groups)
    _sheet_head(sheet, PROVINCE, "7.9", f"PHÂN NHÓM HỘ NGHÈO, HỘ CẬN NGHÈO THEO DÂN TỘC NĂM {year}", width)
    _header(sheet, [("STT", []), ("Đơn vị", []), ("Hộ nghèo", groups), ("Hộ cận nghèo", groups)])
    sheet.append(["A", "B", *[str(i) for i in range(1, width - 1)]])
    for number, (name, *values) in enumerate(districts, start=1):
        poor, near = values[2], values[4]
        sheet.append([str(number), name, *ethnic_split(poor), *ethnic_split(near)])
    return book


def ethnic_split(total: int) -> list[int]:
    """total, of which minority, then Kinh (a tenth), Thái (half the rest), Mông, Dao, other."""
    kinh = total // 10
    thai = (total - kinh) // 2
    mong = (total - kinh - thai) // 2
    dao = (total - kinh - thai - mong) // 2
    other = total - kinh - thai - mong - dao
    return [total, total - kinh, kinh, thai, mong, dao, other]


def form_7_10(year: int = 2024, districts=None) -> Workbook:
    """7.10: per district a heading row, then «- Hộ nghèo» and «- Hộ cận nghèo» rows of causes."""
    districts = districts if districts is not None else DISTRICTS_2024
    book = Workbook()
    sheet = book.active
    sheet.title = "7.10"
    width = 3 + len(CAUSES)
    _sheet_head(
        sheet,
        PROVINCE,
        "7.10",
        f"PHÂN TÍCH HỘ NGHÈO, HỘ CẬN NGHÈO THEO CÁC NGUYÊN NHÂN NGHÈO NĂM {year}",
        width,
    )
    _header(sheet, [("STT", []), ("Đơn vị", []), ("Tổng số hộ", []), ("Nguyên nhân", list(CAUSES))])
    sheet.append(["A", "B", "1", *[str(i) for i in range(2, len(CAUSES) + 2)]])
    for number, (name, *values) in enumerate(districts, start=1):
        sheet.append([str(number), name])
        for prefix, households in (("- Hộ nghèo", values[2]), ("- Hộ cận nghèo", values[4])):
            sheet.append(["", prefix, households, *cause_split(households)])
    return book


def cause_split(households: int) -> list[int]:
    """Each cause's households (a household may have several causes): fixed shares."""
    return [households * share // 100 for share in (40, 55, 20, 30, 15, 10)]


def workbook_bytes(*books: Workbook) -> bytes:
    """The books' sheets in one workbook (one sheet per report, as provinces send them)."""
    if len(books) == 1:
        return _save(books[0])
    merged = Workbook()
    merged.remove(merged.active)
    for book in books:
        for source in book.worksheets:
            target = merged.create_sheet(source.title)
            for row in source.iter_rows(values_only=True):
                target.append(list(row))
            for merged_range in source.merged_cells.ranges:
                target.merge_cells(str(merged_range))
            for column in range(1, source.max_column + 1):
                target.column_dimensions[get_column_letter(column)].width = 14
    return _save(merged)
