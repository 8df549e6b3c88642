"""Make a benchmark database: N items over many reports, M history rows.

    python bench/generate.py bench/bench.sqlite3 --items 100000 --changes 1000000

Rows are inserted in bulk through SQLAlchemy Core (the schema comes from the real
migrations), with a fixed random seed so that runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from tracker.bootstrap import open_service
from tracker.settings import load_settings
from tracker.storage.chain import GENESIS, row_hash
from tracker.storage.engine import make_engine
from tracker.storage.models import Change, Item, Report

STATUSES = ["not_started"] * 3 + ["in_progress"] * 3 + ["on_hold"] + ["done"] * 2 + ["dropped"]
# A tracker in use: most items half a year past their deadline have been closed.
LONG_PAST = ["done"] * 15 + ["dropped"] * 3 + ["in_progress"] + ["on_hold"]
TODAY = date(2026, 11, 30)
UNITS = [
    ("秘書處國際事務科", "International Affairs Section"),
    ("新聞局", "Information Bureau"),
    ("農業局", "Agriculture Bureau"),
    ("觀光旅遊局", "Tourism Bureau"),
    ("研究發展考核委員會", "RDEC"),
]
ITEMS_PER_REPORT = 1000
BATCH = 20_000


def status_for(deadline: date, rng: random.Random, worst_case: bool) -> str:
    if worst_case or (TODAY - deadline).days <= 180:
        return rng.choice(STATUSES)
    return rng.choice(LONG_PAST)


def generate(path: Path, items: int, changes: int, seed: int = 2016, worst_case: bool = False) -> None:
    rng = random.Random(seed)
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    service = open_service(load_settings(db=str(path), user="bench"), creating=True)
    now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    started = time.perf_counter()
    engine = make_engine(service.db.url)  # bulk inserts through SQLAlchemy Core, in one transaction
    with engine.begin() as session:
        reports = (items + ITEMS_PER_REPORT - 1) // ITEMS_PER_REPORT
        session.execute(
            insert(Report),
            [
                {"id": r + 1, "key": f"b{r + 1:04d}", "title_zh": f"基準測試報告 {r + 1}", "created_at": now}
                for r in range(reports)
            ],
        )
        rows = []
        for n in range(items):
            report, number = divmod(n, ITEMS_PER_REPORT)
            deadline = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 4400))
            unit = rng.choice(UNITS)
            rows.append(
                {
                    "id": n + 1,
                    "key": f"b{report + 1:04d}-{number + 1}",
                    "report_id": report + 1,
                    "number": number + 1,
                    "title_zh": f"建議事項 {n + 1}：派員出席國際會議並爭取主辦",
                    "title_en": f"Recommendation {n + 1}",
                    "summary_en": "Attend the meeting.",
                    "text_zh": "建議本府派員參加爭取機會，並持續推動交流合作事宜。" * 3,
                    "owner_zh": unit[0],
                    "owner_en": unit[1],
                    "supporting_units": [],
                    "deadline": deadline,
                    "original_deadline": deadline,
                    "deadline_source": "assigned",
                    "status": status_for(deadline, rng, worst_case),
                    "version": 1,
                    "last_note": "已聯繫主辦單位。",
                    "last_note_at": now - timedelta(days=rng.randrange(0, 700)),
                    "created_at": now - timedelta(days=800),
                    "updated_at": now - timedelta(days=rng.randrange(0, 700)),
                    "updated_by": "bench",
                }
            )
            if len(rows) == BATCH:
                session.execute(insert(Item), rows)
                rows = []
        if rows:
            session.execute(insert(Item), rows)
        batch = []
        prev = GENESIS  # Core inserts bypass the ORM's chaining: hash here, as the service would
        for c in range(changes):
            row = {
                "id": c + 1,
                "item_id": rng.randrange(1, items + 1),
                "version": 1,
                "at": now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
                "by": "bench",
                "field": "note",
                "old": None,
                "new": None,
                "note": f"辦理情形 {c}",
            }
            row["row_hash"] = prev = row_hash(prev, **row)
            batch.append(row)
            if len(batch) == BATCH:
                session.execute(insert(Change), batch)
                batch = []
        if batch:
            session.execute(insert(Change), batch)
    engine.dispose()
    service.db.dispose()
    print(f"{path}: {items} items, {changes} history rows in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument(
        "--worst-case", action="store_true", help="statuses regardless of age: about 60%% of all items overdue"
    )
    args = parser.parse_args()
    generate(args.path, args.items, args.changes, worst_case=args.worst_case)


if __name__ == "__main__":
    main()
