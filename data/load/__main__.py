"""Command line: ``python -m data.load FILE --year YYYY`` (households), ``… --year YYYY --forms`` (summary report
forms) or ``python -m data.load FILE --funding``;
``python -m data.load --undo LOAD_ID``. The same checks, preview and all-or-nothing load as the Dữ liệu page.

A household load replaces the communes the file covers; ``--replace-province`` replaces the whole
province-year (communes not in the file lose their households). A load that would take every household
of a commune away, or more than a tenth of them, is refused with the preview unless ``--yes`` confirms it.

When accounts exist (data/accounts.py), or the database is not the demo, a load needs ``--account``: the
password is asked (or read from standard input with ``--password-stdin``), the account must be a data
officer or an admin, and only rows of its provinces are loaded.

Exit status: 0 loaded, unchanged or undone; 2 rejected (nothing written); 3 database not usable;
4 needs confirmation (nothing written); 5 not allowed to load (no or wrong account).

With GNBV_SHARED_DATABASE=1 (server processes hold the file open, docs/deployment.md) the load works on a
copy that takes the file's place when it lands.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import duckdb
import pandas as pd

from data import accounts, database
from data.database import DEFAULT_DATABASE
from data.labels import label
from data.load import LoadResult, load_funding, load_households, load_summary_reports, scope, undo_load
from data.load.problems import report_frame, report_workbook
from data.reference.periods import scheme_of_year, standard_codes

SHOWN_PROBLEMS = 50
EXIT = {"loaded": 0, "unchanged": 0, "undone": 0, "rejected": 2, "needs_confirmation": 4}
NOT_ALLOWED = 5


def _signed_in(args: argparse.Namespace, con, lang: str) -> tuple[str, tuple[str, ...] | None] | None:
    """(operator, the account's scope: today's provinces, None for the country) when this load may run;
    None (after saying why) if not."""
    purpose = dict(con.table("data_source").fetchall()).get("purpose", "department")
    if not accounts.configured() and purpose == "demo":
        return args.operator or getpass.getuser(), None
    if not args.account:
        print(label("load_needs_account", lang), file=sys.stderr)
        return None
    password = (
        sys.stdin.readline().rstrip("\n")
        if args.password_stdin
        else getpass.getpass(label("sign_in_password", lang) + ": ")
    )
    outcome = accounts.sign_in(args.account, password, "cli")
    if outcome.status != "ok":
        print(
            label(
                f"sign_in_{outcome.status}", lang, until=f"{outcome.locked_until:%H:%M}" if outcome.locked_until else ""
            ),
            file=sys.stderr,
        )
        return None
    account = outcome.account
    if not account.may_load:
        print(label("load_needs_data_officer", lang), file=sys.stderr)
        return None
    return account.username, account.provinces


def _print_preview(preview: pd.DataFrame, lang: str) -> None:
    for row in preview.itertuples():
        marker = "!" if row.is_removal else " "
        print(
            f" {marker} "
            + label(
                "preview_line",
                lang,
                level=label(f"level_{row.level}", lang),
                unit=row.unit_name,
                before=f"{int(row.households_before):,}".replace(",", "."),
                after=f"{int(row.households_after):,}".replace(",", "."),
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--year", type=int, help="review year (households)")
    parser.add_argument("--standard", choices=standard_codes())
    parser.add_argument("--funding", action="store_true", help="the file is a funding table")
    parser.add_argument("--forms", action="store_true", help="the file holds summary report forms (TT 07 7.1-7.10)")
    parser.add_argument("--undo", type=int, metavar="LOAD_ID", help="undo this load (the latest of its units)")
    parser.add_argument("--replace-province", action="store_true", help="replace the whole province-year")
    parser.add_argument("--yes", action="store_true", help="confirm a load that removes households")
    parser.add_argument("--database", type=Path, default=DEFAULT_DATABASE)
    parser.add_argument("--operator", default="", help="who loads, in demo mode (else the account)")
    parser.add_argument("--account", help="the account to load as (needed when accounts exist)")
    parser.add_argument("--password-stdin", action="store_true", help="read the account's password from stdin")
    parser.add_argument("--keep-personal", action="store_true", help="store head-of-household names and addresses")
    parser.add_argument("--report", type=Path, help="write the problem report to this .xlsx")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args(argv)
    lang = args.lang
    if args.undo is None and args.file is None:
        parser.error("a FILE to load, or --undo LOAD_ID")
    if args.undo is None and not args.funding and args.year is None:
        parser.error("--year is required for a household file or summary forms")

    def run(con: duckdb.DuckDBPyConnection) -> LoadResult | None:
        signed_in = _signed_in(args, con, lang)
        if signed_in is None:
            return None
        operator, provinces = signed_in
        either = scope.provinces_in_any_scheme(con, provinces)
        if args.undo is not None:
            return undo_load(con, args.undo, operator=operator, allowed_provinces=either)
        if args.funding:
            return load_funding(
                con, args.file.read_bytes(), args.file.name, operator=operator, allowed_provinces=either
            )
        if args.forms:
            return load_summary_reports(
                con,
                args.file.read_bytes(),
                args.file.name,
                args.year,
                operator=operator,
                progress=lambda step: print(label(f"load_step_{step}", lang), flush=True),
                allowed_provinces=scope.provinces_in_scope(con, scheme_of_year(args.year), provinces),
            )
        return load_households(
            con,
            args.file.read_bytes(),
            args.file.name,
            args.year,
            standard=args.standard,
            operator=operator,
            keep_personal=args.keep_personal or None,
            progress=lambda step: print(label(f"load_step_{step}", lang), flush=True),
            scope="province" if args.replace_province else "communes",
            confirm_removal=args.yes or args.replace_province,
            allowed_provinces=scope.provinces_in_scope(con, scheme_of_year(args.year), provinces),
        )

    try:
        if database.shared():  # server processes hold the file open: load a copy and put it in place
            database.clean_leftovers(args.database)
            result = database.write_by_replacing(
                args.database, run, keep=lambda result: result is not None and result.changed_data
            )
        else:
            con = database.open_database(args.database, read_only=False)
            try:
                result = run(con)
                con.execute("checkpoint")
            finally:
                con.close()
    except database.DatabaseProblem as problem:
        print(problem.message(lang), file=sys.stderr)
        return 3
    if result is None:
        return NOT_ALLOWED

    report = report_frame(result.problems, lang, result.headers)
    for row in report.head(SHOWN_PROBLEMS).itertuples():
        where = label("report_where", lang, row=row.file_row, column=row.column) if pd.notna(row.file_row) else ""
        print(
            f"[{label(f'severity_{row.severity}', lang)}] {where}{row.message}"
            + (f" «{row.value}»" if row.value else "")
        )
    if len(report) > SHOWN_PROBLEMS:
        key = "report_more" if args.report else "report_more_cli"
        print(label(key, lang, count=len(report) - SHOWN_PROBLEMS))
    if args.report and result.problems:
        args.report.write_bytes(report_workbook(result.problems, lang, result.headers))
    if result.preview is not None and len(result.preview):
        print(label("preview_title", lang))
        _print_preview(result.preview, lang)
    for which in ("previous", "next"):
        share = result.share(which)
        if share is not None:
            print(label(f"continuity_{which}", lang, share=f"{100 * share:.1f}".replace(".", ",")))
    print(
        label(
            f"load_result_{result.status}",
            lang,
            rows=result.row_count,
            replaced=result.replaced_row_count,
            units=", ".join(result.unit_codes),
            errors=len(result.errors),
            warnings=len(result.warnings),
            seconds=f"{result.seconds:.1f}".replace(".", ","),
            load_id=result.load_id or "—",
        )
    )
    return EXIT[result.status]


if __name__ == "__main__":
    sys.exit(main())
