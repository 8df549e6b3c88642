"""Time the command line on large databases (figures for the issue notes).

    python bench/bench_core.py                 # 10,000/100,000 and 100,000/1,000,000
    python bench/bench_core.py --quick         # 10,000/100,000 only

Databases are made by bench/generate.py into bench/ (ignored by git) on first use.
Each figure is the median of several runs of a real `tracker` process, start-up included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-30"
SIZES = [(10_000, 100_000), (100_000, 1_000_000)]


def database(items: int, changes: int, worst_case: bool = False) -> Path:
    path = HERE / f"bench-{items}-{changes}{'-worst' if worst_case else ''}.sqlite3"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(path),
                "--items",
                str(items),
                "--changes",
                str(changes),
                *(["--worst-case"] if worst_case else []),
            ],
            check=True,
        )
    return path


def overdue_count(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT count(*) FROM items WHERE status IN ('not_started', 'in_progress', 'on_hold') AND deadline < ?",
            (TODAY,),
        ).fetchone()[0]


def timed(args: list[str], runs: int = 5) -> float:
    env = {**os.environ, "TRACKER_USER": "bench", "TRACKER_CONFIG": "/nonexistent.toml"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, env=env)
        times.append(time.perf_counter() - started)
        if result.returncode not in (0, 2):
            raise SystemExit(result.stderr.decode())
    return statistics.median(times)


def status_change_cost(path: Path, runs: int = 30) -> float:
    """In-process: one status change (lock, check, write item + history, commit)."""
    from tracker.bootstrap import open_service
    from tracker.domain import Status
    from tracker.settings import load_settings
    from tracker.storage import queries

    service = open_service(replace(load_settings(db=str(path), user="bench"), frozen_today=date(2026, 11, 30)))
    big = "b0001" in _first_key(service)
    spread = 50 if big else 8
    times = []
    for n in range(runs):
        ref = f"b0001-{1 + n % spread}" if big else str(1 + n % spread)
        with service.db.read() as session:
            current = queries.get_item(session, queries.resolve_item_id(session, ref)).status
        status = Status.IN_PROGRESS if current is Status.ON_HOLD else Status.ON_HOLD
        started = time.perf_counter()
        service.set_status(ref, status, f"bench {n}")
        times.append(time.perf_counter() - started)
    service.db.dispose()
    return statistics.median(times)


def _first_key(service) -> str:
    from tracker.storage import queries

    with service.db.read() as session:
        return queries.list_items(session, queries.ItemFilter(limit=1))[0].key


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = SIZES[:1] if args.quick else SIZES

    rows = []
    small = HERE / "bench-seed.sqlite3"
    if small.exists():
        small.unlink()
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(small), "init"],
        check=True,
        capture_output=True,
        env={**os.environ, "TRACKER_CONFIG": "/nonexistent.toml"},
    )
    rows.append(("seed (8 items)", "tracker --help", timed(["--help"])))
    rows.append(("seed (8 items)", "list --format json", timed(["--db", str(small), "list", "--format", "json"])))
    rows.append(("seed (8 items)", "status change, in-process", status_change_cost(small)))
    for items, changes in sizes:
        path = database(items, changes)
        label = f"{items:,} items / {changes:,} history"
        base = ["--db", str(path), "--today", TODAY]
        rows.append(
            (
                label,
                f"list --overdue ({overdue_count(path):,} rows)",
                timed([*base, "list", "--overdue", "--format", "json"]),
            )
        )
        rows.append((label, "show ITEM", timed([*base, "show", "b0001-7"])))
        rows.append((label, "status ITEM STATUS --note", timed([*base, "status", "b0001-8", "done", "--note", "x"], 1)))
        rows.append((label, "note ITEM TEXT", timed([*base, "note", "b0001-9", "bench"])))
        rows.append((label, "status change, in-process", status_change_cost(path)))
    # Worst case: statuses regardless of age, so most of the 100,000 items are overdue.
    items, changes = sizes[-1]
    worst = database(items, changes, worst_case=True)
    label = f"{items:,} items, worst case"
    rows.append(
        (
            label,
            f"list --overdue ({overdue_count(worst):,} rows)",
            timed(["--db", str(worst), "--today", TODAY, "list", "--overdue", "--format", "json"], 3),
        )
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'database'.ljust(width)}  {'operation'.ljust(30)}  seconds")
    for label, operation, seconds in rows:
        print(f"{label.ljust(width)}  {operation.ljust(30)}  {seconds:7.3f}")


if __name__ == "__main__":
    main()
