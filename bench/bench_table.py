"""Time the command line's plain table writer (tracker.output.plain.print_items) alone, no database.

    python bench/bench_table.py                  # 11,515 and 100,000 rows, piped and as a terminal
    python bench/bench_table.py --rows 2000 --runs 9

Synthetic ItemRow rows (Chinese titles of 12 to 70 characters with Latin words and numbers in
them, 40 lead units, deadlines over twelve years, every status) are written to /dev/null: once
as a pipe (plain, 160 columns), once as a 100-column colour terminal (a /dev/null that says it
is a terminal, so titles wrap and every row is coloured). Each figure is the median of --runs
in-process runs; "first" is when the first chunk reached the stream. The same rows as JSON
(items_json, as `list --format json` writes into a pipe) are timed for comparison. Process start-up, the
query and the imports are not in these figures (bench_taskwarrior.py times whole commands).
"""

from __future__ import annotations

import argparse
import enum
import io
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any, get_type_hints
from zoneinfo import ZoneInfo

from tracker.domain import Status
from tracker.output.plain import print_items
from tracker.output.records import items_json
from tracker.settings import Settings
from tracker.storage.queries import ItemRow

TODAY = date(2026, 11, 30)
WORDS = [
    "派員出席",
    "波哥大",
    "UCLG",
    "世界大會",
    "爭取連任",
    "亞太分會",
    "2017年",
    "執委會",
    "姊妹市交流",
    "CityNet",
    "第34屆",
    "花卉博覽會",
    "英文文宣",
    "宣傳短片",
    "名片印製",
    "logo",
    "國際活動",
    "並推動",
    "合作事宜",
    "、",
    "，",
    "（含預算）",
]
UNITS = [(f"第{n}處國際事務科", f"International Affairs Section {n}") for n in range(40)]


class Terminal(io.TextIOWrapper):
    """/dev/null that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def items(count: int, *, overdue_only: bool, seed: int = 2016) -> list[ItemRow]:
    rng = random.Random(seed)
    # Fields this script does not know (the row grows): an enum's first value, else None.
    unknown: dict[str, Any] = {
        name: next(iter(kind)) if isinstance(kind, type) and issubclass(kind, enum.Enum) else None
        for name, kind in get_type_hints(ItemRow).items()
    }
    moment = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    rows = []
    for n in range(count):
        title = "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18)))
        if overdue_only:
            deadline = TODAY - timedelta(days=rng.randint(1, 4000))
            status = rng.choice([Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD])
        else:
            deadline = TODAY + timedelta(days=rng.randint(-4000, 400))
            status = rng.choice(list(Status))
        owner = rng.choice(UNITS)
        known: dict[str, Any] = {
            "id": n + 1,
            "key": f"b{n // 1000 + 1:04d}-{n % 1000 + 1}",
            "number": n % 1000 + 1,
            "report_key": f"b{n // 1000 + 1:04d}",
            "report_title_zh": "基準測試報告",
            "title_zh": title,
            "title_en": f"Recommendation {n + 1}",
            "summary_en": None,
            "text_zh": title,
            "owner_zh": owner[0],
            "owner_en": owner[1],
            "supporting_units": [],
            "deadline": deadline,
            "original_deadline": deadline,
            "deadline_source": "report",
            "status": status,
            "version": 1,
            "created_at": moment,
            "updated_at": moment,
            "updated_by": "bench",
        }
        rows.append(ItemRow(**{**unknown, **known}))
    return rows


class Timed(io.TextIOWrapper):
    first: float | None = None

    def write(self, text: str) -> int:
        if self.first is None:
            self.first = time.perf_counter()
        return super().write(text)


def run(rows: list[ItemRow], settings: Settings, *, terminal: bool) -> tuple[float, float]:
    kind = type("TimedTerminal", (Timed, Terminal), {}) if terminal else Timed
    with open(os.devnull, "wb") as sink:
        out = kind(sink, encoding="utf-8")
        started = time.perf_counter()
        print_items(rows, settings, out)
        out.flush()
        done = time.perf_counter()
        return done - started, (out.first or done) - started


def run_json(rows: list[ItemRow], settings: Settings) -> float:
    """The same rows as `list --format json` writes them into a pipe, for comparison."""
    with open(os.devnull, "w", encoding="utf-8") as sink:
        started = time.perf_counter()
        sink.write(items_json(rows, settings, pretty=False))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, action="append", help="rows to write (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = Settings(
        db="bench", db_is_default=False, user="bench", frozen_today=TODAY, timezone=ZoneInfo("Asia/Taipei")
    )
    print(f"{'rows':>8}  {'stream':<22}  {'median s':>8}  {'best s':>7}  {'first s':>7}")
    for count in args.rows or [11_515, 100_000]:
        rows = items(count, overdue_only=True)
        for terminal, label in ((False, "pipe, plain, 160 cols"), (True, "terminal, colour, 100")):
            os.environ.update(COLUMNS="100" if terminal else "160", TERM="xterm-256color")
            os.environ.pop("NO_COLOR", None)
            times = [run(rows, settings, terminal=terminal) for _ in range(args.runs)]
            total = [whole for whole, _ in times]
            first = statistics.median(first for _, first in times)
            print(f"{count:>8,}  {label:<22}  {statistics.median(total):>8.3f}  {min(total):>7.3f}  {first:>7.3f}")
        total = [run_json(rows, settings) for _ in range(args.runs)]
        print(f"{count:>8,}  {'JSON into a pipe':<22}  {statistics.median(total):>8.3f}  {min(total):>7.3f}")


if __name__ == "__main__":
    main()
