"""Project rules that a reader should not have to check by eye."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


# Addresses that never leave the machine: loopback; the nginx upstream «gnbv» (gnbv/deployment.py) and the
# meeting pack's own host «gnbv.render», whose every request Playwright answers from local files
# (gnbv/report/chromium.py); the elided example of a docstring («http://…»); SVG's namespace, a name that is
# never fetched (gnbv/maps.py).
LOCAL_ADDRESS = r"https?://(?!127\.0\.0\.1|localhost|gnbv\b|…|www\.w3\.org/2000/svg\b)"


def internet_addresses(paths: list[Path]) -> list[str]:
    """Files of the app that name an address on the internet (a CDN, a map tile server)."""
    return [str(path) for path in paths if re.search(r"cdn\.|" + LOCAL_ADDRESS, path.read_text())]


def app_files(root: Path) -> list[Path]:
    """Everything the served app runs: the frame, the pages, the whole gnbv package, the stylesheets."""
    return [
        *root.glob("*.py"),
        *root.glob("pages/*.py"),
        *root.glob("gnbv/**/*.py"),
        *root.glob("assets/*.css"),
        *root.glob(".streamlit/*.toml"),
    ]


def test_nothing_loads_from_a_cdn():
    assert internet_addresses(app_files(ROOT)) == []


def test_the_cdn_guard_sees_every_folder_of_the_app(tmp_path):
    planted = tmp_path / "gnbv" / "report" / "fonts.py"
    planted.parent.mkdir(parents=True)
    planted.write_text('FONT = "https://cdn.example.org/noto.woff2"\n')
    assert internet_addresses(app_files(tmp_path)) == [str(planted)]


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


# --- the layers, as a graph of imports ----------------------------------------------------------------------
# Lowest first: a module imports from its own layer and those below, never above.
LAYERS = [
    ("data", ("data",)),
    ("queries", ("queries",)),
    ("core", ("gnbv",)),  # selection, formatting, charts, maps, views, report
    ("ui", ("gnbv.ui",)),
    ("pages", ("pages", "dashboard")),
]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Project module -> the project modules it imports (at the top or inside a function)."""
    files = [
        path
        for pattern in ("*.py", "data/**/*.py", "queries/**/*.py", "gnbv/**/*.py", "pages/*.py")
        for path in root.glob(pattern)
    ]
    modules = {module_name(root, path): path for path in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # a name that is a module is that module (its package is not what the code uses)
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in modules else node.module)
        graph[name] = {target for target in targets if target in modules} - {name}
    return graph


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    return rank


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if layer_of(module) >= 0 and layer_of(target) > layer_of(module)
    )


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (a circle of imports), by Tarjan."""
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]

    def visit(module: str) -> None:
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def demo_importers(graph: dict[str, set[str]]) -> list[str]:
    """Modules outside the demo generator that import it: only the build may."""
    return sorted(
        module
        for module, targets in graph.items()
        if not module.startswith("data.demo")
        and module != "data.build"
        and any(t == "data.demo" or t.startswith("data.demo.") for t in targets)
    )


def test_every_layer_imports_only_downward():
    assert upward_imports(import_graph(ROOT)) == []


def test_no_circle_of_imports():
    assert import_circles(import_graph(ROOT)) == []


def test_the_demo_generator_is_imported_only_by_the_build():
    assert demo_importers(import_graph(ROOT)) == []


def test_the_layer_guards_find_a_planted_violation(tmp_path):
    """A copy of the layout with three planted faults: data importing queries, a circle, the demo imported
    by a migration. Each guard must name its fault."""
    for name, text in {
        "data/__init__.py": "",
        "data/load/__init__.py": "from queries import run_query\n",
        "data/database/__init__.py": "from data.database import migrations\n",
        "data/database/migrations/__init__.py": "from data.database import setup\nfrom data.demo import households\n",
        "data/database/setup.py": "from data import database\n",
        "data/demo/__init__.py": "",
        "data/demo/households.py": "",
        "data/build.py": "from data.demo import households\n",
        "queries/__init__.py": "from data import sql\n",
        "data/sql.py": "",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    graph = import_graph(tmp_path)
    assert upward_imports(graph) == [("data.load", "queries")]
    assert import_circles(graph) == [["data.database", "data.database.migrations", "data.database.setup"]]
    assert demo_importers(graph) == ["data.database.migrations"]


# --- the header of every SQL file of data/ -------------------------------------------------------------------
DATA_SQL = sorted(ROOT.glob("data/**/*.sql"))


def declared_parameters(text: str) -> set[str] | None:
    """The $names of the header's «-- params:» entry and its continuation lines (None: no such entry)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines[:20]) if line.startswith("-- params:")), None)
    if start is None:
        return None
    entry = [lines[start]]
    for line in lines[start + 1 :]:
        if not re.match(r"--\s{4,}\S", line):  # continuation lines are indented under the entry
            break
        entry.append(line)
    return set(re.findall(r"\$([a-z_][a-z0-9_]*)", " ".join(entry)))


@pytest.mark.parametrize("path", DATA_SQL, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_sql_file_of_data_has_the_standard_header(path):
    """As the queries' headers are checked: a first line that says what the file does, its grain, and
    exactly the parameters it uses."""
    from data.sql import parameters_of

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("-- ") and not lines[0].startswith(("-- grain", "-- params")), path.name
    assert any(line.startswith("-- grain:") for line in lines[:20]), f"{path.name} states no grain"
    assert declared_parameters(text) == parameters_of(text), f"{path.name}: header and $names differ"


def test_the_header_check_sees_an_undeclared_parameter():
    text = "-- Households of a year.\n-- grain:   one row per household\n-- params:  $year (int)\nselect $year, $unit"
    from data.sql import parameters_of

    assert declared_parameters(text) == {"year"} != parameters_of(text)
