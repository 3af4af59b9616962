"""Project rules that a reader should not have to check by eye."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The layers, lowest first: a module may import from its own layer and the ones below, never above.
#   data, queries   the database, its SQL and the loader (no dashboard code)
#   gnbv (core)     selection, formatting, charts, maps, scenario, standouts, views, report
#   gnbv.ui, pages, dashboard.py   the only code that imports Streamlit
UI_FILES = ["dashboard.py", "pages/*.py", "gnbv/ui/*.py"]
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


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(*patterns: str) -> list[Path]:
    return [path for pattern in patterns for path in ROOT.glob(pattern)]


def test_data_and_queries_never_import_the_dashboard():
    for path in python_files("data/**/*.py", "queries/*.py"):
        upward = {m for m in imported_modules(path) if m == "gnbv" or m.startswith("gnbv.")}
        assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}"


def test_streamlit_only_in_the_ui():
    ui = set(python_files(*UI_FILES))
    for path in python_files("data/**/*.py", "queries/*.py", "gnbv/**/*.py"):  # scripts/ may drive the app
        if path in ui:
            continue
        streamlit = {m for m in imported_modules(path) if m.split(".")[0] == "streamlit"}
        assert not streamlit, f"{path.relative_to(ROOT)} imports {sorted(streamlit)}"


def test_the_core_never_imports_the_ui():
    ui = set(python_files("gnbv/ui/*.py"))
    for path in python_files("gnbv/**/*.py"):
        if path in ui:
            continue
        upward = {m for m in imported_modules(path) if m.startswith("gnbv.ui") or m == "pages"}
        assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}"
