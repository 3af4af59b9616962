"""Reading the cells of a small export column by column (the funding file; household files are read in
SQL, parse_households.sql). Each parser returns the values and a mask of the cells it could not read,
so that every bad cell is named. Numbers are read by the same SQL macro as household files
(parse_vietnamese_number in schema.sql), words through vocabulary.csv: one definition of each.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.load.vocabulary import fold, vocabulary

NUMBERS_SQL = Path(__file__).with_name("parse_numbers.sql")


def parse_number(con: duckdb.DuckDBPyConnection, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers written the Vietnamese way or the English way; blanks are null, not errors."""
    text = raw.fillna("").str.replace(r"[\s\u00a0]", "", regex=True).str.removesuffix("đ")
    cursor = con.cursor()
    try:
        cursor.register("number_cells", pd.DataFrame({"position": range(len(text)), "text": text.to_numpy()}))
        values = sql.frame(cursor, NUMBERS_SQL)["value"]
    finally:
        cursor.close()
    numbers = pd.Series(values.to_numpy(), index=raw.index, dtype="float64")
    return numbers, numbers.isna() & (text != "")


def parse_words(raw: pd.Series, meanings: dict[str, object]) -> tuple[pd.Series, pd.Series]:
    """Values from a vocabulary of folded words; each distinct cell is folded once."""
    mapping = {value: meanings.get(fold(value), _UNKNOWN) for value in raw.unique()}
    parsed = raw.map(mapping)
    invalid = parsed.map(lambda v: v is _UNKNOWN)
    return parsed.where(~invalid, None), invalid


def parse_flag(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells (1/0, x/blank, có/không …; vocabulary.csv): a blank cell is "no"."""
    return parse_words(raw, vocabulary("flag"))


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN = _Unknown()
