"""Start the dashboard: ``python -m gnbv.ui.serve [streamlit run options]``.

Streamlit treats an app with a ``pages/`` folder beside its entry point as an old-style multipage app
until the first script run calls ``st.navigation``. So on a freshly started server the very first
visitor of a deep link (a shared ``/dimensions?province=15`` link, say) gets the page script run
without the frame, or a "Page not found" dialog. Our app always navigates with ``st.navigation``;
telling Streamlit so before it starts removes that first-visit glitch. (Streamlit is pinned in
requirements.txt; tests/test_browser.py opens a deep link on a fresh server to keep this honest.)
"""

from __future__ import annotations

import atexit
import gc
import importlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

from streamlit import config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.web import cli

from data import build_progress
from data.database import DEFAULT_DATABASE, SEED_DATABASE
from data.load import max_upload_bytes
from gnbv.ui import server_guard

ENTRY_POINT = Path(__file__).resolve().parents[2] / "dashboard.py"
# What the pages import, imported before the server listens: otherwise the first visitor after a start
# waits for them (2.3 s on this machine, most of it mapclassify's scipy and scikit-learn; docs/performance.md).
PAGE_LIBRARIES = (
    "gnbv.maps",
    "gnbv.charts",
    "gnbv.tables",
    "gnbv.views.overview",
    "gnbv.views.dimensions",
    "gnbv.views.funding",
    "gnbv.views.trends",
    "gnbv.views.planner",
    "gnbv.views.new_standard",
    "gnbv.ui.filters",
    "gnbv.ui.auth",
    "gnbv.ui.layout",
    "gnbv.ui.presentation",
    "gnbv.ui.uploads",
)


BUILD_NATIONAL = "--build-national"


def start_national_build() -> subprocess.Popen:
    """Build the national demo in a process of its own while this one serves the seed (make run on a
    machine without it, or with one older than its inputs): the pages say how far it is and switch to it
    when it is written, without a restart (gnbv/ui/cache.database_path). The build stops with the server."""
    progress = build_progress.ProgressFile(build_progress.progress_path(DEFAULT_DATABASE))
    progress.write("running", "units")  # before the first page: it shows the seed, not a stale national file
    log = DEFAULT_DATABASE.with_name(DEFAULT_DATABASE.name + ".build.log")
    scope = os.environ.get("GNBV_NATIONAL_SCOPE", "national")  # a test builds the small seed scope instead
    command = [sys.executable, "-m", "data.build", str(DEFAULT_DATABASE), "--scope", scope, "--progress-file"]
    build = subprocess.Popen(command, stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    atexit.register(lambda: build.poll() is None and build.terminate())
    print(
        f"Đang dựng cơ sở dữ liệu toàn quốc ở nền (nhật ký: {log}); "
        f"trong lúc chờ, trang hiển thị {SEED_DATABASE.name}.\n"
        f"Building the national demo in the background (log: {log}); serving {SEED_DATABASE.name} meanwhile.",
        flush=True,
    )
    return build


def keep_compiled_pages(argv: list[str]) -> None:
    """Streamlit forgets every compiled page when the last session ends, so that a changed source is read
    again. With the source watcher off (.streamlit/config.toml: a deployment restarts to change code) that
    only made the next visitor pay for compiling dashboard.py and the page again: one person following
    links, each a new session, paid it at every link (a tenth of a link's server time)."""
    flag = "--server.fileWatcherType"
    given = [value for arg, value in itertools.pairwise([*argv, ""]) if arg == flag]
    given += [arg.removeprefix(flag + "=") for arg in argv if arg.startswith(flag + "=")]
    watcher = given[-1] if given else config.get_option("server.fileWatcherType")
    if watcher == "none":
        ScriptCache.clear = lambda self: None


# Python collects its youngest objects after 700 new containers, and the whole heap after a hundred of
# those. A page view makes thousands (pandas' copy-on-write alone keeps a weak reference per shallow
# copy of a cached result, pruned only once a block has 500), so a server under a meeting's load ran a
# full collection every second or two, 0.3 s each with the interpreter stopped: 8.6 of 50 s of CPU,
# 100 visitors × 10 links on one process (docs/performance.md, «fourteenth stop»). Collected 14 times
# less often, most garbage still goes at once by reference counting; the rest waits a little longer.
YOUNG_GENERATION_THRESHOLD = 10_000


def collect_garbage_less_often() -> None:
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, oldest)


def main(argv: list[str]) -> int:
    if BUILD_NATIONAL in argv:
        argv = [arg for arg in argv if arg != BUILD_NATIONAL]
        start_national_build()
    PagesManager.uses_pages_directory = False
    server_guard.install()
    collect_garbage_less_often()
    keep_compiled_pages(argv)
    for module in PAGE_LIBRARIES:
        importlib.import_module(module)
    # Streamlit's upload limit is the loader's own, so that a larger file is refused before it is buffered.
    limit = ["--server.maxUploadSize", str(max(1, round(max_upload_bytes() / 1048576)))]
    sys.argv = ["streamlit", "run", str(ENTRY_POINT), *limit, *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
