"""The reads the weekly summary and the exports need, beside tracker.storage.queries.

Each one is indexed and bounded, so that a summary of 100,000 items and 1,000,000
history rows stays under a second: counts are done by the database, lists carry a
limit, and exports stream rows in batches instead of holding them all. The follow-up
figures read the history through ix_changes_field_new, which holds only the rows that
carry a new value (releases, requests for review, closings), never the progress notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple, TypedDict, Unpack
from zoneinfo import ZoneInfo

from tracker.dates import local_day_bounds, to_local
from tracker.domain import CLOSED, OPEN, Field, InputError, Status, Tracking
from tracker.storage import queries
from tracker.storage.driver import Connection, parse_day, parse_json, parse_utc
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
    tracking: str
    level: str
    latest_review: str | None
    latest_review_at: datetime | None
    supporting_units: list[queries.SupportingUnit]
    officer: str | None
    original_deadline: date | None
    progress: int
    adoption: str
    evidence_count: int
    deadline_reason: str | None  # the note of the latest deadline entry, while the deadline is moved
    doc_nos: list[str]  # the 文號 among its documents in view, oldest first


class Attachment(NamedTuple):
    """A stored file among an item's documents in view (its content is read on its own)."""

    id: int
    item_key: str
    name: str | None
    sha256: str


@dataclass(frozen=True)
class OwnerCount:
    """A lead unit's items: open (under follow-up, work not finished) and of those overdue,
    then by follow-up state: awaiting review, released, withdrawn (and active, for the totals).
    `open_progress` is the sum of the open items' progress (執行進度), for their average."""

    owner_zh: str
    owner_en: str | None
    open: int
    overdue: int
    pending: int = 0
    released: int = 0
    withdrawn: int = 0
    active: int = 0
    open_progress: int = 0

    @property
    def average_progress(self) -> float | None:
        """The open items' average progress, 0-100; None without open items."""
        return self.open_progress / self.open if self.open else None

    def count(self, tracking: Tracking) -> int:
        return {
            Tracking.ACTIVE: self.active,
            Tracking.PENDING: self.pending,
            Tracking.RELEASED: self.released,
            Tracking.WITHDRAWN: self.withdrawn,
        }[tracking]


@dataclass(frozen=True)
class Releases:
    """Released items against their deadlines: how many have a recorded release time, and of
    those how many were released on or before the deadline (a local day) or have none."""

    timed: int
    on_time: int


@dataclass(frozen=True)
class Waiting:
    """An item awaiting review, and since when: its owner's latest request for release."""

    item: queries.ItemRow
    since: datetime

    def days(self, as_of: date, zone: ZoneInfo) -> int:
        """Whole local days waited by `as_of` (0 on the day of the request, never less)."""
        return max(0, (as_of - to_local(self.since, zone).date()).days)


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
    the status or the follow-up index and sort every open item; `|| ''` keeps it from
    doing so.)
    The count reads whichever side of `before` is smaller.
    """
    is_open = "i.status || '' IN :open AND i.tracking || '' = 'active'"
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
    """Per lead unit: open items, of those overdue as of `as_of`, and their progress; then the
    unit's items by follow-up state. Most overdue first; every unit with an item in scope is listed.

    Both reads go through ix_items_tracking_owner (follow-up state, unit, status, deadline), in
    its order: nothing is sorted, and only the open items' rows are read, for their progress
    (the second read uses the index alone: 8 ms at 100,000 items).
    """
    where = scope.conditions().add(ACTIVE_OPEN, open=OPEN_CODES, as_of=as_of)
    sql = (
        "SELECT i.owner_zh, count(*), sum(CASE WHEN i.deadline < :as_of THEN 1 ELSE 0 END), sum(i.progress)"
        f" FROM items i{_where(where)} GROUP BY i.owner_zh"
    )
    opened = {
        zh: (int(count), int(late or 0), int(progress or 0)) for zh, count, late, progress in db.rows(sql, where.params)
    }
    where = scope.conditions()
    sql = (
        "SELECT i.tracking, i.owner_zh, max(i.owner_en), count(*)"
        f" FROM items i{_where(where)} GROUP BY i.tracking, i.owner_zh"
    )
    states: dict[str, dict[str, int]] = {}
    english: dict[str, str | None] = {}
    for tracking, zh, en, count in db.rows(sql, where.params):
        states.setdefault(zh, {})[tracking] = int(count)
        english[zh] = english.get(zh) or en
    rows = []
    for zh, by_state in states.items():
        open_count, late, progress = opened.get(zh, (0, 0, 0))
        rows.append(
            OwnerCount(
                zh,
                english[zh],
                open_count,
                late,
                pending=by_state.get(Tracking.PENDING.value, 0),
                released=by_state.get(Tracking.RELEASED.value, 0),
                withdrawn=by_state.get(Tracking.WITHDRAWN.value, 0),
                active=by_state.get(Tracking.ACTIVE.value, 0),
                open_progress=progress,
            )
        )
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, -r.pending, r.owner_zh))


# The history rows with a new value: ix_changes_field_new holds these alone (a partial index;
# naming its condition lets SQLite use it).
_HAS_NEW = "c.new IS NOT NULL"


def releases(db: Connection, scope: Scope, zone: ZoneInfo) -> Releases:
    """Released items in scope, each by when it was released, against its deadline.

    The release is the reviewer's decision (a history row of field 'review' with new
    'released'); an item released by the 0003 upgrade has none, and counts from when it was
    closed (its latest status change to done or dropped). An item with neither is not timed.
    Released on time: on or before the deadline's local day, or without a deadline.

    Both reads walk ix_changes_field_new (releases, then closings: never the progress notes)
    and look each row's item up by id. Each deadline's end is worked out once, as the
    database stores times, and the rows are compared with it as they come (80,000 releases:
    0.1 s in all; none, as in a database upgraded from 0.1.0 without closings recorded: 0).
    """
    where = scope.conditions().add("i.tracking || '' = :released", released=Tracking.RELEASED.value)
    where.params.update(review=Field.REVIEW.value, status=Field.STATUS.value, closed=[s.value for s in CLOSED])
    reviewed = f"{_HAS_NEW} AND c.field = :review AND c.new = :released"
    closed = (
        f"{_HAS_NEW} AND c.field = :status AND c.new IN :closed AND NOT EXISTS (SELECT 1 FROM changes d"
        " WHERE d.new IS NOT NULL AND d.field = :review AND d.new = :released AND d.item_id = c.item_id)"
    )
    released: dict[int, tuple[Any, Any]] = {}
    for rows in (reviewed, closed):
        # `|| ''` above keeps SQLite from starting at the items (and reading every item's history).
        sql = (
            "SELECT c.item_id, i.deadline, c.at FROM changes c JOIN items i ON i.id = c.item_id"
            f" WHERE {rows} AND {where.sql} ORDER BY c.item_id, c.at"
        )
        # In time order: an item's last row (released again after a reopening) is the one kept.
        released.update((item_id, (deadline, at)) for item_id, deadline, at in db.rows(sql, where.params))
    ends: dict[Any, Any] = {}
    on_time = 0
    for deadline, at in released.values():
        if deadline is None:
            on_time += 1
            continue
        end = ends.get(deadline)
        if end is None:
            day = parse_day(deadline)
            assert day is not None
            end = ends[deadline] = db.stored(local_day_bounds(day, day, zone)[1])
        if at < end:
            on_time += 1
    return Releases(len(released), on_time)


def review_queue(db: Connection, scope: Scope, limit: int | None) -> tuple[int, list[Waiting]]:
    """Items awaiting review, longest waiting first: (how many, the first `limit`).

    An item waits since its owner's latest request (a history row of field 'tracking' with
    new 'pending'), found through ix_changes_field_new for each waiting item; its last update
    stands in should the request be missing from the history.
    """
    where = scope.conditions().add("i.tracking = :pending", pending=Tracking.PENDING.value)
    total = count_items(db, where)
    where.params["field"] = Field.TRACKING.value
    since = (
        f"coalesce((SELECT max(c.at) FROM changes c WHERE {_HAS_NEW} AND c.field = :field"
        " AND c.new = :pending AND c.item_id = i.id), i.updated_at)"
    )
    sql = (
        f"SELECT i.id, {since} AS since FROM items i JOIN reports r ON r.id = i.report_id WHERE {where.sql}"
        " ORDER BY since, r.key, i.number"
    )
    if limit:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    waiting = db.rows(sql, where.params)
    if not waiting:
        return total, []
    found = {item.id: item for item in queries.item_rows(db, "i.id IN :ids", {"ids": [row[0] for row in waiting]})}
    return total, [Waiting(found[item_id], parse_utc(at)) for item_id, at in waiting]


WITHOUT_EVIDENCE_STATES = (Tracking.PENDING, Tracking.RELEASED)


def without_evidence(db: Connection, scope: Scope, limit: int | None) -> tuple[int, list[queries.ItemRow]]:
    """Items awaiting review or released with no document or reference in view (evidence_count
    0): (how many, the first `limit`), those awaiting review first (a reviewer can still ask
    for one), each group most recently updated first.

    When these states hold many of the items (a tracker in use: most items released), the
    count reads the table in one pass and the released ones are found walking
    ix_items_updated_at from the newest, stopping at `limit`; otherwise both go through
    ix_items_tracking_owner (`|| ''` chooses, as in stale). 100,000 items, 81,000 of them
    waiting or released: 0.04 s, where the index alone took 0.2 s.
    """
    states = [s.value for s in WITHOUT_EVIDENCE_STATES]
    in_states = count_items(db, scope.conditions().add("i.tracking IN :states", states=states))  # the index alone
    many = in_states * 4 > count_items(db, Conditions())
    tracking = "i.tracking || ''" if many else "i.tracking"
    total = count_items(db, scope.conditions().add(f"{tracking} IN :states AND i.evidence_count = 0", states=states))
    found: list[queries.ItemRow] = []
    for state, column in ((Tracking.PENDING, "i.tracking"), (Tracking.RELEASED, tracking)):
        if limit and len(found) >= limit:
            break
        where = scope.conditions().add(f"{column} = :state AND i.evidence_count = 0", state=state.value)
        tail = "ORDER BY i.updated_at DESC, r.key, i.number"
        if limit:
            tail += " LIMIT :limit"
            where.params["limit"] = limit - len(found)
        found += queries.item_rows(db, where.sql, where.params, tail)
    return total, found


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
    entries = [ChangeEntry(queries.change_row(row), row[13], row[14]) for row in db.rows(sql, where.params)]
    return total, entries


# The deadline differs from the original one (NULL-safe on both databases): it was moved.
_MOVED = "(i.deadline <> i.original_deadline OR (i.deadline IS NULL) <> (i.original_deadline IS NULL))"
# The latest deadline entry's note (the reason of the move, or of its correction), read for
# moved items alone: backwards along ix_changes_item_id from the item's newest entry.
_DEADLINE_REASON = (
    f"CASE WHEN {_MOVED} THEN (SELECT c.note FROM changes c WHERE c.item_id = i.id AND c.field = 'deadline'"
    " ORDER BY c.id DESC LIMIT 1) END"
)
_DOC_NO_ROWS = "FROM evidence v WHERE v.item_id = i.id AND v.kind = 'doc_no' AND v.retracted_by IS NULL"
_SEPARATOR = "\x1f"  # between 文號 in one value: a control character, which no 文號 holds
# The 文號 of items with documents in view, oldest first, in one value (along ix_evidence_item_id).
_DOC_NOS = {
    "sqlite": "CASE WHEN i.evidence_count > 0 THEN (SELECT group_concat(value, char(31)) FROM"
    f" (SELECT v.value {_DOC_NO_ROWS} ORDER BY v.id)) END",
    "postgresql": f"CASE WHEN i.evidence_count > 0 THEN (SELECT string_agg(v.value, chr(31) ORDER BY v.id) {_DOC_NO_ROWS}) END",
}


def iter_export_items(
    db: Connection, scope: Scope, *, reasons: bool = True, doc_nos: bool = True
) -> Iterator[ExportItem]:
    """The columns of the progress table for every item in scope, by report and number,
    streamed in batches. Leaner than queries.list_items (no full texts, no events, no
    ItemRow), which keeps a 100,000-item CSV export under three seconds.

    One statement for all items: the reason of a moved deadline and the 文號 come from
    correlated subqueries that run only for the items with a moved deadline or with
    documents, each an index lookup (100,000 items, 5 % moved, 30 % with documents:
    0.13 s more than without them on SQLite). A table without those columns leaves them
    out (`reasons`, `doc_nos` False: None and [] on every item)."""
    where = scope.conditions()
    sql = (
        "SELECT i.key, r.key, i.number, i.title_zh, i.title_en, i.owner_zh, i.owner_en, i.deadline, i.status,"
        " i.last_note, i.updated_at, i.tracking, i.level, i.latest_review, i.latest_review_at,"
        " i.supporting_units, i.officer, i.original_deadline, i.progress, i.adoption, i.evidence_count,"
        f" {_DEADLINE_REASON if reasons else 'NULL'}, {_DOC_NOS[db.dialect] if doc_nos else 'NULL'}"
        f" FROM items i JOIN reports r ON r.id = i.report_id{_where(where)} ORDER BY r.key, i.number"
    )
    day, utc = parse_day, parse_utc
    for (
        key,
        report_key,
        number,
        title_zh,
        title_en,
        owner_zh,
        owner_en,
        deadline,
        status,
        note,
        updated,
        tracking,
        level,
        review,
        reviewed,
        units,
        officer,
        original,
        progress,
        adoption,
        evidence_count,
        reason,
        numbers,
    ) in db.stream(sql, where.params, STREAM_BATCH):
        yield ExportItem(
            key,
            report_key,
            number,
            title_zh,
            title_en,
            owner_zh,
            owner_en,
            day(deadline),
            status,
            note,
            utc(updated),
            tracking,
            level,
            review,
            None if reviewed is None else utc(reviewed),
            [] if units is None or units == "[]" else parse_json(units),  # most items have none
            officer,
            day(original),
            progress,
            adoption,
            evidence_count,
            reason,
            numbers.split(_SEPARATOR) if numbers else [],
        )


def iter_attachments(db: Connection, scope: Scope) -> Iterator[Attachment]:
    """The stored files in view of the items in scope, by report, number and when added
    (the listing only: each file's content is read on its own, with queries.blob)."""
    where = scope.conditions().add("v.kind = 'file' AND v.retracted_by IS NULL AND v.sha256 IS NOT NULL")
    sql = (
        "SELECT v.id, i.key, v.name, v.sha256 FROM evidence v JOIN items i ON i.id = v.item_id"
        f" JOIN reports r ON r.id = i.report_id WHERE {where.sql} ORDER BY r.key, i.number, v.id"
    )
    for evidence_id, key, name, sha256 in db.stream(sql, where.params, STREAM_BATCH):
        yield Attachment(evidence_id, key, name, sha256)


def iter_history(db: Connection, scope: Scope, before: datetime | None = None) -> Iterator[queries.ChangeRow]:
    """The full history of the items in scope (up to `before`), oldest first, streamed in batches."""
    where = scope.conditions()
    if before is not None:
        where.add("c.at < :before", before=before)
    sql = f"SELECT {queries.CHANGE_COLUMNS} {queries.CHANGE_FROM}{_where(where)} ORDER BY c.id"
    for row in db.stream(sql, where.params, STREAM_BATCH):
        yield queries.change_row(row)


def first_created(db: Connection, scope: Scope, zone: ZoneInfo) -> date | None:
    """The local day the first item in scope was made (None without items)."""
    where = Scope(report=scope.report).conditions()
    at = db.scalar(f"SELECT min(i.created_at) FROM items i{_where(where)}", where.params)
    return None if at is None else to_local(parse_utc(at), zone).date()


def report_count(db: Connection) -> int:
    return int(db.scalar("SELECT count(*) FROM reports") or 0)


def only_report(db: Connection) -> queries.ReportRow | None:
    """The report, when the database holds exactly one."""
    found = queries.reports(db)
    return found[0] if len(found) == 1 else None


class PastItem(NamedTuple):
    """An item as it stood at a past moment, replayed from the history (see ``replay``)."""

    id: int
    report_key: str
    number: int
    owner_zh: str
    owner_en: str | None
    status: Status
    deadline: date | None
    tracking: Tracking
    progress: int


# The replayed fields, by the history field that changes each: a reviewer's decision ('review')
# moves the follow-up state as the owner's request ('tracking') does.
_REPLAYED = {
    Field.STATUS.value: "status",
    Field.OWNER.value: "owner",
    Field.OWNER_EN.value: "owner_en",
    Field.DEADLINE.value: "deadline",
    Field.TRACKING.value: "tracking",
    Field.REVIEW.value: "tracking",
    Field.PROGRESS.value: "progress",
}
# Where each replayed field sits in a row of ``replay``'s query (after the id).
_SLOT_INDEX = {"owner": 2, "owner_en": 3, "status": 4, "deadline": 5, "tracking": 6, "progress": 7}


def replay(db: Connection, scope: Scope, moment: datetime) -> list[PastItem]:
    """The items in scope as they stood just before `moment` (a UTC instant), from the history.

    An item created at or after `moment` did not exist yet. Each field's value then is the
    `old` of its earliest history row at or after `moment` (the value that row replaced),
    or the item's current value when it has not changed since: one pass over the later rows
    with a window function (SQLite and PostgreSQL alike), instead of replaying every row from
    the start. A correction is a row like any other (its `old` is the value it replaced), so
    a status corrected after the moment shows the value that stood then, and one corrected
    before it shows the correction. The owner filter is applied to the owner of that time.
    """
    inner = Scope(report=scope.report, statuses=())
    where = inner.conditions().add("i.created_at < :moment", moment=moment)
    fields = sorted(_REPLAYED)
    slot = " ".join(f"WHEN '{name}' THEN '{_REPLAYED[name]}'" for name in fields)
    # The rows after the moment: those with a new value come from ix_changes_field_new; a
    # deadline moved to none (new is null) is not in that index, and is looked for only among
    # the items that may have one (no deadline now, or a later row that gives one back), by
    # ix_changes_item_id. Neither read walks the progress notes.
    candidates = (
        "SELECT n.id FROM items n WHERE n.deadline IS NULL UNION SELECT d.item_id FROM changes d"
        " WHERE d.new IS NOT NULL AND d.field = :deadline AND d.old IS NULL AND d.at >= :moment"
    )
    rows = (
        f"SELECT c.id, c.item_id, c.field, c.old FROM changes c WHERE {_HAS_NEW} AND c.field IN :fields"
        " AND c.at >= :moment UNION ALL SELECT c.id, c.item_id, c.field, c.old FROM changes c"
        f" WHERE c.item_id IN ({candidates}) AND c.field = :deadline AND c.new IS NULL AND c.at >= :moment"
    )
    later = (
        f"SELECT h.item_id, CASE h.field {slot} END AS slot, h.old,"
        f" row_number() OVER (PARTITION BY h.item_id, CASE h.field {slot} END ORDER BY h.id) AS n"
        f" FROM ({rows}) h"
    )
    where.params.update(fields=fields, deadline=Field.DEADLINE.value)
    sql = (
        f"WITH later AS ({later}), first_later AS (SELECT item_id, slot, old FROM later WHERE n = 1)"
        " SELECT i.id, i.report_id, i.number, i.owner_zh, i.owner_en, i.status, i.deadline, i.tracking,"
        f" i.progress, f.slot, f.old FROM items i LEFT JOIN first_later f ON f.item_id = i.id{_where(where)}"
    )
    found: dict[int, list[Any]] = {}
    replayed: dict[int, set[str]] = {}
    for item_id, *values, name, old in db.rows(sql, where.params):
        if item_id not in found:
            found[item_id] = values
        if name is not None:
            found[item_id][_SLOT_INDEX[name]] = old
            replayed.setdefault(item_id, set()).add(name)
    english = queries.known_units(db)
    for item_id, names in replayed.items():
        if "owner" in names and "owner_en" not in names:  # staff's assign records the unit's name only
            found[item_id][_SLOT_INDEX["owner_en"]] = english.get(found[item_id][_SLOT_INDEX["owner"]])
    report_keys: dict[int, str] = dict(db.rows("SELECT id, key FROM reports"))
    statuses, trackings = {s.value: s for s in Status}, {t.value: t for t in Tracking}
    text = scope.owner.strip().lower() if scope.owner and scope.owner.strip() else None
    items = []
    for item_id, (report_id, number, zh, en, status, deadline, tracking, progress) in sorted(found.items()):
        if text is not None and text not in zh.lower() and text not in (en or "").lower():
            continue  # what queries.add_owner matches, on the owner of that time
        item = PastItem(
            item_id,
            report_keys[report_id],
            int(number),
            zh,
            en,
            statuses[status],
            parse_day(deadline) if deadline else None,
            trackings[tracking],
            int(progress or 0),
        )
        if not scope.statuses or item.status in scope.statuses:
            items.append(item)
    return items


def past_owner_counts(items: list[PastItem], as_of: date) -> list[OwnerCount]:
    """``owner_counts`` over replayed items."""
    units: dict[str, dict[str, Any]] = {}
    for item in items:
        unit = units.setdefault(item.owner_zh, {"en": None, "open": 0, "late": 0, "progress": 0, "states": {}})
        unit["en"] = unit["en"] or item.owner_en
        unit["states"][item.tracking] = unit["states"].get(item.tracking, 0) + 1
        if item.tracking is Tracking.ACTIVE and item.status in OPEN:
            unit["open"] += 1
            unit["progress"] += item.progress
            if item.deadline is not None and item.deadline < as_of:
                unit["late"] += 1
    rows = [
        OwnerCount(
            zh,
            u["en"],
            u["open"],
            u["late"],
            pending=u["states"].get(Tracking.PENDING, 0),
            released=u["states"].get(Tracking.RELEASED, 0),
            withdrawn=u["states"].get(Tracking.WITHDRAWN, 0),
            active=u["states"].get(Tracking.ACTIVE, 0),
            open_progress=u["progress"],
        )
        for zh, u in units.items()
    ]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, -r.pending, r.owner_zh))


def past_rows(
    db: Connection, items: list[PastItem], moment: datetime | None = None, touched: dict[int, datetime] | None = None
) -> list[queries.ItemRow]:
    """The items' rows with their replayed values, in the order given; with `moment`, also the
    latest progress note that stood then, and the last change before it (`touched`)."""
    if not items:
        return []
    ids = [i.id for i in items]
    rows: dict[int, queries.ItemRow] = {}
    for chunk in _chunks(ids):
        rows.update((row.id, row) for row in queries.item_rows(db, "i.id IN :ids", {"ids": chunk}))
    notes = _history_before(db, ids, moment)[1] if moment is not None else {}
    found = []
    for i in items:
        row = replace(
            rows[i.id],
            owner_zh=i.owner_zh,
            owner_en=i.owner_en,
            status=i.status,
            deadline=i.deadline,
            tracking=i.tracking,
            progress=i.progress,
        )
        if moment is not None:
            note, at = notes.get(i.id, (None, None))
            row = replace(row, last_note=note, last_note_at=at)
            if touched is not None and i.id in touched:
                row = replace(row, updated_at=touched[i.id])
        found.append(row)
    return found


_CHUNK = 10_000  # ids bound in one IN list: well under SQLite's 32,766 bound parameters


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def last_touched(db: Connection, ids: list[int], moment: datetime) -> dict[int, datetime]:
    """Each of the items' last moment of change before `moment`: its latest history row then,
    or its creation (along ix_changes_item_id, item by item: never the whole history)."""
    touched: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        params = {"ids": chunk, "moment": moment}
        for item_id, created in db.rows("SELECT i.id, i.created_at FROM items i WHERE i.id IN :ids", params):
            touched[item_id] = parse_utc(created)
        sql = "SELECT c.item_id, max(c.at) FROM changes c WHERE c.item_id IN :ids AND c.at < :moment GROUP BY c.item_id"
        for item_id, at in db.rows(sql, params):
            touched[item_id] = max(touched[item_id], parse_utc(at))
    return touched


def past_stale(
    db: Connection, items: list[PastItem], moment: datetime, before: datetime, limit: int | None
) -> tuple[int, list[queries.ItemRow]]:
    """``stale`` at a past moment: the items under follow-up and open then, unchanged from
    `before` to the moment, stalest first. The items changed in that window are found by
    ix_changes_at (a month of the history); only the others' last changes are looked up."""
    recent = {
        row[0]
        for row in db.rows(
            "SELECT DISTINCT c.item_id FROM changes c WHERE c.at >= :before AND c.at < :moment",
            {"before": before, "moment": moment},
        )
    }
    candidates = [i for i in items if i.tracking is Tracking.ACTIVE and i.status in OPEN and i.id not in recent]
    touched = last_touched(db, [i.id for i in candidates], moment)
    late = sorted(
        (i for i in candidates if touched[i.id] < before),  # not created within the window either
        key=lambda i: (touched[i.id], i.report_key, i.number),
    )
    return len(late), past_rows(db, late[:limit] if limit else late, moment, touched)


def past_review_queue(
    db: Connection, items: list[PastItem], moment: datetime, limit: int | None
) -> tuple[int, list[Waiting]]:
    """``review_queue`` at a past moment: the items awaiting review then, each since its
    owner's latest request before the moment (ix_changes_field_new), longest waiting first."""
    waiting = [i for i in items if i.tracking is Tracking.PENDING]
    if not waiting:
        return 0, []
    asked = {
        item_id: parse_utc(at)
        for item_id, at in db.rows(
            f"SELECT c.item_id, max(c.at) FROM changes c WHERE {_HAS_NEW} AND c.field = :field"
            " AND c.new = :pending AND c.at < :moment GROUP BY c.item_id",
            {"field": Field.TRACKING.value, "pending": Tracking.PENDING.value, "moment": moment},
        )
    }
    touched = last_touched(db, [i.id for i in waiting if i.id not in asked], moment)
    since = {i.id: asked.get(i.id) or touched[i.id] for i in waiting}
    waiting.sort(key=lambda i: (since[i.id], i.report_key, i.number))
    shown = waiting[:limit] if limit else waiting
    return len(waiting), [Waiting(row, since[row.id]) for row in past_rows(db, shown, moment)]


def past_without_evidence(
    db: Connection, items: list[PastItem], moment: datetime, limit: int | None
) -> tuple[int, list[queries.ItemRow]]:
    """``without_evidence`` at a past moment: awaiting review or released then, with no
    document or reference added before the moment and still in view at it."""
    shown = db.rows(
        "SELECT DISTINCT v.item_id FROM evidence v LEFT JOIN changes r ON r.id = v.retracted_by"
        " WHERE v.added_at < :moment AND (r.id IS NULL OR r.at >= :moment)",
        {"moment": moment},
    )
    with_evidence = {row[0] for row in shown}
    bare = [i for i in items if i.tracking in WITHOUT_EVIDENCE_STATES and i.id not in with_evidence]
    if not bare:
        return 0, []
    touched = last_touched(db, [i.id for i in bare], moment)
    bare.sort(
        key=lambda i: (WITHOUT_EVIDENCE_STATES.index(i.tracking), -touched[i.id].timestamp(), i.report_key, i.number)
    )
    return len(bare), past_rows(db, bare[:limit] if limit else bare, moment, touched)


def past_releases(db: Connection, items: list[PastItem], moment: datetime, zone: ZoneInfo) -> Releases:
    """``releases`` at a past moment: the items released then, each by its last release (or,
    without one, closing) before the moment, against the deadline that stood then."""
    released_then = {i.id: i for i in items if i.tracking is Tracking.RELEASED}
    if not released_then:
        return Releases(0, 0)
    params = {
        "review": Field.REVIEW.value,
        "released": Tracking.RELEASED.value,
        "status": Field.STATUS.value,
        "closed": [s.value for s in CLOSED],
        "moment": moment,
    }
    reviewed: dict[int, datetime] = {}
    closed: dict[int, datetime] = {}
    for found, condition in (
        (reviewed, "c.field = :review AND c.new = :released"),
        (closed, "c.field = :status AND c.new IN :closed"),
    ):
        sql = f"SELECT c.item_id, max(c.at) FROM changes c WHERE {_HAS_NEW} AND {condition} AND c.at < :moment GROUP BY c.item_id"
        found.update((item_id, parse_utc(at)) for item_id, at in db.rows(sql, params))
    timed = on_time = 0
    for item_id, item in released_then.items():
        at = reviewed.get(item_id) or closed.get(item_id)
        if at is None:
            continue
        timed += 1
        if item.deadline is None or at < local_day_bounds(item.deadline, item.deadline, zone)[1]:
            on_time += 1
    return Releases(timed, on_time)


# The progress table's columns that a history row changes, by the row's field: what a
# table as of a past day replays (see iter_past_export_items).
_EXPORT_REPLAYED = {
    Field.STATUS.value: "status",
    Field.OWNER.value: "owner_zh",
    Field.OWNER_EN.value: "owner_en",
    Field.DEADLINE.value: "deadline",
    Field.TRACKING.value: "tracking",
    Field.REVIEW.value: "tracking",
    Field.PROGRESS.value: "progress",
    Field.OFFICER.value: "officer",
    Field.SUPPORTING.value: "supporting_units",
    Field.ADOPTION.value: "adoption",
    Field.LEVEL.value: "level",
    Field.TITLE_ZH.value: "title_zh",
    Field.TITLE_EN.value: "title_en",
}


def iter_past_export_items(
    db: Connection, scope: Scope, moment: datetime, *, reasons: bool = True, doc_nos: bool = True
) -> Iterator[ExportItem]:
    """``iter_export_items`` as the table stood just before `moment` (the end of a past day).

    Each replayed column takes the `old` of its earliest history row at or after the moment
    (the value that row replaced), as ``replay`` does; the latest note, the latest review,
    the documents, the last change and a moved deadline's reason are read again only for the
    items with a history row after the moment (the others' are what they were). Items created
    after the moment are left out; the owner and status filters apply to the values of then.
    """
    later: dict[str, dict[str, Any]] = {}
    fields_after: dict[str, set[str]] = {}
    ids: dict[str, int] = {}
    sql = (
        "SELECT i.id, i.key, c.field, c.old FROM changes c JOIN items i ON i.id = c.item_id"
        " WHERE c.at >= :moment ORDER BY c.id"
    )
    for item_id, key, field, old in db.stream(sql, {"moment": moment}, STREAM_BATCH):
        ids[key] = item_id
        fields_after.setdefault(key, set()).add(field)
        attr = _EXPORT_REPLAYED.get(field)
        if attr is not None:
            later.setdefault(key, {}).setdefault(attr, old)
    unborn = {row[0] for row in db.rows("SELECT key FROM items WHERE created_at >= :moment", {"moment": moment})}
    touched = set(fields_after) - unborn
    noted = {ids[k] for k in touched if fields_after[k] & {Field.NOTE.value, Field.STATUS.value}}
    last, notes = _history_before(db, [ids[k] for k in touched], moment)
    english = queries.known_units(db)  # a supporting unit's English name, which its history lacks
    reviewed = _past_reviews(db, [ids[k] for k in touched if Field.REVIEW.value in fields_after[k]], moment)
    documented = [ids[k] for k in touched if Field.EVIDENCE.value in fields_after[k]]
    documents = _past_documents(db, documented, moment) if documented else {}
    moved = [ids[k] for k in touched if Field.DEADLINE.value in fields_after[k]]
    reasons_then = _past_deadline_reasons(db, moved, moment) if reasons and moved else {}
    statuses = {s.value for s in scope.statuses}
    text = scope.owner.strip().lower() if scope.owner and scope.owner.strip() else None
    for item in iter_export_items(db, Scope(report=scope.report), reasons=reasons, doc_nos=doc_nos):
        if item.key in unborn:
            continue
        if item.key in touched:
            item_id = ids[item.key]
            values: dict[str, Any] = dict(later.get(item.key, {}))
            if "owner_zh" in values and "owner_en" not in values:  # staff's assign records the unit's name only
                values["owner_en"] = english.get(values["owner_zh"])
            if "deadline" in values:
                values["deadline"] = parse_day(values["deadline"]) if values["deadline"] else None
            if "progress" in values:
                values["progress"] = int(values["progress"] or 0)
            if "supporting_units" in values:
                names = values["supporting_units"]
                values["supporting_units"] = (
                    [{"zh": n, "en": english.get(n)} for n in names.split("、")] if names else []
                )
            review, review_at = reviewed.get(item_id, (item.latest_review, item.latest_review_at))
            count, numbers = documents.get(item_id, (item.evidence_count, item.doc_nos))
            values.update(
                last_note=notes[item_id][0] if item_id in notes else None if item_id in noted else item.last_note,
                latest_review=review,
                latest_review_at=review_at,
                evidence_count=count,
                doc_nos=numbers if doc_nos else [],
                updated_at=last[item_id],
            )
            item = item._replace(**values)
            if reasons and item_id in reasons_then:
                item = item._replace(deadline_reason=reasons_then[item_id])
            if item.deadline == item.original_deadline:
                item = item._replace(deadline_reason=None)
        if statuses and item.status not in statuses:
            continue
        if text is not None and text not in item.owner_zh.lower() and text not in (item.owner_en or "").lower():
            continue
        yield item


def _history_before(
    db: Connection, ids: list[int], moment: datetime
) -> tuple[dict[int, datetime], dict[int, tuple[str, datetime]]]:
    """``last_touched`` of the items and each one's latest progress note that stood at
    `moment` (what service._refresh_last_note keeps, with the history cut at the moment: a
    correction made later does not count yet), in one read of their history before
    `moment` (at 100,000 items a table as of two months back touches half of them: reading
    their rows once instead of twice halves the time)."""
    corrected = {
        row[0]
        for row in db.rows(
            "SELECT c.corrects FROM changes c WHERE c.corrects IS NOT NULL AND c.at < :moment", {"moment": moment}
        )
    }
    touched: dict[int, datetime] = {}
    latest: dict[int, tuple[int, str, datetime]] = {}  # the newest note that stands: (row id, text, at)
    for chunk in _chunks(ids):
        params = {"ids": chunk, "moment": moment}
        for item_id, created in db.rows("SELECT i.id, i.created_at FROM items i WHERE i.id IN :ids", params):
            touched[item_id] = parse_utc(created)
        sql = (
            "SELECT c.item_id, c.id, c.field, c.note, c.new, c.corrects, c.at FROM changes c"
            " WHERE c.item_id IN :ids AND c.at < :moment"
        )
        for item_id, change_id, what, note, new, corrects, at in db.rows(sql, params):
            moment_then = parse_utc(at)
            if moment_then > touched[item_id]:
                touched[item_id] = moment_then
            if what not in _NOTE_FIELDS or change_id in corrected:
                continue
            text = (new if what == Field.NOTE.value else None) if corrects is not None else note
            if text and (item_id not in latest or latest[item_id][0] < change_id):
                latest[item_id] = (change_id, text, moment_then)
    return touched, {item_id: (text, at) for item_id, (_, text, at) in latest.items()}


_NOTE_FIELDS = frozenset({Field.NOTE.value, Field.STATUS.value})


def _past_reviews(db: Connection, ids: list[int], moment: datetime) -> dict[int, tuple[str | None, datetime | None]]:
    """The latest review (審查意見 and when) of each item before `moment`; none if it had none."""
    found: dict[int, tuple[str | None, datetime | None]] = {item_id: (None, None) for item_id in ids}
    for chunk in _chunks(ids):
        sql = (
            "SELECT c.item_id, c.note, c.at FROM changes c WHERE c.item_id IN :ids AND c.field = :review"
            " AND c.at < :moment ORDER BY c.id"
        )
        for item_id, note, at in db.rows(sql, {"ids": chunk, "review": Field.REVIEW.value, "moment": moment}):
            found[item_id] = (note, parse_utc(at))
    return found


def _past_documents(db: Connection, ids: list[int], moment: datetime) -> dict[int, tuple[int, list[str]]]:
    """How many documents each item had in view at `moment`, and their 文號 oldest first."""
    found: dict[int, tuple[int, list[str]]] = {item_id: (0, []) for item_id in ids}
    for chunk in _chunks(ids):
        sql = (
            "SELECT v.item_id, v.kind, v.value FROM evidence v LEFT JOIN changes r ON r.id = v.retracted_by"
            " WHERE v.item_id IN :ids AND v.added_at < :moment AND (r.id IS NULL OR r.at >= :moment) ORDER BY v.id"
        )
        for item_id, kind, value in db.rows(sql, {"ids": chunk, "moment": moment}):
            count, numbers = found[item_id]
            found[item_id] = (count + 1, [*numbers, value] if kind == "doc_no" and value else numbers)
    return found


def _past_deadline_reasons(db: Connection, ids: list[int], moment: datetime) -> dict[int, str | None]:
    """The note of each item's latest deadline entry before `moment` (the reason of the move)."""
    found: dict[int, str | None] = {}
    for chunk in _chunks(ids):
        sql = (
            "SELECT c.item_id, c.note FROM changes c WHERE c.item_id IN :ids AND c.field = :deadline"
            " AND c.at < :moment ORDER BY c.id"
        )
        found.update(db.rows(sql, {"ids": chunk, "deadline": Field.DEADLINE.value, "moment": moment}))
    return found
