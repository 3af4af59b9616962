"""Who may see and change what: accounts, sign-in with lockout, and the audit trail.

The account store is one SQLite file outside the repository (``GNBV_ACCOUNTS``, default
``~/.local/share/gnbv/accounts.sqlite``), shared by every server process of a deployment: SQLite lets
several processes write it at once, where the DuckDB database is read-only for all but the writer.

- **Accounts**: a username, a display name, a role (``viewer``: the pages and the meeting pack;
  ``data_officer``: also loads review and funding files; ``admin``: also accounts and the audit trail),
  a scope (the whole country, or a list of today's provinces) and a bcrypt hash of the password. No
  account at all means the demo mode (gnbv/ui/auth.py).
- **Sign-in**: ``FAILURES_BEFORE_LOCK`` wrong passwords within ``LOCK_MINUTES`` lock the account for
  ``LOCK_MINUTES`` (``GNBV_LOCK_MINUTES``); a disabled account cannot sign in.
- **Audit**: every sign-in, failed sign-in, lockout, load, refused load, undo and account change is appended
  to ``audit``; SQLite triggers refuse to update or delete a row of it.

The command line manages accounts: ``python -m data.accounts add|list|disable|enable|reset-password|
set-role|set-scope|audit`` (``--help``).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt
import pandas as pd

from data.excel import csv_text

ROLES = ("viewer", "data_officer", "admin")
COUNTRY = "*"  # the scope of an account that sees and loads every province
FAILURES_BEFORE_LOCK = 5
MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
PROVINCE_CODE = re.compile(r"^\d{2}$")
REPOSITORY = Path(__file__).resolve().parent.parent

SCHEMA = """
create table if not exists account (
    username text primary key,
    display_name text not null,
    role text not null check (role in ('viewer', 'data_officer', 'admin')),
    provinces text not null,              -- '*' (the country) or today's province codes, comma-separated
    password_hash text not null,
    disabled integer not null default 0,
    failed_count integer not null default 0,
    first_failure_at text,
    locked_until text,
    created_at text not null,
    updated_at text not null
);
create table if not exists audit (
    event_id integer primary key autoincrement,
    occurred_at text not null,
    account text,
    client_address text,
    event text not null,
    result text not null,
    detail text not null
);
create trigger if not exists audit_is_append_only_update before update on audit
begin select raise(abort, 'the audit trail is append-only'); end;
create trigger if not exists audit_is_append_only_delete before delete on audit
begin select raise(abort, 'the audit trail is append-only'); end;
"""


class AccountError(ValueError):
    """A request the store refuses (unknown account, bad role or scope, short password)."""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    provinces: tuple[str, ...] | None  # None: the whole country

    @property
    def may_load(self) -> bool:
        return self.role in ("data_officer", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignIn:
    status: str  # ok | wrong | locked | disabled
    account: Account | None = None
    locked_until: datetime | None = None


def store_path() -> Path:
    default = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "gnbv" / "accounts.sqlite"
    return Path(os.environ.get("GNBV_ACCOUNTS", default))


def bcrypt_rounds() -> int:
    """The bcrypt cost: 12 (about 0.25 s a check on this machine); the tests lower it to save time."""
    return max(4, int(os.environ.get("GNBV_BCRYPT_ROUNDS", "12")))


@functools.cache
def _dummy_hash() -> bytes:
    """A hash to check a password against when the username does not exist: the answer then takes as long
    as for a real account, so the time does not tell which usernames exist. Made at the first such sign-in,
    at the accounts' cost (made on import, it cost every process 0.25 s: the server, each command line)."""
    return bcrypt.hashpw(b"not a password", bcrypt.gensalt(bcrypt_rounds()))


def lock_minutes() -> int:
    return int(os.environ.get("GNBV_LOCK_MINUTES", "15"))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def connect(path: Path | None = None) -> sqlite3.Connection:
    """The store, created when missing. Autocommit; WAL so that readers never wait for a writer."""
    path = Path(path or store_path())
    if path.resolve().is_relative_to(REPOSITORY):
        raise AccountError(f"the account store must live outside the repository, not at {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    con.row_factory = sqlite3.Row
    con.execute("pragma journal_mode = wal")
    con.executescript(SCHEMA)
    return con


def configured(path: Path | None = None) -> bool:
    """Whether any account exists (without one, the dashboard runs in demo mode).

    Asked at every script run: the answer is kept until the store's files change (a new account lands
    in the write-ahead log, so its size changes), not reopened each time (that was 7% of a page view).
    """
    path = Path(path or store_path())
    stamp = (_file_stamp(path), _file_stamp(path.with_name(path.name + "-wal")))
    if stamp[0] is None:
        return False
    return _has_accounts(str(path), stamp)


def _file_stamp(file: Path) -> tuple[int, int] | None:
    """(modified, size) of ``file``; None when it is not there. Asked in one call, not after a check that it
    exists: SQLite removes the -wal file at a checkpoint, which another server process may do in between (a
    page crashed on it with two processes under load)."""
    try:
        stat = file.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=16)
def _has_accounts(path: str, stamp: tuple) -> bool:
    with _closing(connect(Path(path))) as con:
        return con.execute("select count(*) from account").fetchone()[0] > 0


class _closing:
    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()


def _account(row: sqlite3.Row) -> Account:
    scope = None if row["provinces"] == COUNTRY else tuple(row["provinces"].split(","))
    return Account(row["username"], row["display_name"], row["role"], scope)


def _scope_text(provinces: list[str] | tuple[str, ...] | None) -> str:
    if not provinces or list(provinces) == [COUNTRY]:
        return COUNTRY
    codes = sorted({p.strip().zfill(2) for p in provinces if p.strip()})
    bad = [code for code in codes if not PROVINCE_CODE.match(code)]
    if bad:
        raise AccountError(f"not province codes of today's units: {', '.join(bad)}")
    return ",".join(codes)


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(bcrypt_rounds())).decode("ascii")


def record(
    event: str, result: str, account: str | None = None, address: str | None = None, path: Path | None = None, **detail
) -> None:
    """Append one event to the audit trail."""
    with _closing(connect(path)) as con:
        con.execute(
            "insert into audit (occurred_at, account, client_address, event, result, detail) values (?, ?, ?, ?, ?, ?)",
            (
                _now().isoformat(sep=" "),
                account,
                address,
                event,
                result,
                json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
            ),
        )


def add(
    username: str,
    display_name: str,
    role: str,
    provinces: list[str] | None,
    password: str,
    by: str = "cli",
    path: Path | None = None,
) -> Account:
    if not USERNAME.match(username):
        raise AccountError("a username is 2-40 lower-case letters, digits, dots, dashes or underscores")
    if role not in ROLES:
        raise AccountError(f"a role is one of {', '.join(ROLES)}")
    now = _now().isoformat(sep=" ")
    with _closing(connect(path)) as con:
        try:
            con.execute(
                "insert into account (username, display_name, role, provinces, password_hash, created_at, updated_at)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                (username, display_name, role, _scope_text(provinces), _hash(password), now, now),
            )
        except sqlite3.IntegrityError as error:
            raise AccountError(f"the account {username} exists already") from error
    record("account_add", "ok", by, None, path, username=username, role=role, provinces=_scope_text(provinces))
    return find(username, path)


def find(username: str, path: Path | None = None) -> Account | None:
    """The account if it exists and is enabled."""
    with _closing(connect(path)) as con:
        row = con.execute("select * from account where username = ? and not disabled", (username,)).fetchone()
    return _account(row) if row else None


def _update(username: str, assignments: str, values: tuple, event: str, by: str, path: Path | None, **detail) -> None:
    with _closing(connect(path)) as con:
        changed = con.execute(
            f"update account set {assignments}, updated_at = ? where username = ?",  # noqa: S608 - fixed texts
            (*values, _now().isoformat(sep=" "), username),
        ).rowcount
    if not changed:
        raise AccountError(f"no account {username}")
    record(event, "ok", by, None, path, username=username, **detail)


def disable(username: str, by: str = "cli", path: Path | None = None) -> None:
    _update(username, "disabled = 1", (), "account_disable", by, path)


def enable(username: str, by: str = "cli", path: Path | None = None) -> None:
    _update(username, "disabled = 0, failed_count = 0, locked_until = null", (), "account_enable", by, path)


def reset_password(username: str, password: str, by: str = "cli", path: Path | None = None) -> None:
    _update(
        username,
        "password_hash = ?, failed_count = 0, locked_until = null",
        (_hash(password),),
        "account_reset_password",
        by,
        path,
    )


def set_role(username: str, role: str, by: str = "cli", path: Path | None = None) -> None:
    if role not in ROLES:
        raise AccountError(f"a role is one of {', '.join(ROLES)}")
    _update(username, "role = ?", (role,), "account_set_role", by, path, role=role)


def set_scope(username: str, provinces: list[str] | None, by: str = "cli", path: Path | None = None) -> None:
    scope = _scope_text(provinces)
    _update(username, "provinces = ?", (scope,), "account_set_scope", by, path, provinces=scope)


def sign_in(username: str, password: str, address: str | None = None, path: Path | None = None) -> SignIn:
    """Check a password; count failures and lock the account after too many (in every process at once)."""
    now = _now()
    window = timedelta(minutes=lock_minutes())
    with _closing(connect(path)) as con:
        con.execute("begin immediate")  # one sign-in of an account at a time: the failure count is exact
        row = con.execute("select * from account where username = ?", (username,)).fetchone()
        if row is None:
            con.execute("commit")
            bcrypt.checkpw(password.encode("utf-8"), _dummy_hash())
            outcome = SignIn("wrong")
        elif row["disabled"]:
            con.execute("commit")
            outcome = SignIn("disabled")
        elif row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
            con.execute("commit")
            outcome = SignIn("locked", locked_until=datetime.fromisoformat(row["locked_until"]))
        elif bcrypt.checkpw(password.encode("utf-8"), row["password_hash"].encode("ascii")):
            con.execute(
                "update account set failed_count = 0, first_failure_at = null, locked_until = null where username = ?",
                (username,),
            )
            con.execute("commit")
            outcome = SignIn("ok", _account(row))
        else:
            first = row["first_failure_at"]
            recent = first is not None and now - datetime.fromisoformat(first) <= window
            count = row["failed_count"] + 1 if recent else 1
            locked = now + window if count >= FAILURES_BEFORE_LOCK else None
            con.execute(
                "update account set failed_count = ?, first_failure_at = ?, locked_until = ? where username = ?",
                (
                    count,
                    first if recent else now.isoformat(sep=" "),
                    locked.isoformat(sep=" ") if locked else None,
                    username,
                ),
            )
            con.execute("commit")
            outcome = SignIn("locked" if locked else "wrong", locked_until=locked)
    event = "sign_in" if outcome.status == "ok" else "sign_in_failed"
    record(event, outcome.status, username, address, path)
    return outcome


def accounts(path: Path | None = None) -> pd.DataFrame:
    with _closing(connect(path)) as con:
        rows = con.execute(
            "select username, display_name, role, provinces, disabled, locked_until, created_at, updated_at"
            " from account order by username"
        ).fetchall()
    return pd.DataFrame(
        [dict(r) for r in rows],
        columns=[
            "username",
            "display_name",
            "role",
            "provinces",
            "disabled",
            "locked_until",
            "created_at",
            "updated_at",
        ],
    )


def audit_trail(limit: int | None = None, path: Path | None = None) -> pd.DataFrame:
    """The audit trail, newest first."""
    with _closing(connect(path)) as con:  # limit -1: no limit (SQLite)
        rows = con.execute("select * from audit order by event_id desc limit ?", (limit or -1,)).fetchall()
    columns = ["event_id", "occurred_at", "account", "client_address", "event", "result", "detail"]
    return pd.DataFrame([dict(r) for r in rows], columns=columns)


# --- command line ------------------------------------------------------------------------------------------
def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu / password: ")
    if getpass.getpass("Nhập lại / again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.accounts", description="Manage the dashboard's accounts.")
    parser.add_argument("--store", type=Path, help=f"the account store (default {store_path()})")
    commands = parser.add_subparsers(dest="command", required=True)
    add_cmd = commands.add_parser("add", help="add an account")
    add_cmd.add_argument("username")
    add_cmd.add_argument("--name", required=True, help="the display name")
    add_cmd.add_argument("--role", choices=ROLES, required=True)
    add_cmd.add_argument("--provinces", default=COUNTRY, help="'*' (the country) or today's codes: 15,25")
    add_cmd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    for name in ("disable", "enable"):
        commands.add_parser(name, help=f"{name} an account").add_argument("username")
    reset = commands.add_parser("reset-password", help="set a new password (and unlock)")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    scope = commands.add_parser("set-scope", help="change an account's provinces")
    scope.add_argument("username")
    scope.add_argument("provinces", help="'*' or today's province codes, comma-separated")
    commands.add_parser("list", help="list the accounts")
    export = commands.add_parser("audit", help="print the audit trail as CSV")
    export.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    path = args.store
    try:
        if args.command == "add":
            add(args.username, args.name, args.role, args.provinces.split(","), _password(args), path=path)
        elif args.command == "disable":
            disable(args.username, path=path)
        elif args.command == "enable":
            enable(args.username, path=path)
        elif args.command == "reset-password":
            reset_password(args.username, _password(args), path=path)
        elif args.command == "set-role":
            set_role(args.username, args.role, path=path)
        elif args.command == "set-scope":
            set_scope(args.username, args.provinces.split(","), path=path)
        elif args.command == "list":
            print(accounts(path).to_string(index=False))
        elif args.command == "audit":
            sys.stdout.write(csv_text(audit_trail(args.limit, path)))
    except AccountError as error:
        print(f"Lỗi / error: {error}", file=sys.stderr)
        return 2
    if args.command not in ("list", "audit"):
        print(f"Đã lưu / saved: {args.command} {getattr(args, 'username', '')} ({path or store_path()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
