"""Start the dashboard: ``python -m gnbv.ui.serve [streamlit run options]``.

Streamlit treats an app with a ``pages/`` folder beside its entry point as an old-style multipage app
until the first script run calls ``st.navigation``. So on a freshly started server the very first
visitor of a deep link (a shared ``/dimensions?province=15`` link, say) gets the page script run
without the frame, or a "Page not found" dialog. Our app always navigates with ``st.navigation``;
telling Streamlit so before it starts removes that first-visit glitch. (Streamlit is pinned in
requirements.txt; tests/test_browser.py opens a deep link on a fresh server to keep this honest.)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

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


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    server_guard.install()
    for module in PAGE_LIBRARIES:
        importlib.import_module(module)
    # Streamlit's upload limit is the loader's own, so that a larger file is refused before it is buffered.
    limit = ["--server.maxUploadSize", str(max(1, round(max_upload_bytes() / 1048576)))]
    sys.argv = ["streamlit", "run", str(ENTRY_POINT), *limit, *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
