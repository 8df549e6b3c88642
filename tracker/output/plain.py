"""What `tracker list`, `show` and `history` print: plain text tables (tracker.output.table), no Rich.

Widths known ahead come from the data's bounds (the longest key, the earliest and latest
deadline, the status labels, the distinct lead units), so that a long list is written as it
is formatted, each row measured once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TextIO

from tracker.dates import describe_due, format_moment
from tracker.domain import Adoption, EvidenceKind, Status, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.table import Cell, Column, Screen, Table, clean, widest
from tracker.output.wrap import wrap_lines
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, EvidenceRow, ItemRow


def print_items(items: Sequence[ItemRow], settings: Settings, out: TextIO | None = None) -> None:
    """The list: key, title, lead unit, deadline, time left, status, progress; then the count and the overdue."""
    out = out or sys.stdout
    if not items:
        out.write(t("list.empty") + "\n")
        return
    screen = Screen.of(out)
    today, roc = settings.today(), settings.roc
    table = Table(
        [
            Column(t("field.key"), bound=max(len(item.key) for item in items)),  # keys are ASCII
            Column(t("field.title"), rest=True),
            Column(t("field.owner"), bound=widest({labels.unit(*unit) for unit in _units(items)}), flex=True),
            *_deadline_columns(items, today, roc),
            Column(t("field.status"), bound=widest(labels.status(status) for status in Status)),
            Column(t("column.progress"), bound=len("100%")),
        ],
        screen,
    )
    overdue = 0

    def rows() -> Iterator[tuple[Cell, ...]]:
        nonlocal overdue
        statuses = {status: (labels.status(status), labels.STATUS_STYLE[status.value]) for status in Status}
        days: dict[date | None, str] = {}
        dues: dict[tuple[date | None, Status], tuple[tuple[str, str], bool]] = {}
        for item in items:
            due = dues.get((item.deadline, item.status))
            if due is None:
                level = labels.urgency(item, today)
                due = dues[item.deadline, item.status] = (
                    (labels.due(item, today), labels.URGENCY_STYLE[level]),
                    level == "overdue",
                )
            overdue += due[1]
            day = days.get(item.deadline)
            if day is None:
                day = days[item.deadline] = labels.day(item.deadline, roc)
            yield (
                item.key,
                labels.title(item),
                labels.owner(item),
                day,
                due[0],
                statuses[item.status],
                percent(item.progress),
            )

    count = table.write(out, rows())
    summary = f"{t('word.total')} {count}"
    if overdue:
        summary += f" · {labels.OVERDUE_MARK} {t('word.overdue')} {overdue}"
    out.write(screen.paint(summary, "dim") + "\n")


def _units(items: Sequence[ItemRow]) -> set[tuple[str, str | None]]:
    return {(item.owner_zh, item.owner_en) for item in items}


def _deadline_columns(items: Sequence[ItemRow], today: date, roc: bool) -> list[Column]:
    """The deadline and time-left columns, as wide as the earliest and the latest open deadline need."""
    deadlines = [item.deadline for item in items if item.deadline is not None]
    ends = [min(deadlines), max(deadlines)] if deadlines else []
    open_deadlines = [item.deadline for item in items if item.deadline is not None and item.status.is_open]
    reach = [min(open_deadlines), max(open_deadlines)] if open_deadlines else []
    dues = [describe_due(day, today, True) for day in (*reach, today, today + timedelta(days=1))]
    marked = 2  # "‼ " or "• " before the overdue and the soon
    return [
        Column(t("field.deadline"), bound=widest([labels.day(day, roc) for day in ends] + [t("word.none")])),
        # time left, or where an item no longer under follow-up stands (labels.due)
        Column(
            t("field.due"), bound=max(marked + widest(dues), widest([t("due.none"), *(s.label() for s in Tracking)]))
        ),
    ]


def percent(progress: int) -> str:
    return f"{progress}%"


def print_item(
    item: ItemRow,
    changes: list[ChangeRow],
    settings: Settings,
    out: TextIO | None = None,
    evidence: Sequence[EvidenceRow] | None = None,
) -> None:
    """One item: its facts, its full text and English summary wrapped to the line, its
    supporting documents (when given), its history."""
    out = out or sys.stdout
    screen = Screen.of(out)
    today, roc = settings.today(), settings.roc
    level = labels.urgency(item, today)
    deadline = f"{labels.day(item.deadline, roc)}  {labels.due(item, today)}".rstrip()
    updated = f"{format_moment(item.updated_at, settings.timezone, roc=roc)} ({item.updated_by})"
    facts: list[tuple[str, Cell]] = [
        (t("field.key"), item.key),
        (t("field.title_zh"), item.title_zh),
        (t("field.title_en"), item.title_en or ""),
        (t("field.status"), (labels.status(item.status), labels.STATUS_STYLE[item.status.value])),
        (t("field.progress"), percent(item.progress)),
        (t("field.adoption"), item.adoption.label()),
        (t("field.owner"), labels.owner(item)),
        (t("field.supporting"), labels.supporting(item) or t("word.none")),
        (t("field.officer"), item.officer or t("word.none")),
        (t("field.deadline"), (deadline, labels.URGENCY_STYLE[level] if level else "")),
        (t("field.original_deadline"), labels.day(item.original_deadline, roc)),
        (t("field.deadline_source"), labels.deadline_source(item)),
        (t("field.event"), labels.event(item, roc)),
        (t("field.tracking"), item.tracking.label()),
        (t("field.level"), item.level.label()),
        (t("field.latest_note"), item.last_note or t("word.none")),
        (t("field.latest_review"), item.latest_review or t("word.none")),
        (t("field.updated_at"), updated),
        (t("field.version"), str(item.version)),
    ]
    grid = Table([Column(""), Column("", flex=True)], screen, header=False)
    grid.write(out, (((label, "bold"), value) for label, value in facts))
    sections = [(t("field.text_zh"), item.text_zh)]
    if item.summary_en:
        sections.append((t("field.summary_en"), item.summary_en))
    for heading, text in sections:
        lines = wrap_lines(clean(text), screen.width)
        out.write("\n" + screen.paint(heading, "bold") + "\n" + "".join(line + "\n" for line in lines))
    if evidence is not None:
        out.write("\n" + screen.paint(t("field.evidence"), "bold") + "\n")
        if evidence:
            print_evidence(evidence, settings, out, with_item=False)
        else:
            out.write(t("word.none") + "\n")
    rounds = conversation(changes)
    if rounds:
        out.write("\n" + screen.paint(t("field.rounds"), "bold") + "\n")
        _print_rounds(rounds, settings, out)
    out.write("\n" + screen.paint(t("field.history"), "bold") + "\n")
    print_history(changes, settings, out, with_item=False)


def print_history(
    changes: list[ChangeRow], settings: Settings, out: TextIO | None = None, *, with_item: bool = True
) -> None:
    """The history: the entry's number, when, (which item,) who, which field, from, to, the
    note; and, when any entry was corrected or corrects another, which (tracker correct)."""
    out = out or sys.stdout
    zone, roc = settings.timezone, settings.roc
    moments = [format_moment(change.at, zone, roc=roc) for change in changes[:1] + changes[-1:]]
    corrections = any(change.corrects is not None or change.corrected_by is not None for change in changes)
    columns = [
        Column("#", bound=len(str(max((change.id for change in changes), default=0)))),
        Column(t("field.at"), bound=widest(moments)),
    ]
    if with_item:
        columns.append(Column(t("field.item"), bound=max((len(change.item_key) for change in changes), default=0)))
    columns += [
        Column(t("field.by"), bound=widest({change.by for change in changes})),
        Column(t("field.field"), bound=widest({labels.change_field(change) for change in _one_per_field(changes)})),
        Column(t("field.from"), flex=True),
        Column(t("field.to"), flex=True),
        Column(t("field.note"), rest=True),
    ]
    if corrections:
        columns.append(Column(t("field.correction"), flex=True))

    def rows() -> Iterator[list[Cell]]:
        for change in changes:
            cells: list[Cell] = [str(change.id), format_moment(change.at, zone, roc=roc)]
            if with_item:
                cells.append(change.item_key)
            cells += [
                change.by,
                labels.change_field(change),
                history_value(change, change.old, roc),
                history_value(change, change.new, roc),
                change.note or "",
            ]
            if corrections:
                cells.append((correction_mark(change, settings), "yellow"))
            yield cells

    Table(columns, Screen.of(out)).write(out, rows())


def history_value(change: ChangeRow, value: str | None, roc: bool) -> str:
    """A history value in words: progress as a percentage, adoption in words, the rest as
    labels.change_value reads them (statuses, follow-up states, dates)."""
    if value is not None and change.field == "progress" and value.isdigit():
        return percent(int(value))
    if value is not None and change.field == "adoption":
        try:
            return Adoption(value).label()
        except ValueError:
            return value
    return labels.change_value(change, value, roc)


def correction_mark(change: ChangeRow, settings: Settings) -> str:
    """「已更正 #N 時間」 on an entry that was corrected, 「更正第 N 筆」 on a correction (both on a
    correction that was corrected in its turn); empty for the others."""
    marks = []
    if change.corrects is not None:
        marks.append(t("word.correction_of", id=change.corrects))
    if change.corrected_by is not None:
        when = format_moment(change.corrected_at, settings.timezone, roc=settings.roc) if change.corrected_at else ""
        marks.append(f"{t('word.corrected')} #{change.corrected_by} {when}".rstrip())
    return t("word.list_separator").join(marks)


def print_evidence(
    evidence: Sequence[EvidenceRow], settings: Settings, out: TextIO | None = None, *, with_item: bool = True
) -> None:
    """佐證資料: number, kind, file name or reference, size, media type, who added it and when;
    a retracted one (shown only when asked for) is marked 已撤回."""
    out = out or sys.stdout
    zone, roc = settings.timezone, settings.roc
    retracted = any(found.retracted_by is not None for found in evidence)
    columns = [
        Column("#", bound=len(str(max((found.id for found in evidence), default=0)))),
        Column(t("field.evidence_kind"), bound=widest(kind.label() for kind in EvidenceKind)),
        Column(t("field.evidence_value"), rest=True),
        Column(t("field.size")),
        Column(t("field.media_type"), flex=True),
        Column(t("field.added_by"), bound=widest({found.added_by for found in evidence})),
        Column(t("field.added_at")),
    ]
    if retracted:
        columns.append(Column(t("field.evidence_state")))

    def rows() -> Iterator[list[Cell]]:
        for found in evidence:
            cells: list[Cell] = [
                str(found.id),
                found.kind.label(),
                found.label,
                file_size(found.size) if found.size is not None else "",
                found.media_type or "",
                found.added_by,
                format_moment(found.added_at, zone, roc=roc),
            ]
            if retracted:
                cells.append((t("word.retracted"), "dim") if found.retracted_by is not None else "")
            yield cells

    Table(columns, Screen.of(out)).write(out, rows())


def file_size(size: int) -> str:
    """A size as people read it: 512 B, 12.3 KB, 1.5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def conversation(changes: list[ChangeRow]) -> list[tuple[ChangeRow, str]]:
    """The rounds of follow-up, oldest first: each progress note (辦理情形, and the note that
    asked for release) and each reviewer's decision with its comments (審查意見)."""
    rounds = []
    for change in sorted(changes, key=lambda c: c.id):
        if change.field == "review":
            decided = {"released": "decision.release", "withdrawn": "decision.withdraw"}.get(change.new or "")
            rounds.append((change, t(decided or "decision.return")))
        elif change.field == "tracking" and change.new == "pending":
            rounds.append((change, t("round.request")))
        elif change.corrects is not None:  # a correction: its note is why; a note's new text is the note
            if change.field == "note" and change.new:
                rounds.append((change, t("round.correction")))
        elif change.field in ("note", "status") and change.note:
            rounds.append((change, t("field.note")))
    # A request is a status change with its note and a tracking row: shown once, as the request.
    shown, last = [], None
    for change, what in rounds:
        if last is not None and what == t("round.request") and last[0].version == change.version:
            shown[-1] = (last[0], what)
            continue
        shown.append((change, what))
        last = (change, what)
    # An entry corrected since (tracker correct) is still shown, and marked.
    return [(c, t("round.corrected", what=what) if c.corrected_by is not None else what) for c, what in shown]


def _print_rounds(rounds: list[tuple[ChangeRow, str]], settings: Settings, out: TextIO) -> None:
    zone, roc = settings.timezone, settings.roc
    columns = [
        Column(t("field.at"), bound=widest(format_moment(c.at, zone, roc=roc) for c, _ in rounds[:1] + rounds[-1:])),
        Column(t("field.by"), bound=widest({c.by for c, _ in rounds})),
        Column(t("field.round"), bound=widest({what for _, what in rounds})),
        Column(t("field.round_text"), rest=True),
    ]
    rows = (
        [format_moment(c.at, zone, roc=roc), c.by, what, (c.new if c.corrects is not None else c.note) or ""]
        for c, what in rounds
    )
    Table(columns, Screen.of(out)).write(out, rows)


def _one_per_field(changes: list[ChangeRow]) -> list[ChangeRow]:
    return list({change.field: change for change in changes}.values())
