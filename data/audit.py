"""The audit trail: every sign-in, refused sign-in, load, refused load, undo and account change, appended
to audit_log and never updated or deleted (gnbv/ui/auth.py and data/load write it)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from data import sql

RECORD_SQL = Path(__file__).with_name("audit_record.sql")


def record(
    con: duckdb.DuckDBPyConnection,
    event: str,
    result: str,
    account: str | None = None,
    address: str | None = None,
    **detail: object,
) -> None:
    """Append one event (inside the caller's transaction when there is one)."""
    sql.execute(
        con,
        RECORD_SQL,
        at=datetime.now().replace(microsecond=0),
        account=account,
        address=address,
        event=event,
        result=result,
        detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
    )
