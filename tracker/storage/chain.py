"""The history's hash chain: each row of `changes` carries the SHA-256 of its own content and
of the row before it (in id order, one chain for the whole table), so a row changed, removed
or slipped in anywhere no longer matches, and `tracker db check` names the first such row.

The hash of a row (this definition is fixed: rows already written keep it forever):

    sha256(UTF-8 of the JSON array [prev, id, item_id, version, at, by, field, old, new, note])

written compactly (separators "," and ":", non-ASCII characters as they are, null for NULL);
`prev` is the previous row's hash, GENESIS for the first row; `at` is the UTC time as
"YYYY-MM-DD HH:MM:SS.ffffff", the same text on SQLite and PostgreSQL. A correction (a row
whose `corrects` names the row it corrects, migration 0005) has that id as an eleventh
element; every other row keeps the ten, so rows written before 0005 keep their hashes.
A few lines in any language recompute it.

What it proves: nobody changed the history without recomputing every hash after the change.
Someone who recomputes them can rewrite the tail; `db check` prints the newest row's hash so
that it can be noted down (or printed in a report to RDEC) and compared later.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

from tracker.storage.driver import SETUP_LOCK_KEY, Connection

GENESIS = "0" * 64
# Writers of history take turns from reading the last hash to committing (PostgreSQL; SQLite's
# BEGIN IMMEDIATE already serialises writers). A key of its own: set-up holds SETUP_LOCK_KEY
# while it writes history, and takes this one after it.
HISTORY_LOCK_KEY = SETUP_LOCK_KEY + 1
_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def row_hash(
    prev: str | None,
    id: int,
    item_id: int | None,
    version: int,
    at: datetime | str,
    by: str,
    field: str,
    old: str | None,
    new: str | None,
    note: str | None,
    corrects: int | None = None,
) -> str:
    content: tuple[object, ...] = (prev, id, item_id, version, canonical_time(at), by, field, old, new, note)
    if corrects is not None:
        content += (corrects,)
    payload = "[" + ",".join(map(_json, content)) + "]"
    # surrogateescape: a row whose text is not valid UTF-8 (written by hand into SQLite) is
    # hashed from its own bytes instead of stopping the check.
    return hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest()


def _json(value: object) -> str:
    """json.dumps(value, ensure_ascii=False), written out for the types a row holds: a
    million rows are hashed in half the time of json.dumps on the whole list."""
    if value is None:
        return "null"
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # what a hand-written row may hold: 1.5, true


def canonical_time(value: datetime | str) -> str:
    """UTC with microseconds. SQLite hands back the stored text, PostgreSQL a naive datetime
    (both UTC: see models.UTCDateTime); the ORM hands over an aware one."""
    if isinstance(value, str):
        if _CANONICAL_TIME.fullmatch(value):
            return value  # what SQLAlchemy stores on SQLite: no need to parse a million of them
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value  # unreadable: hashed as it is, so it cannot match a real time
    else:
        moment = value
    return _utc_text(moment)


def _utc_text(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def append(
    db: Connection,
    item_id: int | None,
    version: int,
    at: datetime,
    by: str,
    field: str,
    old: str | None,
    new: str | None,
    note: str | None,
    corrects: int | None = None,
    origin: str = "staff",
) -> int:
    """Add one history row, chained onto the newest row in the database; its id. `origin`
    (domain.Origin) says whether staff or an import wrote it; the hash does not cover it (the
    rows hashed before migration 0008 could not carry it), the append-only trigger guards it.

    The id is chosen here because the hash covers it. On PostgreSQL a transaction-level
    advisory lock makes reading the newest row and inserting one step for concurrent
    writers (it is held until commit); SQLite's BEGIN IMMEDIATE already holds the database.
    """
    if db.dialect == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(:key)", {"key": HISTORY_LOCK_KEY})
        new_id = int(db.scalar("SELECT nextval(pg_get_serial_sequence('changes', 'id'))"))
        prev = db.scalar("SELECT row_hash FROM changes ORDER BY id DESC LIMIT 1") or GENESIS
    else:
        newest = db.row("SELECT id, row_hash FROM changes ORDER BY id DESC LIMIT 1")
        last_id, prev = newest if newest is not None else (0, GENESIS)
        new_id = last_id + 1
    digest = row_hash(prev, new_id, item_id, version, at, by, field, old, new, note, corrects)
    db.execute(
        'INSERT INTO changes (id, item_id, version, at, "by", field, old, new, note, row_hash, corrects, origin)'
        " VALUES (:id, :item_id, :version, :at, :by, :field, :old, :new, :note, :row_hash, :corrects, :origin)",
        {
            "id": new_id,
            "item_id": item_id,
            "version": version,
            "at": at,
            "by": by,
            "field": field,
            "old": old,
            "new": new,
            "note": note,
            "row_hash": digest,
            "corrects": corrects,
            "origin": origin,
        },
    )
    return new_id


class Verifier:
    """Rows fed in id order; remembers which do not match.

    Each row is checked against the hash stored in the row before it, so one changed row is
    reported once, a removed row as the row after the gap, an inserted one as itself and the
    row after it.
    """

    def __init__(self) -> None:
        self.prev: str | None = GENESIS
        self.first_broken: int | None = None
        self.broken = 0
        self.last_id: int | None = None

    def add(self, stored: str | None, id: int, *content: Any) -> None:
        """`stored`: the row's row_hash; `content`: item_id .. note (and corrects), as row_hash takes them."""
        if stored != row_hash(self.prev, id, *content):
            self.broken += 1
            if self.first_broken is None:
                self.first_broken = id
        self.prev = stored
        self.last_id = id
