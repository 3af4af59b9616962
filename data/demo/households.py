"""The synthetic household panel: a calibration plan per commune and year (calibrate.py), with each
row's standard lines (plan_lines.sql), turned into households by household_draws.py, one legacy
province at a time (the build reports its progress) and a few communes at a time (memory stays
bounded), deterministic for a fixed seed."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data import sql
from data.demo import household_draws
from data.demo.calibrate import SEED, build_plan
from data.demo.province_plan import MIDDLE_BELOW_NEXT_LINE
from data.reference import facts

DEMO_DIR = Path(__file__).parent
PATTERNS_PER_DRAW = 128  # household_draws.py indexes the patterns with this stride (a power of two)
REMOTENESS_BANDS = 5
MAX_DEPRIVATIONS = 15  # slots per (standard, band): counts 0..15
GENERATION_WORKERS = 2  # provinces generated at once (the machine has two cores)


def deprivation_masks() -> np.ndarray:
    """For each standard, remoteness band and number of deprivations, PATTERNS_PER_DRAW (128) weighted draws of which
    indicators a household is deprived in (Efraimidis-Spirakis keys u^(1/w): sampling without
    replacement, weights from deprivation_weights.csv), as masks of the indicators' bits.

    The mask of key pattern_base(standard, band) + count * PATTERNS_PER_DRAW + index is at that position, so
    that the draws read a household's mask by position (household_draws.py); counts a standard cannot reach
    keep their slots, empty (0)."""
    weights = pd.read_csv(DEMO_DIR / "deprivation_weights.csv").set_index("indicator_code")
    groups = list(facts.indicators().groupby("standard", sort=True))
    masks = np.zeros(pattern_base(len(groups), 0), dtype=np.int64)
    for number, (_standard, group) in enumerate(groups):
        bits = (np.int64(1) << group["bit"].to_numpy(dtype=np.int64)).astype(np.int64)
        base = weights.loc[group["code"], "base_weight"].to_numpy(float)
        remote = weights.loc[group["code"], "remote_weight"].to_numpy(float)
        for band in range(REMOTENESS_BANDS):  # the same order as pattern_base
            weight = base + remote * (band + 0.5) / REMOTENESS_BANDS
            for count in range(1, len(group) + 1):  # no deprivation: the empty mask already there
                rng = np.random.default_rng([SEED, number, band, count])
                keys = rng.random((PATTERNS_PER_DRAW, len(group))) ** (1 / weight)
                chosen = np.argsort(-keys, axis=1)[:, :count]
                first = pattern_base(number, band) + count * PATTERNS_PER_DRAW
                masks[first : first + PATTERNS_PER_DRAW] = bits[chosen].sum(axis=1)
    return masks


def pattern_base(standard_number: int, band: int) -> int:
    return (standard_number * REMOTENESS_BANDS + band) * (MAX_DEPRIVATIONS + 1) * PATTERNS_PER_DRAW


def insert(
    con: duckdb.DuckDBPyConnection,
    scope: str = "seed",
    progress: Callable[[str], None] = lambda message: None,
    when_province_done: Callable[[duckdb.DuckDBPyConnection, str, int, int, int], None] = lambda *done: None,
) -> None:
    """Generate the panel of ``scope`` ("seed": the five seed provinces; "national": every province).

    Two provinces at a time, each on its own cursor and in its own transaction: writing a province's
    rows keeps about one core busy, so a second province drawn beside it uses the other one
    (docs/performance.md). Once every legacy province of a 2025 province is written, the worker calls
    ``when_province_done(cursor, code, number, total, percent)`` with that 2025 province, how many are
    complete with it, of how many, and which share of the rows they hold (the largest go first). The
    build sums its rollups there, beside the other worker's drawing, instead of after every province.
    The build is still all or nothing: it writes a temporary file and renames it only when every step has
    succeeded (data/build.py)."""
    progress("plan of every commune and year")
    units = sql.frame(con, DEMO_DIR / "legacy_units.sql")
    plan = build_plan(units, scope)
    national = plan.attrs["national_poor_near_poor"]
    sql.insert_frame(
        con,
        "data_source",
        pd.DataFrame(
            {"key": [f"demo_national_poor_near_poor_{year}" for year in national], "value": map(str, national.values())}
        ),
    )
    band = np.minimum((plan["remoteness"] * REMOTENESS_BANDS).astype(int), REMOTENESS_BANDS - 1)
    standards = sorted(facts.indicators()["standard"].unique())
    plan["pattern_base"] = [
        pattern_base(standards.index(s), b) for s, b in zip(plan["poverty_standard"], band, strict=True)
    ]
    pattern_masks = deprivation_masks()
    sizes = plan.groupby("province_code")["households"].sum().sort_values(ascending=False)
    provinces = list(sizes.index)  # largest first: the two workers finish together
    successor = dict(con.execute("select legacy_province_code, new_province_code from province_successor").fetchall())
    # a 2025 province is complete when the last of its legacy provinces in scope is written
    waiting = Counter(successor[province] for province in provinces)
    provinces_written, new_provinces_complete = 0, 0
    # the progress bar follows the rows, not the provinces: those written, and those of the 2025 provinces rolled up
    rows_of_new_province = sizes.groupby(sizes.index.map(successor)).sum()
    rows_written, rows_rolled, all_rows = 0, 0, int(sizes.sum())
    lock = threading.Lock()

    def generate(province: str) -> None:
        nonlocal rows_written, rows_rolled, provinces_written, new_provinces_complete
        cursor = con.cursor()
        try:
            # DuckDB scans the pandas frames in place; a frame registered on one cursor is not seen by another.
            cursor.register("demo_commune_plan", plan)
            lines = sql.frame(cursor, DEMO_DIR / "plan_lines.sql", province_code=province)
            with sql.transaction(cursor):
                for piece in household_draws.chunks(lines):
                    drawn = household_draws.draw(piece, pattern_masks, PATTERNS_PER_DRAW, SEED, MIDDLE_BELOW_NEXT_LINE)
                    cursor.register("demo_households", drawn)
                    cursor.execute("insert into household_review by name select * from demo_households")
                    cursor.unregister("demo_households")
            new_province, number, rolled_share = successor[province], 0, 0
            with lock:
                provinces_written += 1
                rows_written += int(sizes[province])
                share = 100 * rows_written // all_rows
                progress(f"households {provinces_written}/{len(provinces)} ({share}% of the rows): province {province}")
                waiting[new_province] -= 1
                if not waiting[new_province]:
                    new_provinces_complete += 1
                    number = new_provinces_complete
                    rows_rolled += int(rows_of_new_province[new_province])
                    rolled_share = 100 * rows_rolled // all_rows
            if number:
                with sql.transaction(cursor):
                    when_province_done(cursor, new_province, number, len(waiting), rolled_share)
        finally:
            cursor.close()

    progress(f"households 0/{len(provinces)} (0% of the rows): the plan made")
    with ThreadPoolExecutor(max_workers=GENERATION_WORKERS) as pool:
        for future in [pool.submit(generate, province) for province in provinces]:
            future.result()  # the first failure stops the build
