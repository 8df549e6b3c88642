"""Time the reports on a big database: the summary, the CSV export, the XLSX export's memory.

    python bench/generate.py bench/bench.sqlite3 --items 100000 --changes 1000000
    python bench/bench_reports.py bench/bench.sqlite3

Each figure is a real `tracker` process (start-up included), as staff and cron run it;
wall time is the best and the median of --runs runs, peak memory the child's own
ru_maxrss (os.wait4). The summary's SQL is also checked with EXPLAIN QUERY PLAN: no
statement may scan the whole history (changes) table.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The generator's clock (bench/generate.py): overdue and stale counts are then the same every run.
BENCH_TODAY = "2026-11-30"


def run(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one `tracker` process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"tracker {' '.join(args)} failed ({process.returncode}): {process.stderr.read().decode()}")
    process.stderr.close()
    return wall, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is in KiB on Linux


def measure(name: str, args: list[str], runs: int) -> dict:
    results = [run(args) for _ in range(runs)]
    walls = [wall for wall, _, _ in results]
    return {
        "name": name,
        "runs": runs,
        "best": min(walls),
        "median": statistics.median(walls),
        "peak_mb": max(mb for _, mb, _ in results),
    }


def summary_plans(db: Path, today: str) -> list[str]:
    """The summary's statements as SQLite plans them; any full scan of `changes` is a failure."""
    from dataclasses import replace
    from datetime import date

    from tracker.bootstrap import open_service
    from tracker.reporting.summary import build_summary
    from tracker.settings import load_settings

    settings = replace(load_settings(db=str(db), user="bench"), frozen_today=date.fromisoformat(today))
    service = open_service(settings)
    statements: list[tuple[str, tuple]] = []

    def _capture(statement: str) -> None:  # sqlite3 hands over each statement with its values in it
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, ()))

    # The driver keeps its connections for reuse: the summary's reads go through this one.
    with service.db.raw_connection() as raw:
        raw.set_trace_callback(_capture)
    build_summary(service)
    service.db.dispose()
    problems = []
    with sqlite3.connect(db) as connection:
        for statement, parameters in statements:
            for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters):
                detail = row[-1]
                if re.match(r"SCAN (TABLE )?changes\b", detail):
                    problems.append(f"{detail}: {statement.split()[0:12]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a database made by bench/generate.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default=BENCH_TODAY)
    parser.add_argument("--ods", action="store_true", help="also time the ODS export (slow: ~40 s at 100,000 items)")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(
            f"{args.db} is missing; make it with: python bench/generate.py {args.db} --items 100000 --changes 1000000"
        )
    base = ["--db", str(args.db), "--today", args.today]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        run([*base, "summary", "--format", "json"])  # warm the page cache once, as a used database is
        rows = [
            (
                measure("summary --format json", [*base, "summary", "--format", "json"], args.runs),
                "best < 1 s",
                1.0,
                "best",
            ),
            (
                measure(
                    "export --format csv", [*base, "export", "--format", "csv", "-o", str(out / "t.csv")], args.runs
                ),
                "best < 3 s",
                3.0,
                "best",
            ),
            (
                measure("export --format xlsx", [*base, "export", "--format", "xlsx", "-o", str(out / "t.xlsx")], 1),
                "peak < 300 MB",
                300.0,
                "peak_mb",
            ),
        ]
        if args.ods:
            rows.append(
                (
                    measure("export --format ods", [*base, "export", "--format", "ods", "-o", str(out / "t.ods")], 1),
                    "(no target)",
                    None,
                    None,
                )
            )
    problems = summary_plans(args.db, args.today)
    print(
        f"database: {args.db} ({args.db.stat().st_size / 2**20:.0f} MB), today {args.today}, "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs"
    )
    print(f"{'measure':<24} {'runs':>4} {'best s':>8} {'median s':>9} {'peak MB':>8}  {'target':<14} ok")
    failed = False
    for result, target, limit, key in rows:
        ok = "—" if limit is None else "yes" if result[key] < limit else "NO"
        failed |= ok == "NO"
        print(
            f"{result['name']:<24} {result['runs']:>4} {result['best']:>8.2f} {result['median']:>9.2f} "
            f"{result['peak_mb']:>8.0f}  {target:<14} {ok}"
        )
    print("summary query plans: " + ("no full scan of the history" if not problems else "; ".join(problems)))
    sys.exit(1 if failed or problems else 0)


if __name__ == "__main__":
    main()
