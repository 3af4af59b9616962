"""Reading a reference CSV of this folder: every cell as text, blanks as "" (nothing guessed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).parent


def read_reference(name: str) -> pd.DataFrame:
    """A copy for the caller to change: the national plan reads these files 346 times (1.5 s of the build)."""
    return _read(name).copy()


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def number(value: str) -> float | None:
    return float(value) if str(value).strip() else None


def integer(value: str) -> int | None:
    return int(value) if str(value).strip() else None
