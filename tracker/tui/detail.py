"""The detail pane: one item in full, its history as a timeline, newest first."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.dates import describe_due, format_moment
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.output.console import Wrapped
from tracker.output.labels import STATUS_STYLE
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, ItemRow


def detail(item: ItemRow, changes: list[ChangeRow], settings: Settings) -> Group:
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
    rows = [
        (t("field.status"), Text(labels.status(item.status), style=STATUS_STYLE[item.status.value])),
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


def timeline_entry(change: ChangeRow, settings: Settings) -> Text | Group:
    line = Text()
    line.append(format_moment(change.at, settings.timezone, roc=settings.roc), style="dim")
    line.append("  ")
    line.append_text(terminal_text(change.by))
    line.append("  ")
    line.append(labels.change_field(change), style="bold")
    old = labels.change_value(change, change.old, settings.roc)
    new = labels.change_value(change, change.new, settings.roc)
    if change.field in {"status", "owner", "deadline"} or ((old or new) and change.field != "created"):
        line.append(" ")
        line.append_text(terminal_text(old or t("word.none")))
        line.append(" → ")
        line.append_text(terminal_text(new or t("word.none")))
    if change.note:
        return Group(line, Padding(Wrapped(change.note), (0, 0, 0, 4)))
    return line
