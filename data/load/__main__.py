"""Command line: ``python -m data.load FILE --year YYYY [--standard 2022-2025]`` (households) or
``python -m data.load FILE --funding``. Same checks and the same all-or-nothing load as the Dữ liệu page.

Exit status: 0 loaded or unchanged, 2 rejected (nothing written), 3 database busy or missing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from data.build import DEFAULT_DATABASE
from data.labels import label
from data.load import load_funding, load_households
from data.load.problems import report_frame, report_workbook

SHOWN_PROBLEMS = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--year", type=int, help="review year (households)")
    parser.add_argument("--standard", choices=["2022-2025", "2016-2020"])
    parser.add_argument("--funding", action="store_true", help="the file is a funding table")
    parser.add_argument("--database", type=Path, default=DEFAULT_DATABASE)
    parser.add_argument("--operator", default="")
    parser.add_argument("--keep-personal", action="store_true", help="store head-of-household names and addresses")
    parser.add_argument("--report", type=Path, help="write the problem report to this .xlsx")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args(argv)
    if not args.funding and args.year is None:
        parser.error("--year is required for a household file")
    lang = args.lang

    content = args.file.read_bytes()
    try:
        con = duckdb.connect(str(args.database))
    except duckdb.IOException as error:
        print(label("load_database_busy", lang, detail=str(error).splitlines()[0]), file=sys.stderr)
        return 3
    started = time.perf_counter()
    try:
        if args.funding:
            result = load_funding(con, content, args.file.name, operator=args.operator or getpass.getuser())
        else:
            result = load_households(
                con,
                content,
                args.file.name,
                args.year,
                standard=args.standard,
                operator=args.operator or getpass.getuser(),
                keep_personal=args.keep_personal or None,
                progress=lambda step: print(label(f"load_step_{step}", lang), flush=True),
            )
        con.execute("checkpoint")
    finally:
        con.close()
    seconds = time.perf_counter() - started

    report = report_frame(result.problems, lang)
    for row in report.head(SHOWN_PROBLEMS).itertuples():
        where = label("report_where", lang, row=row.file_row, column=row.column) if pd.notna(row.file_row) else ""
        print(
            f"[{label(f'severity_{row.severity}', lang)}] {where}{row.message}"
            + (f" «{row.value}»" if row.value else "")
        )
    if len(report) > SHOWN_PROBLEMS:
        print(label("report_more", lang, count=len(report) - SHOWN_PROBLEMS))
    if args.report and result.problems:
        args.report.write_bytes(report_workbook(result.problems, lang))
    print(
        label(
            f"load_result_{result.status}",
            lang,
            rows=result.row_count,
            replaced=result.replaced_row_count,
            units=", ".join(result.unit_codes),
            errors=len(result.errors),
            warnings=len(result.warnings),
            seconds=round(seconds, 1),
        )
    )
    return 2 if result.status == "rejected" else 0


if __name__ == "__main__":
    sys.exit(main())
