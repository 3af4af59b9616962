"""The words exports use for a household's class, a yes/no cell, an area, an ethnic group, a source of
funds and a type of capital: one table (vocabulary.csv), read here for every loader and its tests.

Cells are compared after folding (``fold``: lower-case ASCII words), so "Hộ cận nghèo", "HỘ CẬN NGHÈO"
and "ho can ngheo" are one word. A word not in the table is refused, row by row: the loader never
guesses what an unknown word means.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from unidecode import unidecode

VOCABULARY_CSV = Path(__file__).with_name("vocabulary.csv")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_CHECK_MARKS = str.maketrans({"✓": "x", "✔": "x", "√": "x", "☑": "x"})
VALUES = {"true": True, "false": False, "": None}


def fold(text: object) -> str:
    """Lower-case ASCII words of ``text``: "Mã hộ" -> "ma ho", "MÃ_HỘ " -> "ma ho", "Đ" -> "d", "✓" -> "x"."""
    plain = unidecode(unicodedata.normalize("NFC", str(text)).translate(_CHECK_MARKS)).lower()
    return _NOT_ALNUM.sub(" ", plain).strip()


@cache
def vocabulary(kind: str) -> dict[str, object]:
    """Folded word -> value for one kind of cell (booleans for flags and ethnic groups)."""
    with open(VOCABULARY_CSV, encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row["kind"] == kind]
    if not rows:
        raise KeyError(f"no vocabulary of kind {kind!r}")
    words: dict[str, object] = {}
    for row in rows:
        value = VALUES.get(row["value"], row["value"])
        folded = fold(row["word"])
        if folded in words and words[folded] != value:
            raise ValueError(f"vocabulary.csv: {kind} word {row['word']!r} has two meanings")
        words[folded] = value
    return words


def kinds() -> list[str]:
    with open(VOCABULARY_CSV, encoding="utf-8", newline="") as fh:
        return sorted({row["kind"] for row in csv.DictReader(fh)})
