"""Turning the strings of an export into values, column at a time.

Each parser returns the parsed series and a mask of the cells it could not read, so the caller can
name every bad cell. Vectorised, because a province's review has a million rows.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from data.load.reading import fold

# Vietnamese writes 1.500.000,5; some exports write 1,500,000.5; Excel cells arrive as 1500000.
_DOT_THOUSANDS = r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"
_COMMA_THOUSANDS = r"^-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^-?\d{1,3}(?:,\d{3})+\.\d+$"
_COMMA_DECIMAL = r"^-?\d+(?:,\d+)?$"
_DOT_DECIMAL = r"^-?\d+\.\d+$"

TRUE_WORDS = {"1", "x", "co", "c", "yes", "y", "true", "v", "dung"}
FALSE_WORDS = {"", "0", "khong", "k", "no", "n", "false"}


def parse_number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers written the Vietnamese way or the English way; blanks are null, not errors."""
    text = raw.str.replace(r"[\s\u00a0]", "", regex=True).str.removesuffix("đ")
    canonical = np.select(
        [
            text.str.fullmatch(_DOT_THOUSANDS),
            text.str.fullmatch(_COMMA_THOUSANDS),
            text.str.fullmatch(_COMMA_DECIMAL),
            text.str.fullmatch(_DOT_DECIMAL),
        ],
        [
            text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
            text.str.replace(",", "", regex=False),
            text.str.replace(",", ".", regex=False),
            text,
        ],
        default="",
    )
    numbers = pd.to_numeric(pd.Series(canonical, index=raw.index), errors="coerce")
    invalid = numbers.isna() & (text != "")
    return numbers, invalid


def parse_code(raw: pd.Series, width: int) -> tuple[pd.Series, pd.Series]:
    """GSO codes with or without their leading zeros ("1" and "01" are Hà Nội); Excel's "1.0" too."""
    text = raw.str.replace(r"\s", "", regex=True).str.replace(r"[.,]0+$", "", regex=True)
    valid = text.str.fullmatch(rf"\d{{1,{width}}}")
    return text.where(valid, "").str.zfill(width).where(valid, None), ~valid


def parse_words(raw: pd.Series, vocabulary: dict[str, object]) -> tuple[pd.Series, pd.Series]:
    """Values from a small vocabulary of folded words; each distinct cell is folded once."""
    mapping = {}
    for value in raw.unique():
        folded = fold(value)
        mapping[value] = vocabulary.get(folded, _UNKNOWN)
    parsed = raw.map(mapping)
    invalid = parsed.map(lambda v: v is _UNKNOWN)
    return parsed.where(~invalid, None), invalid


def parse_flag(raw: pd.Series, blank: bool | None = False) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells: 1/0, x/blank, có/không. ``blank`` is what an empty cell means."""
    vocabulary: dict[str, object] = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
    vocabulary[""] = blank
    return parse_words(raw, vocabulary)


def household_ids(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numeric ids as they are; any other code hashed to a stable negative id (kept as written too).

    Returns the ids, the original codes for the hashed ones (else null) and the mask of blank ids.
    """
    text = raw.str.strip()
    numeric = text.str.fullmatch(r"\d{1,18}")
    blank = text == ""
    ids = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    ids[numeric] = text[numeric].astype("int64")
    others = ~numeric & ~blank
    hashed = {
        code: -(int.from_bytes(hashlib.blake2b(code.encode(), digest_size=8).digest(), "big") >> 2) - 1
        for code in text[others].unique()
    }
    ids[others] = text[others].map(hashed).astype("int64")
    return ids, text.where(others, None), blank


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN = _Unknown()
