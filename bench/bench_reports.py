"""Time the reports on a big database: the summary, the CSV export, the XLSX export's memory.

    python bench/generate.py bench/bench.sqlite3 --items 100000 --changes 1000000
    python bench/bench_reports.py bench/bench.sqlite3 [--dressed]

Each figure is a real `tracker` process (start-up included), as staff and cron run it;
wall time is the best and the median of --runs runs, peak memory the child's own
ru_maxrss (os.wait4). The summary's SQL is also checked with EXPLAIN QUERY PLAN: no
statement may scan the whole history (changes) table.

`--dressed` measures a copy of the database (made once, beside it, as NAME-dressed.sqlite3)
that carries what a 列管表 row holds since issue 9, which generate.py leaves empty:
supporting units and officers, progress, moved deadlines with their reasons, 文號 and a few
stored files as 佐證資料, and closed items awaiting review or released (see `dress`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
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


DRESS_SEED = 2016


def dressed_copy(db: Path) -> Path:
    """The database with issue 9's data added (made once; removed by hand to be made again)."""
    target = db.with_name(f"{db.stem}-dressed{db.suffix}")
    if not target.exists():
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        with sqlite3.connect(db) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        dress(partial)
        partial.rename(target)
    return target


def dress(db: Path) -> None:
    """Give a generated database what issue 9 added, with a fixed seed:

    - a supporting unit on 20 % of the items (two on 5 %), an officer on half;
    - progress on open items (0-90 %), 100 % on done ones;
    - the deadline moved on 5 %, each with a history row whose note is the reason;
    - one or two 文號 on 30 % of the items, one stored file (of ten small contents) on 1 %;
    - closed items leave follow-up: released when the deadline is more than half a year past,
      otherwise awaiting review (about 70 % of them without evidence, like all items: at
      100,000 items 81,839 are released or waiting, 56,759 of them without any).

    History rows are chained as the tracker chains them (storage.chain).
    """
    from datetime import date, timedelta

    from tracker.storage.chain import row_hash

    rng = random.Random(DRESS_SEED)
    today = date.fromisoformat(BENCH_TODAY)
    units = [("農業局", "Agriculture Bureau"), ("新聞局", "Information Bureau"), ("觀光旅遊局", "Tourism Bureau")]
    reasons = ["配合活動延期", "主辦單位改期，展延至下一年度", "經費未核定，俟預算通過後辦理"]
    at = "2026-11-01 02:00:00.000000"
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    last_id, prev = connection.execute("SELECT id, row_hash FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    changes: list[tuple] = []
    evidence: list[tuple] = []
    items: list[tuple] = []
    blobs = [(f"佐證 {n}".encode() * 100) for n in range(10)]
    for content in blobs:
        connection.execute(
            "INSERT INTO blobs (sha256, size, content) VALUES (?, ?, ?)",
            (hashlib.sha256(content).hexdigest(), len(content), content),
        )

    def change(item_id: int, version: int, field: str, old, new, note) -> int:
        nonlocal last_id, prev
        last_id += 1
        prev = row_hash(prev, last_id, item_id, version, at, "bench", field, old, new, note)
        changes.append((last_id, item_id, version, at, "bench", field, old, new, note, prev))
        return last_id

    rows = connection.execute("SELECT id, status, deadline, version FROM items ORDER BY id").fetchall()
    for item_id, status, deadline, version in rows:
        supporting = []
        if rng.random() < 0.2:
            supporting = [
                dict(zip(("zh", "en"), unit, strict=True))
                for unit in rng.sample(units, 2 if rng.random() < 0.25 else 1)
            ]
        officer = rng.choice(["王小明", "陳怡君", "林志豪"]) if rng.random() < 0.5 else None
        progress = 100 if status == "done" else 0 if status == "not_started" else rng.randrange(0, 10) * 10
        new_deadline = deadline
        if deadline and rng.random() < 0.05:
            version += 1
            moved = date.fromisoformat(deadline) + timedelta(days=rng.randrange(30, 366))
            new_deadline = moved.isoformat()
            change(item_id, version, "deadline", deadline, new_deadline, rng.choice(reasons))
        count = 0
        if rng.random() < 0.3:
            for _ in range(1 if rng.random() < 0.7 else 2):
                version += 1
                number = f"府授秘外字第{rng.randrange(10**9, 10**10)}號"
                evidence.append(
                    (
                        item_id,
                        change(item_id, version, "evidence", None, number, "doc_no"),
                        "doc_no",
                        None,
                        None,
                        None,
                        None,
                        number,
                    )
                )
                count += 1
        if rng.random() < 0.01:
            version += 1
            content = rng.choice(blobs)
            digest = hashlib.sha256(content).hexdigest()
            name = f"會議紀錄{item_id}.pdf"
            evidence.append(
                (
                    item_id,
                    change(item_id, version, "evidence", None, name, f"sha256:{digest}"),
                    "file",
                    name,
                    digest,
                    len(content),
                    "application/pdf",
                    None,
                )
            )
            count += 1
        tracking = "active"
        if status in ("done", "dropped"):
            past = deadline is None or (today - date.fromisoformat(deadline)).days > 180
            tracking = "released" if past else "pending"
        items.append(
            (
                json.dumps(supporting, ensure_ascii=False),
                officer,
                progress,
                new_deadline,
                count,
                tracking,
                version,
                item_id,
            )
        )
    connection.executemany(
        'INSERT INTO changes (id, item_id, version, at, "by", field, old, new, note, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        changes,
    )
    connection.executemany(
        "INSERT INTO evidence (item_id, change_id, kind, name, sha256, size, media_type, value, added_at, added_by)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{at}', 'bench')",
        evidence,
    )
    connection.executemany(
        "UPDATE items SET supporting_units = ?, officer = ?, progress = ?, deadline = ?, evidence_count = ?,"
        " tracking = ?, version = ? WHERE id = ?",
        items,
    )
    connection.execute("COMMIT")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a database made by bench/generate.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default=BENCH_TODAY)
    parser.add_argument(
        "--ods", action="store_true", help="also time the ODS export (target: 10 s at 100,000 items; about 5 s)"
    )
    parser.add_argument(
        "--dressed", action="store_true", help="measure a copy with issue 9's data (made once beside DB, see dress())"
    )
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(
            f"{args.db} is missing; make it with: python bench/generate.py {args.db} --items 100000 --changes 1000000"
        )
    if args.dressed:
        args.db = dressed_copy(args.db)
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
