"""Mail addresses (contacts) and the reminders sent, for `tracker remind` (migration 0007).

Both tables are append-only: an address is changed by a newer row of the same name (one with
no address clears it), and a reminder, once the server took it, stays recorded. The items a
lead unit is reminded of are read by the summary's own queries (report_queries); only the
items returned to their unit and not yet answered are read here, since nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tracker.storage import queries
from tracker.storage.driver import Connection, Row, json_param, parse_day, parse_json, parse_utc
from tracker.storage.queries import ACTIVE_OPEN, OPEN_CODES

UNIT = "unit"
REVIEWER = "reviewer"
KINDS = (UNIT, REVIEWER)


@dataclass(frozen=True)
class ContactRow:
    kind: str
    name: str
    address: str | None  # None: cleared
    set_at: datetime
    set_by: str


@dataclass(frozen=True)
class SentRow:
    day: date
    kind: str
    name: str
    address: str
    subject: str
    items: list[str]
    message_id: str
    sent_at: datetime
    sent_by: str


_CONTACT = "SELECT c.kind, c.name, c.address, c.set_at, c.set_by FROM contacts c"


def _contact(row: Row) -> ContactRow:
    kind, name, address, set_at, set_by = row
    return ContactRow(str(kind), str(name), None if address is None else str(address), parse_utc(set_at), str(set_by))


def current_contacts(db: Connection, kind: str) -> dict[str, ContactRow]:
    """Each name's newest row (its address now), cleared ones included, by name."""
    rows = db.rows(
        f"{_CONTACT} WHERE c.kind = :kind AND c.id = "
        "(SELECT max(d.id) FROM contacts d WHERE d.kind = c.kind AND d.name = c.name) ORDER BY c.name",
        {"kind": kind},
    )
    return {row.name: row for row in map(_contact, rows)}


def contact_history(db: Connection, kind: str, name: str | None = None) -> list[ContactRow]:
    """Every address set, oldest first (of one name, or of all of this kind)."""
    if name is None:
        return [_contact(r) for r in db.rows(f"{_CONTACT} WHERE c.kind = :kind ORDER BY c.name, c.id", {"kind": kind})]
    params = {"kind": kind, "name": name}
    return [_contact(r) for r in db.rows(f"{_CONTACT} WHERE c.kind = :kind AND c.name = :name ORDER BY c.id", params)]


def add_contact(db: Connection, kind: str, name: str, address: str | None, at: datetime, by: str) -> None:
    db.execute(
        "INSERT INTO contacts (kind, name, address, set_at, set_by) VALUES (:kind, :name, :address, :at, :by)",
        {"kind": kind, "name": name, "address": address, "at": at, "by": by},
    )


def lead_units(db: Connection) -> list[str]:
    """The lead units of the items (Chinese names), as `tracker units` lists them."""
    return [str(name) for (name,) in db.rows("SELECT DISTINCT owner_zh FROM items ORDER BY owner_zh")]


def sent_on(db: Connection, day: date) -> list[SentRow]:
    """The reminders recorded for `day`, in the order sent."""
    rows = db.rows(
        "SELECT day, kind, name, address, subject, items, message_id, sent_at, sent_by"
        " FROM reminders WHERE day = :day ORDER BY id",
        {"day": day},
    )
    return [
        SentRow(
            parse_day(d) or day,
            str(k),
            str(n),
            str(a),
            str(s),
            list(parse_json(i) or []),
            str(m),
            parse_utc(at),
            str(by),
        )
        for d, k, n, a, s, i, m, at, by in rows
    ]


def record_sent(db: Connection, sent: SentRow) -> None:
    db.execute(
        "INSERT INTO reminders (day, kind, name, address, subject, items, message_id, sent_at, sent_by)"
        " VALUES (:day, :kind, :name, :address, :subject, :items, :message_id, :sent_at, :sent_by)",
        {
            "day": sent.day,
            "kind": sent.kind,
            "name": sent.name,
            "address": sent.address,
            "subject": sent.subject,
            "items": json_param(sent.items, db.dialect),
            "message_id": sent.message_id,
            "sent_at": sent.sent_at,
            "sent_by": sent.sent_by,
        },
    )


def awaiting_reply(db: Connection, report: str | None = None) -> list[queries.ItemRow]:
    """Items a reviewer returned (繼續列管) that their unit has not answered: under follow-up,
    work open, with review comments newer than the latest progress note. By unit, deadline."""
    where = queries.Conditions().add(
        f"{ACTIVE_OPEN} AND i.latest_review_at IS NOT NULL"
        " AND (i.last_note_at IS NULL OR i.last_note_at < i.latest_review_at)",
        open=OPEN_CODES,
    )
    if report:
        queries.add_report(where, report)
    return queries.item_rows(db, where.sql, where.params, "ORDER BY i.owner_zh, i.deadline, r.key, i.number")


def item_keys(items: Sequence[queries.ItemRow]) -> list[str]:
    return [item.key for item in items]
