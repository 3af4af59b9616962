"""Upgrade a database built by an older version: ``python -m data.database.migrate [PATH]``.

The dashboard migrates an older file itself when it opens it read-write; a read-only deployment
(GNBV_READ_ONLY=1) asks for this command once. One transaction: a failure leaves the file as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

from data import database
from data.database import DEFAULT_DATABASE
from data.database.version import SCHEMA_VERSION


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_DATABASE
    try:
        con = database.open_database(path, read_only=False, memory=database.BUILD_MEMORY)
    except database.DatabaseProblem as problem:
        print(problem.message("vi"), file=sys.stderr)
        return 3
    con.execute("checkpoint")
    con.close()
    print(f"Cơ sở dữ liệu đã ở lược đồ {SCHEMA_VERSION} / database at schema {SCHEMA_VERSION}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
