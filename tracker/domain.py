"""Statuses, the rules a change must follow, and the errors users see.

Pure Python: no database, no terminal. Everything that writes goes through
``tracker.service``, which asks this module what a change needs.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date
from typing import Any

from tracker.i18n import t

UNASSIGNED = ""  # the lead unit of an item that has none yet (未指派), as stored
NOTE_LIMIT = 10_000
SHORT_TEXT_LIMIT = 200  # units, officers, places: what the String(200) columns hold
ITEM_NUMBER_LIMIT = 9_999  # a report's recommendations are numbered 1, 2, 3 ...
VERSION_LIMIT = 2**31 - 1  # an Integer column on PostgreSQL (SQLite holds more)
DAYS_LIMIT = 36_500  # a window of 100 years: any follow-up fits, and no date runs past the calendar
COUNT_LIMIT = 1_000_000  # how many rows a list may be asked for


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
    OWNER_EN = "owner_en"  # the lead unit's English name, which follows the report file
    DEADLINE = "deadline"
    TITLE_ZH = "title_zh"
    TITLE_EN = "title_en"
    SUMMARY_EN = "summary_en"
    TEXT_ZH = "text_zh"
    SUPPORTING = "supporting_units"
    OFFICER = "officer"
    EVENT = "event"
    TRACKING = "tracking"  # the follow-up state, as the owner's request moved it (active -> pending)
    REVIEW = "review"  # a reviewer's decision: old and new follow-up state, the note is the 審查意見
    LEVEL = "level"
    REVIEWER = "reviewer"  # a reviewer added (new) or removed (old); no item
    ACCOUNT = "account"  # a web account added (new), disabled (old) or its password set (both); no item
    PROGRESS = "progress"  # 執行進度, a whole percentage as text
    ADOPTION = "adoption"  # 採行: Adoption codes
    EVIDENCE = "evidence"  # a document or reference added (new) or retracted (old): what it is called


# The history entries `tracker correct` can correct: the ones staff write that set a value on
# the item (or a progress note). Reviews are answered by a new review; imports by the file.
CORRECTABLE = frozenset(
    {
        Field.NOTE,
        Field.STATUS,
        Field.OWNER,
        Field.DEADLINE,
        Field.OFFICER,
        Field.SUPPORTING,
        Field.PROGRESS,
        Field.ADOPTION,
    }
)


class Tracking(str, enum.Enum):
    """The follow-up state (列管狀態): what the reviewer decided, beside what the unit did.

    An item is under follow-up (active) until its owner sets 已完成 or 不採行, which asks for
    release (pending); only a reviewer releases it (released) or withdraws it from follow-up
    (withdrawn); a return (繼續列管) is a decision, not a state: the item is active again.
    """

    ACTIVE = "active"
    PENDING = "pending"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        return self in (Tracking.RELEASED, Tracking.WITHDRAWN)

    def label(self) -> str:
        return t(f"tracking.{self.value}")


class Decision(str, enum.Enum):
    """A reviewer's decision on an item (審查): 同意解除列管, 繼續列管 (return), 撤銷列管."""

    RELEASE = "release"
    RETURN = "return"
    WITHDRAW = "withdraw"

    def label(self) -> str:
        return t(f"decision.{self.value}")


class Origin(str, enum.Enum):
    """Who wrote a history row: staff (any command or the UI), or an import of a report file.
    A re-import leaves alone what staff changed, and tells the two apart by this alone."""

    STAFF = "staff"
    IMPORT = "import"


class Level(str, enum.Enum):
    """Follow-up level (列管層級): the unit's own (自行列管) or the city's evaluation office (府列管)."""

    SELF = "self"
    CITY = "city"

    def label(self) -> str:
        return t(f"level.{self.value}")


class Adoption(str, enum.Enum):
    """Whether a recommendation is taken up (採行) before work starts. 不採行 ends the work: the
    status becomes 不採行 and release is asked for, in one action."""

    ADOPTED = "adopted"
    PARTIAL = "partial"
    NOT_ADOPTED = "not_adopted"

    def label(self) -> str:
        return t(f"adoption.{self.value}")


class EvidenceKind(str, enum.Enum):
    """佐證資料: a stored file, a 公文 document number (文號), a URL (shown, never fetched), a text."""

    FILE = "file"
    DOC_NO = "doc_no"
    URL = "url"
    TEXT = "text"

    def label(self) -> str:
        return t(f"evidence.{self.value}")


PROGRESS_DONE = 100


def parse_progress(text: str | int | None) -> int:
    """執行進度: a whole percentage 0-100, typed as 60, 60% or ６０％."""
    if isinstance(text, int):
        number: int | None = text if 0 <= text <= PROGRESS_DONE else None
    else:
        typed = unicodedata.normalize("NFKC", str(text or "")).strip().removesuffix("%").strip()
        number = whole_number(typed, high=PROGRESS_DONE)
    if number is None:
        raise InputError("error.progress", text=str(text or ""))
    return number


def parse_choice(kind: type[enum.Enum], text: str, error: str) -> Any:
    """A member of `kind` from its code or its Chinese or English label (case and width folded)."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    wanted = raw.lower().replace("-", "_").replace(" ", "_")
    prefix = {Tracking: "tracking", Decision: "decision", Level: "level", Adoption: "adoption"}[kind]
    for member in kind:
        labels = {t(f"{prefix}.{member.value}", lang=lang).lower() for lang in ("zh-TW", "en")}
        if wanted == member.value or raw.lower() in labels:
            return member
    choices = ", ".join(f"{m.value} ({t(f'{prefix}.{m.value}')})" for m in kind)
    raise InputError(error, text=raw, choices=choices)


# ---------------------------------------------------------------------------
# Errors: each carries a message key so that the CLI and the TUI can show it in
# the user's language, and an exit code that the CLI maps in one place.


class TrackerError(Exception):
    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        # Params are often what someone typed (a status, a YAML key, a file name) or an
        # exception's text: made one clean line here, the one place every message passes,
        # so that no message carries a terminal escape or a second line.
        self.params: dict[str, Any] = {name: _one_line(value) for name, value in params.items()}
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.params)


def _one_line(value: object) -> object:
    return value if isinstance(value, int | float) else clean_line(str(value))


class InputError(TrackerError):
    """Something the user typed or supplied is wrong; nothing was written."""

    exit_code = 2


class UnavailableError(TrackerError):
    """The database could not be read or written just now (locked, read-only, gone)."""

    exit_code = 1


class PermissionDenied(TrackerError):
    """Only a reviewer may do this (release, return, withdraw, change the reviewers)."""

    exit_code = 4


class ConflictError(TrackerError):
    """Someone saved the item after the version the user started from."""

    exit_code = 3

    def __init__(self, key: str, /, *, current_version: int, changes: list[dict[str, Any]], **params: object):
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


# Digits as staff type them: ASCII, or full-width from a Chinese input method. str.isdigit()
# is true for more (², ①, Arabic-Indic ١), which int() refuses or NFKC turns into other numbers.
PLAIN_DIGITS = "0123456789０１２３４５６７８９"
_FULLWIDTH_DIGITS = str.maketrans(PLAIN_DIGITS[10:], PLAIN_DIGITS[:10])
_WHOLE_NUMBER = re.compile(r"[0-9]+")


def has_odd_digits(text: str) -> bool:
    """True when `text` holds a digit that is not 0-9 (half- or full-width), such as ² or ①."""
    return any(c.isdigit() and c not in PLAIN_DIGITS for c in text)


def whole_number(text: str | None, *, high: int) -> int | None:
    """`text` as a whole number from 0 to `high`, or None when it is not one."""
    digits = (text or "").strip().translate(_FULLWIDTH_DIGITS)
    if not _WHOLE_NUMBER.fullmatch(digits):
        return None
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(high)):  # int() refuses strings over 4,300 digits: never try
        return None
    number = int(digits)
    return number if number <= high else None


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
    typed = (text or "").strip()
    found = None if has_odd_digits(typed) else _find_status(unicodedata.normalize("NFKC", typed).strip())
    if found is None:  # ² and ① are refused: NFKC would read them as 2 and 1
        raise InputError(
            "error.unknown_status",
            text=typed,
            choices=", ".join(f"{s.value} ({s.label()})" for s in STATUS_ORDER),
        )
    return found


def _find_status(raw: str) -> Status | None:
    wanted = raw.lower().replace("-", "_").replace(" ", "_")
    for index, status in enumerate(STATUS_ORDER, start=1):
        if wanted in {status.value, str(index)}:
            return status
        if raw in {t(f"status.{status.value}", lang=lang) for lang in ("zh-TW", "en")}:
            return status
        if wanted == t(f"status.{status.value}", lang="en").lower().replace(" ", "_"):
            return status
    return None


def check_status_change(current: Status, new: Status, note: str | None) -> str | None:
    """What a status change needs; returns the cleaned note."""
    if current == new:
        raise InputError("error.same_status", status=new.label())
    if new.needs_note:
        return require_note(note, what="close_note")
    return optional_note(note)


def check_owner(text: str | None, *, what: str = "owner") -> str:
    """A unit's name (or, with `what`, an officer's): one line, not blank, SHORT_TEXT_LIMIT at most."""
    owner = clean_line(text or "")
    if not owner:
        raise InputError("error.owner_empty")
    if len(owner) > SHORT_TEXT_LIMIT:
        raise InputError("error.text_too_long", what=t(f"field.{what}"), limit=SHORT_TEXT_LIMIT)
    return owner


SOON_DAYS = 7  # "due soon": within a week, today included


def is_due_soon(deadline: date | None, status: Status, today: date, tracking: Tracking = Tracking.ACTIVE) -> bool:
    """Under follow-up, open, not overdue, and due within SOON_DAYS."""
    if tracking is not Tracking.ACTIVE or not status.is_open or deadline is None:
        return False
    return 0 <= (deadline - today).days <= SOON_DAYS


def days_overdue(
    deadline: date | None, status: Status, today: date, tracking: Tracking = Tracking.ACTIVE
) -> int | None:
    """Days past the deadline for an item under follow-up whose work is open; None when not overdue.

    Derived every time, never stored: due today is not overdue, closed is never overdue, and
    once the owner has asked for release the wait is the reviewer's, not the owner's.
    """
    if deadline is None or tracking is not Tracking.ACTIVE or not status.is_open or deadline >= today:
        return None
    return (today - deadline).days
