"""Building the database is all or nothing."""

from __future__ import annotations

import os
import shutil

import pytest

from data import build
from data.database import connect


def test_a_build_that_fails_half_way_leaves_no_database(monkeypatch, tmp_path):
    """populate commits in steps (the generator writes from several cursors); the build as a whole is
    all or nothing because it writes a temporary file and renames it only at the end."""
    target = tmp_path / "gnbv.duckdb"

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build.demo_households, "insert", broken)
    with pytest.raises(RuntimeError):
        build.build(target, scope="seed")
    assert not target.exists()


def test_failed_build_leaves_the_previous_database(monkeypatch, tmp_path):
    target = tmp_path / "gnbv.duckdb"
    target.write_bytes(b"previous database")

    def broken(*_args, **_kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(build, "populate", broken)
    with pytest.raises(RuntimeError):
        build.build(target)
    assert target.read_bytes() == b"previous database"


def test_reference_only_database(tmp_path):
    con = connect(":memory:")
    build.populate(con, with_demo_households=False)
    assert con.execute("select count(*) from household_review").fetchall()[0][0] == 0
    assert con.execute("select count(*) from admin_unit where level = 'district'").fetchall()[0][0] == 696
    assert con.execute("select value from data_source where key = 'household_data'").fetchall()[0][0] == "empty"


def _household_count(con) -> int:
    return con.execute("select count(*) from household_review").fetchall()[0][0]


def test_a_shared_database_is_replaced_whole_and_readers_open_the_new_file(tiny_path, tmp_path):
    """docs/deployment.md: readers hold the file read-only; a write works on a copy put in its place."""

    from data.database import open_database, write_by_replacing

    path = tmp_path / "shared.duckdb"
    shutil.copy(tiny_path, path)
    reader = open_database(path, read_only=True)
    before = _household_count(reader)

    def remove_all(con):
        con.execute("delete from household_review")
        return "loaded"

    assert write_by_replacing(path, remove_all, keep=lambda status: status == "loaded") == "loaded"
    assert _household_count(reader) == before  # an open reader keeps the file it opened
    fresh = open_database(path, read_only=True)  # (same process: DuckDB would hand back the old file)
    assert _household_count(fresh) == 0
    assert not path.with_name(path.name + ".next").exists()

    identity = path.stat().st_ino

    def fail(con):
        con.execute("insert into household_review select * from household_review limit 0")
        raise RuntimeError("killed half way")

    with pytest.raises(RuntimeError):
        write_by_replacing(path, fail, keep=lambda status: True)
    assert write_by_replacing(path, lambda con: "rejected", keep=lambda status: status == "loaded") == "rejected"
    assert path.stat().st_ino == identity  # neither touched the file
    assert not path.with_name(path.name + ".next").exists()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".shared")]  # no links left behind


@pytest.mark.slow  # about 6 s: a load through the page, the file copied and put in place
def test_a_load_from_the_page_in_a_shared_deployment_puts_a_new_file_in_place(demo_copy, monkeypatch):
    """GNBV_SHARED_DATABASE=1: the page's load (gnbv/ui/uploads.py) goes through write_by_replacing, and the
    process's next query reads the new file (its connection is keyed by the file's identity)."""
    from review_files import export_rows, review_file, review_households

    from gnbv.ui import cache, uploads

    monkeypatch.setenv("GNBV_DATABASE", str(demo_copy))
    monkeypatch.setenv("GNBV_SHARED_DATABASE", "1")
    monkeypatch.setenv("GNBV_READ_ONLY", "0")
    before_identity = demo_copy.stat().st_ino
    count = "select count(*) from household_review where province_code = '33' and year = 2024"
    before = cache.connection().execute(count).fetchall()[0][0]
    households = review_households(cache.connection(), "33", count=200, seed=3)
    content = review_file(None, 2024, rows=export_rows(households, 2024))

    result = uploads.load_file("households", content, "hy2024.csv", 2024, "2022-2025", confirm_removal=True)

    assert result.status == "loaded", result.problems
    assert demo_copy.stat().st_ino != before_identity
    after = cache.connection().execute(count).fetchall()[0][0]
    assert after != before
    assert not demo_copy.with_name(demo_copy.name + ".next").exists()


def test_the_build_s_progress_counts_households_and_rollups_side_by_side(tmp_path):
    """The national build rolls a province up while the next is generated: the bar adds each phase's share
    as far as it is, never goes back, and is where the old order (every household, then every rollup) put it."""
    from data import build_progress

    def fractions(steps: list[str]) -> list[float]:
        progress = build_progress.ProgressFile(tmp_path / "gnbv.duckdb.progress.json")
        seen = []
        for step in steps:
            progress.write("running", step)
            seen.append(build_progress.read(tmp_path / "gnbv.duckdb").fraction)
        return seen

    side_by_side = fractions(
        ["plan of every commune and year", "households 1/3: province 38", "rollup 1/2: 38",
         "households 2/3: province 34", "households 3/3: province 33", "rollup 2/2: 33", "funding"]
    )  # fmt: skip
    assert side_by_side == sorted(side_by_side)
    assert side_by_side[1:3] == [pytest.approx(0.08 + 0.54 / 3), pytest.approx(0.08 + 0.54 / 3 + 0.36 / 2)]
    assert side_by_side[-2:] == [pytest.approx(0.98), pytest.approx(0.98)]
    one_after_the_other = fractions(
        ["plan of every commune and year", "households 1/2: province 38", "households 2/2: province 33",
         "rollup 1/2: 38", "rollup 2/2: 33", "funding"]
    )  # fmt: skip
    assert one_after_the_other[1:5] == [pytest.approx(f) for f in (0.35, 0.62, 0.80, 0.98)]
    # the largest provinces go first: a step that says its share of the rows moves the bar by the rows
    by_rows = fractions(
        ["plan of every commune and year", "households 1/63 (20% of the rows): province 01",
         "rollup 1/34 (20% of the rows): 01"]
    )  # fmt: skip
    assert by_rows[1:] == [pytest.approx(0.08 + 0.54 * 0.20), pytest.approx(0.08 + 0.54 * 0.20 + 0.36 * 0.20)]


def test_the_build_s_two_workers_report_at_once_without_losing_the_record(tmp_path):
    """Both generation workers report from their own threads (households and rollups): every write lands
    whole and none fails on the other's half-written record."""
    from concurrent.futures import ThreadPoolExecutor

    from data import build_progress

    progress = build_progress.ProgressFile(tmp_path / "gnbv.duckdb.progress.json")

    def report(worker: int) -> None:
        for number in range(1, 201):
            progress.write("running", f"{'households' if worker % 2 else 'rollup'} {number}/200: {worker}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(report, worker) for worker in range(4)]:
            future.result()
    assert build_progress.read(tmp_path / "gnbv.duckdb").fraction == pytest.approx(0.98)
