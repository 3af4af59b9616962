"""Project rules that a reader should not have to check by eye."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_IN_TEXT = re.compile(r"\b(select|insert|update|delete)\b[^\n]*\bfrom\b", re.IGNORECASE)


def test_pages_only_render():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert "import duckdb" not in text and "from duckdb" not in text, page.name
        assert not SQL_IN_TEXT.search(text), f"SQL text in {page.name}"
        assert "unsafe_allow_html" not in text, page.name


def test_queries_have_no_streamlit():
    for module in (ROOT / "queries").glob("*.py"):
        assert "streamlit" not in module.read_text(encoding="utf-8"), module.name


def test_no_sql_built_with_format_strings():
    pattern = re.compile(r"f[\"'][^\"']*\b(select|from|where)\b[^\"']*\{", re.IGNORECASE)
    for path in ROOT.glob("**/*.py"):
        if ".venv" in path.parts:
            continue
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_nothing_loads_from_a_cdn():
    for path in list(ROOT.glob("*.py")) + list((ROOT / "pages").glob("*.py")) + list((ROOT / "gnbv").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "cdn." not in text and "https://" not in text, path
