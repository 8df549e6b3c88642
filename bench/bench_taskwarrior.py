"""Compare the tracker with Taskwarrior 2.6 on the same data (issue 12).

    python bench/bench_taskwarrior.py                    # 1,000, 10,000 and 100,000 items
    python bench/bench_taskwarrior.py --quick            # 1,000 and 10,000 items
    python bench/bench_taskwarrior.py --sizes 10000 --runs 9 --tracker /tmp/tracker-head/.venv/bin/tracker

For each size the tracker database made by bench/generate.py (N items, 10 N history rows, as in
bench_core.py) is copied into a temporary folder and converted into a Taskwarrior data folder
there, through one `task import` of a JSON array:

    description = title_zh          project = report key        uda unit = lead unit (owner_zh)
    due = deadline, 23:59:59 UTC    uda reckey = item key       annotations = the item's latest notes
    not_started, in_progress, on_hold -> pending (in_progress also gets `start`, on_hold a tag)
    done, dropped -> completed, with `end` = updated_at (dropped also gets a tag)

Overdue must mean the same in both tools. The tracker's overdue is "deadline before --today, still
open"; Taskwarrior's +OVERDUE is "due before now" on its own clock. So the tracker runs with
--today 2026-11-30 (generate.py's today), and every Taskwarrior date is moved by whole days so that
2026-11-30 becomes the real UTC today (Taskwarrior runs with TZ=UTC and the real clock, no
LD_PRELOAD), and a deadline becomes the last second of its day: due before now <=> deadline before
today. Both overdue exports are counted before and after the timing and the script stops if they
differ (also if the UTC day changes during the run).

Timing: whole processes, start-up included, output to /dev/null; the two tools alternate run by
run (and which goes first alternates too) so that machine noise falls on both; each figure is
the median of --runs runs after one untimed warm-up. The ratio is Taskwarrior ÷ tracker: above 1,
the tracker is faster. Taskwarrior runs with rc.confirmation=no, rc.verbose=nothing, rc.hooks=off,
rc.gc=off, rc.recurrence=off, rc.color=off (set in its temporary TASKRC).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 30)  # generate.py's TODAY: the day its data is made around
SIZES = [1_000, 10_000, 100_000]
HISTORY_PER_ITEM = 10  # as bench_core.py: 10,000 items / 100,000 history rows
OPEN = ("not_started", "in_progress", "on_hold")
NAMESPACE = uuid.UUID("7c1f0a52-5d6e-4f4b-9d38-2f1b1c0e7a11")  # item key -> task UUID, stable across runs
INSTALL = "Taskwarrior 2.6 is needed: `apt-get update && apt-get install -y taskwarrior` (Debian/Ubuntu, as root) or see https://taskwarrior.org/download/"


# --- databases ---------------------------------------------------------------------------------------------------


def generator(tracker: Path) -> list[str]:
    """generate.py run by the measured tracker's own interpreter, from its own checkout when it has one
    (X/.venv/bin/tracker -> X/bench/generate.py), so that a before/after comparison makes the data each way."""
    python = tracker.parent / "python"
    script = tracker.parent.parent.parent / "bench" / "generate.py"
    return [
        str(python) if python.exists() else sys.executable,
        str(script if script.exists() else HERE / "generate.py"),
    ]


def database(items: int, directory: Path, tracker: Path) -> Path:
    """The database of `items` items, made on first use (as bench_core.py names it, so the two scripts share it)."""
    changes = items * HISTORY_PER_ITEM
    path = directory / f"bench-{items}-{changes}.sqlite3"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        subprocess.run([*generator(tracker), str(path), "--items", str(items), "--changes", str(changes)], check=True)
    return path


def copy_database(source: Path, target: Path) -> None:
    """A private copy (WAL included), so that the status and note runs leave the shared database as made."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


# --- conversion --------------------------------------------------------------------------------------------------


def tw_date(value: str, shift: timedelta) -> str:
    """A stored naive UTC datetime ('2026-11-30 03:00:00.000000'), moved by `shift`, as Taskwarrior writes dates."""
    moment = datetime.fromisoformat(value) + shift
    return moment.strftime("%Y%m%dT%H%M%SZ")


def tw_due(deadline: str, shift: timedelta) -> str:
    """A deadline is due until the end of its day: overdue from the next day on, as in the tracker."""
    day = date.fromisoformat(deadline) + shift
    return f"{day:%Y%m%d}T235959Z"


def task_uuid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def convert(db: Path, target: Path, shift: timedelta, annotations: int) -> int:
    """Write the tracker's items as a Taskwarrior import file (a JSON array); returns the number of tasks."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    reports = dict(connection.execute("SELECT id, key FROM reports"))
    notes: dict[int, list[tuple[str, str]]] = {}
    for item_id, at, note in connection.execute(
        """SELECT item_id, at, note FROM (
               SELECT item_id, at, note, row_number() OVER (PARTITION BY item_id ORDER BY id DESC) AS recent
               FROM changes WHERE field = 'note' AND note IS NOT NULL)
           WHERE recent <= ? ORDER BY item_id, at""",
        (annotations,),
    ):
        notes.setdefault(item_id, []).append((at, note))
    tasks = []
    for item_id, key, report_id, title, owner, deadline, status, created, updated in connection.execute(
        "SELECT id, key, report_id, title_zh, owner_zh, deadline, status, created_at, updated_at FROM items ORDER BY id"
    ):
        task: dict[str, object] = {
            "uuid": task_uuid(key),
            "description": title,
            "project": reports[report_id],
            "entry": tw_date(created, shift),
            "modified": tw_date(updated, shift),
            "unit": owner,
            "reckey": key,
            "status": "pending" if status in OPEN else "completed",
        }
        if deadline:
            task["due"] = tw_due(deadline, shift)
        if status == "in_progress":
            task["start"] = tw_date(updated, shift)
        elif status in ("on_hold", "dropped"):
            task["tags"] = [status]
        if status not in OPEN:
            task["end"] = tw_date(updated, shift)
        if item_id in notes:
            seen: set[str] = set()
            entries = []
            for at, note in notes[item_id]:
                moment = datetime.fromisoformat(at) + shift
                while (stamp := moment.strftime("%Y%m%dT%H%M%SZ")) in seen:  # one annotation per second
                    moment += timedelta(seconds=1)
                seen.add(stamp)
                entries.append({"entry": stamp, "description": note})
            task["annotations"] = entries
        tasks.append(task)
    connection.close()
    target.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return len(tasks)


# --- the two tools -----------------------------------------------------------------------------------------------


def check_taskwarrior() -> str:
    task = shutil.which("task")
    if task is None:
        print(f"`task` is not on PATH. {INSTALL}", file=sys.stderr)
        raise SystemExit(2)
    version = subprocess.run([task, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if not version.startswith("2."):
        print(f"warning: Taskwarrior {version}; this script was written for 2.6 (data files, not TaskChampion)")
    return version


TASKRC = """\
data.location={data}
confirmation=no
verbose=nothing
hooks=off
gc=off
recurrence=off
color=off
news.version=2.6.0
uda.unit.type=string
uda.unit.label=Lead unit
uda.reckey.type=string
uda.reckey.label=Item
"""


def run(command: list[str], env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.decode()}")
    return result.stdout.decode() if capture else ""


@dataclass
class Size:
    items: int
    workdir: Path
    db: Path
    tracker: list[str]  # the tracker command with --db and --today
    task: list[str]
    tracker_env: dict[str, str]
    task_env: dict[str, str]
    today: date  # Taskwarrior's today (UTC) the data was shifted to
    picks: dict[str, tuple[str, int]] = field(default_factory=dict)  # role -> (item key, task ID)
    initial: dict[str, str] = field(default_factory=dict)  # role -> the item's status


def prepare(items: int, args: argparse.Namespace, task: str) -> Size:
    source = database(items, args.db_dir, args.tracker)
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-tw-{items}-"))
    db = workdir / "tracker.sqlite3"
    copy_database(source, db)
    data = workdir / "task"
    data.mkdir()
    (workdir / "taskrc").write_text(TASKRC.format(data=data), encoding="utf-8")
    tracker_env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    tracker_env |= {"TRACKER_CONFIG": "/nonexistent.toml", "TRACKER_USER": "bench"}
    task_env = {**os.environ, "TASKRC": str(workdir / "taskrc"), "TASKDATA": str(data), "TZ": "UTC"}
    today = datetime.now(UTC).date()
    size = Size(
        items=items,
        workdir=workdir,
        db=db,
        tracker=[str(args.tracker), "--db", str(db), "--today", TODAY.isoformat()],
        task=[task],
        tracker_env=tracker_env,
        task_env=task_env,
        today=today,
    )
    started = time.perf_counter()
    count = convert(db, workdir / "import.json", today - TODAY, args.annotations)
    run([task, "import", str(workdir / "import.json")], task_env)
    print(
        f"  {items:,} items: Taskwarrior data made in {time.perf_counter() - started:.1f} s "
        f"({count:,} tasks, up to {args.annotations} annotations each, dates moved by {(today - TODAY).days} days)",
        file=sys.stderr,
    )
    # The items the single-item commands work on: open in the tracker, so pending (with an ID) in Taskwarrior.
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        status_key, status = connection.execute(
            "SELECT key, status FROM items WHERE status = 'in_progress' ORDER BY id LIMIT 1"
        ).fetchone()
        others = connection.execute(
            "SELECT key, status FROM items WHERE status IN ('not_started', 'on_hold') ORDER BY id LIMIT 2"
        ).fetchall()
    connection.close()
    for role, (key, state) in zip(("status", "note", "show"), [(status_key, status), *others], strict=True):
        task_id = int(run([task, "_get", f"{task_uuid(key)}.id"], task_env, capture=True).strip() or 0)
        if task_id == 0:
            raise SystemExit(f"{key} has no Taskwarrior ID: the conversion is wrong")
        size.picks[role] = (key, task_id)
        size.initial[role] = state
    return size


def check_counts(size: Size) -> tuple[int, int]:
    """Both tools must find the same overdue items: count their JSON and compare."""
    if datetime.now(UTC).date() != size.today:
        raise SystemExit("the UTC day changed during the run, so Taskwarrior's overdue moved: run again")
    tracker = len(json.loads(run([*size.tracker, "list", "--overdue", "--format", "json"], size.tracker_env, True)))
    task = len(json.loads(run([*size.task, "+OVERDUE", "export"], size.task_env, True)))
    with sqlite3.connect(f"file:{size.db}?mode=ro", uri=True) as connection:
        expected = connection.execute(
            f"SELECT count(*) FROM items WHERE status IN {OPEN} AND deadline < ?", (TODAY.isoformat(),)
        ).fetchone()[0]
    connection.close()
    if not tracker == task == expected:
        raise SystemExit(
            f"overdue counts differ at {size.items:,} items: tracker {tracker:,}, Taskwarrior {task:,}, "
            f"database {expected:,}"
        )
    return tracker, task


@dataclass
class Command:
    name: str
    tracker: Callable[[], list[str]]
    task: Callable[[], list[str]]


def commands(size: Size) -> list[Command]:
    tr, tw = size.tracker, size.task
    status_key, status_id = size.picks["status"]
    note_key, note_id = size.picks["note"]
    show_key, show_id = size.picks["show"]
    # The status item starts in progress (started, in Taskwarrior): every run changes it.
    statuses = itertools.cycle(["on_hold", "in_progress"])
    actions = itertools.cycle(["stop", "start"])
    status_runs = itertools.count(1)
    tracker_notes = itertools.count(1)
    task_notes = itertools.count(1)
    return [
        Command(
            "overdue, JSON",
            lambda: [*tr, "list", "--overdue", "--format", "json"],
            lambda: [*tw, "+OVERDUE", "export"],
        ),
        Command("overdue, table", lambda: [*tr, "list", "--overdue"], lambda: [*tw, "overdue"]),
        Command(
            "status",
            lambda: [*tr, "status", status_key, next(statuses), "--note", f"bench status {next(status_runs)}"],
            lambda: [*tw, str(status_id), next(actions)],
        ),
        Command(
            "note",
            lambda: [*tr, "note", note_key, f"bench note {next(tracker_notes)}"],
            lambda: [*tw, str(note_id), "annotate", f"bench note {next(task_notes)}"],
        ),
        Command("show", lambda: [*tr, "show", show_key], lambda: [*tw, str(show_id), "info"]),
        Command("summary (JSON)", lambda: [*tr, "summary", "--format", "json"], lambda: [*tw, "summary"]),
    ]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    run(command, env)
    return time.perf_counter() - started


def compare(size: Size, command: Command, runs: int, warmup: int) -> tuple[float, float]:
    """Median seconds of the tracker and of Taskwarrior, alternating the two run by run."""
    for _ in range(warmup):
        run(command.tracker(), size.tracker_env)
        run(command.task(), size.task_env)
    tracker: list[float] = []
    task: list[float] = []
    for n in range(runs):
        pair = [(command.tracker, size.tracker_env, tracker), (command.task, size.task_env, task)]
        for make, env, times in pair if n % 2 == 0 else reversed(pair):
            times.append(timed(make(), env))
    return statistics.median(tracker), statistics.median(task)


# --- main --------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 items only")
    parser.add_argument("--sizes", help="comma-separated numbers of items (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command and tool (median) [5]")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first [1]")
    parser.add_argument(
        "--tracker", type=Path, default=HERE.parent / ".venv" / "bin" / "tracker", help="the tracker executable"
    )
    parser.add_argument("--db-dir", type=Path, default=HERE, help="where the generated databases are kept [bench/]")
    parser.add_argument("--annotations", type=int, default=3, help="latest notes per item made annotations [3]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (printed)")
    args = parser.parse_args()
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    else:
        sizes = SIZES[:2] if args.quick else SIZES
    version = check_taskwarrior()
    args.tracker = args.tracker.absolute()
    if not args.tracker.exists():
        raise SystemExit(f"{args.tracker} does not exist (--tracker)")
    tracker_version = subprocess.run([str(args.tracker), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"tracker: {args.tracker} ({tracker_version}); Taskwarrior {version}; median of {args.runs} runs", flush=True)

    results: list[tuple[str, int, float, float]] = []
    counts: list[str] = []
    for items in sizes:
        size = prepare(items, args, shutil.which("task") or "task")
        try:
            before = check_counts(size)
            for command in commands(size):
                tracker, task = compare(size, command, args.runs, args.warmup)
                results.append((command.name, items, tracker, task))
                print(
                    f"  {items:>7,}  {command.name:<15} tracker {tracker:6.3f} s  Taskwarrior {task:6.3f} s",
                    file=sys.stderr,
                )
            after = check_counts(size)
            counts.append(
                f"{items:,} items: overdue {before[0]:,} (tracker, --today {TODAY}) = {before[1]:,} "
                f"(Taskwarrior, today {size.today}); after the runs {after[0]:,} = {after[1]:,}"
            )
        finally:
            if args.keep:
                print(f"  kept {size.workdir}", file=sys.stderr)
            else:
                shutil.rmtree(size.workdir)

    print()
    for line in counts:
        print(line)
    print()
    print("| command | items | tracker s | Taskwarrior s | Taskwarrior ÷ tracker |")
    print("|---|---:|---:|---:|---:|")
    order = {name: n for n, name in enumerate(dict.fromkeys(r[0] for r in results))}
    for name, items, tracker, task in sorted(results, key=lambda r: (order[r[0]], r[1])):
        print(f"| {name} | {items:,} | {tracker:.3f} | {task:.3f} | {task / tracker:.2f} |")


if __name__ == "__main__":
    main()
