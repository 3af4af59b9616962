"""Who may see and change what: accounts, sign-in and lockout, roles, province scopes, the audit trail,
on the page and on the command line."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from review_files import review_file, review_households

from data import accounts
from data.database import connect
from data.load import __main__ as load_cli
from data.load import load_households

PASSWORD = "mật-khẩu-đủ-dài"


@pytest.fixture()
def store(tmp_path, monkeypatch):
    path = tmp_path / "accounts.sqlite"
    monkeypatch.setenv("GNBV_ACCOUNTS", str(path))
    return path


@pytest.fixture()
def people(store):
    accounts.add("quantri", "Quản trị", "admin", None, PASSWORD)
    accounts.add("hungyen", "Cán bộ Hưng Yên", "data_officer", ["33"], PASSWORD)  # today's Hưng Yên: 33 and 34
    accounts.add("xem", "Người xem", "viewer", ["33"], PASSWORD)
    return store


def events(limit: int | None = None) -> list[tuple[str, str, str]]:
    trail = accounts.audit_trail(limit)
    return list(zip(trail["event"], trail["result"], trail["account"].fillna(""), strict=True))


# --- the store ---------------------------------------------------------------------------------------------
def test_the_store_never_lives_in_the_repository(monkeypatch):
    monkeypatch.setenv("GNBV_ACCOUNTS", str(accounts.REPOSITORY / "data" / "accounts.sqlite"))
    with pytest.raises(accounts.AccountError):
        accounts.connect()


def test_a_log_file_removed_while_it_is_read_does_not_break_the_page(people, monkeypatch):
    """Another process's checkpoint removes the store's -wal file at any moment: seen there a moment ago,
    gone when read, it counts as absent (two server processes under load crashed a page on it)."""
    assert accounts.configured()
    wal = people.with_name(people.name + "-wal")
    wal.unlink(missing_ok=True)
    monkeypatch.setattr(Path, "exists", lambda self: True)  # as if it had been there when looked for
    monkeypatch.setattr(Path, "is_file", lambda self: True)
    assert accounts.configured()


def test_passwords_are_hashed_and_short_ones_refused(people):
    with sqlite3.connect(people) as con:
        stored = con.execute("select password_hash from account where username = 'xem'").fetchone()[0]
    assert stored.startswith("$2b$") and PASSWORD not in stored
    with pytest.raises(accounts.AccountError):
        accounts.add("ngan", "Ngắn", "viewer", None, "ngắn")


def test_the_audit_trail_is_append_only(people):
    with sqlite3.connect(people) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("delete from audit")
    with sqlite3.connect(people) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("update audit set result = 'ok'")


def test_the_command_line_adds_disables_resets_and_lists(store, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert (
        accounts.main(
            ["add", "laocai", "--name", "Lào Cai", "--role", "data_officer", "--provinces", "15", "--password-stdin"]
        )
        == 0
    )
    assert accounts.find("laocai").provinces == ("15",)
    assert accounts.main(["set-scope", "laocai", "15,25"]) == 0
    assert accounts.find("laocai").provinces == ("15", "25")
    assert accounts.main(["set-role", "laocai", "viewer"]) == 0
    assert accounts.main(["disable", "laocai"]) == 0
    assert accounts.find("laocai") is None and accounts.sign_in("laocai", PASSWORD).status == "disabled"
    assert accounts.main(["enable", "laocai"]) == 0
    assert accounts.main(["list"]) == 0
    assert "laocai" in capsys.readouterr().out
    assert accounts.main(["set-role", "khongco", "admin"]) == 2  # no such account
    recorded = {event for event, _, _ in events()}
    assert {"account_add", "account_set_scope", "account_set_role", "account_disable", "account_enable"} <= recorded


# --- sign-in and lockout -----------------------------------------------------------------------------------------
def test_repeated_failures_lock_the_account_for_a_while(people, monkeypatch):
    for _ in range(accounts.FAILURES_BEFORE_LOCK - 1):
        assert accounts.sign_in("xem", "sai-mat-khau-roi", "10.0.0.9").status == "wrong"
    locked = accounts.sign_in("xem", "sai-mat-khau-roi", "10.0.0.9")
    assert locked.status == "locked"
    assert accounts.sign_in("xem", PASSWORD).status == "locked"  # even the right password, for a while
    later = datetime.now() + timedelta(minutes=accounts.lock_minutes() + 1)
    monkeypatch.setattr(accounts, "_now", lambda: later.replace(microsecond=0))
    assert accounts.sign_in("xem", PASSWORD).status == "ok"
    assert ("sign_in_failed", "locked", "xem") in events() and ("sign_in", "ok", "xem") in events()


def test_an_unknown_user_is_told_the_same_as_a_wrong_password(people):
    assert accounts.sign_in("khong-co-ai", PASSWORD).status == "wrong"


# --- the page ----------------------------------------------------------------------------------------------------
def test_with_accounts_nothing_shows_before_signing_in(people, open_app):
    at = open_app(province="15")
    assert not at.exception
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.metric
    at.text_input[0].set_value("xem")
    at.text_input[1].set_value("sai-mat-khau-roi")
    at.button[0].click().run()
    assert any("Sai tên đăng nhập hoặc mật khẩu" in e.value for e in at.error) and not at.metric
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert at.metric and any("Người xem" in c.value for c in at.caption)
    assert ("sign_in", "ok", "xem") in events()


def sign_in(at, username: str):
    at.text_input[0].set_value(username)
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    return at


def test_a_viewer_cannot_load(people, open_app, demo_copy, monkeypatch):
    monkeypatch.setenv("GNBV_DATABASE", str(demo_copy))
    monkeypatch.setenv("GNBV_READ_ONLY", "0")
    at = sign_in(open_app(), "xem").switch_page("pages/data.py").run()
    assert not at.exception
    assert "Nạp tệp" not in [t.label for t in at.tabs]
    assert any("chỉ xem" in c.value for c in at.caption)

    from gnbv.ui import uploads  # the server refuses too, whatever the page shows

    monkeypatch.setattr(uploads.auth, "current", lambda: accounts.find("xem"))
    refused = uploads.load_file("households", b"x", "a.csv", 2024, "2022-2025")
    assert refused.status == "rejected" and refused.errors[0].code == "not_allowed_to_load"


def test_a_data_officer_loads_only_their_provinces(people, empty_database, tmp_path):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(empty_database, path)
    con = connect(str(path))
    other = review_file(review_households(con, "15", count=30), 2024)
    refused = load_households(con, other, "yb.csv", 2024, operator="hungyen", allowed_provinces=["33", "34"])
    assert refused.status == "rejected"
    assert [(p.code, p.details.get("provinces")) for p in refused.errors] == [("province_not_in_scope", "15")]
    assert con.sql("select count(*) from household_review").fetchall() == [(0,)]
    own = review_file(review_households(con, "34", count=30), 2024)
    assert load_households(con, own, "tb.csv", 2024, operator="hungyen", allowed_provinces=["33", "34"]).status == (
        "loaded"
    )
    con.close()
    assert ("load_refused", "refused", "hungyen") in events() and ("load", "ok", "hungyen") in events()


def test_the_command_line_needs_an_account_for_a_department_database(people, empty_database, tmp_path, monkeypatch):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(empty_database, path)
    con = connect(str(path))
    content = review_file(review_households(con, "33", count=20), 2024)
    con.close()
    file = tmp_path / "hy.csv"
    file.write_bytes(content)
    args = [str(file), "--year", "2024", "--database", str(path)]
    assert load_cli.main(args) == load_cli.NOT_ALLOWED
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert load_cli.main([*args, "--account", "xem", "--password-stdin"]) == load_cli.NOT_ALLOWED  # a viewer
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert load_cli.main([*args, "--account", "hungyen", "--password-stdin"]) == 0
    assert ("load", "ok", "hungyen") in events()


def test_a_scoped_viewer_sees_the_totals_of_the_country_and_their_own_provinces(people, open_app, monkeypatch):
    monkeypatch.setenv("GNBV_VIEW_SCOPE", "scope")
    at = sign_in(open_app(year="2024"), "xem")
    assert not at.exception
    assert at.metric  # the country's totals
    assert not [df for df in at.dataframe if "Đơn vị" in df.value.columns]  # no ranking of provinces
    assert set(at.selectbox(key="province_0").options) <= {"— Tất cả —", "Tỉnh Hưng Yên", "Tỉnh Thái Bình"}
    at.query_params["province"] = "15"
    at = open_app(year="2024", province="15")
    at = sign_in(at, "xem")
    assert any("ngoài phạm vi" in w.value for w in at.warning)
