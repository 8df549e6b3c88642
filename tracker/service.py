"""The only writer. Each use case is one short transaction that changes the item and
appends its history rows together, after checking the version the user started from.

Writers lock before they read (BEGIN IMMEDIATE on SQLite, SELECT ... FOR UPDATE
elsewhere), so two colleagues saving at once are served one after the other, and the
second is told if the first changed the item under them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.dates import format_date, format_moment
from tracker.domain import (
    CORRECTABLE,
    PROGRESS_DONE,
    Adoption,
    ConflictError,
    Decision,
    EvidenceKind,
    Field,
    InputError,
    Level,
    Origin,
    PermissionDenied,
    Status,
    Tracking,
    check_owner,
    check_status_change,
    clean_line,
    optional_note,
    parse_choice,
    parse_progress,
    parse_status,
    require_note,
)
from tracker.i18n import t
from tracker.settings import Settings
from tracker.storage import chain, contacts, queries
from tracker.storage.driver import Connection, Database, json_param, parse_day, parse_json, parse_utc

if TYPE_CHECKING:  # reading YAML is only needed by `init` and `import`
    from tracker.seed import EventSpec, ItemSpec, SeedDocument


@dataclass
class ImportResult:
    report_key: str
    report_title: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[tuple[int, str]] = field(default_factory=list)  # (number, field) staff had changed
    missing: list[int] = field(default_factory=list)  # numbers in the database, not in the file


# The columns a change reads and may write, as one locked row (see Service._lock).
_LOCKED_COLUMNS = (
    "id",
    "key",
    "number",
    "version",
    "status",
    "owner_zh",
    "owner_en",
    "deadline",
    "original_deadline",
    "deadline_source",
    "title_zh",
    "title_en",
    "summary_en",
    "text_zh",
    "supporting_units",
    "officer",
    "event_id",
    "updated_by",
    "tracking",
    "level",
    "latest_review",
    "progress",
    "adoption",
    "evidence_count",
    "last_note",
)


@dataclass
class LockedItem:
    """An item as it is under the write lock; `changed` collects the columns to write back."""

    id: int
    key: str
    number: int
    version: int
    status: str
    owner_zh: str
    owner_en: str | None
    deadline: date | None
    original_deadline: date | None
    deadline_source: str
    title_zh: str
    title_en: str | None
    summary_en: str | None
    text_zh: str
    supporting_units: list[dict[str, str | None]]
    officer: str | None
    event_id: int | None
    updated_by: str
    tracking: str
    level: str
    latest_review: str | None
    progress: int
    adoption: str
    evidence_count: int
    last_note: str | None
    changed: dict[str, Any] = field(default_factory=dict)

    def set(self, **columns: Any) -> None:
        for name, value in columns.items():
            setattr(self, name, value)
        self.changed.update(columns)


REMIND_LOCK_KEY = 2016_1210  # `tracker remind` runs recording at once take turns (PostgreSQL)


class Service:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    @property
    def user(self) -> str:
        """Who changes are recorded as: on PostgreSQL the database login itself (which the
        database's own reviewer rule also goes by), so that --user cannot pass for someone else;
        on SQLite, one trusted file, the name from --user / TRACKER_USER / the OS login."""
        return self.db.login or self.settings.user

    # -- use cases ---------------------------------------------------------
    def set_status(
        self,
        ref: str | int,
        status: Status,
        note: str | None = None,
        expected_version: int | None = None,
        progress: int | None = None,
    ) -> queries.ItemRow:
        """Closing (已完成, 不採行) asks for release: the item waits for a reviewer (待審), and
        the note is the request; reopening before the review takes the request back.
        已完成 means 100%, 未辦理 0%; `progress` sets it for the other statuses too."""
        with self.db.write() as db:
            item = self._lock(db, ref, expected_version)
            tracking = Tracking(item.tracking)
            if tracking.is_closed:
                raise InputError("error.closed_item", key=item.key, tracking=tracking.label())
            current = Status(item.status)
            cleaned = check_status_change(current, status, note)
            if status is Status.DONE and self.settings.require_evidence and not item.evidence_count:
                raise InputError("error.evidence_required", key=item.key)
            wanted = _progress_for(status, item.progress, progress)
            if wanted < item.progress and status is not Status.NOT_STARTED and not cleaned:
                raise InputError("error.progress_reason", old=item.progress, new=wanted)
            now = self.settings.now()
            requested = Tracking.ACTIVE if status.is_open else Tracking.PENDING
            old_progress = item.progress
            item.set(status=status.value, tracking=requested.value, progress=wanted)
            if cleaned:
                item.set(last_note=cleaned, last_note_at=now)
            self._save(db, item, now)
            self._record(db, item, now, Field.STATUS, current.value, status.value, cleaned)
            if requested is not tracking:
                self._record(db, item, now, Field.TRACKING, tracking.value, requested.value, None)
            if wanted != old_progress:
                self._record(db, item, now, Field.PROGRESS, str(old_progress), str(wanted), None)
            return queries.get_item(db, item.id)

    def set_progress(
        self, ref: str | int, progress: int, note: str | None = None, expected_version: int | None = None
    ) -> queries.ItemRow:
        """執行進度 on its own: lowering it needs a reason (the note); an item not started
        starts (辦理中) when it makes progress; 已完成 stays 100."""
        with self.db.write() as db:
            item = self._lock(db, ref, expected_version)
            _refuse_if_closed(item)
            reason = optional_note(note)
            if progress == item.progress:
                raise InputError("error.same_progress", progress=progress)
            rows = self._progress_rows(item, progress, reason)
            now = self.settings.now()
            self._save(db, item, now)
            for what, old, new, why in rows:
                self._record(db, item, now, what, old, new, why)
            return queries.get_item(db, item.id)

    def adopt(
        self, ref: str | int, adoption: Adoption, reason: str | None, expected_version: int | None = None
    ) -> queries.ItemRow:
        """採行, 部分採行 or 不採行, with a reason. 不採行 ends the work: the status becomes 不採行
        and release is asked for, in the same save; adopting such an item again reopens it."""
        with self.db.write() as db:
            note = require_note(reason, what="reason")
            item = self._lock(db, ref, expected_version)
            _refuse_if_closed(item)
            old = Adoption(item.adoption)
            if adoption is old:
                raise InputError("error.same_adoption", adoption=adoption.label())
            current, tracking = Status(item.status), Tracking(item.tracking)
            status = current
            if adoption is Adoption.NOT_ADOPTED:
                if current is Status.DONE:
                    raise InputError("error.adoption_done", key=item.key)
                status = Status.DROPPED
            elif old is Adoption.NOT_ADOPTED and current is Status.DROPPED:
                status = Status.IN_PROGRESS if item.progress else Status.NOT_STARTED
            requested = Tracking.ACTIVE if status.is_open else Tracking.PENDING
            now = self.settings.now()
            item.set(adoption=adoption.value, status=status.value, tracking=requested.value)
            if status is not current and status is Status.DROPPED:
                item.set(last_note=note, last_note_at=now)
            self._save(db, item, now)
            self._record(db, item, now, Field.ADOPTION, old.value, adoption.value, note)
            if status is not current:
                self._record(db, item, now, Field.STATUS, current.value, status.value, None)
            if requested is not tracking:
                self._record(db, item, now, Field.TRACKING, tracking.value, requested.value, None)
            return queries.get_item(db, item.id)

    def review(
        self,
        ref: str | int,
        decision: Decision,
        note: str | None = None,
        status: Status | None = None,
        expected_version: int | None = None,
    ) -> queries.ItemRow:
        """A reviewer's decision: release (同意解除列管) an item waiting for review, return it
        (繼續列管: comments required; back under follow-up, its status back to 辦理中 unless
        another open status is chosen), or withdraw it from follow-up (撤銷列管: a reason)."""
        with self._reviewer_rule("action.review"), self.db.write() as db:
            self._require_reviewer(db, "action.review")
            item = self._lock(db, ref, expected_version)
            tracking = Tracking(item.tracking)
            if status is not None and decision is not Decision.RETURN:
                raise InputError("error.status_only_on_return", decision=decision.label())
            comments = _review_comments(decision, note)
            new_status = None
            if decision is Decision.WITHDRAW:
                if tracking.is_closed:
                    raise InputError("error.already_closed", key=item.key, tracking=tracking.label())
                decided = Tracking.WITHDRAWN
            elif tracking is not Tracking.PENDING:
                raise InputError(
                    "error.not_pending", key=item.key, tracking=tracking.label(), decision=decision.label()
                )
            elif decision is Decision.RELEASE:
                decided = Tracking.RELEASED
            else:
                decided = Tracking.ACTIVE
                new_status = status or Status.IN_PROGRESS
                if not new_status.is_open:
                    raise InputError("error.return_status", status=new_status.label())
            now = self.settings.now()
            old_status = Status(item.status)
            item.set(tracking=decided.value)
            if comments:
                item.set(latest_review=comments, latest_review_at=now)
            if new_status is not None and new_status is not old_status:
                item.set(status=new_status.value)
            self._save(db, item, now)
            self._record(db, item, now, Field.REVIEW, tracking.value, decided.value, comments)
            if new_status is not None and new_status is not old_status:
                self._record(db, item, now, Field.STATUS, old_status.value, new_status.value, None)
            return queries.get_item(db, item.id)

    def reviewers(self) -> list[tuple[str, datetime, str]]:
        """(name, added at, added by), by name."""
        with self.db.read() as db:
            return [
                (name, parse_utc(at), by)
                for name, at, by in db.rows("SELECT name, added_at, added_by FROM reviewers ORDER BY name")
            ]

    def add_reviewer(self, name: str) -> str:
        """Only a reviewer adds one; while there are none, the first may be added by anyone."""
        reviewer = _reviewer_name(name)
        with self._reviewer_rule("action.reviewers"), self.db.write() as db:
            names = _reviewer_names(db)
            if names:
                self._require_reviewer(db, "action.reviewers", names)
            if reviewer in names:
                raise InputError("error.reviewer_exists", name=reviewer)
            now = self.settings.now()
            db.execute(
                "INSERT INTO reviewers (name, added_at, added_by) VALUES (:name, :at, :by)",
                {"name": reviewer, "at": now, "by": self.user},
            )
            chain.append(db, None, 0, now, self.user, Field.REVIEWER.value, None, reviewer, None)
        return reviewer

    def remove_reviewer(self, name: str) -> str:
        reviewer = _reviewer_name(name)
        with self._reviewer_rule("action.reviewers"), self.db.write() as db:
            names = _reviewer_names(db)
            self._require_reviewer(db, "action.reviewers", names)
            if reviewer not in names:
                raise InputError("error.reviewer_unknown", name=reviewer)
            if names == {reviewer}:
                raise InputError("error.last_reviewer", name=reviewer)
            db.execute("DELETE FROM reviewers WHERE name = :name", {"name": reviewer})
            chain.append(db, None, 0, self.settings.now(), self.user, Field.REVIEWER.value, reviewer, None, None)
        return reviewer

    # -- mail addresses and reminders (tracker remind, issue 10) --------------
    def set_contact(self, kind: str, name: str, address: str | None) -> tuple[str, str | None]:
        """A lead unit's or a reviewer's mail address for reminders, added to its history (a blank
        address clears it); (the name, the address as stored). Anyone may set one: the history
        says who did."""
        from tracker.reporting.mail import parse_address

        who = clean_line(name)
        wanted = (address or "").strip()
        command = "reviewers" if kind == contacts.REVIEWER else "units"
        example = f'tracker {command} set {who or "NAME"} --mail "國際事務科 <intl@taichung.gov.tw>"'
        stored = str(parse_address(wanted, example=example)) if wanted else None
        with self.db.write() as db:
            if kind == contacts.REVIEWER:
                if who not in _reviewer_names(db):
                    raise InputError("error.contact_not_reviewer", name=who or name)
            elif who not in contacts.lead_units(db):
                raise InputError("error.contact_not_unit", name=who or name)
            current = contacts.current_contacts(db, kind).get(who)
            if (current.address if current else None) == stored:
                raise InputError("error.contact_same", name=who, address=stored or t("word.none"))
            contacts.add_contact(db, kind, who, stored, self.settings.now(), self.user)
        return who, stored

    def record_reminder(self, sent: contacts.SentRow) -> bool:
        """Record a reminder the server took; False when another run recorded one for the same
        recipient and day first (that one stays as it is)."""
        with self.db.write() as db:
            self.db.serialize(db, REMIND_LOCK_KEY)  # two runs at once on PostgreSQL take turns here
            if any(s.kind == sent.kind and s.name == sent.name for s in contacts.sent_on(db, sent.day)):
                return False
            contacts.record_sent(db, sent)
        return True

    # -- web accounts (tracker serve, issue 14) ------------------------------
    # Managed by a reviewer, as the reviewers are (anyone while there are none): an account's
    # name is who its browser's changes are recorded as, a reviewer's name included.
    def add_account(self, name: str, password: str) -> str:
        account = _account_name(name)
        hashed = _hashed(password)
        with self._accounts() as db:
            if db.row("SELECT name FROM users WHERE name = :name", {"name": account}) is not None:
                raise InputError("error.account_exists", name=account)
            now = self.settings.now()
            db.execute(
                "INSERT INTO users (name, password_hash, created_at, created_by, changed_at)"
                " VALUES (:name, :hash, :at, :by, :at)",
                {"name": account, "hash": hashed, "at": now, "by": self.user},
            )
            chain.append(db, None, 0, now, self.user, Field.ACCOUNT.value, None, account, None)
        return account

    def set_password(self, name: str, password: str) -> str:
        account = _account_name(name)
        hashed = _hashed(password)
        with self._accounts() as db:
            _account_row(db, account)
            now = self.settings.now()
            db.execute(
                "UPDATE users SET password_hash = :hash, changed_at = :at WHERE name = :name",
                {"name": account, "hash": hashed, "at": now},
            )
            chain.append(db, None, 0, now, self.user, Field.ACCOUNT.value, account, account, None)
        return account

    def disable_account(self, name: str, *, enable: bool = False) -> str:
        """A disabled account stays (the history's names keep meaning someone); enabling it
        again is a history row too (old None, new the name, as when it was added)."""
        account = _account_name(name)
        with self._accounts() as db:
            _, disabled_at = _account_row(db, account)
            disabled = disabled_at is not None
            if disabled != enable:
                key = "error.account_enabled_already" if enable else "error.account_disabled_already"
                raise InputError(key, name=account)
            now = self.settings.now()
            db.execute(
                "UPDATE users SET disabled_at = :off, changed_at = :at WHERE name = :name",
                {"name": account, "off": None if enable else now, "at": now},
            )
            old, new = (None, account) if enable else (account, None)
            chain.append(db, None, 0, now, self.user, Field.ACCOUNT.value, old, new, None)
        return account

    def accounts(self) -> list[tuple[str, bool, datetime]]:
        """Each account: its name, whether it may log in, when it was last changed."""
        with self.db.read() as db:
            rows = db.rows("SELECT name, disabled_at, changed_at FROM users ORDER BY name")
        return [(name, disabled_at is None, parse_utc(changed_at)) for name, disabled_at, changed_at in rows]

    def check_login(self, name: str, password: str) -> str | None:
        """The account's name when the password is right and the account enabled, else None;
        as slow for a name that does not exist (the answer's speed tells nothing)."""
        from tracker.passwords import verify_password

        account = clean_line(name or "")[:100]
        with self.db.read() as db:
            row = db.row("SELECT password_hash, disabled_at FROM users WHERE name = :name", {"name": account})
        stored, disabled_at = row if row is not None else (None, None)
        right = verify_password(password, stored)
        return account if right and row is not None and disabled_at is None else None

    @contextmanager
    def _accounts(self) -> Iterator[Connection]:
        if not self.db.is_sqlite:
            raise InputError("error.accounts_postgres")
        with self.db.write() as db:
            if names := _reviewer_names(db):
                self._require_reviewer(db, "action.accounts", names)
            yield db

    def add_note(
        self, ref: str | int, text: str | None, expected_version: int | None = None, progress: int | None = None
    ) -> queries.ItemRow:
        """A progress note (辦理情形), and with it the progress it reports, if given; the note is
        also the reason when the progress goes down."""
        with self.db.write() as db:
            note = require_note(text)
            item = self._lock(db, ref, expected_version)
            rows = []
            if progress is not None and progress != item.progress:
                _refuse_if_closed(item)
                # The note is the progress report, and the reason when progress goes down.
                rows = [(what, old, new, None) for what, old, new, _ in self._progress_rows(item, progress, note)]
            now = self.settings.now()
            item.set(last_note=note, last_note_at=now)
            self._save(db, item, now)
            self._record(db, item, now, Field.NOTE, None, None, note)
            for what, old, new, why in rows:
                self._record(db, item, now, what, old, new, why)
            return queries.get_item(db, item.id)

    def assign(
        self,
        ref: str | int,
        owner: str | None,
        reason: str | None,
        expected_version: int | None = None,
        owner_en: str | None = None,
        *,
        officer: str | None = None,
        clear_officer: bool = False,
        support: list[str] | None = None,
    ) -> queries.ItemRow:
        """The lead unit, the officer (承辦人) and the supporting units (協辦單位; [] for none):
        those given change, each with its own history row and the same reason."""
        with self.db.write() as db:
            unit = check_owner(owner) if owner is not None else None
            new_officer = check_owner(officer, what="officer") if officer is not None else None
            units = [check_owner(name, what="supporting_units") for name in support] if support is not None else None
            if unit is None and new_officer is None and not clear_officer and units is None:
                raise InputError("error.assign_nothing")
            note = require_note(reason, what="reason")
            item = self._lock(db, ref, expected_version)
            _refuse_if_closed(item)
            rows: list[tuple[Field, str | None, str | None]] = []
            if unit is not None:
                if unit == item.owner_zh or (item.owner_en and unit.lower() == item.owner_en.lower()):
                    if new_officer is None and not clear_officer and units is None:
                        raise InputError("error.same_owner", owner=unit)
                else:
                    unit_zh, unit_en = self._unit_names(db, unit, check_owner(owner_en) if owner_en else None)
                    rows.append((Field.OWNER, item.owner_zh, unit_zh))
                    item.set(owner_zh=unit_zh, owner_en=unit_en)
            if (new_officer is not None or clear_officer) and new_officer != item.officer:
                rows.append((Field.OFFICER, item.officer, new_officer))
                item.set(officer=new_officer)
            if units is not None:
                # A unit the item has keeps its English name (lead units alone are "known" units).
                held = {u["zh"]: u for u in item.supporting_units}
                wanted = [held.get(name) or self._supporting_unit(db, name) for name in dict.fromkeys(units)]
                if [u["zh"] for u in wanted] != [u["zh"] for u in item.supporting_units]:
                    rows.append((Field.SUPPORTING, _as_text(item.supporting_units), _as_text(wanted)))
                    item.set(supporting_units=wanted)
            if not rows:
                raise InputError("error.assign_same")
            now = self.settings.now()
            self._save(db, item, now)
            for what, old, new in rows:
                self._record(db, item, now, what, old, new, note)
            return queries.get_item(db, item.id)

    # -- 佐證資料 -------------------------------------------------------------
    def attach(
        self, ref: str | int, paths: list[Path], note: str | None = None, expected_version: int | None = None
    ) -> tuple[queries.ItemRow, list[queries.EvidenceRow]]:
        """Files as 佐證資料, stored in the database (the same content once), with a progress
        note if given. Every file is read and checked before anything is written."""
        from tracker import evidence

        incoming = [evidence.read_file(path, self.settings.attachment_limit) for path in paths]
        if not incoming:
            raise InputError("error.attach_nothing")
        cleaned = optional_note(note)
        with self.db.write() as db:
            item = self._lock(db, ref, expected_version)
            now = self.settings.now()
            if cleaned:
                item.set(last_note=cleaned, last_note_at=now)
            item.set(evidence_count=item.evidence_count + len(incoming))
            self._save(db, item, now)
            note_id = self._record(db, item, now, Field.NOTE, None, None, cleaned) if cleaned else None
            added = []
            for found in incoming:
                db.execute(
                    "INSERT INTO blobs (sha256, size, content) VALUES (:sha256, :size, :content)"
                    " ON CONFLICT (sha256) DO NOTHING",
                    {"sha256": found.sha256, "size": found.size, "content": found.content},
                )
                change_id = self._record(db, item, now, Field.EVIDENCE, None, found.name, f"sha256:{found.sha256}")
                added.append(
                    self._insert_evidence(
                        db,
                        item,
                        change_id,
                        note_id,
                        now,
                        kind=EvidenceKind.FILE.value,
                        name=found.name,
                        sha256=found.sha256,
                        size=found.size,
                        media_type=found.media_type,
                    )
                )
            return queries.get_item(db, item.id), [queries.evidence_by_id(db, i) for i in added]  # type: ignore[misc]

    def add_reference(
        self,
        ref: str | int,
        kind: EvidenceKind,
        value: str | None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[queries.ItemRow, queries.EvidenceRow]:
        """A 文號, URL or text as 佐證資料 instead of a file. A URL is kept and shown, never fetched."""
        from tracker import evidence

        text = evidence.check_reference(kind, value)
        cleaned = optional_note(note)
        with self.db.write() as db:
            item = self._lock(db, ref, expected_version)
            now = self.settings.now()
            if cleaned:
                item.set(last_note=cleaned, last_note_at=now)
            item.set(evidence_count=item.evidence_count + 1)
            self._save(db, item, now)
            note_id = self._record(db, item, now, Field.NOTE, None, None, cleaned) if cleaned else None
            change_id = self._record(db, item, now, Field.EVIDENCE, None, text, kind.value)
            added = self._insert_evidence(db, item, change_id, note_id, now, kind=kind.value, value=text)
            return queries.get_item(db, item.id), queries.evidence_by_id(db, added)  # type: ignore[return-value]

    def retract_evidence(
        self, evidence_id: int, reason: str | None, expected_version: int | None = None
    ) -> queries.EvidenceRow:
        """Hide a document or reference from every view, with a reason; its bytes stay, and
        the history keeps both its addition and its retraction."""
        note = require_note(reason, what="reason")
        with self.db.write() as db:
            found = queries.evidence_by_id(db, evidence_id)
            if found is None:
                raise InputError("error.unknown_evidence", id=evidence_id)
            if found.retracted_by is not None:
                raise InputError("error.evidence_retracted", id=evidence_id, name=found.label)
            item = self._lock(db, found.item_key, expected_version)
            now = self.settings.now()
            item.set(evidence_count=max(item.evidence_count - 1, 0))
            self._save(db, item, now)
            change_id = self._record(db, item, now, Field.EVIDENCE, found.label, None, note)
            db.execute(
                "UPDATE evidence SET retracted_by = :change_id WHERE id = :id",
                {"change_id": change_id, "id": evidence_id},
            )
            return queries.evidence_by_id(db, evidence_id)  # type: ignore[return-value]

    def evidence(self, ref: str | int, *, retracted: bool = False) -> tuple[queries.ItemRow, list[queries.EvidenceRow]]:
        with self.db.read() as db:
            item_id = queries.resolve_item_id(db, str(ref), self.settings.default_report)
            return queries.get_item(db, item_id), queries.evidence(db, [item_id], retracted=retracted)

    def evidence_file(self, evidence_id: int) -> tuple[queries.EvidenceRow, bytes]:
        """A stored file and its content, checked against its SHA-256 on the way out."""
        import hashlib

        with self.db.read() as db:
            found = queries.evidence_by_id(db, evidence_id)
            if found is None:
                raise InputError("error.unknown_evidence", id=evidence_id)
            if found.kind is not EvidenceKind.FILE or found.sha256 is None:
                raise InputError("error.evidence_not_file", id=evidence_id, kind=found.kind.label(), value=found.label)
            content = queries.blob(db, found.sha256)
        if hashlib.sha256(content).hexdigest() != found.sha256:
            raise InputError("error.evidence_damaged", id=evidence_id, name=found.label)
        return found, content

    def _insert_evidence(
        self, db: Connection, item: LockedItem, change_id: int, note_id: int | None, now: datetime, **values: Any
    ) -> int:
        row = {"item_id": item.id, "change_id": change_id, "note_id": note_id, "added_at": now, "added_by": self.user}
        row.update(values)
        return db.insert(
            f"INSERT INTO evidence ({', '.join(row)}) VALUES ({', '.join(':' + name for name in row)}) RETURNING id",
            row,
        )

    # -- 更正 -----------------------------------------------------------------
    def correct(
        self, change_id: int, why: str | None, value: str | None = None, item_ref: str | None = None
    ) -> tuple[queries.ItemRow, queries.ChangeRow]:
        """Correct a history entry openly: the entry stays, a correction that points at it is
        appended, and where the entry set a value the item gets back the value it had before
        (or `value`). A progress note corrected without a value no longer counts as the latest."""
        note = require_note(why, what="correction_note")
        with self.db.write() as db:
            target = queries.change(db, change_id)
            if target is None:
                raise InputError("error.unknown_change", id=change_id)
            what = Field(target.field) if target.field in Field._value2member_map_ else None
            if what not in CORRECTABLE:
                raise InputError("error.not_correctable", id=change_id, field=t(f"field.{target.field}"))
            item = self._lock(db, target.item_key, None)
            if item_ref is not None:
                wanted = queries.resolve_item_id(db, item_ref, self.settings.default_report)
                if wanted != item.id:
                    raise InputError("error.correct_other_item", id=change_id, key=item.key)
            if target.corrected_by is not None:
                raise InputError("error.already_corrected", id=change_id, by=target.corrected_by)
            now = self.settings.now()
            if what is Field.NOTE:
                corrected = require_note(value) if value is not None else _restored_note(db, target)
                self._save(db, item, now)
                correction = self._record(db, item, now, Field.NOTE, None, corrected, note, corrects=target.id)
                self._refresh_last_note(db, item)
            else:
                assert what is not None
                _refuse_if_closed(item)
                current = _current_value(item, what)
                restored = self._corrected_value(db, item, what, value, target)
                rows = self._apply_value(db, item, what, restored, target)
                self._save(db, item, now)
                correction = self._record(db, item, now, what, current, _as_text(restored), note, corrects=target.id)
                for extra, old, new in rows:
                    self._record(db, item, now, extra, old, new, None)
                if what is Field.STATUS:
                    self._refresh_last_note(db, item)
            return queries.get_item(db, item.id), queries.change(db, correction)  # type: ignore[return-value]

    def _corrected_value(
        self, db: Connection, item: LockedItem, what: Field, value: str | None, target: queries.ChangeRow
    ) -> Any:
        """The value a correction gives: `value` as typed, else the value before the entry, which
        is only put back while the entry's own value is still the item's (a later change wins)."""
        if value is None:
            if _current_value(item, what) != target.new:
                raise InputError("error.correct_later_change", id=target.id, field=t(f"field.{what.value}"))
            return _from_text(what, target.old, self, db)
        return _parse_value(what, value, self, db)

    def _apply_value(
        self, db: Connection, item: LockedItem, what: Field, value: Any, target: queries.ChangeRow
    ) -> list[tuple[Field, str | None, str | None]]:
        """Give the item a corrected value; the follow-on rows (follow-up state, progress) it needs."""
        rows: list[tuple[Field, str | None, str | None]] = []
        if what is Field.STATUS:
            status: Status = value
            tracking = Tracking(item.tracking)
            requested = Tracking.ACTIVE if status.is_open else Tracking.PENDING
            progress = _progress_for(status, _progress_before(db, item, target), None)
            item.set(status=status.value, tracking=requested.value)
            if requested is not tracking:
                rows.append((Field.TRACKING, tracking.value, requested.value))
            if progress != item.progress:
                rows.append((Field.PROGRESS, str(item.progress), str(progress)))
                item.set(progress=progress)
        elif what is Field.OWNER:
            zh, en = self._unit_names(db, value, None)
            item.set(owner_zh=zh, owner_en=en)
        elif what is Field.DEADLINE:
            item.set(deadline=value)
        elif what is Field.OFFICER:
            item.set(officer=value)
        elif what is Field.SUPPORTING:
            item.set(supporting_units=value)
        elif what is Field.PROGRESS:
            status = Status(item.status)
            if not status.is_open and value != item.progress:
                raise InputError("error.progress_closed", key=item.key, status=status.label(), progress=item.progress)
            item.set(progress=value)
        elif what is Field.ADOPTION:
            item.set(adoption=value.value)
        return rows

    def _refresh_last_note(self, db: Connection, item: LockedItem) -> None:
        """The latest progress note that still stands, after a correction: a corrected note no
        longer counts, a correction with new text counts in its place."""
        rows = db.rows(
            "SELECT c.id, c.field, c.note, c.new, c.corrects, c.at, k.id FROM changes c"
            " LEFT JOIN changes k ON k.corrects = c.id"
            " WHERE c.item_id = :item_id AND c.field IN ('note', 'status') ORDER BY c.id DESC",
            {"item_id": item.id},
        )
        for _, what, note, new, corrects, at, corrected_by in rows:
            if corrected_by is not None:
                continue
            text = (new if what == Field.NOTE.value else None) if corrects is not None else note
            if text:
                item.set(last_note=text, last_note_at=parse_utc(at))
                break
        else:
            item.set(last_note=None, last_note_at=None)
        # The item's row was saved already in this transaction: write the note columns now.
        db.execute(
            "UPDATE items SET last_note = :note, last_note_at = :at WHERE id = :id",
            {"note": item.last_note, "at": item.changed.get("last_note_at"), "id": item.id},
        )
        item.changed.clear()

    def _supporting_unit(self, db: Connection, name: str) -> dict[str, str | None]:
        zh, en = self._unit_names(db, name, None)
        return {"zh": zh, "en": en}

    def move_deadline(
        self, ref: str | int, deadline: date | None, reason: str | None, expected_version: int | None = None
    ) -> queries.ItemRow:
        """The original deadline stays; the move and its reason go into the history."""
        with self.db.write() as db:
            note = require_note(reason, what="reason")
            item = self._lock(db, ref, expected_version)
            _refuse_if_closed(item)
            if deadline == item.deadline:
                raise InputError("error.same_deadline", deadline=format_date(deadline) or t("word.none"))
            now = self.settings.now()
            old = item.deadline
            item.set(deadline=deadline)
            self._save(db, item, now)
            self._record(db, item, now, Field.DEADLINE, _iso(old), _iso(deadline), note)
            return queries.get_item(db, item.id)

    def import_report(self, doc: SeedDocument) -> ImportResult:
        """Create the report's items, or bring an imported report up to date with its file.

        Texts and titles follow the file. Owner and deadline follow it only while staff
        have not changed them: after that, staff own them and the file's value is reported,
        not applied. Items missing from the file are kept: nothing saved is ever lost.
        """
        with self.db.write() as db:
            self.db.serialize(db)
            now = self.settings.now()
            report_id = self._upsert_report(db, doc, now)
            events = self._upsert_events(db, doc, report_id)
            result = ImportResult(doc.report.key, doc.report.title_zh)
            existing = {
                item.number: item for item in self._locked_items(db, "report_id = :report_id", {"report_id": report_id})
            }
            for spec in doc.items:
                item = existing.pop(spec.number, None)
                if item is None:
                    self._create_item(db, report_id, doc.report.key, spec, events, now, doc)
                    result.created += 1
                elif self._refresh_item(db, item, spec, events, now, doc, result):
                    result.updated += 1
                else:
                    result.unchanged += 1
            result.missing = sorted(existing)
            return result

    # -- helpers -----------------------------------------------------------
    def _progress_rows(
        self, item: LockedItem, progress: int, reason: str | None
    ) -> list[tuple[Field, str | None, str | None, str | None]]:
        """Set the item's progress by the rules; the history rows it needs (not yet written)."""
        status = Status(item.status)
        if not status.is_open:
            raise InputError("error.progress_closed", key=item.key, status=status.label(), progress=item.progress)
        if progress < item.progress and not reason:
            raise InputError("error.progress_reason", old=item.progress, new=progress)
        rows: list[tuple[Field, str | None, str | None, str | None]] = [
            (Field.PROGRESS, str(item.progress), str(progress), reason)
        ]
        item.set(progress=progress)
        if status is Status.NOT_STARTED and progress > 0:  # progress made: the work has started
            item.set(status=Status.IN_PROGRESS.value)
            rows.append((Field.STATUS, status.value, Status.IN_PROGRESS.value, None))
        return rows

    def _require_reviewer(self, db: Connection, action: str, names: set[str] | None = None) -> None:
        if self.user not in (names if names is not None else _reviewer_names(db)):
            raise PermissionDenied("error.not_reviewer", action=t(action), user=self.user)

    @contextmanager
    def _reviewer_rule(self, action: str) -> Iterator[None]:
        """PostgreSQL enforces the reviewer rule itself (migration 0003): its refusal, for a
        login that is no member of tracker_reviewer, is told as the tracker's own would be."""
        try:
            yield
        except Exception as exc:
            # insufficient_privilege, raised by the reviewer rule's triggers (not a missing GRANT)
            if getattr(exc, "sqlstate", None) == "42501" and "tracker: only a reviewer" in str(exc):
                raise PermissionDenied("error.not_reviewer_db", action=t(action), user=self.user) from None
            raise

    def _lock(self, db: Connection, ref: str | int, expected_version: int | None) -> LockedItem:
        item_id = queries.resolve_item_id(db, str(ref), self.settings.default_report)
        item = self._locked_items(db, "id = :id", {"id": item_id})[0]
        if expected_version is not None and item.version != expected_version:
            raise self._conflict(db, item, expected_version)
        return item

    def _locked_items(self, db: Connection, where: str, params: dict[str, Any]) -> list[LockedItem]:
        """Items read for a change, locked until the transaction ends (rows on PostgreSQL;
        SQLite's BEGIN IMMEDIATE holds the whole database)."""
        sql = f"SELECT {', '.join(_LOCKED_COLUMNS)} FROM items WHERE {where}{db.for_update}"
        found = []
        for row in db.rows(sql, params):
            values = dict(zip(_LOCKED_COLUMNS, row, strict=True))
            values["deadline"] = parse_day(values["deadline"])
            values["original_deadline"] = parse_day(values["original_deadline"])
            values["supporting_units"] = parse_json(values["supporting_units"]) or []
            found.append(LockedItem(**values))
        return found

    def _save(self, db: Connection, item: LockedItem, now: datetime) -> None:
        """Write the item's changed columns with its next version, in one UPDATE."""
        item.set(version=item.version + 1, updated_at=now, updated_by=self.user)
        columns = dict(item.changed)
        if "supporting_units" in columns:
            columns["supporting_units"] = json_param(columns["supporting_units"], db.dialect)
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        db.execute(f"UPDATE items SET {assignments} WHERE id = :id", {**columns, "id": item.id})
        item.changed.clear()

    def _conflict(self, db: Connection, item: LockedItem, expected: int) -> ConflictError:
        since = queries.history(db, item_id=item.id, after_version=expected)
        who = t("word.list_separator").join(
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

    def _record(
        self,
        db: Connection,
        item: LockedItem,
        at: datetime,
        what: Field,
        old: str | None,
        new: str | None,
        note: str | None,
        corrects: int | None = None,
        origin: Origin = Origin.STAFF,
    ) -> int:
        return chain.append(
            db, item.id, item.version, at, self.user, what.value, old, new, note, corrects, origin.value
        )

    def _unit_names(self, db: Connection, unit: str, owner_en: str | None) -> tuple[str, str | None]:
        """Typed in Chinese or English, a unit already in use gets both of its names."""
        known = queries.known_units(db)
        if unit in known:
            return unit, owner_en or known[unit]
        for zh, en in known.items():
            if en and en.lower() == unit.lower():
                return zh, en
        return unit, owner_en or (unit if unit.isascii() else None)

    def _upsert_report(self, db: Connection, doc: SeedDocument, now: datetime) -> int:
        spec = doc.report
        # The file's report fields are the table's columns, by the same names.
        values = {f.name: getattr(spec, f.name) for f in fields(spec) if f.name != "key"}
        found = queries.report_by_key(db, spec.key)
        if found is None:
            columns = ("key", "created_at", *values)
            return db.insert(
                f"INSERT INTO reports ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)}) RETURNING id",
                {**values, "key": spec.key, "created_at": now},
            )
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        db.execute(f"UPDATE reports SET {assignments} WHERE id = :id", {**values, "id": found.id})
        return found.id

    def _upsert_events(self, db: Connection, doc: SeedDocument, report_id: int) -> dict[str, tuple[int, str]]:
        """Each event of the file: key -> (row id, key)."""
        events = {}
        columns = ", ".join(f'"{name}"' if name == "end" else name for name in _EVENT_FIELDS)
        for spec in doc.events:
            values = {name: getattr(spec, name) for name in _EVENT_FIELDS}
            row = db.row(f"SELECT id, {columns} FROM events WHERE key = :key", {"key": spec.key})
            if row is None:
                event_id = db.insert(
                    f"INSERT INTO events (key, {columns}) VALUES (:key, {', '.join(':' + n for n in _EVENT_FIELDS)})"
                    " RETURNING id",
                    {**values, "key": spec.key},
                )
            else:
                event_id = row[0]
                if _event_differs(row[1:], spec):
                    self._refuse_shared_event(db, event_id, spec.key, report_id, doc)
                assignments = ", ".join(f'"{n}" = :{n}' if n == "end" else f"{n} = :{n}" for n in _EVENT_FIELDS)
                db.execute(f"UPDATE events SET {assignments} WHERE id = :id", {**values, "id": event_id})
            events[spec.key] = (event_id, spec.key)
        return events

    def _refuse_shared_event(self, db: Connection, event_id: int, key: str, report_id: int, doc: SeedDocument) -> None:
        """Event keys are shared by all reports: another report's file must not rewrite an event
        (and so the deadline basis of that report's items) without a trace. The whole import
        is refused; the transaction rolls back."""
        owner = db.scalar(
            "SELECT r.key FROM reports r JOIN items i ON i.report_id = r.id"
            " WHERE i.event_id = :event_id AND r.id <> :report_id ORDER BY r.key LIMIT 1",
            {"event_id": event_id, "report_id": report_id},
        )
        if owner is not None:
            raise InputError("error.event_key_taken", key=key, report=owner, file=doc.path.name)

    def _create_item(
        self,
        db: Connection,
        report_id: int,
        report_key: str,
        spec: ItemSpec,
        events: dict[str, tuple[int, str]],
        now: datetime,
        doc: SeedDocument,
    ) -> None:
        values: dict[str, Any] = {
            "key": f"{report_key}-{spec.number}",
            "report_id": report_id,
            "number": spec.number,
            "title_zh": spec.title_zh,
            "title_en": spec.title_en,
            "summary_en": spec.summary_en,
            "text_zh": spec.text_zh,
            "owner_zh": spec.owner_zh,
            "owner_en": spec.owner_en,
            "supporting_units": json_param(_units(spec), db.dialect),
            "officer": spec.officer,
            "event_id": events[spec.event][0] if spec.event else None,
            "deadline": spec.deadline,
            "original_deadline": spec.deadline,
            "deadline_source": spec.deadline_source.value,
            "status": Status.NOT_STARTED.value,
            "tracking": Tracking.ACTIVE.value,
            "level": spec.level.value,
            "adoption": spec.adoption.value,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": self.user,
        }
        item_id = db.insert(
            f"INSERT INTO items ({', '.join(values)}) VALUES ({', '.join(':' + name for name in values)}) RETURNING id",
            values,
        )
        created = (Field.CREATED.value, None, spec.title_zh, doc.path.name, None, Origin.IMPORT.value)
        chain.append(db, item_id, 1, now, self.user, *created)
        if spec.adoption is Adoption.NOT_ADOPTED:
            # Not adopted from the start: the work is over and release is asked for, as `adopt`
            # does (an item is created under follow-up; only then may it wait for review).
            item = self._locked_items(db, "id = :id", {"id": item_id})[0]
            note = t("history.not_adopted_in_file", file=doc.path.name)
            item.set(status=Status.DROPPED.value, tracking=Tracking.PENDING.value, last_note=note, last_note_at=now)
            self._save(db, item, now)
            imported = Origin.IMPORT
            self._record(db, item, now, Field.STATUS, "not_started", Status.DROPPED.value, note, origin=imported)
            self._record(db, item, now, Field.TRACKING, "active", Tracking.PENDING.value, None, origin=imported)

    def _refresh_item(
        self,
        db: Connection,
        item: LockedItem,
        spec: ItemSpec,
        events: dict[str, tuple[int, str]],
        now: datetime,
        doc: SeedDocument,
        result: ImportResult,
    ) -> bool:
        # Owner, deadline, officer and supporting units changed by staff, not by an earlier import.
        staff_fields = {
            row[0]
            for row in db.rows(
                "SELECT DISTINCT field FROM changes WHERE item_id = :item_id AND field IN :fields AND origin = :staff",
                {"item_id": item.id, "fields": [f.value for f in _STAFF_OWNED], "staff": Origin.STAFF.value},
            )
        }
        event = events.get(spec.event) if spec.event else None
        wanted: dict[Field, tuple[str, Any]] = {
            Field.TITLE_ZH: ("title_zh", spec.title_zh),
            Field.TITLE_EN: ("title_en", spec.title_en),
            Field.SUMMARY_EN: ("summary_en", spec.summary_en),
            Field.TEXT_ZH: ("text_zh", spec.text_zh),
            Field.EVENT: ("event_id", event[0] if event else None),
            Field.LEVEL: ("level", spec.level.value),
        }
        if Field.OWNER.value in staff_fields:
            if spec.owner_zh != item.owner_zh:
                result.kept.append((item.number, Field.OWNER.value))
        else:
            wanted[Field.OWNER] = ("owner_zh", spec.owner_zh)
            wanted[Field.OWNER_EN] = ("owner_en", spec.owner_en)  # a translation: follows the file
        for what, attr, value in (
            (Field.SUPPORTING, "supporting_units", _units(spec)),
            (Field.OFFICER, "officer", spec.officer),
        ):
            if what.value not in staff_fields:
                wanted[what] = (attr, value)
            elif value != getattr(item, attr):
                result.kept.append((item.number, what.value))
        if Field.DEADLINE.value in staff_fields:
            if spec.deadline != item.original_deadline:
                result.kept.append((item.number, Field.DEADLINE.value))
        else:
            wanted[Field.DEADLINE] = ("deadline", spec.deadline)
        changes = [(what, attr, value) for what, (attr, value) in wanted.items() if getattr(item, attr) != value]
        if not changes:
            return False
        old_values = {attr: getattr(item, attr) for _, attr, _ in changes}
        old_event = _event_key(db, item.event_id)
        for _, attr, value in changes:
            item.set(**{attr: value})
            if attr == "deadline":
                item.set(original_deadline=value, deadline_source=spec.deadline_source.value)
        self._save(db, item, now)
        for what, attr, value in changes:
            old, new = old_values[attr], value
            if what is Field.EVENT:  # history shows event keys, not row ids
                old, new = old_event, spec.event
            note = t("history.reimport", file=doc.path.name)
            self._record(db, item, now, what, _as_text(old), _as_text(new), note, origin=Origin.IMPORT)
        return True


def _progress_for(status: Status, current: int, given: int | None) -> int:
    """The progress an item has after a change to `status`: 已完成 is 100, 未辦理 0."""
    if status is Status.DONE:
        if given is not None and given != PROGRESS_DONE:
            raise InputError("error.progress_done", progress=given)
        return PROGRESS_DONE
    if status is Status.NOT_STARTED:
        if given:
            raise InputError("error.progress_not_started", progress=given)
        return 0
    return current if given is None else given


def _restored_note(db: Connection, target: queries.ChangeRow) -> str | None:
    """Correcting a note's correction without new text puts the note it corrected back."""
    if target.corrects is None:
        return None
    original = queries.change(db, target.corrects)
    if original is None:
        return None
    return original.new if original.corrects is not None else original.note


def _progress_before(db: Connection, item: LockedItem, target: queries.ChangeRow) -> int:
    """The progress to go back to when a status entry is corrected: what it was before the
    status change set it (已完成 sets 100 in the same save), while nothing has changed it since."""
    row = db.row(
        "SELECT old, new FROM changes WHERE item_id = :item_id AND version = :version AND field = 'progress'"
        " AND corrects IS NULL ORDER BY id DESC LIMIT 1",
        {"item_id": item.id, "version": target.version},
    )
    if row is not None and row[1] == str(item.progress) and row[0] is not None:
        return int(row[0])
    return item.progress


def _current_value(item: LockedItem, what: Field) -> str | None:
    """The item's value of a history field, as the history writes it."""
    value = {
        Field.STATUS: item.status,
        Field.OWNER: item.owner_zh,
        Field.DEADLINE: item.deadline,
        Field.OFFICER: item.officer,
        Field.SUPPORTING: item.supporting_units,
        Field.PROGRESS: item.progress,
        Field.ADOPTION: item.adoption,
    }[what]
    return _as_text(value) if value != [] else None


def _from_text(what: Field, text: str | None, service: Service, db: Connection) -> Any:
    """A value as the history wrote it, back as the item holds it."""
    if what is Field.SUPPORTING:
        return [service._supporting_unit(db, name) for name in (text or "").split("、") if name]
    if text is None:
        if what in (Field.OFFICER, Field.DEADLINE):
            return None
        raise InputError("error.correct_needs_value", field=t(f"field.{what.value}"))
    if what is Field.STATUS:
        return Status(text)
    if what is Field.DEADLINE:
        return date.fromisoformat(text)
    if what is Field.PROGRESS:
        return int(text)
    if what is Field.ADOPTION:
        return Adoption(text)
    return text  # owner, officer


def _parse_value(what: Field, typed: str, service: Service, db: Connection) -> Any:
    """A correction's --value as typed by staff, checked like the command that sets the field."""
    from tracker.dates import parse_date

    if what is Field.STATUS:
        return parse_status(typed)
    if what is Field.OWNER:
        return check_owner(typed)
    if what is Field.DEADLINE:
        return parse_date(typed) if clean_line(typed) else None
    if what is Field.OFFICER:
        return check_owner(typed, what="officer") if clean_line(typed) else None
    if what is Field.SUPPORTING:
        names = [name for name in re.split(r"[、,，;；]", typed) if clean_line(name)]
        return [service._supporting_unit(db, check_owner(name, what="supporting_units")) for name in names]
    if what is Field.PROGRESS:
        return parse_progress(typed)
    return parse_choice(Adoption, typed, "error.unknown_adoption")


def _refuse_if_closed(item: LockedItem) -> None:
    """A released or withdrawn item keeps the owner and deadline it was decided on: changing
    them afterwards would rewrite the on-time record (a reviewer's return reopens it)."""
    tracking = Tracking(item.tracking)
    if tracking.is_closed:
        raise InputError("error.closed_item_change", key=item.key, tracking=tracking.label())


def _reviewer_names(db: Connection) -> set[str]:
    return {name for (name,) in db.rows("SELECT name FROM reviewers")}


def _account_name(name: str) -> str:
    cleaned = clean_line(name or "")
    if not cleaned or len(cleaned) > 100 or cleaned != (name or "").strip():
        raise InputError("error.account_name")
    return cleaned


def _account_row(db: Connection, name: str) -> tuple[str, Any]:
    row = db.row("SELECT name, disabled_at FROM users WHERE name = :name", {"name": name})
    if row is None:
        raise InputError("error.account_unknown", name=name)
    found, disabled_at = row
    return str(found), disabled_at


def _hashed(password: str) -> str:
    from tracker.passwords import MAX_LENGTH, MIN_LENGTH, hash_password

    if not MIN_LENGTH <= len(password or "") <= MAX_LENGTH:
        raise InputError("error.password_length", low=MIN_LENGTH, high=MAX_LENGTH)
    return hash_password(password)


def _reviewer_name(name: str) -> str:
    cleaned = clean_line(name or "")
    if not cleaned or len(cleaned) > 100:
        raise InputError("error.reviewer_name")
    return cleaned


def _review_comments(decision: Decision, note: str | None) -> str | None:
    """審查意見: required to return or withdraw an item, optional to release it."""
    if decision is Decision.RELEASE:
        return optional_note(note)
    if note is None or not clean_line(note):
        raise InputError("error.review_note_empty", decision=decision.label())
    return require_note(note)


def _event_key(db: Connection, event_id: int | None) -> str | None:
    if event_id is None:
        return None
    key: str | None = db.scalar("SELECT key FROM events WHERE id = :id", {"id": event_id})
    return key


def _event_differs(stored: tuple[Any, ...], spec: EventSpec) -> bool:
    for name, value in zip(_EVENT_FIELDS, stored, strict=True):
        if name in ("start", "end"):
            value = parse_day(value)
        if value != getattr(spec, name):
            return True
    return False


# What staff may change and a re-import then leaves alone (the file's value is reported).
_STAFF_OWNED = (Field.OWNER, Field.DEADLINE, Field.OFFICER, Field.SUPPORTING)
_EVENT_FIELDS = ("name_zh", "name_en", "place", "start", "end", "source", "remark")


def _how(change: queries.ChangeRow) -> str:
    """What a colleague's change did, briefly: 未辦理 → 暫緩辦理, or the start of a note."""
    if change.field == Field.STATUS.value:
        return f"{Status(change.old).label()} → {Status(change.new).label()}"
    if change.field in (Field.TRACKING.value, Field.REVIEW.value):
        return f"{Tracking(change.old).label()} → {Tracking(change.new).label()}"
    if change.field == Field.LEVEL.value:
        return f"{Level(change.old).label()} → {Level(change.new).label()}"
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
        return "、".join(unit["zh"] for unit in value) or None
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)
