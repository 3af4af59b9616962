"""How gnbv.ui.serve sets up the server before Streamlit starts (no server is started here)."""

from __future__ import annotations

import pytest
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from gnbv.ui import serve


@pytest.fixture
def restored_clear():
    original = ScriptCache.clear
    yield
    ScriptCache.clear = original


def _cache_with_a_page(tmp_path) -> tuple[ScriptCache, str]:
    page = tmp_path / "page.py"
    page.write_text("x = 1\n")
    cache = ScriptCache()
    cache.get_bytecode(str(page))
    return cache, str(page)


def test_compiled_pages_outlive_the_last_session_when_sources_are_not_watched(tmp_path, restored_clear):
    serve.keep_compiled_pages(["--server.fileWatcherType", "none"])
    cache, page = _cache_with_a_page(tmp_path)
    cache.clear()  # what Streamlit does when the last session ends
    assert page in cache._cache


def test_compiled_pages_are_forgotten_when_sources_are_watched(tmp_path, restored_clear):
    serve.keep_compiled_pages(["--server.fileWatcherType", "poll"])
    cache, page = _cache_with_a_page(tmp_path)
    cache.clear()
    assert page not in cache._cache


def test_the_watcher_flag_is_read_in_either_spelling(tmp_path, restored_clear):
    serve.keep_compiled_pages(["--server.port", "8600", "--server.fileWatcherType=none"])
    cache, page = _cache_with_a_page(tmp_path)
    cache.clear()
    assert page in cache._cache


def test_the_server_collects_young_garbage_after_many_more_allocations_than_python_does():
    import gc

    before = gc.get_threshold()
    try:
        serve.collect_garbage_less_often()
        young, middle, oldest = gc.get_threshold()
        assert young == serve.YOUNG_GENERATION_THRESHOLD > before[0]
        assert (middle, oldest) == before[1:]  # the older generations keep their ratios
    finally:
        gc.set_threshold(*before)
