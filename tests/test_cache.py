"""The process-wide cache of query results (gnbv/ui/cache.py): shared by every session, never changed by one."""

from __future__ import annotations

import shutil
import threading

import pytest

from data.database import connect
from gnbv.ui import cache


def test_a_page_changing_a_result_it_got_does_not_change_it_for_the_next(demo_path, monkeypatch):
    monkeypatch.setenv("GNBV_DATABASE", str(demo_path))
    first = cache.query("available_years")
    years = first["year"].tolist()
    first.iloc[0, first.columns.get_loc("year")] = 1900
    first["added"] = 1
    first.loc[first.index[-1], "year"] = 1901
    again = cache.query("available_years")
    assert again["year"].tolist() == years
    assert "added" not in again.columns


def test_a_run_reads_one_state_of_the_database_and_later_runs_the_new_one(tiny_path, tmp_path, monkeypatch):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(tiny_path, path)
    monkeypatch.setenv("GNBV_DATABASE", str(path))
    monkeypatch.setattr(cache, "RUN_STATE_SECONDS", 60.0)  # a slow machine's copy and write stay inside the run
    cache.begin_run()
    during = cache.data_version()
    con = connect(str(path))  # another process's load, in the middle of the run
    con.execute("insert into data_source values ('written_meanwhile', 'x')")
    con.execute("checkpoint")
    con.close()
    assert cache.data_version() == during  # every figure of this view from the same state
    outside = []
    thread = threading.Thread(target=lambda: outside.append(cache.data_version()))  # code outside a page run
    thread.start()
    thread.join()
    assert outside[0] != during
    monkeypatch.setattr(cache, "RUN_STATE_SECONDS", 0.0)  # long after the run began (a timed fragment's run)
    assert cache.data_version() == outside[0]


def test_sessions_asking_one_result_at_once_run_its_query_once(demo_path, monkeypatch):
    """A meeting opening one link: the sessions wait for the first one's run instead of each running it;
    a run that fails leaves nothing behind, and the next asks again."""
    monkeypatch.setenv("GNBV_DATABASE", str(demo_path))
    cache.forget_results()
    runs = []
    real_run = cache.run_query

    def slow_run(con, name, **params):
        runs.append(name)
        threading.Event().wait(0.3)  # the other sessions arrive while the first one's query runs
        return real_run(con, name, **params)

    monkeypatch.setattr(cache, "run_query", slow_run)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.query("available_years"))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == ["available_years"]
    assert len({id(result) for result in results}) == 5, "each session its own copy"
    assert all(result.equals(results[0]) for result in results)
    cache.forget_results()
    cache.query("available_years")
    assert runs == ["available_years", "available_years"], "forgotten results are read again"

    def failing_run(con, name, **params):
        runs.append("failed")
        raise RuntimeError("the database went away")

    monkeypatch.setattr(cache, "run_query", failing_run)
    with pytest.raises(RuntimeError):
        cache.query("rate_series", scheme="legacy_63", unit_code="38")
    monkeypatch.setattr(cache, "run_query", slow_run)
    assert not cache.query("rate_series", scheme="legacy_63", unit_code="38").empty
    assert runs[-2:] == ["failed", "rate_series"]
    assert not cache._computing
