"""The process-wide cache of query results (gnbv/ui/cache.py): shared by every session, never changed by one."""

from __future__ import annotations

import shutil
import threading

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
