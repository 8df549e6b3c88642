"""Statuses, the rules a change must follow, and the errors users see.

Pure Python: no database, no terminal. Everything that writes goes through
``tracker.service``, which asks this module what a change needs.
"""

from __future__ import annotations

import enum
import re
import unicodedata

from tracker.i18n import t

NOTE_LIMIT = 10_000
SHORT_TEXT_LIMIT = 200


class Status(str, enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self not in CLOSED

    @property
    def needs_note(self) -> bool:
        """Closing needs evidence (done) or a reason (dropped), as GAO closes items."""
        return self in CLOSED

    def label(self) -> str:
        return t(f"status.{self.value}")


CLOSED = frozenset({Status.DONE, Status.DROPPED})
OPEN = tuple(s for s in Status if s not in CLOSED)
# Order of the status picker and of counts: the order work moves in.
STATUS_ORDER = tuple(Status)


class DeadlineSource(str, enum.Enum):
    """Where a deadline comes from: stated in the report, an event's date, or our assignment."""

    REPORT = "report"
    EVENT = "event"
    ASSIGNED = "assigned"


# History fields: one word each, shared by the service, the queries and the renderers.
class Field(str, enum.Enum):
    CREATED = "created"
    STATUS = "status"
    NOTE = "note"
    OWNER = "owner"
    DEADLINE = "deadline"
    TITLE_ZH = "title_zh"
    TITLE_EN = "title_en"
    SUMMARY_EN = "summary_en"
    TEXT_ZH = "text_zh"
    SUPPORTING = "supporting_units"
    OFFICER = "officer"
    EVENT = "event"


# ---------------------------------------------------------------------------
# Errors: each carries a message key so that the CLI and the TUI can show it in
# the user's language, and an exit code that the CLI maps in one place.


class TrackerError(Exception):
    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.params)


class InputError(TrackerError):
    """Something the user typed or supplied is wrong; nothing was written."""

    exit_code = 2


class UnavailableError(TrackerError):
    """The database could not be read or written just now (locked, read-only, gone)."""

    exit_code = 1


class ConflictError(TrackerError):
    """Someone saved the item after the version the user started from."""

    exit_code = 3

    def __init__(self, key: str, /, *, current_version: int, changes: list[dict], **params: object):
        super().__init__(key, **params)
        self.current_version = current_version
        self.changes = changes


# ---------------------------------------------------------------------------
# Text rules

# Whole terminal escape sequences (CSI such as ESC[31m, OSC such as ESC]0;title BEL, and
# two-character ESC sequences), so that no half of one is left behind as junk text.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
# What is left: C0 controls except tab and newline, DEL, C1 controls, the bidi
# overrides/isolates that can make text display in another order than it is stored
# (Trojan Source), and lone surrogates (undecodable bytes on the command line).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(text: str) -> str:
    """User text as typed, minus terminal control characters and bidi overrides.

    CR LF and lone CR become LF so that a note pasted from Windows reads the same.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """A one-line value (owner, title): control characters gone, whitespace folded."""
    return " ".join(clean_text(text).split())


def require_note(text: str | None, *, what: str = "note") -> str:
    """A progress note or a reason: present, not blank, not over the limit."""
    note = clean_text(text or "").strip()
    if not note:
        raise InputError(f"error.{what}_empty")
    if len(note) > NOTE_LIMIT:
        raise InputError("error.note_too_long", limit=NOTE_LIMIT, length=len(note))
    return note


def optional_note(text: str | None) -> str | None:
    if text is None or not clean_text(text).strip():
        return None
    return require_note(text)


def parse_status(text: str) -> Status:
    """A status from its code, its Chinese or English label, or its number 1-5."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    wanted = raw.lower().replace("-", "_").replace(" ", "_")
    for index, status in enumerate(STATUS_ORDER, start=1):
        if wanted in {status.value, str(index)}:
            return status
        if raw in {t(f"status.{status.value}", lang=lang) for lang in ("zh-TW", "en")}:
            return status
        if wanted == t(f"status.{status.value}", lang="en").lower().replace(" ", "_"):
            return status
    raise InputError(
        "error.unknown_status",
        text=raw,
        choices=", ".join(f"{s.value} ({s.label()})" for s in STATUS_ORDER),
    )


def check_status_change(current: Status, new: Status, note: str | None) -> str | None:
    """What a status change needs; returns the cleaned note."""
    if current == new:
        raise InputError("error.same_status", status=new.label())
    if new.needs_note:
        return require_note(note, what="close_note")
    return optional_note(note)


def check_owner(text: str | None) -> str:
    owner = clean_line(text or "")
    if not owner:
        raise InputError("error.owner_empty")
    if len(owner) > SHORT_TEXT_LIMIT:
        raise InputError("error.text_too_long", what=t("field.owner"), limit=SHORT_TEXT_LIMIT)
    return owner


SOON_DAYS = 7  # "due soon": within a week, today included


def is_due_soon(deadline, status: Status, today) -> bool:
    """Open, not overdue, and due within SOON_DAYS."""
    return status.is_open and deadline is not None and 0 <= (deadline - today).days <= SOON_DAYS


def days_overdue(deadline, status: Status, today) -> int | None:
    """Days past the deadline for an open item; None when not overdue.

    Derived every time, never stored: due today is not overdue, closed is never overdue.
    """
    if deadline is None or not status.is_open or deadline >= today:
        return None
    return (today - deadline).days
