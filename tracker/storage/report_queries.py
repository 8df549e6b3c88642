"""The reads the weekly summary and the exports need, beside tracker.storage.queries.

Each one is indexed and bounded, so that a summary of 100,000 items and 1,000,000
history rows stays under a second: counts are done by the database, lists carry a
limit, and exports stream rows in batches instead of holding them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, TypedDict, Unpack

from tracker.domain import OPEN, InputError, Status
from tracker.storage import queries
from tracker.storage.driver import Connection, parse_day, parse_utc
from tracker.storage.queries import ACTIVE_OPEN, OPEN_CODES, Conditions

STREAM_BATCH = 2_000


class ListOptions(TypedDict, total=False):
    """What a Scope's item_filter may add to its filters (the rest of queries.ItemFilter)."""

    overdue_on: date | None
    due_by: date | None
    due_from: date | None
    search: str | None
    sort: str
    limit: int | None


@dataclass(frozen=True)
class Scope:
    """Which items a report covers: the filters shared by the summary and the exports."""

    owner: str | None = None
    report: str | None = None
    statuses: tuple[Status, ...] = ()

    def conditions(self) -> Conditions:
        where = Conditions()
        if self.statuses:
            where.add("i.status IN :statuses", statuses=[s.value for s in self.statuses])
        if self.owner and self.owner.strip():
            queries.add_owner(where, self.owner)
        if self.report:
            queries.add_report(where, self.report)
        return where

    def item_filter(self, **more: Unpack[ListOptions]) -> queries.ItemFilter:
        return queries.ItemFilter(statuses=self.statuses, owner=self.owner, report=self.report, **more)


class ExportItem(NamedTuple):
    """The columns of the progress table, as the database holds them."""

    key: str
    report_key: str
    number: int
    title_zh: str
    title_en: str | None
    owner_zh: str
    owner_en: str | None
    deadline: date | None
    status: str
    last_note: str | None
    updated_at: datetime


@dataclass(frozen=True)
class OwnerCount:
    owner_zh: str
    owner_en: str | None
    open: int
    overdue: int


@dataclass(frozen=True)
class ChangeEntry:
    """A history entry with the title of its item, for people reading a digest."""

    change: queries.ChangeRow
    title_zh: str
    title_en: str | None


def check_report(db: Connection, key: str | None) -> queries.ReportRow | None:
    """The report a --report names; InputError listing the known keys when there is none."""
    if not key:
        return None
    found = queries.report_by_key(db, key.strip())
    if found is None:
        choices = ", ".join(r.key for r in queries.reports(db)) or "—"
        raise InputError("error.unknown_report", report=key, choices=choices)
    return found


def _where(where: Conditions) -> str:
    return f" WHERE {where.sql}" if where.parts else ""


def count_items(db: Connection, where: Conditions) -> int:
    return int(db.scalar(f"SELECT count(*) FROM items i{_where(where)}", where.params) or 0)


def count_due(db: Connection, scope: Scope, first: date, last: date) -> int:
    """Open items due on first..last (inclusive)."""
    where = scope.conditions().add(
        f"{ACTIVE_OPEN} AND i.deadline >= :first AND i.deadline <= :last", open=OPEN_CODES, first=first, last=last
    )
    return count_items(db, where)


def overdue(db: Connection, scope: Scope, as_of: date, limit: int | None) -> list[queries.ItemRow]:
    """Open items with a deadline before `as_of`, most overdue first (by deadline, report, number).

    With a limit, one query per open status walks ix_items_status_deadline in deadline
    order and stops at `limit` rows, instead of sorting every overdue item.
    """
    if not limit:
        return queries.list_items(db, scope.item_filter(overdue_on=as_of, sort="deadline"))
    found: list[queries.ItemRow] = []
    for status in OPEN:
        where = scope.conditions().add(
            "i.tracking = 'active' AND i.status = :status AND i.deadline < :as_of", status=status.value, as_of=as_of
        )
        where.params["limit"] = limit
        found += queries.item_rows(db, where.sql, where.params, "ORDER BY i.deadline, r.key, i.number LIMIT :limit")
    found.sort(key=lambda item: (item.deadline or date.min, item.report_key, item.number))
    return found[:limit]


def stale(db: Connection, scope: Scope, before: datetime, limit: int | None) -> tuple[int, list[queries.ItemRow]]:
    """Open items not changed since `before`, stalest first: (how many, the first `limit`).

    Both reads go by ix_items_updated_at. (Without ANALYZE statistics SQLite would pick
    the status index and sort every open item; `status || ''` keeps it from doing so.)
    The count reads whichever side of `before` is smaller.
    """
    is_open = "i.status || '' IN :open AND i.tracking = 'active'"
    older = count_items(db, Conditions().add("i.updated_at < :before", before=before))
    newer = count_items(db, Conditions().add("i.updated_at >= :before", before=before))
    if older <= newer:
        total = count_items(
            db, scope.conditions().add(f"{is_open} AND i.updated_at < :before", open=OPEN_CODES, before=before)
        )
    else:
        total = count_items(db, scope.conditions().add(ACTIVE_OPEN, open=OPEN_CODES)) - count_items(
            db, scope.conditions().add(f"{is_open} AND i.updated_at >= :before", open=OPEN_CODES, before=before)
        )
    where = scope.conditions().add(f"{is_open} AND i.updated_at < :before", open=OPEN_CODES, before=before)
    tail = "ORDER BY i.updated_at, r.key, i.number"
    if limit:
        tail += " LIMIT :limit"
        where.params["limit"] = limit
    return total, queries.item_rows(db, where.sql, where.params, tail)


def owner_counts(db: Connection, scope: Scope, as_of: date) -> list[OwnerCount]:
    """Per lead unit: open items and, of those, overdue as of `as_of`; most overdue first.

    Every open row is read, so one sequential scan is cheapest: through an index SQLite
    would look each row up at random (2x slower at 100,000 items). The `|| ''` on status
    and owner keeps the planner off ix_items_status_deadline and ix_items_owner.
    """
    where = scope.conditions().add("i.status || '' IN :open AND i.tracking = 'active'", open=OPEN_CODES, as_of=as_of)
    sql = (
        "SELECT i.owner_zh || '' AS unit, max(i.owner_en), count(*),"
        " sum(CASE WHEN i.deadline < :as_of AND i.tracking = 'active' THEN 1 ELSE 0 END)"
        f" FROM items i{_where(where)} GROUP BY unit"
    )
    rows = [OwnerCount(zh, en, opened, int(late or 0)) for zh, en, opened, late in db.rows(sql, where.params)]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.owner_zh))


def changes_in(
    db: Connection, scope: Scope, since: datetime, until: datetime, limit: int | None
) -> tuple[int, list[ChangeEntry]]:
    """History entries in [since, until) of the items in scope, newest first (range scan on ix_changes_at)."""
    where = scope.conditions()
    filtered = bool(where.parts)
    where.add("c.at >= :since AND c.at < :until", since=since, until=until)
    # Without filters the count is read from ix_changes_at alone.
    counting = f"SELECT count(*) FROM changes c{' JOIN items i ON i.id = c.item_id' if filtered else ''}"
    total = int(db.scalar(f"{counting}{_where(where)}", where.params) or 0)
    sql = (
        f"SELECT {queries.CHANGE_COLUMNS}, i.title_zh, i.title_en {queries.CHANGE_FROM}{_where(where)}"
        " ORDER BY c.at DESC, c.id DESC"
    )
    if limit:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    entries = [ChangeEntry(queries.change_row(row), row[10], row[11]) for row in db.rows(sql, where.params)]
    return total, entries


def iter_export_items(db: Connection, scope: Scope) -> Iterator[ExportItem]:
    """The columns of the progress table for every item in scope, by report and number,
    streamed in batches. Leaner than queries.list_items (no full texts, no events, no
    ItemRow), which keeps a 100,000-item CSV export under three seconds."""
    where = scope.conditions()
    sql = (
        "SELECT i.key, r.key, i.number, i.title_zh, i.title_en, i.owner_zh, i.owner_en, i.deadline, i.status,"
        f" i.last_note, i.updated_at FROM items i JOIN reports r ON r.id = i.report_id{_where(where)}"
        " ORDER BY r.key, i.number"
    )
    day, utc = parse_day, parse_utc
    for key, report_key, number, title_zh, title_en, owner_zh, owner_en, deadline, status, note, updated in db.stream(
        sql, where.params, STREAM_BATCH
    ):
        yield ExportItem(
            key, report_key, number, title_zh, title_en, owner_zh, owner_en, day(deadline), status, note, utc(updated)
        )


def iter_history(db: Connection, scope: Scope) -> Iterator[queries.ChangeRow]:
    """The full history of the items in scope, oldest first, streamed in batches."""
    where = scope.conditions()
    sql = f"SELECT {queries.CHANGE_COLUMNS} {queries.CHANGE_FROM}{_where(where)} ORDER BY c.id"
    for row in db.stream(sql, where.params, STREAM_BATCH):
        yield queries.change_row(row)


def report_count(db: Connection) -> int:
    return int(db.scalar("SELECT count(*) FROM reports") or 0)


def only_report(db: Connection) -> queries.ReportRow | None:
    """The report, when the database holds exactly one."""
    found = queries.reports(db)
    return found[0] if len(found) == 1 else None
