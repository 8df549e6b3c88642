"""Read queries. They return plain rows (dataclasses), never ORM objects, so that every
renderer (table, JSON, summary, exports, TUI) works from the same simple model."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeAlias, TypedDict, TypeVar, cast, overload

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Select, Text, TypeCoerce, func, or_, select, type_coerce
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.types import NullType

from tracker.domain import ITEM_NUMBER_LIMIT, OPEN, InputError, Status, days_overdue, is_due_soon, whole_number
from tracker.storage.models import Change, Event, Item, Report


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

    def days_overdue(self, today: date) -> int | None:
        return days_overdue(self.deadline, self.status, today)

    def is_due_soon(self, today: date) -> bool:
        return is_due_soon(self.deadline, self.status, today)


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
    sort: str = "number"
    limit: int | None = None


SORTS = ("number", "deadline", "status", "owner", "updated")


_T = TypeVar("_T")

# The columns of item_select, in order, as the driver hands them over. SQLAlchemy types a
# select() of up to ten columns; item_select says what its thirty are here.
ItemColumns: TypeAlias = tuple[
    int,  # Item.id
    str,  # Item.key
    int,  # Item.number
    str,  # Report.key
    str,  # Report.title_zh
    str,  # Item.title_zh
    str | None,  # Item.title_en
    str | None,  # Item.summary_en
    str,  # Item.text_zh
    str,  # Item.owner_zh
    str | None,  # Item.owner_en
    str | list[SupportingUnit] | None,  # Item.supporting_units: JSON text (a list from psycopg)
    str | None,  # Item.officer
    date | str | None,  # Item.deadline (raw_value: text on SQLite)
    date | str | None,  # Item.original_deadline
    str,  # Item.deadline_source
    str,  # Item.status (its code)
    int,  # Item.version
    str | None,  # Item.last_note
    datetime | str | None,  # Item.last_note_at
    datetime | str,  # Item.created_at
    datetime | str,  # Item.updated_at
    str,  # Item.updated_by
    # The event (outer join): every column is None when the item has none, which its key
    # tells; the others are typed as they are when there is one (as SQLAlchemy types joins).
    str | None,  # Event.key
    str,  # Event.name_zh
    str | None,  # Event.name_en
    str | None,  # Event.place
    date | str | None,  # Event.start
    date | str | None,  # Event.end
    str | None,  # Event.remark
]


def item_select() -> Select[*ItemColumns]:
    # Column order is the order _to_item_row unpacks (and ItemColumns lists). Dates and times come as the
    # database gives them and are parsed in parse_day/parse_utc: SQLAlchemy's generic SQLite parsing (a regex
    # per value) cost more than the query on lists of 100,000 items.
    query = (
        select(
            Item.id,
            Item.key,
            Item.number,
            Report.key,
            Report.title_zh,
            Item.title_zh,
            Item.title_en,
            Item.summary_en,
            Item.text_zh,
            Item.owner_zh,
            Item.owner_en,
            # raw JSON text: most items have no supporting unit, so decode only when there is one
            type_coerce(Item.supporting_units, Text),
            Item.officer,
            raw_value(Item.deadline),
            raw_value(Item.original_deadline),
            Item.deadline_source,
            Item.status,
            Item.version,
            Item.last_note,
            raw_value(Item.last_note_at),
            raw_value(Item.created_at),
            raw_value(Item.updated_at),
            Item.updated_by,
            Event.key,
            Event.name_zh,
            Event.name_en,
            Event.place,
            raw_value(Event.start),
            raw_value(Event.end),
            Event.remark,
        )
        .join(Report, Item.report_id == Report.id)
        .outerjoin(Event, Item.event_id == Event.id)
    )
    return cast("Select[*ItemColumns]", query)  # more columns than select() has overloads for


def raw_value(column: QueryableAttribute[_T]) -> TypeCoerce[_T | str]:
    """What the driver returns (text on SQLite, date/datetime elsewhere), unprocessed."""
    # NullType passes any value through; SQLAlchemy types it as TypeEngine[None].
    return cast("TypeCoerce[_T | str]", type_coerce(column, NullType()))


def parse_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@overload
def parse_utc(value: datetime | str) -> datetime: ...
@overload
def parse_utc(value: datetime | str | None) -> datetime | None: ...
def parse_utc(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


_STATUS_BY_CODE = {status.value: status for status in Status}


def _to_item_row(row: ItemColumns) -> ItemRow:
    # Plain tuple unpacking: lists of 100,000 items are built here, and attribute access
    # on result rows costs several times more.
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
    )


def _decode_units(raw: str | list[SupportingUnit] | None) -> list[SupportingUnit]:
    if raw is None or raw == "[]":
        return []
    if isinstance(raw, str):
        units: list[SupportingUnit] = json.loads(raw)
        return units
    return list(raw)  # drivers that decode JSON themselves (psycopg)


def item_rows(session: Session, query: Select[*ItemColumns]) -> list[ItemRow]:
    # Core execution on the session's connection: the ORM's result machinery is not needed
    # for plain rows and costs more than the query itself on large lists.
    return [_to_item_row(row) for row in session.connection().execute(query).fetchall()]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def owner_matches(owner: str) -> ColumnElement[bool]:
    """Lead unit contains the text, in Chinese or (case-insensitive) English."""
    pattern = _like(owner.strip())
    return or_(
        func.lower(Item.owner_zh).like(pattern, escape="\\"), func.lower(Item.owner_en).like(pattern, escape="\\")
    )


def list_items(session: Session, flt: ItemFilter = ItemFilter()) -> list[ItemRow]:
    query = item_select()
    open_codes = [s.value for s in OPEN]
    if flt.statuses:
        query = query.where(Item.status.in_([s.value for s in flt.statuses]))
    if flt.owner:
        query = query.where(owner_matches(flt.owner))
    if flt.report:
        query = query.where(Report.key == flt.report.strip().lower())
    if flt.overdue_on is not None:
        query = query.where(Item.status.in_(open_codes), Item.deadline < flt.overdue_on)
    if flt.due_by is not None:
        query = query.where(Item.status.in_(open_codes), Item.deadline <= flt.due_by)
    if flt.due_from is not None:
        query = query.where(Item.deadline >= flt.due_from)
    if flt.search:
        pattern = _like(flt.search.strip())
        query = query.where(
            or_(
                *(
                    func.lower(col).like(pattern, escape="\\")
                    for col in (
                        Item.title_zh,
                        Item.title_en,
                        Item.summary_en,
                        Item.text_zh,
                        Item.key,
                        Item.last_note,
                    )
                )
            )
        )
    query = query.order_by(*_order(flt.sort))
    if flt.limit:
        query = query.limit(flt.limit)
    return item_rows(session, query)


def _order(sort: str) -> tuple[ColumnExpressionArgument[Any], ...]:
    by_number = (Report.key, Item.number)
    if sort == "deadline":
        # Undated items last, on every database.
        return (Item.deadline.is_(None), Item.deadline, *by_number)
    if sort == "status":
        return (Item.status, *by_number)
    if sort == "owner":
        return (Item.owner_zh, *by_number)
    if sort == "updated":
        return (Item.updated_at.desc(), *by_number)
    return by_number


def get_item(session: Session, item_id: int) -> ItemRow:
    return item_rows(session, item_select().where(Item.id == item_id))[0]


def resolve_item_id(session: Session, ref: str, default_report: str | None = None) -> int:
    """An item from its key (uclg16-3) or, with one report loaded or a default set, its number."""
    wanted = (ref or "").strip()
    # Only what could be a key goes to the database: no lone surrogates or NUL for its driver.
    if re.fullmatch(r"[A-Za-z0-9-]{1,60}", wanted):
        found = session.scalar(select(Item.id).where(Item.key == wanted.lower()))
        if found is not None:
            return found
    # 3, ３ or #3; not ² or 99999999999999999999 (more than the database's integers hold).
    number = whole_number(wanted.removeprefix("#"), high=ITEM_NUMBER_LIMIT)
    if number is not None:
        query = select(Item.id, Item.key).join(Report).where(Item.number == number)
        if default_report:
            query = query.where(Report.key == default_report.lower())
        matches = session.execute(query).all()
        if len(matches) == 1:
            found_id: int = matches[0][0]
            return found_id
        if len(matches) > 1:
            raise InputError("error.ambiguous_item", ref=wanted, keys=", ".join(m.key for m in matches))
    example = session.scalar(select(Item.key).order_by(Item.id).limit(1))
    if example is None:
        raise InputError("error.no_items")
    raise InputError("error.unknown_item", ref=wanted, example=example)


def history(
    session: Session,
    *,
    item_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    after_version: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[ChangeRow]:
    query = select(
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
    ).join(Item, Change.item_id == Item.id)
    if item_id is not None:
        query = query.where(Change.item_id == item_id)
    if since is not None:
        query = query.where(Change.at >= since)
    if until is not None:
        query = query.where(Change.at < until)
    if after_version is not None:
        query = query.where(Change.version > after_version)
    query = query.order_by(Change.id.desc() if newest_first else Change.id)
    if limit:
        query = query.limit(limit)
    # Unpacked by name: SQLAlchemy types a ten-column select as "these ten, and maybe more".
    return [
        ChangeRow(change_id, key, number, version, at, by, field, old, new, note)
        for change_id, key, number, version, at, by, field, old, new, note in session.execute(query)
    ]


def status_counts(session: Session, report: str | None = None, owner: str | None = None) -> dict[Status, int]:
    query = select(Item.status, func.count()).group_by(Item.status)
    if report:
        query = query.join(Report).where(Report.key == report.lower())
    if owner:
        query = query.where(owner_matches(owner))
    counts = {status: 0 for status in Status}
    for code, count in session.execute(query):
        counts[Status(code)] = count
    return counts


def reports(session: Session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.key)))


def report_by_key(session: Session, key: str) -> Report | None:
    return session.scalar(select(Report).where(Report.key == key.lower()))


def counts(session: Session) -> tuple[int, int]:
    """(items, history entries)."""
    return session.scalar(select(func.count()).select_from(Item)) or 0, session.scalar(
        select(func.count()).select_from(Change)
    ) or 0


def known_units(session: Session) -> dict[str, str | None]:
    """Lead units in use, Chinese name -> English name, to fill in the English on `assign`."""
    rows = session.execute(select(Item.owner_zh, Item.owner_en).distinct())
    return {zh: en for zh, en in rows}


def last_change_id(session: Session) -> int:
    """Grows with every saved change, by anyone: how a screen notices a colleague's save.

    Every change appends a history row, so the newest row's id is a change counter that
    works on any database (SQLite's data_version would not see a PostgreSQL server's).
    """
    return session.scalar(select(func.max(Change.id))) or 0
