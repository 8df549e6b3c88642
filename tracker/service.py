"""The only writer. Each use case is one short transaction that changes the item and
appends its history rows together, after checking the version the user started from.

Writers lock before they read (BEGIN IMMEDIATE on SQLite, SELECT ... FOR UPDATE
elsewhere), so two colleagues saving at once are served one after the other, and the
second is told if the first changed the item under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.dates import format_date, format_moment
from tracker.domain import (
    ConflictError,
    Field,
    InputError,
    Status,
    check_owner,
    check_status_change,
    require_note,
)
from tracker.i18n import LANGS, t
from tracker.settings import Settings
from tracker.storage import queries
from tracker.storage.engine import Database
from tracker.storage.models import Change, Event, Item, Report

if TYPE_CHECKING:  # reading YAML is only needed by `init` and `import`
    from tracker.seed import ItemSpec, SeedDocument


@dataclass
class ImportResult:
    report_key: str
    report_title: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[tuple[int, str]] = field(default_factory=list)  # (number, field) staff had changed
    missing: list[int] = field(default_factory=list)  # numbers in the database, not in the file


class Service:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    @property
    def user(self) -> str:
        return self.settings.user

    # -- use cases ---------------------------------------------------------
    def set_status(
        self, ref: str | int, status: Status, note: str | None = None, expected_version: int | None = None
    ) -> queries.ItemRow:
        with self.db.write() as session:
            item = self._lock(session, ref, expected_version)
            current = Status(item.status)
            cleaned = check_status_change(current, status, note)
            now = self._touch(item)
            item.status = status.value
            self._record(session, item, now, Field.STATUS, current.value, status.value, cleaned)
            if cleaned:
                item.last_note, item.last_note_at = cleaned, now
            return self._row(session, item)

    def add_note(self, ref: str | int, text: str | None, expected_version: int | None = None) -> queries.ItemRow:
        with self.db.write() as session:
            note = require_note(text)
            item = self._lock(session, ref, expected_version)
            now = self._touch(item)
            item.last_note, item.last_note_at = note, now
            self._record(session, item, now, Field.NOTE, None, None, note)
            return self._row(session, item)

    def assign(
        self,
        ref: str | int,
        owner: str,
        reason: str | None,
        expected_version: int | None = None,
        owner_en: str | None = None,
    ) -> queries.ItemRow:
        with self.db.write() as session:
            unit = check_owner(owner)
            note = require_note(reason, what="reason")
            item = self._lock(session, ref, expected_version)
            if unit == item.owner_zh or (item.owner_en and unit.lower() == item.owner_en.lower()):
                raise InputError("error.same_owner", owner=unit)
            unit_zh, unit_en = self._unit_names(session, unit, check_owner(owner_en) if owner_en else None)
            now = self._touch(item)
            self._record(session, item, now, Field.OWNER, item.owner_zh, unit_zh, note)
            item.owner_zh, item.owner_en = unit_zh, unit_en
            return self._row(session, item)

    def move_deadline(
        self, ref: str | int, deadline: date | None, reason: str | None, expected_version: int | None = None
    ) -> queries.ItemRow:
        """The original deadline stays; the move and its reason go into the history."""
        with self.db.write() as session:
            note = require_note(reason, what="reason")
            item = self._lock(session, ref, expected_version)
            if deadline == item.deadline:
                raise InputError("error.same_deadline", deadline=format_date(deadline) or t("word.none"))
            now = self._touch(item)
            self._record(session, item, now, Field.DEADLINE, _iso(item.deadline), _iso(deadline), note)
            item.deadline = deadline
            return self._row(session, item)

    def import_report(self, doc: SeedDocument) -> ImportResult:
        """Create the report's items, or bring an imported report up to date with its file.

        Texts and titles follow the file. Owner and deadline follow it only while staff
        have not changed them: after that, staff own them and the file's value is reported,
        not applied. Items missing from the file are kept: nothing saved is ever lost.
        """
        with self.db.write() as session:
            self.db.serialize(session)
            now = self.settings.now()
            report = self._upsert_report(session, doc, now)
            events = self._upsert_events(session, doc, report)
            result = ImportResult(report.key, report.title_zh)
            existing = {
                item.number: item
                for item in session.scalars(select(Item).where(Item.report_id == report.id).with_for_update())
            }
            for spec in doc.items:
                item = existing.pop(spec.number, None)
                if item is None:
                    self._create_item(session, report, spec, events, now, doc)
                    result.created += 1
                elif self._refresh_item(session, item, spec, events, now, doc, result):
                    result.updated += 1
                else:
                    result.unchanged += 1
            result.missing = sorted(existing)
            return result

    # -- helpers -----------------------------------------------------------
    def _lock(self, session: Session, ref: str | int, expected_version: int | None) -> Item:
        item_id = queries.resolve_item_id(session, str(ref), self.settings.default_report)
        item = session.scalars(select(Item).where(Item.id == item_id).with_for_update()).one()
        if expected_version is not None and item.version != expected_version:
            raise self._conflict(session, item, expected_version)
        return item

    def _conflict(self, session: Session, item: Item, expected: int) -> ConflictError:
        since = queries.history(session, item_id=item.id, after_version=expected)
        who = "；".join(
            t(
                "error.conflict_change",
                by=c.by,
                at=format_moment(c.at, self.settings.timezone),
                field=t(f"field.{c.field}"),
                how=_how(c),
            )
            for c in since[-5:]
        )
        return ConflictError(
            "error.conflict",
            key=item.key,
            expected=expected,
            current=item.version,
            who=who or item.updated_by,
            current_version=item.version,
            changes=[c.__dict__ for c in since],
        )

    def _touch(self, item: Item) -> datetime:
        now = self.settings.now()
        item.version += 1
        item.updated_at = now
        item.updated_by = self.user
        return now

    def _record(
        self,
        session: Session,
        item: Item,
        at: datetime,
        what: Field,
        old: str | None,
        new: str | None,
        note: str | None,
    ) -> None:
        session.add(
            Change(
                item_id=item.id,
                version=item.version,
                at=at,
                by=self.user,
                field=what.value,
                old=old,
                new=new,
                note=note,
            )
        )

    def _row(self, session: Session, item: Item) -> queries.ItemRow:
        session.flush()
        return queries.get_item(session, item.id)

    def _unit_names(self, session: Session, unit: str, owner_en: str | None) -> tuple[str, str | None]:
        """Typed in Chinese or English, a unit already in use gets both of its names."""
        known = queries.known_units(session)
        if unit in known:
            return unit, owner_en or known[unit]
        for zh, en in known.items():
            if en and en.lower() == unit.lower():
                return zh, en
        return unit, owner_en or (unit if unit.isascii() else None)

    def _upsert_report(self, session: Session, doc: SeedDocument, now: datetime) -> Report:
        spec = doc.report
        report = queries.report_by_key(session, spec.key)
        if report is None:
            report = Report(key=spec.key, created_at=now)
            session.add(report)
        for name in (
            "title_zh",
            "title_en",
            "agency_zh",
            "agency_en",
            "contact",
            "trip_start",
            "trip_end",
            "report_date",
            "source",
        ):
            setattr(report, name, getattr(spec, name))
        session.flush()
        return report

    def _upsert_events(self, session: Session, doc: SeedDocument, report: Report) -> dict[str, Event]:
        events = {}
        for spec in doc.events:
            event = session.scalar(select(Event).where(Event.key == spec.key))
            if event is None:
                event = Event(key=spec.key)
                session.add(event)
            elif any(getattr(event, name) != getattr(spec, name) for name in _EVENT_FIELDS):
                self._refuse_shared_event(session, event, report, doc)
            for name in _EVENT_FIELDS:
                setattr(event, name, getattr(spec, name))
            events[spec.key] = event
        session.flush()
        return events

    def _refuse_shared_event(self, session: Session, event: Event, report: Report, doc: SeedDocument) -> None:
        """Event keys are shared by all reports: another report's file must not rewrite an event
        (and so the deadline basis of that report's items) without a trace. The whole import
        is refused; the transaction rolls back."""
        owner = session.scalar(
            select(Report.key)
            .join(Item, Item.report_id == Report.id)
            .where(Item.event_id == event.id, Report.id != report.id)
            .order_by(Report.key)
            .limit(1)
        )
        if owner is not None:
            raise InputError("error.event_key_taken", key=event.key, report=owner, file=doc.path.name)

    def _create_item(
        self,
        session: Session,
        report: Report,
        spec: ItemSpec,
        events: dict[str, Event],
        now: datetime,
        doc: SeedDocument,
    ) -> None:
        item = Item(
            key=f"{report.key}-{spec.number}",
            report_id=report.id,
            number=spec.number,
            title_zh=spec.title_zh,
            title_en=spec.title_en,
            summary_en=spec.summary_en,
            text_zh=spec.text_zh,
            owner_zh=spec.owner_zh,
            owner_en=spec.owner_en,
            supporting_units=_units(spec),
            officer=spec.officer,
            event_id=events[spec.event].id if spec.event else None,
            deadline=spec.deadline,
            original_deadline=spec.deadline,
            deadline_source=spec.deadline_source.value,
            status=Status.NOT_STARTED.value,
            version=1,
            created_at=now,
            updated_at=now,
            updated_by=self.user,
        )
        session.add(item)
        session.flush()
        self._record(session, item, now, Field.CREATED, None, spec.title_zh, doc.path.name)

    def _refresh_item(
        self,
        session: Session,
        item: Item,
        spec: ItemSpec,
        events: dict[str, Event],
        now: datetime,
        doc: SeedDocument,
        result: ImportResult,
    ) -> bool:
        # Owner and deadline changes made by staff, not by an earlier import of a file.
        staff_fields = {
            field
            for field, note in session.execute(
                select(Change.field, Change.note).where(
                    Change.item_id == item.id, Change.field.in_([Field.OWNER, Field.DEADLINE])
                )
            )
            if not (note or "").startswith(_IMPORT_NOTES)
        }
        event = events.get(spec.event) if spec.event else None
        wanted: dict[Field, tuple[str, Any]] = {
            Field.TITLE_ZH: ("title_zh", spec.title_zh),
            Field.TITLE_EN: ("title_en", spec.title_en),
            Field.SUMMARY_EN: ("summary_en", spec.summary_en),
            Field.TEXT_ZH: ("text_zh", spec.text_zh),
            Field.SUPPORTING: ("supporting_units", _units(spec)),
            Field.OFFICER: ("officer", spec.officer),
            Field.EVENT: ("event_id", event.id if event else None),
        }
        if Field.OWNER.value in staff_fields:
            if spec.owner_zh != item.owner_zh:
                result.kept.append((item.number, Field.OWNER.value))
        else:
            wanted[Field.OWNER] = ("owner_zh", spec.owner_zh)
            wanted[Field.OWNER_EN] = ("owner_en", spec.owner_en)  # a translation: follows the file
        if Field.DEADLINE.value in staff_fields:
            if spec.deadline != item.original_deadline:
                result.kept.append((item.number, Field.DEADLINE.value))
        else:
            wanted[Field.DEADLINE] = ("deadline", spec.deadline)
        changes = [(what, attr, value) for what, (attr, value) in wanted.items() if getattr(item, attr) != value]
        if not changes:
            return False
        self._touch(item)
        for what, attr, value in changes:
            old, new = getattr(item, attr), value
            if what is Field.EVENT:  # history shows event keys, not row ids
                old, new = item.event.key if item.event else None, spec.event
            self._record(
                session, item, now, what, _as_text(old), _as_text(new), t("history.reimport", file=doc.path.name)
            )
            setattr(item, attr, value)
            if what is Field.DEADLINE:
                item.original_deadline = value
                item.deadline_source = spec.deadline_source.value
        item.updated_at = now
        return True


_EVENT_FIELDS = ("name_zh", "name_en", "place", "start", "end", "source", "remark")
# How a re-import's history rows begin, in every language (see "history.reimport").
_IMPORT_NOTES = tuple(t("history.reimport", lang=lang, file="") for lang in LANGS)


def _how(change: queries.ChangeRow) -> str:
    """What a colleague's change did, briefly: 未辦理 → 暫緩辦理, or the start of a note."""
    if change.field == Field.STATUS.value:
        return f"{Status(change.old).label()} → {Status(change.new).label()}"
    if change.old is not None or change.new is not None:
        return f"{change.old or t('word.none')} → {change.new or t('word.none')}"
    note = (change.note or "").replace("\n", " ")
    return f"「{note[:30]}…」" if len(note) > 30 else f"「{note}」"


def _units(spec: ItemSpec) -> list[dict[str, str | None]]:
    return [{"zh": zh, "en": en} for zh, en in spec.supporting_units]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(unit["zh"] for unit in value)
    return str(value)
