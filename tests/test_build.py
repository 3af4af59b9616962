"""Building the database is all or nothing."""

from __future__ import annotations

import duckdb
import pytest

from data import build


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
    con = duckdb.connect(":memory:")
    build.populate(con, with_demo_households=False)
    assert con.execute("select count(*) from household_review").fetchall()[0][0] == 0
    assert con.execute("select count(*) from admin_unit where level = 'district'").fetchall()[0][0] == 696
    assert con.execute("select value from data_source where key = 'household_data'").fetchall()[0][0] == "empty"
