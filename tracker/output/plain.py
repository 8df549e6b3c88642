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
from tracker.domain import Status, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.table import Cell, Column, Screen, Table, clean, widest
from tracker.output.wrap import wrap_lines
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, ItemRow


def print_items(items: Sequence[ItemRow], settings: Settings, out: TextIO | None = None) -> None:
    """The list: key, title, lead unit, deadline, time left, status; then the count and the overdue."""
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
            yield item.key, labels.title(item), labels.owner(item), day, due[0], statuses[item.status]

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


def print_item(item: ItemRow, changes: list[ChangeRow], settings: Settings, out: TextIO | None = None) -> None:
    """One item: its facts, its full text and English summary wrapped to the line, its history."""
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
    rounds = conversation(changes)
    if rounds:
        out.write("\n" + screen.paint(t("field.rounds"), "bold") + "\n")
        _print_rounds(rounds, settings, out)
    out.write("\n" + screen.paint(t("field.history"), "bold") + "\n")
    print_history(changes, settings, out, with_item=False)


def print_history(
    changes: list[ChangeRow], settings: Settings, out: TextIO | None = None, *, with_item: bool = True
) -> None:
    """The history: when, (which item,) who, which field, from, to, the note."""
    out = out or sys.stdout
    zone, roc = settings.timezone, settings.roc
    moments = [format_moment(change.at, zone, roc=roc) for change in changes[:1] + changes[-1:]]
    columns = [Column(t("field.at"), bound=widest(moments))]
    if with_item:
        columns.append(Column(t("field.item"), bound=max((len(change.item_key) for change in changes), default=0)))
    columns += [
        Column(t("field.by"), bound=widest({change.by for change in changes})),
        Column(t("field.field"), bound=widest({labels.change_field(change) for change in _one_per_field(changes)})),
        Column(t("field.from"), flex=True),
        Column(t("field.to"), flex=True),
        Column(t("field.note"), rest=True),
    ]

    def rows() -> Iterator[list[Cell]]:
        for change in changes:
            cells: list[Cell] = [format_moment(change.at, zone, roc=roc)]
            if with_item:
                cells.append(change.item_key)
            cells += [
                change.by,
                labels.change_field(change),
                labels.change_value(change, change.old, roc),
                labels.change_value(change, change.new, roc),
                change.note or "",
            ]
            yield cells

    Table(columns, Screen.of(out)).write(out, rows())


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
    return shown


def _print_rounds(rounds: list[tuple[ChangeRow, str]], settings: Settings, out: TextIO) -> None:
    zone, roc = settings.timezone, settings.roc
    columns = [
        Column(t("field.at"), bound=widest(format_moment(c.at, zone, roc=roc) for c, _ in rounds[:1] + rounds[-1:])),
        Column(t("field.by"), bound=widest({c.by for c, _ in rounds})),
        Column(t("field.round"), bound=widest({what for _, what in rounds})),
        Column(t("field.round_text"), rest=True),
    ]
    rows = ([format_moment(c.at, zone, roc=roc), c.by, what, c.note or ""] for c, what in rounds)
    Table(columns, Screen.of(out)).write(out, rows)


def _one_per_field(changes: list[ChangeRow]) -> list[ChangeRow]:
    return list({change.field: change for change in changes}.values())
