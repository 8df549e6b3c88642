"""Read queries. They return plain rows (dataclasses), so that every renderer (table, JSON,
summary, exports, TUI) works from the same simple model.

Each query is SQL written once for SQLite and PostgreSQL alike (tracker.storage.driver
runs it on either); filters add `WHERE` conditions with bound parameters, never text
from the user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict

from tracker.domain import (
    ITEM_NUMBER_LIMIT,
    OPEN,
    STATUS_ORDER,
    Adoption,
    EvidenceKind,
    InputError,
    Level,
    Status,
    Tracking,
    days_overdue,
    is_due_soon,
    whole_number,
)
from tracker.storage.driver import Connection, Row, parse_day, parse_utc


class SupportingUnit(TypedDict):
    """One of an item's supporting units, as Item.supporting_units holds them."""

    zh: str
    en: str | None


@dataclass(frozen=True)
class EventRow:
    key: str
    name_zh: str
    name_en: str | None
    place: str | None
    start: date | None
    end: date | None
    remark: str | None


@dataclass(frozen=True)
class ItemRow:
    id: int
    key: str
    number: int
    report_key: str
    report_title_zh: str
    title_zh: str
    title_en: str | None
    summary_en: str | None
    text_zh: str
    owner_zh: str
    owner_en: str | None
    supporting_units: list[SupportingUnit]
    officer: str | None
    event: EventRow | None
    deadline: date | None
    original_deadline: date | None
    deadline_source: str
    status: Status
    version: int
    last_note: str | None
    last_note_at: datetime | None
    created_at: datetime
    updated_at: datetime
    updated_by: str
    tracking: Tracking
    level: Level
    latest_review: str | None
    latest_review_at: datetime | None
    progress: int
    adoption: Adoption
    evidence_count: int

    def days_overdue(self, today: date) -> int | None:
        return days_overdue(self.deadline, self.status, today, self.tracking)

    def is_due_soon(self, today: date) -> bool:
        return is_due_soon(self.deadline, self.status, today, self.tracking)


@dataclass(frozen=True)
class ReportRow:
    id: int
    key: str
    title_zh: str
    title_en: str | None
    agency_zh: str | None = None  # the agency that filed it (計畫主辦機關), for headings
    agency_en: str | None = None


@dataclass(frozen=True)
class ChangeRow:
    id: int
    item_key: str
    item_number: int
    version: int
    at: datetime
    by: str
    field: str
    old: str | None
    new: str | None
    note: str | None
    corrects: int | None = None  # the entry this one corrects
    corrected_by: int | None = None  # the correction of this entry, if any
    corrected_at: datetime | None = None


@dataclass(frozen=True)
class EvidenceRow:
    """One of an item's 佐證資料: a stored file or a reference."""

    id: int
    item_key: str
    kind: EvidenceKind
    name: str | None
    sha256: str | None
    size: int | None
    media_type: str | None
    value: str | None
    added_at: datetime
    added_by: str
    note_id: int | None
    note: str | None  # the progress note it was attached with
    retracted_by: int | None

    @property
    def label(self) -> str:
        """What it is called in lists and the history: the file's name, or the reference."""
        return (self.name if self.kind is EvidenceKind.FILE else self.value) or ""


@dataclass(frozen=True)
class ItemFilter:
    """What `list`, the summary, the exports and the TUI can narrow the items to."""

    statuses: tuple[Status, ...] = ()
    owner: str | None = None
    report: str | None = None
    overdue_on: date | None = None  # overdue as of this day
    due_by: date | None = None  # open and due on or before this day (not yet overdue)
    due_from: date | None = None
    search: str | None = None
    tracking: tuple[Tracking, ...] = ()
    level: Level | None = None
    sort: str = "number"
    limit: int | None = None


SORTS = ("number", "deadline", "status", "owner", "updated")


# The item's columns, in the order _to_item_row unpacks them. Dates and times come as the
# driver gives them (text on SQLite) and are parsed by parse_day/parse_utc.
ITEM_COLUMNS = """i.id, i.key, i.number, r.key, r.title_zh, i.title_zh, i.title_en, i.summary_en, i.text_zh,
    i.owner_zh, i.owner_en, i.supporting_units, i.officer, i.deadline, i.original_deadline, i.deadline_source,
    i.status, i.version, i.last_note, i.last_note_at, i.created_at, i.updated_at, i.updated_by,
    e.key, e.name_zh, e.name_en, e.place, e.start, e."end", e.remark,
    i.tracking, i.level, i.latest_review, i.latest_review_at, i.progress, i.adoption, i.evidence_count"""
ITEM_FROM = """FROM items i JOIN reports r ON r.id = i.report_id LEFT JOIN events e ON e.id = i.event_id"""
ITEM_SELECT = f"SELECT {ITEM_COLUMNS} {ITEM_FROM}"

CHANGE_COLUMNS = """c.id, i.key, i.number, c.version, c.at, c."by", c.field, c.old, c.new, c.note,
    c.corrects, k.id, k.at"""
CHANGE_FROM = "FROM changes c JOIN items i ON i.id = c.item_id LEFT JOIN changes k ON k.corrects = c.id"

OPEN_CODES = tuple(s.value for s in OPEN)
_STATUS_BY_CODE = {status.value: status for status in Status}
_TRACKING_BY_CODE = {tracking.value: tracking for tracking in Tracking}
_LEVEL_BY_CODE = {level.value: level for level in Level}
_ADOPTION_BY_CODE = {adoption.value: adoption for adoption in Adoption}
# Under follow-up with the work still open: what can be overdue or due soon.
ACTIVE_OPEN = "i.tracking = 'active' AND i.status IN :open"


def _to_item_row(row: Row) -> ItemRow:
    # Plain tuple unpacking: lists of 100,000 items are built here.
    (
        item_id,
        key,
        number,
        report_key,
        report_title,
        title_zh,
        title_en,
        summary_en,
        text_zh,
        owner_zh,
        owner_en,
        units,
        officer,
        deadline,
        original_deadline,
        deadline_source,
        status,
        version,
        last_note,
        last_note_at,
        created_at,
        updated_at,
        updated_by,
        event_key,
        event_zh,
        event_en,
        place,
        start,
        end,
        remark,
        tracking,
        level,
        latest_review,
        latest_review_at,
        progress,
        adoption,
        evidence_count,
    ) = row
    event = (
        None
        if event_key is None
        else EventRow(event_key, event_zh, event_en, place, parse_day(start), parse_day(end), remark)
    )
    return ItemRow(
        item_id,
        key,
        number,
        report_key,
        report_title,
        title_zh,
        title_en,
        summary_en,
        text_zh,
        owner_zh,
        owner_en,
        _decode_units(units),
        officer,
        event,
        parse_day(deadline),
        parse_day(original_deadline),
        deadline_source,
        _STATUS_BY_CODE[status],
        version,
        last_note,
        parse_utc(last_note_at),
        parse_utc(created_at),
        parse_utc(updated_at),
        updated_by,
        _TRACKING_BY_CODE[tracking],
        _LEVEL_BY_CODE[level],
        latest_review,
        parse_utc(latest_review_at),
        progress,
        _ADOPTION_BY_CODE[adoption],
        evidence_count,
    )


def _decode_units(raw: str | list[SupportingUnit] | None) -> list[SupportingUnit]:
    # Most items have no supporting unit: decode only when there is one.
    if raw is None or raw == "[]":
        return []
    if isinstance(raw, str):
        units: list[SupportingUnit] = json.loads(raw)
        return units
    return list(raw)  # drivers that decode JSON themselves (psycopg)


def item_rows(db: Connection, where: str = "", params: dict[str, Any] | None = None, tail: str = "") -> list[ItemRow]:
    """Items matching `where` (SQL conditions over i, r and e), ordered and limited by `tail`."""
    sql = f"{ITEM_SELECT}{' WHERE ' + where if where else ''} {tail}"
    return [_to_item_row(row) for row in db.rows(sql, params)]


class Conditions:
    """WHERE conditions and their bound parameters, built up by filters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: dict[str, Any] = {}

    def add(self, condition: str, **params: Any) -> Conditions:
        self.parts.append(condition)
        self.params.update(params)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts)


def like_pattern(text: str, fold: Callable[[str], str] = str.lower) -> str:
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def add_owner(where: Conditions, owner: str) -> None:
    """Lead unit contains the text, in Chinese or (case-insensitive) English."""
    where.add(
        "(lower(i.owner_zh) LIKE :owner ESCAPE '\\' OR lower(i.owner_en) LIKE :owner ESCAPE '\\')",
        owner=like_pattern(owner.strip()),
    )


def add_report(where: Conditions, report: str) -> None:
    where.add("i.report_id = (SELECT id FROM reports WHERE key = :report)", report=report.strip().lower())


# What a search looks in and how it matches, written once for every list of items: `list`
# and the exports match here in SQL (lower(column) LIKE), the TUI matches the same fields in
# memory (tracker.tui.view, through search_fold and SEARCHED_FIELDS), so the CLI and the UI can
# never find different items. Each name is both an ItemRow attribute and a column of `items`.
# The rule: the trimmed text is contained in one of these fields, ignoring case for A-Z only,
# which is what SQLite's lower() and LIKE do (Chinese has no case).
SEARCHED_FIELDS = ("key", "title_zh", "title_en", "summary_en", "text_zh", "owner_zh", "owner_en", "last_note")
_SEARCHED = tuple(f"i.{field}" for field in SEARCHED_FIELDS)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def search_fold(text: str) -> str:
    """Text as a search compares it: A-Z lowered, like SQLite's lower(); nothing else changed."""
    return text.translate(_ASCII_LOWER)


def search_needle(text: str | None) -> str:
    """What a typed search looks for ("" for nothing): trimmed and folded."""
    return search_fold((text or "").strip())


def item_conditions(flt: ItemFilter) -> Conditions:
    where = Conditions()
    if flt.statuses:
        where.add("i.status IN :statuses", statuses=[s.value for s in flt.statuses])
    if flt.owner:
        add_owner(where, flt.owner)
    if flt.report:
        add_report(where, flt.report)
    if flt.tracking:
        where.add("i.tracking IN :tracking", tracking=[t.value for t in flt.tracking])
    if flt.level is not None:
        where.add("i.level = :level", level=flt.level.value)
    if flt.overdue_on is not None:
        where.add(f"{ACTIVE_OPEN} AND i.deadline < :overdue_on", open=OPEN_CODES, overdue_on=flt.overdue_on)
    if flt.due_by is not None:
        where.add(f"{ACTIVE_OPEN} AND i.deadline <= :due_by", open=OPEN_CODES, due_by=flt.due_by)
    if flt.due_from is not None:
        where.add("i.deadline >= :due_from", due_from=flt.due_from)
    needle = search_needle(flt.search)
    if needle:
        matches = " OR ".join(f"lower({column}) LIKE :search ESCAPE '\\'" for column in _SEARCHED)
        where.add(f"({matches})", search=like_pattern(needle, fold=search_fold))
    return where


# Statuses in their workflow order (domain.STATUS_ORDER), as the TUI and the summary show
# them, never alphabetically by code.
_STATUS_RANK = "CASE i.status {} END".format(
    " ".join(f"WHEN '{status.value}' THEN {rank}" for rank, status in enumerate(STATUS_ORDER))
)
# Every sort ends on report and number, so that equal rows come in one order everywhere;
# tracker.tui.view.sort_key orders the TUI's rows by the same keys.
_ORDER = {
    # Undated items last, on every database.
    "deadline": "i.deadline IS NULL, i.deadline, r.key, i.number",
    "status": f"{_STATUS_RANK}, r.key, i.number",
    "owner": "i.owner_zh, r.key, i.number",
    "updated": "i.updated_at DESC, r.key, i.number",
    "number": "r.key, i.number",
}


def list_items(db: Connection, flt: ItemFilter = ItemFilter()) -> list[ItemRow]:
    where = item_conditions(flt)
    tail = f"ORDER BY {_ORDER.get(flt.sort, _ORDER['number'])}"
    if flt.limit:
        tail += " LIMIT :limit"
        where.params["limit"] = flt.limit
    return item_rows(db, where.sql, where.params, tail)


def get_item(db: Connection, item_id: int) -> ItemRow:
    return item_rows(db, "i.id = :id", {"id": item_id})[0]


def resolve_item_id(db: Connection, ref: str, default_report: str | None = None) -> int:
    """An item from its key (uclg16-3) or, with one report loaded or a default set, its number."""
    wanted = (ref or "").strip()
    # Only what could be a key goes to the database: no lone surrogates or NUL for its driver.
    if re.fullmatch(r"[A-Za-z0-9-]{1,60}", wanted):
        found = db.scalar("SELECT id FROM items WHERE key = :key", {"key": wanted.lower()})
        if found is not None:
            return int(found)
    # 3, ３ or #3; not ² or 99999999999999999999 (more than the database's integers hold).
    number = whole_number(wanted.removeprefix("#"), high=ITEM_NUMBER_LIMIT)
    if number is not None:
        sql = "SELECT i.id, i.key FROM items i JOIN reports r ON r.id = i.report_id WHERE i.number = :number"
        params: dict[str, Any] = {"number": number}
        if default_report:
            sql += " AND r.key = :report"
            params["report"] = default_report.lower()
        matches = db.rows(sql, params)
        if len(matches) == 1:
            return int(matches[0][0])
        if len(matches) > 1:
            raise InputError("error.ambiguous_item", ref=wanted, keys=", ".join(key for _, key in matches))
    example = db.scalar("SELECT key FROM items ORDER BY id LIMIT 1")
    if example is None:
        raise InputError("error.no_items")
    raise InputError("error.unknown_item", ref=wanted, example=example)


def change_row(row: Row) -> ChangeRow:
    change_id, key, number, version, at, by, field, old, new, note, corrects, corrected_by, corrected_at = row[:13]
    return ChangeRow(
        change_id,
        key,
        number,
        version,
        parse_utc(at),
        by,
        field,
        old,
        new,
        note,
        corrects,
        corrected_by,
        parse_utc(corrected_at) if corrected_at is not None else None,
    )


def change(db: Connection, change_id: int) -> ChangeRow | None:
    row = db.row(f"SELECT {CHANGE_COLUMNS} {CHANGE_FROM} WHERE c.id = :id", {"id": change_id})
    return None if row is None else change_row(row)


_EVIDENCE = """SELECT v.id, i.key, v.kind, v.name, v.sha256, v.size, v.media_type, v.value, v.added_at, v.added_by,
    v.note_id, n.note, v.retracted_by
    FROM evidence v JOIN items i ON i.id = v.item_id LEFT JOIN changes n ON n.id = v.note_id"""


def _evidence_row(row: Row) -> EvidenceRow:
    evidence_id, key, kind, name, sha256, size, media, value, at, by, note_id, note, retracted_by = row
    return EvidenceRow(
        evidence_id,
        key,
        EvidenceKind(kind),
        name,
        sha256,
        size,
        media,
        value,
        parse_utc(at),
        by,
        note_id,
        note,
        retracted_by,
    )


def evidence(db: Connection, item_ids: list[int], *, retracted: bool = False) -> list[EvidenceRow]:
    """The items' documents and references, oldest first; retracted ones only when asked."""
    if not item_ids:
        return []
    sql = f"{_EVIDENCE} WHERE v.item_id IN :ids{'' if retracted else ' AND v.retracted_by IS NULL'} ORDER BY v.id"
    return [_evidence_row(row) for row in db.rows(sql, {"ids": item_ids})]


def evidence_by_id(db: Connection, evidence_id: int) -> EvidenceRow | None:
    row = db.row(f"{_EVIDENCE} WHERE v.id = :id", {"id": evidence_id})
    return None if row is None else _evidence_row(row)


def blob(db: Connection, sha256: str) -> bytes:
    content = db.scalar("SELECT content FROM blobs WHERE sha256 = :sha256", {"sha256": sha256})
    return bytes(content)


def history(
    db: Connection,
    *,
    item_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    after_version: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[ChangeRow]:
    where = Conditions()
    if item_id is not None:
        where.add("c.item_id = :item_id", item_id=item_id)
    if since is not None:
        where.add("c.at >= :since", since=since)
    if until is not None:
        where.add("c.at < :until", until=until)
    if after_version is not None:
        where.add("c.version > :after_version", after_version=after_version)
    sql = f"SELECT {CHANGE_COLUMNS} {CHANGE_FROM}{' WHERE ' + where.sql if where.parts else ''}"
    sql += " ORDER BY c.id DESC" if newest_first else " ORDER BY c.id"
    if limit:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    return [change_row(row) for row in db.rows(sql, where.params)]


def status_counts(db: Connection, report: str | None = None, owner: str | None = None) -> dict[Status, int]:
    where = Conditions()
    if report:
        add_report(where, report)
    if owner:
        add_owner(where, owner)
    sql = f"SELECT i.status, count(*) FROM items i{' WHERE ' + where.sql if where.parts else ''} GROUP BY i.status"
    counts = {status: 0 for status in Status}
    for code, count in db.rows(sql, where.params):
        counts[Status(code)] = count
    return counts


_REPORT = "SELECT id, key, title_zh, title_en, agency_zh, agency_en FROM reports"


def reports(db: Connection) -> list[ReportRow]:
    return [ReportRow(*row) for row in db.rows(f"{_REPORT} ORDER BY key")]


def report_by_key(db: Connection, key: str) -> ReportRow | None:
    row = db.row(f"{_REPORT} WHERE key = :key", {"key": key.strip().lower()})
    return None if row is None else ReportRow(*row)


def item_count(db: Connection) -> int:
    """How many items there are (a screen deciding whether to read them all at once)."""
    return int(db.scalar("SELECT count(*) FROM items"))


def counts(db: Connection) -> tuple[int, int]:
    """(items, history entries)."""
    return int(db.scalar("SELECT count(*) FROM items")), int(db.scalar("SELECT count(*) FROM changes"))


def known_units(db: Connection) -> dict[str, str | None]:
    """Lead units in use, Chinese name -> English name, to fill in the English on `assign`."""
    return {zh: en for zh, en in db.rows("SELECT DISTINCT owner_zh, owner_en FROM items")}


def last_change_id(db: Connection) -> int:
    """Grows with every saved change, by anyone: how a screen notices a colleague's save.

    Every change appends a history row, so the newest row's id is a change counter that
    works on any database (SQLite's data_version would not see a PostgreSQL server's).
    """
    return int(db.scalar("SELECT max(id) FROM changes") or 0)


def changed_items_since(db: Connection, after_id: int, limit: int) -> list[int | None]:
    """The items changed by the history rows after `after_id` (None: a change of no item, such
    as the reviewers list); at most `limit` of them, so that a screen can tell "a few items" from
    "reload everything"."""
    rows = db.rows(
        "SELECT DISTINCT item_id FROM changes WHERE id > :after LIMIT :limit", {"after": after_id, "limit": limit}
    )
    return [None if item_id is None else int(item_id) for (item_id,) in rows]


def items_by_id(db: Connection, ids: Sequence[int]) -> list[ItemRow]:
    """These items as they are now (a screen updating the rows a colleague changed)."""
    if not ids:
        return []
    names = {f"id{n}": item_id for n, item_id in enumerate(ids)}
    return item_rows(db, f"i.id IN ({', '.join(':' + name for name in names)})", names)


def pending_since(db: Connection) -> dict[int, datetime]:
    """When each item awaiting review asked for it (its latest move to pending), by item id.

    Read from the request's own history row rather than updated_at: a note added while the
    item waits changes updated_at but not how long the reviewer has kept it waiting.
    """
    rows = db.rows(
        "SELECT c.item_id, max(c.at) FROM changes c JOIN items i ON i.id = c.item_id"
        " WHERE i.tracking = :pending AND c.field = 'tracking' AND c.new = :pending GROUP BY c.item_id",
        {"pending": Tracking.PENDING.value},
    )
    return {int(item_id): parse_utc(at) for item_id, at in rows}
