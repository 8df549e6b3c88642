"""The reads the weekly summary and the exports need, beside tracker.storage.queries.

Each one is indexed and bounded, so that a summary of 100,000 items and 1,000,000
history rows stays under a second: counts are done by the database, lists carry a
limit, and exports stream rows (yield_per) instead of holding them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, TypedDict, TypeVarTuple, Unpack

from sqlalchemy import ColumnElement, Row, Select, case, func, select
from sqlalchemy.orm import Session

from tracker.domain import OPEN, InputError, Status
from tracker.storage import queries
from tracker.storage.models import Change, Item, Report

STREAM_BATCH = 2_000
_OPEN_CODES = [s.value for s in OPEN]
_Columns = TypeVarTuple("_Columns")


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

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.statuses:
            found.append(Item.status.in_([s.value for s in self.statuses]))
        if self.owner and self.owner.strip():
            found.append(queries.owner_matches(self.owner))
        if self.report:
            found.append(
                Item.report_id
                == select(Report.id).where(func.lower(Report.key) == self.report.strip().lower()).scalar_subquery()
            )
        return found

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


def check_report(session: Session, key: str | None) -> Report | None:
    """The report a --report names; InputError listing the known keys when there is none."""
    if not key:
        return None
    found = queries.report_by_key(session, key.strip())
    if found is None:
        choices = ", ".join(r.key for r in queries.reports(session)) or "—"
        raise InputError("error.unknown_report", report=key, choices=choices)
    return found


def count_items(session: Session, scope: Scope, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(Item).where(*scope.conditions(), *conditions)
    return session.scalar(query) or 0


def count_due(session: Session, scope: Scope, first: date, last: date) -> int:
    """Open items due on first..last (inclusive)."""
    return count_items(session, scope, Item.status.in_(_OPEN_CODES), Item.deadline >= first, Item.deadline <= last)


def overdue(session: Session, scope: Scope, as_of: date, limit: int | None) -> list[queries.ItemRow]:
    """Open items with a deadline before `as_of`, most overdue first (by deadline, report, number).

    With a limit, one query per open status walks ix_items_status_deadline in deadline
    order and stops at `limit` rows, instead of sorting every overdue item.
    """
    if not limit:
        return queries.list_items(session, scope.item_filter(overdue_on=as_of, sort="deadline"))
    found: list[queries.ItemRow] = []
    for status in OPEN:
        query = (
            queries.item_select()
            .where(*scope.conditions(), Item.status == status.value, Item.deadline < as_of)
            .order_by(Item.deadline, Report.key, Item.number)
            .limit(limit)
        )
        found += queries.item_rows(session, query)
    found.sort(key=lambda item: (item.deadline, item.report_key, item.number))
    return found[:limit]


def stale(session: Session, scope: Scope, before: datetime, limit: int | None) -> tuple[int, list[queries.ItemRow]]:
    """Open items not changed since `before`, stalest first: (how many, the first `limit`).

    Both reads go by ix_items_updated_at. (Without ANALYZE statistics SQLite would pick
    the status index and sort every open item; `status || ''` keeps it from doing so.)
    The count reads whichever side of `before` is smaller.
    """
    is_open = Item.status.concat("").in_(_OPEN_CODES)
    conditions = scope.conditions()
    older = session.scalar(select(func.count()).select_from(Item).where(Item.updated_at < before)) or 0
    newer = session.scalar(select(func.count()).select_from(Item).where(Item.updated_at >= before)) or 0
    if older <= newer:
        total = count_items(session, scope, is_open, Item.updated_at < before)
    else:
        total = count_items(session, scope, Item.status.in_(_OPEN_CODES)) - count_items(
            session, scope, is_open, Item.updated_at >= before
        )
    query = (
        queries.item_select()
        .where(*conditions, is_open, Item.updated_at < before)
        .order_by(Item.updated_at, Report.key, Item.number)
    )
    if limit:
        query = query.limit(limit)
    return total, queries.item_rows(session, query)


def owner_counts(session: Session, scope: Scope, as_of: date) -> list[OwnerCount]:
    """Per lead unit: open items and, of those, overdue as of `as_of`; most overdue first.

    Every open row is read, so one sequential scan is cheapest: through an index SQLite
    would look each row up at random (2x slower at 100,000 items). The `|| ''` on status
    and owner keeps the planner off ix_items_status_deadline and ix_items_owner.
    """
    overdue = func.sum(case((Item.deadline < as_of, 1), else_=0))
    unit = Item.owner_zh.concat("").label("unit")
    query = (
        select(unit, func.max(Item.owner_en), func.count(), overdue)
        .where(*scope.conditions(), Item.status.concat("").in_(_OPEN_CODES))
        .group_by(unit)
    )
    rows = [OwnerCount(zh, en, opened, late or 0) for zh, en, opened, late in session.execute(query)]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.owner_zh))


def changes_in(
    session: Session, scope: Scope, since: datetime, until: datetime, limit: int | None
) -> tuple[int, list[ChangeEntry]]:
    """History entries in [since, until) of the items in scope, newest first (range scan on ix_changes_at)."""
    conditions = [Change.at >= since, Change.at < until, *scope.conditions()]
    counting = select(func.count()).select_from(Change)
    if scope.conditions():  # without filters the count is read from ix_changes_at alone
        counting = counting.join(Item, Change.item_id == Item.id)
    total = session.scalar(counting.where(*conditions)) or 0
    query = (
        select(
            Change.id,
            Item.key,
            Item.number,
            Change.version,
            Change.at,
            Change.by,
            Change.field,
            Change.old,
            Change.new,
            Change.note,
            Item.title_zh,
            Item.title_en,
        )
        .join(Item, Change.item_id == Item.id)
        .where(*conditions)
        .order_by(Change.at.desc(), Change.id.desc())
    )
    if limit:
        query = query.limit(limit)
    entries = [ChangeEntry(queries.ChangeRow(*row[:10]), row.title_zh, row.title_en) for row in session.execute(query)]
    return total, entries


def iter_export_items(session: Session, scope: Scope) -> Iterator[ExportItem]:
    """The columns of the progress table for every item in scope, by report and number,
    streamed in batches. Leaner than queries.list_items (no full texts, no events, no
    ItemRow), which keeps a 100,000-item CSV export under three seconds."""
    query = (
        select(
            Item.key,
            Report.key,
            Item.number,
            Item.title_zh,
            Item.title_en,
            Item.owner_zh,
            Item.owner_en,
            queries.raw_value(Item.deadline),
            Item.status,
            Item.last_note,
            queries.raw_value(Item.updated_at),
        )
        .join(Report, Item.report_id == Report.id)
        .where(*scope.conditions())
        .order_by(Report.key, Item.number)
    )
    # Dates as the driver gives them, parsed with fromisoformat (queries.parse_day/parse_utc): several
    # times faster than SQLAlchemy's regex per value on 100,000 rows.
    day, utc = queries.parse_day, queries.parse_utc
    for key, report_key, number, title_zh, title_en, owner_zh, owner_en, deadline, status, note, updated in _stream(
        session, query
    ):
        yield ExportItem(
            key, report_key, number, title_zh, title_en, owner_zh, owner_en, day(deadline), status, note, utc(updated)
        )


def _stream(session: Session, query: Select[*_Columns]) -> Iterator[Row[*_Columns]]:
    # Core rows straight from the connection: the ORM layer adds nothing to plain columns.
    result = session.connection().execution_options(yield_per=STREAM_BATCH).execute(query)
    yield from result


def iter_history(session: Session, scope: Scope) -> Iterator[queries.ChangeRow]:
    """The full history of the items in scope, oldest first, streamed in batches."""
    query = (
        select(
            Change.id,
            Item.key,
            Item.number,
            Change.version,
            Change.at,
            Change.by,
            Change.field,
            Change.old,
            Change.new,
            Change.note,
        )
        .join(Item, Change.item_id == Item.id)
        .where(*scope.conditions())
        .order_by(Change.id)
    )
    # Unpacked by name: SQLAlchemy types a ten-column select as "these ten, and maybe more".
    for change_id, key, number, version, at, by, field, old, new, note in _stream(session, query):
        yield queries.ChangeRow(change_id, key, number, version, at, by, field, old, new, note)


def report_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Report)) or 0


def only_report(session: Session) -> Report | None:
    """The report, when the database holds exactly one."""
    found = session.scalars(select(Report).limit(2)).all()
    return found[0] if len(found) == 1 else None
