"""The detail pane: one item in full, its history as a timeline, newest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from tracker.dates import describe_due, format_date, format_moment, to_local
from tracker.domain import Adoption, Decision, EvidenceKind, Field, Level, TrackerError, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_str, terminal_text
from tracker.output.console import Wrapped
from tracker.output.labels import STATUS_STYLE
from tracker.settings import Settings
from tracker.storage import queries
from tracker.storage.queries import ChangeRow, EvidenceRow, ItemRow
from tracker.tui.view import waiting_days

if TYPE_CHECKING:
    from tracker.service import Service

# Colour says the same as the words, never instead of them.
TRACKING_STYLE = {"active": "", "pending": "bold magenta", "released": "green", "withdrawn": "dim"}
# The latest note and review comments stay above the fold at 80×24: longer ones end in "…"
# (the history below holds them in full).
NOTE_LINES = 2
# Seconds the cursor rests on an item before the pane reads it: holding an arrow key moves
# the cursor at once, and the pane, which costs a read and a layout pass, follows.
DETAIL_DELAY = 0.08
# A review's new follow-up state tells which decision it was.
_DECISION_BY_STATE = {
    Tracking.RELEASED.value: Decision.RELEASE,
    Tracking.ACTIVE.value: Decision.RETURN,
    Tracking.WITHDRAWN.value: Decision.WITHDRAW,
}


def detail(
    item: ItemRow, changes: list[ChangeRow], settings: Settings, documents: list[EvidenceRow] | None = None
) -> Group:
    today = settings.today()
    roc = settings.roc
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    deadline = Text(labels.day(item.deadline, roc))
    due = describe_due(item.deadline, today, item.status.is_open)
    if due:
        deadline.append(
            f"（{due}）" if not labels.english() else f" ({due})",
            style="bold red" if item.days_overdue(today) is not None else "",
        )
    rows: list[tuple[str, RenderableType]] = [
        (t("field.status"), Text(labels.status(item.status), style=STATUS_STYLE[item.status.value])),
        (t("field.progress"), Text(f"{item.progress}%")),
        (t("field.tracking"), tracking_text(item, changes, settings)),
        (t("field.level"), Text(item.level.label())),
        (t("field.adoption"), Text(item.adoption.label(), style="" if item.adoption is Adoption.ADOPTED else "bold")),
    ]
    # What was done and what the reviewer said, above the fold, before the rest of the facts.
    if item.last_note:
        noted = _newest(
            changes, lambda c: c.note == item.last_note and c.field in (Field.NOTE.value, Field.STATUS.value)
        )
        rows.append((t("tui.detail.latest_note"), Clipped(item.last_note, NOTE_LINES, _by_on(noted, settings))))
    if item.latest_review:
        reviewed = _newest(changes, lambda c: c.field == Field.REVIEW.value and c.note == item.latest_review)
        after = _by_on(reviewed, settings)
        decision = _DECISION_BY_STATE.get(reviewed.new or "") if reviewed else None
        if reviewed and decision:
            after = t(
                "tui.detail.decision_by_on", decision=decision.label(), by=reviewed.by, date=_day(reviewed, settings)
            )
        rows.append((t("tui.detail.latest_review"), Clipped(item.latest_review, NOTE_LINES, after)))
    rows.append((t("field.evidence"), documents_text(documents or [])))
    rows += [
        (t("field.owner"), terminal_text(labels.owner(item))),
        (t("field.supporting"), terminal_text(labels.supporting(item) or t("word.none"))),
        (t("field.officer"), terminal_text(item.officer or t("word.none"))),
        (t("field.deadline"), deadline),
        (t("field.original_deadline"), Text(labels.day(item.original_deadline, roc))),
        (t("field.deadline_source"), Text(labels.deadline_source(item))),
        (t("field.event"), terminal_text(labels.event(item, roc))),
        (t("field.version"), Text(str(item.version))),
    ]
    for label, value in rows:
        facts.add_row(label, value)
    parts: list[RenderableType] = [
        Text.assemble((item.key, "bold"), "  ", (labels.title(item), "bold")),
        facts,
        Text(""),
        Text(t("field.text_zh"), style="bold underline"),
        Wrapped(item.text_zh),
    ]
    if item.summary_en:
        parts += [Text(""), Text(t("field.summary_en"), style="bold underline"), Wrapped(item.summary_en)]
    parts += [Text(""), Text(t("field.history"), style="bold underline")]
    parts += [timeline_entry(change, settings) for change in changes]
    return Group(*parts)


def tracking_text(item: ItemRow, changes: list[ChangeRow], settings: Settings) -> Text:
    """The follow-up state; waiting for review: since when and for how many days; released or
    withdrawn: by whom and when."""
    text = Text(item.tracking.label(), style=TRACKING_STYLE[item.tracking.value])
    if item.tracking is Tracking.PENDING:
        asked = _newest(changes, lambda c: c.field == Field.TRACKING.value and c.new == Tracking.PENDING.value)
        since = asked.at if asked else item.updated_at
        days = waiting_days(since, settings.today(), settings.timezone)
        day = format_date(to_local(since, settings.timezone).date(), roc=settings.roc)
        text.append(t("tui.detail.waiting", days=days, date=day) if days else t("tui.detail.waiting_today"))
    elif item.tracking.is_closed:
        decided = _newest(changes, lambda c: c.field == Field.REVIEW.value and c.new == item.tracking.value)
        text.append(terminal_str(_by_on(decided, settings)), style="dim")
    return text


def _newest(changes: list[ChangeRow], test: Callable[[ChangeRow], bool]) -> ChangeRow | None:
    """The newest history entry that passes `test` (`changes` come newest first)."""
    return next((change for change in changes if test(change)), None)


def _day(change: ChangeRow, settings: Settings) -> str:
    return format_date(to_local(change.at, settings.timezone).date(), roc=settings.roc)


def _by_on(change: ChangeRow | None, settings: Settings) -> str:
    return t("tui.detail.by_on", by=change.by, date=_day(change, settings)) if change else ""


class Clipped:
    """User text wrapped as Wrapped wraps it, in at most `lines` lines (a longer text ends in
    "…"), followed by `after` (who and when) in dim; never read as markup."""

    def __init__(self, text: str, lines: int, after: str = "") -> None:
        self.text = text
        self.lines = lines
        self.after = after

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        whole = Wrapped(self.text + self.after)
        rendered = console.render_lines(whole, options.update(height=None), pad=False)
        lines = [Text.assemble(*((s.text, s.style or "") for s in line if not s.control)) for line in rendered]
        if len(lines) > self.lines:
            lines = lines[: self.lines]
            lines[-1].truncate(max(1, options.max_width - 1))
            lines[-1].rstrip()  # a wide character cut in half leaves a space
            lines[-1].append("…")
        else:
            _dim_tail(lines, self.after.strip())
        for line in lines:
            line.no_wrap, line.overflow = True, "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, Wrapped(self.text + self.after))


def _dim_tail(lines: list[Text], tail: str) -> None:
    """Dim `tail` at the end of `lines`, also when the wrapping broke it over two lines."""
    for line in reversed(lines):
        plain = line.plain.rstrip()
        if not tail or not plain:
            return
        if tail.endswith(plain):  # the whole line is part of the tail
            line.stylize("dim")
            tail = tail[: len(tail) - len(plain)].rstrip()
            continue
        if plain.endswith(tail):
            line.stylize("dim", len(plain) - len(tail))
        return


def documents_text(documents: list[EvidenceRow]) -> Text:
    """The item's 佐證資料, one a line: a file's name and size, or the 文號, URL or text. A URL
    is plain text here: never a link, never fetched."""
    if not documents:
        return Text(t("word.none"), style="dim")
    text = Text()
    for n, document in enumerate(documents):
        if n:
            text.append("\n")
        text.append_text(document_line(document))
    return text


def document_line(document: EvidenceRow) -> Text:
    """附件：會議紀錄.pdf（1.2 MB）, 文號：府授秘外字第1050123456號, in one line of plain text."""
    separator = ": " if labels.english() else "："
    line = Text(document.kind.label() + separator, style="dim")
    line.append_text(terminal_text(document.label))
    if document.kind is EvidenceKind.FILE and document.size is not None:
        size = size_text(document.size)
        line.append(f" ({size})" if labels.english() else f"（{size}）", style="dim")
    return line


def size_text(size: int) -> str:
    """A file size as people read it: 512 B, 12.3 KB, 4.5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _value(change: ChangeRow, value: str | None, roc: bool) -> str:
    """A history value in words: labels knows statuses, follow-up states and dates; levels,
    adoption and progress here."""
    if value and change.field == Field.LEVEL.value:
        try:
            return Level(value).label()
        except ValueError:
            return value
    if value and change.field == Field.ADOPTION.value:
        try:
            return Adoption(value).label()
        except ValueError:
            return value
    if value and change.field == Field.PROGRESS.value:
        return f"{value}%"
    return labels.change_value(change, value, roc)


def _evidence_kind(change: ChangeRow) -> str:
    """What an added document was: the service notes a file by its SHA-256, a reference by its kind."""
    note = change.note or ""
    if note.startswith("sha256:"):
        return EvidenceKind.FILE.label()
    try:
        return EvidenceKind(note).label()
    except ValueError:
        return ""


def corrected_mark(change: ChangeRow, settings: Settings) -> str:
    """已更正 2016-12-10 09:30（第 15 筆）: said of an entry that a later one corrects."""
    if change.corrected_by is None:
        return ""
    at = format_moment(change.corrected_at, settings.timezone, roc=settings.roc) if change.corrected_at else ""
    return t("tui.detail.corrected", at=at, by=change.corrected_by)


def entry_line(change: ChangeRow, settings: Settings, *, moment: bool = True) -> Text:
    """One history entry on one line: #12 2016-12-09 09:30 王小明 辦理狀態 未辦理 → 已完成, with
    更正第 N 筆 on a correction and 已更正 on an entry that was corrected."""
    line = Text()
    line.append(f"#{change.id}", style="dim")
    if moment:
        line.append(" ")
        line.append(format_moment(change.at, settings.timezone, roc=settings.roc), style="dim")
    line.append("  ")
    line.append_text(terminal_text(change.by))
    line.append("  ")
    line.append(labels.change_field(change), style="bold")
    if change.corrects is not None:
        line.append(" ")
        line.append(t("word.correction_of", id=change.corrects), style="bold yellow")
    decision = _DECISION_BY_STATE.get(change.new or "") if change.field == Field.REVIEW.value else None
    if decision is not None:
        line.append(f"：{decision.label()}" if not labels.english() else f": {decision.label()}", style="bold")
    if change.field == Field.EVIDENCE.value:
        separator = ": " if labels.english() else "："
        if change.new is not None:  # added: what kind, and what it is called
            line.append(" ＋" if not labels.english() else " + ")
            line.append(_evidence_kind(change) + separator)
            line.append_text(terminal_text(change.new))
        else:
            line.append(" " + t("word.retracted") + separator)
            line.append_text(terminal_text(change.old))
    elif change.field == Field.NOTE.value:
        pass  # the note itself follows, under the line
    else:
        old = _value(change, change.old, settings.roc)
        new = _value(change, change.new, settings.roc)
        if change.field in {"status", "owner", "deadline"} or ((old or new) and change.field != "created"):
            line.append(" ")
            line.append_text(terminal_text(old or t("word.none")))
            line.append(" → ")
            line.append_text(terminal_text(new or t("word.none")))
    mark = corrected_mark(change, settings)
    if mark:
        line.append("  ")
        line.append(mark, style="bold yellow")
    return line


def entry_note(change: ChangeRow) -> str | None:
    """What goes under the line: the note, the reason; for a note's correction, the right text
    and then the reason. An added document's note is the service's own (its SHA-256 or kind)."""
    if change.field == Field.EVIDENCE.value and change.new is not None:
        return None
    if change.field == Field.NOTE.value and change.corrects is not None:
        text = t("tui.detail.corrected_to", text=change.new) if change.new else t("tui.detail.note_withdrawn")
        return text + "\n" + t("tui.detail.correction_reason", reason=change.note or "")
    return change.note


def timeline_entry(change: ChangeRow, settings: Settings) -> Text | Group:
    line = entry_line(change, settings)
    note = entry_note(change)
    if note:
        return Group(line, Padding(Wrapped(note, style="dim" if change.corrected_by else ""), (0, 0, 0, 4)))
    return line


class DetailPane(VerticalScroll):
    """The item the screen sets in `item`, in full; its history and documents are read on a worker.

    Another item is read when the cursor rests on it; a new version of the item shown (a save)
    is read at once. Each item opens at its top, never at the previous one's scroll position.
    """

    item: var[ItemRow | None] = var(None, always_update=True, init=False)

    def __init__(self, service: Service, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.service = service
        self._timer: Timer | None = None
        self._shown_key: str | None = None  # the item on show, for the scroll position

    def compose(self) -> ComposeResult:
        yield Static(id="detail")

    def watch_item(self, before: ItemRow | None, item: ItemRow | None) -> None:
        if self._timer is not None:
            self._timer.stop()
        if item is None:
            self.query_one("#detail", Static).update(Text(t("tui.no_items"), style="dim"))
        elif before is not None and before.id == item.id and before.version != item.version:
            self._read(item)
        else:
            self._timer = self.set_timer(DETAIL_DELAY, lambda: self._read(item))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _read(self, item: ItemRow) -> None:
        try:
            with self.service.db.read() as session:
                changes = queries.history(session, item_id=item.id, newest_first=True)
                documents = queries.evidence(session, [item.id])
        except TrackerError as error:
            from tracker.tui.dialogs import error_text  # the dialogs draw on this module

            self.app.call_from_thread(self.notify, error_text(error), severity="error", timeout=8, markup=False)
            changes, documents = [], []
        self.app.call_from_thread(self._show, item, changes, documents)

    def _show(self, item: ItemRow, changes: list[ChangeRow], documents: list[EvidenceRow]) -> None:
        current = self.item
        if current is None or current.id != item.id or current.version != item.version:
            return  # the cursor moved on, or the item changed, while it was read
        self.query_one("#detail", Static).update(detail(item, changes, self.service.settings, documents))
        if item.key != self._shown_key:
            self._shown_key = item.key
            self.scroll_home(animate=False, immediate=True)
