"""The summary report forms of the review (Phụ lục VII of TT 07/2021, 7.8-7.10 as TT 02/2022 replaced them):
what provinces and the ministry receive instead of household lists (../shared/reference/REVIEW_FORMS.md).

A form is read as printed: a title block that names the form (its number, else its title words), one to
four header rows with merged group titles, the row of column numbers («A», «B», «1», «4=3/1*100») under
them, then one row per unit («1» a district, «1.1» a commune, or communes alone after 2025), Roman «I» /
«II» blocks for urban and rural areas with their «Tổng cộng (I + II)» row, two rows per unit where the
form splits them (Hộ / Nhân khẩu; - Hộ nghèo / - Hộ cận nghèo). Blanks are zero; rates may be text
(«10.47%», «NaN%»). Columns are matched by meaning (report_columns.csv), never by exact wording: the words
differ between provinces.

Every identity a form states is checked, row by row: the formulas of its column-number row
(«9=1-2-3-4+5+6+7+8»), the ones its layout implies (end = start - decreases + increases, a rate = its
count / its total, an indicator's count at most its class's households, a minority at most its class),
and the arithmetic of the units (a district is the sum of its communes, a block of its units, the total of
its blocks or units). A mismatch refuses the load and names its row, its columns and both values.
"""

from __future__ import annotations

import ast
import csv
import math
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from data.load.problems import ERROR, WARNING, LoadRejected, Problem
from data.load.reading import PART_ROWS, Source, _filled, _parts, expand, is_numbering_row
from data.load.vocabulary import fold, vocabulary

COLUMNS_CSV = Path(__file__).with_name("report_columns.csv")
FORMS = ("7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.9", "7.10")
DEPRIVATION_FORMS = {
    "7.4": ("poor", False),
    "7.5": ("poor", True),
    "7.6": ("near_poor", False),
    "7.7": ("near_poor", True),
}
# Which rows of report_columns.csv a form reads.
FAMILY = {"7.1": "7.1", "7.2": "7.2", "7.3": "7.3", "7.9": "7.9", "7.10": "7.10"} | dict.fromkeys(
    DEPRIVATION_FORMS, "deprivation"
)
HEAD_ROWS = 40
MAX_HEADER_ROWS = 4
# A rate printed with two decimals may differ from its counts' quotient by half a unit of its last digit.
RATE_TOLERANCE = 0.0051
ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi)$")
FORM_NUMBER = re.compile(r"(?:bieu|mau|phu luc|bm)\s*(?:so\s*)?(?:0?7|vii)\s+(\d{1,2})\b")
TOTAL_WORDS = ("tong cong", "tong so", "toan tinh", "toan huyen", "toan xa", "cong", "tong")
URBAN_WORDS = ("thanh thi",)
RURAL_WORDS = ("nong thon",)
PERSON_WORDS = ("nhan khau", "nguoi")
HOUSEHOLD_WORDS = ("ho", "so ho", "ho gia dinh")
# A unit's name as forms write it: its type (in full or abbreviated), then its own name.
UNIT_TYPES = {
    "tinh": "Tỉnh",
    "thanh pho": "Thành phố",
    "tp": "Thành phố",
    "thi xa": "Thị xã",
    "tx": "Thị xã",
    "huyen": "Huyện",
    "h": "Huyện",
    "quan": "Quận",
    "q": "Quận",
    "xa": "Xã",
    "x": "Xã",
    "phuong": "Phường",
    "p": "Phường",
    "thi tran": "Thị trấn",
    "tt": "Thị trấn",
    "dac khu": "Đặc khu",
}


@dataclass(frozen=True)
class ColumnRule:
    form: str
    measure: str
    kind: str  # count | persons | rate | split
    alternatives: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    def matches(self, folded: str) -> bool:
        padded = f" {folded} "
        if any(f" {word} " in padded for word in self.excluded):
            return False
        return any(all(f" {word} " in padded for word in alternative) for alternative in self.alternatives)


@cache
def column_rules() -> tuple[ColumnRule, ...]:
    with open(COLUMNS_CSV, encoding="utf-8", newline="") as fh:
        return tuple(
            ColumnRule(
                row["form"],
                row["measure"],
                row["kind"],
                tuple(
                    tuple(word.strip() for word in alternative.split("&"))
                    for alternative in row["match"].split("|")
                    if alternative.strip()
                ),
                tuple(word.strip() for word in row["exclude"].split("|") if word.strip()),
            )
            for row in csv.DictReader(fh)
        )


def identify(title: str) -> str | None:
    """The form a title block names: by its words, else by the number printed above it («Biểu số 7.2»)."""
    text = f" {fold(title)} "
    if " dien bien " in text or " bien dong " in text:
        return "7.3" if " dien bien ho can ngheo" in text or " bien dong ho can ngheo" in text else "7.2"
    if " thieu hut " in text:
        near = " cua ho can ngheo" in text or (" can ngheo " in text and " ho ngheo " not in text)
        rate = " ty le " in text
        return ("7.7" if rate else "7.6") if near else ("7.5" if rate else "7.4")
    if " dan toc " in text and (" phan nhom " in text or " theo dan toc " in text):
        return "7.9"
    if " nguyen nhan " in text:
        return "7.10"
    if " ket qua ra soat " in text or " ket qua tong ra soat " in text:
        return "7.1"
    number = FORM_NUMBER.search(text)
    if number and f"7.{number.group(1)}" in FORMS:
        return f"7.{number.group(1)}"
    return None


# --- one sheet --------------------------------------------------------------------------------------------


@dataclass
class FormRow:
    file_row: int
    kind: str  # unit | total | block
    stt: str
    name: str
    area: str  # all | urban | rural
    counted: str  # households | persons
    household_class: str | None  # poor | near_poor (rows of 7.10 and some 7.9), else None
    values: dict[str, float | None]
    depth: int = 0  # 1 for «1», 2 for «1.1»
    unit_code: str | None = None
    level: str | None = None


@dataclass
class FormColumn:
    index: int
    header: str
    number: str  # as the column-number row prints it
    measure: str
    kind: str  # count | persons | rate
    household_class: str | None = None
    item: str | None = None  # indicator code, ethnic group or cause
    rate_of: str | None = None  # the measure a rate column is the rate of


@dataclass
class FormSheet:
    source: Source
    form: str
    title: str
    columns: list[FormColumn]
    rows: list[FormRow] = field(default_factory=list)
    formulas: list[tuple[int, str, int]] = field(default_factory=list)  # (target column, expression, file row)
    number_columns: dict[str, int] = field(default_factory=dict)  # printed number -> column index
    name_column: int = 1
    stt_column: int | None = 0
    split_column: int | None = None
    header_rows: tuple[int, int] = (0, 0)
    place: str = ""  # the title block's words that may name the unit a one-unit form is about

    @property
    def name(self) -> str:
        return self.source.name

    def column(self, measure: str, household_class: str | None = None, item: str | None = None) -> FormColumn | None:
        return next(
            (
                c
                for c in self.columns
                if c.measure == measure and c.household_class == household_class and c.item == item
            ),
            None,
        )


def _row_number(source: Source, row: int) -> int:
    return source.part * PART_ROWS + row


def _title_and_header(grid: list[list[str]], copies: set) -> tuple[str, int, int, int | None]:
    """(title text, first header row, last header row, column-number row) of a sheet's first rows."""
    numbering = next((i for i, cells in enumerate(grid) if is_numbering_row(cells)), None)
    stt = next(
        (i for i, cells in enumerate(grid) if any(fold(c) in ("stt", "tt", "so tt", "so thu tu") for c in cells[:3])),
        None,
    )
    if numbering is not None:
        end = numbering - 1
    elif stt is not None:
        end = stt
        while end + 1 < len(grid) and not _is_body_start(grid[end + 1]):
            end += 1
    else:
        return "", -1, -1, None
    start = end
    while (
        start - 1 >= 0 and end - start + 1 < MAX_HEADER_ROWS and not _is_title_row(grid[start - 1], start - 1, copies)
    ):
        start -= 1
    if stt is not None and stt <= end:
        start = max(start, stt) if stt >= end - MAX_HEADER_ROWS + 1 else start
    title = " ".join(
        " ".join(dict.fromkeys(c.strip() for c in cells if c.strip())) for cells in grid[:start] if any(cells)
    )
    return title, start, end, numbering


def _is_title_row(cells: list[str], row: int, copies: set) -> bool:
    """A title line: empty, or one text (merged across the sheet, or a single cell)."""
    texts = {c.strip() for c in cells if c.strip()}
    return len(texts) <= 1


def _is_body_start(cells: list[str]) -> bool:
    first = fold(cells[0]) if cells else ""
    return bool(ROMAN.match(first) or re.fullmatch(r"\d+", first) or first.startswith(TOTAL_WORDS))


def _column_texts(grid, copies, start: int, end: int) -> list[str]:
    names = []
    width = max(len(r) for r in grid[start : end + 1]) if end >= start else 0
    for column in range(width):
        parts: list[str] = []
        for row in range(start, end + 1):
            text = grid[row][column].strip() if column < len(grid[row]) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" ".join(parts))
    return names


def _indicator_legend(title_and_headers: str) -> dict[int, str]:
    """«1 Việc làm; 2 Người phụ thuộc …» in a group title: number -> the indicator's words."""
    legend = {}
    for number, words in re.findall(r"(?:^|[\s;,(])(\d{1,2})[\s.:)-]+([^;0-9]+)", title_and_headers):
        legend.setdefault(int(number), words.strip(" ;,."))
    return legend


def _class_of(folded: str) -> str | None:
    padded = f" {folded} "
    if " can ngheo " in padded:
        return "near_poor"
    if " ngheo " in padded:
        return "poor"
    return None


def _columns(
    form: str, names: list[str], numbers: list[str], indicators: pd.DataFrame
) -> tuple[list[FormColumn], int, int | None, int | None]:
    """Each column's meaning, and the stt, name and split columns."""
    rules = [rule for rule in column_rules() if rule.form == FAMILY[form]]
    stt_column = next((i for i, n in enumerate(names) if fold(n) in ("stt", "tt", "so tt", "so thu tu")), None)
    name_column = next(
        (
            i
            for i, n in enumerate(names)
            if i != stt_column
            and any(w in f" {fold(n)} " for w in (" don vi ", " dia ban ", " ten ", " huyen ", " xa ", " noi dung "))
        ),
        1 if stt_column == 0 else 0,
    )
    columns: list[FormColumn] = []
    split_column = None
    legend = _indicator_legend(" ".join(names))
    ethnic = vocabulary("ethnic_group")
    for index, (name, number) in enumerate(zip(names, numbers, strict=False)):
        if index in (stt_column, name_column) or not name.strip():
            continue
        folded = fold(name)
        household_class = _class_of(folded) if form in ("7.9",) else None
        if FAMILY[form] == "deprivation":
            last = name.split()[-1] if name.split() else ""
            if last.isdigit() and 1 <= int(last) <= 20 and not any(r.matches(fold(name)) for r in rules[:1]):
                columns.append(_indicator_column(index, name, number, int(last), legend, indicators, form))
                continue
        rule = next((r for r in rules if r.matches(folded)), None)
        if rule is None and form == "7.9":
            word = fold(name.split()[-1]) if name.split() else ""
            tail = next((w for w in (fold(name),) if w in ethnic), None) or (word if word in ethnic else None)
            if tail is not None:
                columns.append(FormColumn(index, name, number, "group", "count", household_class, tail))
            continue
        if rule is None:
            continue
        if rule.kind == "split":
            split_column = index
            continue
        measure, kind, rate_of = rule.measure, rule.kind, None
        if kind == "rate":
            counts = [c for c in columns if c.kind in ("count", "persons") and c.household_class == household_class]
            if not counts:
                continue
            rate_of = counts[-1].measure
            measure = f"{rate_of}_rate"
        columns.append(FormColumn(index, name, number, measure, kind, household_class, rate_of=rate_of))
    return columns, name_column, stt_column, split_column


def _indicator_column(index, name, number, position, legend, indicators, form) -> FormColumn:
    """A column headed «1» … «12»: the indicator the legend names there, else the standard's n-th."""
    chosen = None
    words = legend.get(position)
    if words:
        folded = fold(words)
        for row in indicators.itertuples():
            names = {fold(row.name_vi), fold(row.short_vi)}
            if folded in names or any(n and (n in folded or folded in n) for n in names):
                chosen = row.code
                break
    if chosen is None and position <= len(indicators):
        chosen = indicators.iloc[position - 1]["code"]
    household_class, is_rate = DEPRIVATION_FORMS[form]
    return FormColumn(index, name, number, "deprived", "rate" if is_rate else "count", household_class, chosen)


def read_sheet(part, indicators: pd.DataFrame) -> FormSheet | None:
    """One sheet as a form, or None when its title names none."""
    from data.load.reading import _split_head  # noqa: F401 - the part's head is already split

    head = part.head
    rest = list(part.rest)
    rows = head + rest
    search = rows[:HEAD_ROWS]
    grid, copies = _filled(search, part.merged)
    title, start, end, numbering = _title_and_header(grid, copies)
    if start < 0:
        return None
    form = identify(title) or identify(" ".join(" ".join(c) for c in grid[: end + 1]))
    if form is None:
        return None
    names = _column_texts(grid, copies, start, end)
    numbers = [c.strip() for c in grid[numbering]] if numbering is not None else [""] * len(names)
    numbers += [""] * (len(names) - len(numbers))
    columns, name_column, stt_column, split_column = _columns(form, names, numbers, indicators)
    sheet = FormSheet(
        part.source,
        form,
        title,
        columns,
        name_column=name_column,
        stt_column=stt_column,
        split_column=split_column,
        header_rows=(search[start][0], search[end][0]),
        place=title,
    )
    if numbering is not None:
        sheet.number_columns = {number: i for i, number in enumerate(numbers) if number}
        for i, number in enumerate(numbers):
            if "=" in number:
                sheet.formulas.append((i, number.split("=", 1)[1], search[numbering][0]))
    body_start = (numbering if numbering is not None else end) + 1
    sheet.rows = _body(sheet, rows[body_start:])
    return sheet


def _number(text: str, kind: str) -> float | None:
    """A cell as a number: blank is zero, «NaN%» unknown, «1.234» a thousand and more, «10,47%» a rate."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text or text in ("-", "–", "—"):
        return 0.0
    if fold(text) in ("nan", "nan%", "#div/0!", "div 0"):
        return None
    text = text.rstrip("%")
    if kind in ("count", "persons") and re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(text) from None


def _body(sheet: FormSheet, records) -> list[FormRow]:
    out: list[FormRow] = []
    area = "all"
    current_name, current_stt, current_depth = "", "", 0
    for line, cells in records:
        cells = list(cells)
        stt = cells[sheet.stt_column].strip() if sheet.stt_column is not None and sheet.stt_column < len(cells) else ""
        name = cells[sheet.name_column].strip() if sheet.name_column < len(cells) else ""
        values_present = any(cells[c.index].strip() for c in sheet.columns if c.index < len(cells))
        if not stt and not name and not values_present:
            continue
        folded_name, folded_stt = fold(name), fold(stt)
        split = (
            cells[sheet.split_column].strip()
            if sheet.split_column is not None and sheet.split_column < len(cells)
            else ""
        )
        row_class = None
        counted = "households"
        if split:
            counted = "persons" if any(w in fold(split) for w in PERSON_WORDS) else "households"
        kind = "unit"
        if name.lstrip().startswith(("-", "–", "+")) and _class_of(folded_name):
            # «- Hộ nghèo» / «- Hộ cận nghèo» under a unit (7.10): the unit's rows by class
            row_class = _class_of(folded_name)
            name, stt, depth = current_name, current_stt, current_depth
            kind = out[-1].kind if out and out[-1].name == current_name else "unit"
        elif not name and not stt and out:
            name, stt, depth, kind = current_name, current_stt, current_depth, out[-1].kind
        elif folded_name.startswith(TOTAL_WORDS) or folded_stt.startswith(("tong", "cong")):
            kind, depth = "total", 0
            area = "all"
        elif (
            ROMAN.match(folded_stt)
            or any(w in f" {folded_name} " for w in (" khu vuc thanh thi ", " khu vuc nong thon "))
            or folded_name in ("thanh thi", "nong thon")
        ):
            kind, depth = "block", 0
            area = (
                "urban"
                if any(w in folded_name for w in URBAN_WORDS)
                else "rural"
                if any(w in folded_name for w in RURAL_WORDS)
                else area
            )
        else:
            depth = stt.count(".") + 1 if re.fullmatch(r"\d+(\.\d+)*\.?", stt.rstrip(".")) else (current_depth or 1)
        if not values_present:
            if kind in ("unit", "total"):
                current_name, current_stt, current_depth = name, stt, depth
            continue  # a unit's heading row over its «- Hộ nghèo» rows
        current_name, current_stt, current_depth = name, stt, depth
        values = {}
        for column in sheet.columns:
            text = cells[column.index] if column.index < len(cells) else ""
            try:
                values[_key(column)] = _number(text, column.kind)
            except ValueError:
                values[_key(column)] = math.nan  # reported by the checks with its row and column
        out.append(
            FormRow(
                _row_number(sheet.source, line),
                kind,
                stt,
                name,
                area if kind != "total" else "all",
                counted,
                row_class,
                values,
                depth,
            )
        )
    return out


def _key(column: FormColumn) -> tuple:
    return (column.measure, column.household_class, column.item)


# --- the units -----------------------------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str | None, str]:
    folded = fold(name)
    for words in sorted(UNIT_TYPES, key=len, reverse=True):
        if folded.startswith(words + " "):
            return UNIT_TYPES[words], folded[len(words) + 1 :]
    return None, folded


def _candidates(units: pd.DataFrame, name: str, parent: str | None, levels: tuple[str, ...]) -> pd.DataFrame:
    unit_type, own = _split_name(name)
    found = units[(units["folded"] == own) & units["level"].isin(levels)]
    if parent is not None:
        found = found[found["ancestors"].map(lambda a: parent in a)]
    if unit_type is not None and len(found) > 1:
        found = found[found["unit_type"] == unit_type]
    return found


def unit_table(units: pd.DataFrame) -> pd.DataFrame:
    """admin_unit of one scheme with each unit's folded own name and its ancestors."""
    units = units.copy()
    units["folded"] = units["short_name"].map(fold)
    parent = dict(zip(units["code"], units["parent_code"], strict=True))
    chains = {}
    for code in units["code"]:
        chain, step = [], parent.get(code)
        while step in parent:
            chain.append(step)
            step = parent.get(step)
        chains[code] = set(chain)
    units["ancestors"] = units["code"].map(chains)
    return units


def resolve(sheet: FormSheet, units: pd.DataFrame, allowed: list[str] | None) -> list[Problem]:
    """Each row's unit: the form's province from its title (or its rows), districts in it, communes in
    their district; the total row is the unit every row lies in; a one-unit form's unit from its title."""
    problems: list[Problem] = []
    provinces = units[units["level"] == "province"]
    if allowed is not None:
        provinces = provinces[provinces["code"].isin(allowed)]
    place = f" {fold(sheet.place)} "
    named = [p for p in provinces.itertuples() if f" {p.folded} " in place]
    unit_rows = [r for r in sheet.rows if r.kind == "unit"]
    if len(named) != 1:
        scores = {}
        for province in provinces.itertuples():
            inside = units[units["ancestors"].map(lambda a, code=province.code: code in a)]
            folded = set(inside["folded"])
            scores[province.code] = sum(_split_name(r.name)[1] in folded for r in unit_rows)
        best = max(scores, key=scores.get) if scores else None
        if best is None or (unit_rows and scores[best] < 0.6 * len({r.name for r in unit_rows})) or not unit_rows:
            return [Problem.error("report_province_unknown", sheet=sheet.name)]
        province_code = best
    else:
        province_code = named[0].code
    inside = units[units["ancestors"].map(lambda a: province_code in a)]
    district_of_depth: dict[int, str] = {}
    levels_below = tuple(sorted(set(inside["level"]), key=["district", "commune"].index))
    for row in unit_rows:
        parent = district_of_depth.get(row.depth - 1, province_code) if row.depth > 1 else province_code
        levels = levels_below if row.depth <= 1 else ("commune",)
        found = _candidates(inside, row.name, parent, levels)
        if row.depth <= 1 and len(found) > 1 and len(levels_below) > 1:
            found = (
                found[found["level"] == levels_below[0]]
                if len(found[found["level"] == levels_below[0]]) == 1
                else found
            )
        if len(found) != 1:
            problems.append(
                Problem(
                    ERROR,
                    "report_unit_unknown" if found.empty else "report_unit_ambiguous",
                    row.file_row,
                    None,
                    row.name,
                    {"sheet": sheet.name},
                )
            )
            continue
        row.unit_code, row.level = found.iloc[0]["code"], found.iloc[0]["level"]
        if row.level == "district":
            district_of_depth[row.depth] = row.unit_code
    resolved = [r for r in unit_rows if r.unit_code]
    top_code, top_level = province_code, "province"
    if resolved and all(r.level == "commune" for r in resolved):
        parents = {units.set_index("code").loc[r.unit_code, "parent_code"] for r in resolved}
        if len(parents) == 1 and next(iter(parents)) != province_code:
            top_code, top_level = next(iter(parents)), "district"
    if not unit_rows:
        # A one-unit form (its areas, or its total only): the deepest unit its title names.
        for level in ("commune", "district"):
            hits = [u for u in inside[inside["level"] == level].itertuples() if f" {u.folded} " in place]
            if len(hits) == 1:
                top_code, top_level = hits[0].code, level
                break
    for row in sheet.rows:
        if row.kind in ("total", "block"):
            row.unit_code, row.level = top_code, top_level
    return problems


# --- the checks ----------------------------------------------------------------------------------------------

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _evaluate(expression: str, value_of) -> float | None:
    """A column-number formula («1-2-3-4+5+6+7+8», «3/1*100») over the row's values: numbers that are
    column numbers are their columns, other numbers are themselves."""
    text = expression.replace("x", "*").replace("×", "*").replace(":", "/").replace(",", ".")
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None

    def walk(node) -> float | None:
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Div) and right == 0:
                return None
            return _OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = walk(node.operand)
            return None if inner is None else -inner
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return value_of(node.value)
        raise ValueError(expression)

    try:
        return walk(tree)
    except ValueError:
        return None


def _mismatch(sheet, row, columns: str, expected: float, found: float, rule: str) -> Problem:
    return Problem(
        ERROR,
        "report_identity",
        row.file_row,
        columns,
        _shown(found),
        {"expected": _shown(expected), "rule": rule, "sheet": sheet.name},
    )


def _shown(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value is not None else "—"


def _close(a: float, b: float, is_rate: bool) -> bool:
    return abs(a - b) <= (RATE_TOLERANCE + 1e-9 if is_rate else 0.5)


def check(sheet: FormSheet) -> list[Problem]:
    problems: list[Problem] = []
    by_index = {c.index: c for c in sheet.columns}
    for row in sheet.rows:
        for column in sheet.columns:
            value = row.values.get(_key(column))
            if value is not None and math.isnan(value):
                problems.append(
                    Problem(ERROR, "report_number_invalid", row.file_row, column.header, None, {"sheet": sheet.name})
                )
            elif value is not None and value < 0:
                problems.append(
                    Problem(
                        ERROR,
                        "report_number_negative",
                        row.file_row,
                        column.header,
                        _shown(value),
                        {"sheet": sheet.name},
                    )
                )
    if problems:
        return problems
    # 1. the formulas the column-number row prints
    numbered = {number: index for number, index in sheet.number_columns.items() if number.isdigit()}
    for target, expression, _line in sheet.formulas:
        column = by_index.get(target)
        if column is None:
            continue
        for row in sheet.rows:

            def value_of(number, row=row):
                index = numbered.get(str(int(number))) if float(number).is_integer() and number < 100 else None
                if index is None:
                    return float(number)
                source = by_index.get(index)
                return row.values.get(_key(source)) if source else None

            expected = _evaluate(expression, value_of)
            found = row.values.get(_key(column))
            if expected is None or found is None:
                continue
            is_rate = column.kind == "rate"
            if not _close(expected, found, is_rate):
                problems.append(_mismatch(sheet, row, column.header, expected, found, f"({column.number})"))
    # 2. what the layout implies
    for row in sheet.rows:
        problems += _implied(sheet, row)
    # 3. units add up
    problems += _sums(sheet)
    return problems


def _value(row: FormRow, sheet: FormSheet, measure: str, household_class=None, item=None) -> float | None:
    column = sheet.column(measure, household_class, item)
    return None if column is None else row.values.get(_key(column))


def _implied(sheet: FormSheet, row: FormRow) -> list[Problem]:
    problems = []
    form = sheet.form
    if form in ("7.2", "7.3") and not any("=" in n for n in sheet.number_columns):
        decreases = {
            "7.2": ("escaped_to_near_poor", "escaped_above", "escaped", "other_decrease"),
            "7.3": ("to_poor", "escaped", "other_decrease"),
        }[form]
        increases = {
            "7.2": ("from_near_poor", "fell_back", "newly", "other_increase"),
            "7.3": ("from_poor", "fell_back", "newly", "other_increase"),
        }[form]
        start, end = _value(row, sheet, "start"), _value(row, sheet, "end")
        if start is not None and end is not None:
            expected = (
                start
                - sum(_value(row, sheet, m) or 0 for m in decreases)
                + sum(_value(row, sheet, m) or 0 for m in increases)
            )
            if not _close(expected, end, False):
                end_column = sheet.column("end")
                problems.append(_mismatch(sheet, row, end_column.header, expected, end, "end_equals_start_minus_plus"))
    stated = {target for target, _, _ in sheet.formulas}  # checked by the printed formula already
    for column in sheet.columns:
        if column.kind == "rate" and column.rate_of and column.index not in stated:
            count = _value(row, sheet, column.rate_of, column.household_class)
            total = _value(row, sheet, "persons" if column.rate_of.endswith("persons") else "households")
            rate = row.values.get(_key(column))
            if (
                form == "7.1"
                and count is not None
                and total
                and rate is not None
                and not _close(100 * count / total, rate, True)
            ):
                problems.append(
                    _mismatch(sheet, row, column.header, 100 * count / total, rate, "rate_equals_count_over_total")
                )
    if form in DEPRIVATION_FORMS:
        total = _value(row, sheet, "class_households")
        for column in sheet.columns:
            if column.measure == "deprived" and total is not None:
                value = row.values.get(_key(column))
                limit = 100 if column.kind == "rate" else total
                if value is not None and value > limit + 1e-9:
                    problems.append(_mismatch(sheet, row, column.header, limit, value, "deprived_at_most_class"))
    if form == "7.9":
        for household_class in ("poor", "near_poor"):
            total = _value(row, sheet, "total", household_class)
            minority = _value(row, sheet, "minority", household_class)
            kinh = _value(row, sheet, "group", household_class, "kinh")
            if total is not None and minority is not None and minority > total:
                problems.append(
                    _mismatch(
                        sheet,
                        row,
                        sheet.column("minority", household_class).header,
                        total,
                        minority,
                        "minority_at_most_total",
                    )
                )
            if (
                total is not None
                and minority is not None
                and kinh is not None
                and not _close(total - kinh, minority, False)
            ):
                problems.append(
                    _mismatch(
                        sheet,
                        row,
                        sheet.column("minority", household_class).header,
                        total - kinh,
                        minority,
                        "minority_equals_total_minus_kinh",
                    )
                )
            groups = [
                c
                for c in sheet.columns
                if c.household_class == household_class and c.measure in ("group", "other_groups")
            ]
            if total is not None and groups and sheet.column("other_groups", household_class) is not None:
                summed = sum(row.values.get(_key(c)) or 0 for c in groups)
                if not _close(summed, total, False):
                    problems.append(
                        _mismatch(
                            sheet, row, sheet.column("total", household_class).header, summed, total, "groups_add_up"
                        )
                    )
    if form == "7.10":
        total = _value(row, sheet, "households")
        for column in sheet.columns:
            value = row.values.get(_key(column))
            if column.measure != "households" and total is not None and value is not None and value > total:
                problems.append(_mismatch(sheet, row, column.header, total, value, "cause_at_most_households"))
    return problems


def _sums(sheet: FormSheet) -> list[Problem]:
    """A district is the sum of its communes; an area block of its units; the total of the blocks (or of the
    top units). Counts only: rates do not add."""
    problems = []
    counts = [
        c
        for c in sheet.columns
        if c.kind in ("count", "persons") and not (sheet.form in DEPRIVATION_FORMS and c.kind == "rate")
    ]
    groups: dict[tuple, list[FormRow]] = defaultdict(list)
    rows = sheet.rows
    for position, row in enumerate(rows):
        if row.kind == "unit" and row.depth == 1:
            children = []
            for later in rows[position + 1 :]:
                if later.kind != "unit" or later.depth <= 1:
                    break
                if later.depth == 2 and later.counted == row.counted and later.household_class == row.household_class:
                    children.append(later)
            if children:
                groups[("unit", position)] = [row, *children]
    blocks = [p for p, r in enumerate(rows) if r.kind == "block"]
    for position in blocks:
        block = rows[position]
        members = []
        for later in rows[position + 1 :]:
            if later.kind in ("block", "total"):
                break
            if (
                later.kind == "unit"
                and later.depth <= 1
                and later.counted == block.counted
                and later.household_class == block.household_class
            ):
                members.append(later)
        if members:
            groups[("block", position)] = [block, *members]
    for position, row in enumerate(rows):
        if row.kind != "total":
            continue
        same = lambda r, row=row: r.counted == row.counted and r.household_class == row.household_class  # noqa: E731
        parts = [r for r in rows if r.kind == "block" and same(r)] or [
            r for r in rows if r.kind == "unit" and r.depth <= 1 and same(r)
        ]
        if parts:
            groups[("total", position)] = [row, *parts]
    for (_kind, _position), (parent, *children) in groups.items():
        for column in counts:
            key = _key(column)
            expected = sum(child.values.get(key) or 0 for child in children)
            found = parent.values.get(key)
            if found is not None and not _close(expected, found, False):
                problems.append(_mismatch(sheet, parent, column.header, expected, found, "units_add_up"))
    return problems


# --- the whole read ------------------------------------------------------------------------------------------


@dataclass
class Reading:
    sheets: list[FormSheet]
    sources: list[Source]
    problems: list[Problem]


def read_forms(files: list[tuple[str, bytes]], indicators: pd.DataFrame) -> Reading:
    """Every sheet of the files that is a summary form; the others are listed as skipped."""
    sources, sheets, problems = [], [], []
    for part in _parts(expand(files)):
        sources.append(part.source)
        sheet = read_sheet(part, indicators)
        if sheet is None:
            part.source.status, part.source.reason = "skipped", "not_a_report_form"
            continue
        part.source.rows = len(sheet.rows)
        if not sheet.columns:
            problems.append(Problem(ERROR, "report_no_columns", details={"sheet": sheet.name, "form": sheet.form}))
        sheets.append(sheet)
    if not sheets:
        raise LoadRejected([Problem.error("report_form_not_found", forms=", ".join(FORMS))])
    seen: dict[str, str] = {}
    for sheet in sheets:
        if sheet.form in seen:
            problems.append(
                Problem(
                    ERROR,
                    "report_form_twice",
                    details={"form": sheet.form, "first": seen[sheet.form], "sheet": sheet.name},
                )
            )
        seen.setdefault(sheet.form, sheet.name)
    if len(sources) > 1:
        problems.append(
            Problem(
                WARNING,
                "report_sheets_read",
                details={
                    "read": "; ".join(f"{s.name}: {s.form}" for s in sheets),
                    "skipped": [(s.name, s.reason) for s in sources if s.status == "skipped"],
                },
            )
        )
    return Reading(sheets, sources, problems)


def figures(sheets: list[FormSheet]) -> pd.DataFrame:
    """The forms' figures, one per unit, area, class, measure and item: what summary_report_figure stores.
    A unit written in several blocks (its urban and its rural part) also gets its total over them."""
    records = []
    for sheet in sheets:
        for row in sheet.rows:
            if row.unit_code is None:
                continue
            for column in sheet.columns:
                value = row.values.get(_key(column))
                household_class = (
                    row.household_class or column.household_class or DEPRIVATION_FORMS.get(sheet.form, (None,))[0]
                )
                records.append(
                    {
                        "form": sheet.form,
                        "unit_code": row.unit_code,
                        "level": row.level,
                        "area": row.area if row.kind != "total" else "all",
                        "counted": row.counted,
                        "household_class": household_class,
                        "measure": column.measure,
                        "item": column.item,
                        "value": value,
                        "file_row": row.file_row,
                        "row_kind": row.kind,
                    }
                )
    frame = pd.DataFrame(
        records,
        columns=[
            "form",
            "unit_code",
            "level",
            "area",
            "counted",
            "household_class",
            "measure",
            "item",
            "value",
            "file_row",
            "row_kind",
        ],
    )
    if frame.empty:
        return frame
    keys = ["form", "unit_code", "level", "counted", "household_class", "measure", "item"]
    # A block row (I Thành thị) is the area of the form's unit; a unit row inside a block, that unit's area.
    frame.loc[frame["row_kind"] == "block", "area"] = frame.loc[frame["row_kind"] == "block", "area"]
    areas = frame[frame["area"] != "all"]
    has_all = frame[frame["area"] == "all"].set_index(keys).index
    summed = areas.groupby(keys, dropna=False).agg(value=("value", "sum"), file_row=("file_row", "min")).reset_index()
    summed = summed[~summed.set_index(keys).index.isin(has_all)]
    summed = summed[~summed["measure"].str.endswith("_rate") & (summed["measure"] != "deprived")]
    summed["area"], summed["row_kind"] = "all", "summed"
    frame = pd.concat([frame, summed], ignore_index=True)
    return frame.drop_duplicates(subset=[*keys, "area"], keep="first").drop(columns=["row_kind"])
