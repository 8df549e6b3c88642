"""The tables as the Alembic migrations in db/migrations make them, described for `db check`
(which tables and columns must be there) and for the test that keeps migrations and this
description in step. The tracker itself reads and writes through tracker.storage.driver."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite keeps no zone), always handed back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; times are stored in UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    title_zh: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    agency_zh: Mapped[str | None] = mapped_column(String(200))
    agency_en: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    trip_start: Mapped[date | None] = mapped_column(Date)
    trip_end: Mapped[date | None] = mapped_column(Date)
    report_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    items: Mapped[list[Item]] = relationship(back_populates="report", order_by="Item.number")


class Event(Base):
    """A meeting or activity that a deadline hangs on."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    remark: Mapped[str | None] = mapped_column(Text)


class Item(Base):
    """A recommendation tracked as an action item."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("report_id", "number", name="uq_items_report_number"),
        Index("ix_items_status_deadline", "status", "deadline"),
        Index("ix_items_updated_at", "updated_at"),
        Index("ix_items_owner", "owner_zh"),
        # Read alone for the counts by follow-up state, unit, open and overdue (migration 0004).
        Index("ix_items_tracking_owner", "tracking", "owner_zh", "owner_en", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    number: Mapped[int] = mapped_column(Integer)
    title_zh: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text)
    owner_zh: Mapped[str] = mapped_column(String(200))
    owner_en: Mapped[str | None] = mapped_column(String(200))
    # [{"zh": ..., "en": ...}, ...]
    supporting_units: Mapped[list[dict[str, str | None]]] = mapped_column(JSON, default=list)
    officer: Mapped[str | None] = mapped_column(String(200))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    original_deadline: Mapped[date | None] = mapped_column(Date)
    deadline_source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    # The latest progress note, kept beside the item so that lists and exports of
    # 100,000 items need not search a million history rows; written with the history.
    last_note: Mapped[str | None] = mapped_column(Text)
    last_note_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))
    tracking: Mapped[str] = mapped_column(String(20))  # domain.Tracking
    level: Mapped[str] = mapped_column(String(20))  # domain.Level
    latest_review: Mapped[str | None] = mapped_column(Text)
    latest_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[int] = mapped_column(Integer, server_default="0")  # 執行進度, 0-100
    adoption: Mapped[str] = mapped_column(String(20), server_default="adopted")  # domain.Adoption
    evidence_count: Mapped[int] = mapped_column(Integer, server_default="0")  # documents in view

    report: Mapped[Report] = relationship(back_populates="items")
    event: Mapped[Event | None] = relationship()


class Change(Base):
    """One history entry. Append-only: triggers in the database refuse UPDATE, DELETE and
    INSERT OR REPLACE; each row is chained to the one before it by its hash (storage.chain)."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_item_id", "item_id", "id"),
        Index("ix_changes_at", "at"),
        Index(
            "ix_changes_corrects",
            "corrects",
            unique=True,
            sqlite_where=text("corrects IS NOT NULL"),
            postgresql_where=text("corrects IS NOT NULL"),
        ),
        # The rows that carry a new value (no progress notes): releases, requests, closings.
        Index(
            "ix_changes_field_new",
            "field",
            "new",
            "item_id",
            "at",
            sqlite_where=text("new IS NOT NULL"),
            postgresql_where=text("new IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))  # none for a change of reviewers
    version: Mapped[int] = mapped_column(Integer)  # the item's version this change made
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    row_hash: Mapped[str] = mapped_column(String(64))  # see tracker.storage.chain
    corrects: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))  # the entry this one corrects (更正)
    # staff or import (domain.Origin): what a re-import leaves alone is what staff changed
    origin: Mapped[str] = mapped_column(String(10), server_default="staff")

    item: Mapped[Item] = relationship()


class Blob(Base):
    """A stored file's content, by its SHA-256: the same content is stored once. Never changed."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Evidence(Base):
    """佐證資料: a file (name, size, media type, content by SHA-256) or a reference (文號, URL,
    text) on an item, added by a history row. Append-only: a retraction is written once."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_item_id", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"))  # the history row that added it
    note_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))  # the progress note it belongs to
    kind: Mapped[str] = mapped_column(String(10))  # domain.EvidenceKind
    name: Mapped[str | None] = mapped_column(Text)  # a file's name as it was given: data, never a path
    sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int | None] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)  # a reference's 文號, URL or text
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(100))
    retracted_by: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))  # the history row that retracted it


class Reviewer(Base):
    """Who may release, return or withdraw items, and change this list."""

    __tablename__ = "reviewers"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(100))


class User(Base):
    """An account for `tracker serve`: its name is who the browser's changes are recorded as."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(Text)  # scrypt, with its parameters (tracker.passwords)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Contact(Base):
    """A lead unit's or a reviewer's mail address for reminders, as set at one moment (by whom).
    Append-only: the newest row of a name is its address; a row without one clears it."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_kind_name", "kind", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "unit" or "reviewer"
    name: Mapped[str] = mapped_column(String(200))  # the lead unit (items.owner_zh) or the reviewer
    address: Mapped[str | None] = mapped_column(String(400))  # "Name <addr>" or addr; None: cleared
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by: Mapped[str] = mapped_column(String(100))


class Reminder(Base):
    """A reminder `tracker remind` sent: one a recipient a day. Append-only."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_day_recipient", "day", "kind", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the local day it was sent for (--today counts)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str] = mapped_column(Text)
    items: Mapped[list[str]] = mapped_column(JSON)  # the keys of the items it named
    message_id: Mapped[str] = mapped_column(String(250))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_by: Mapped[str] = mapped_column(String(100))
