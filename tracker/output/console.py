"""Rich renderings for the command line: colour on a terminal, plain aligned text in a pipe.

Every piece of user text goes in as rich Text (terminal_text), never as a markup string.
"""

from __future__ import annotations

from datetime import date

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracker.dates import describe_due, format_moment
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.output.wrap import Wrapped
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, ItemRow

STATUS_STYLE = {
    "not_started": "bold",
    "in_progress": "cyan",
    "on_hold": "yellow",
    "done": "green",
    "dropped": "dim",
}
OVERDUE_MARK = "‼"


def make_console() -> Console:
    # In a pipe, no colour and a generous width so that lines are not wrapped mid-title.
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 160), no_color=True)
    return console


def urgency_style(item: ItemRow, today: date) -> str:
    """Red for overdue, yellow for due within the week, nothing otherwise."""
    if item.days_overdue(today) is not None:
        return "bold red"
    return "yellow" if item.is_due_soon(today) else ""


def due_text(item: ItemRow, today: date) -> Text:
    """Time left or overdue, marked by a sign as well as colour (not colour alone)."""
    text = describe_due(item.deadline, today, item.status.is_open)
    style = urgency_style(item, today)
    if style:
        return Text(f"{OVERDUE_MARK if item.days_overdue(today) is not None else '•'} {text}", style=style)
    return Text(text, style="dim")


def items_table(items: list[ItemRow], settings: Settings) -> Table:
    today = settings.today()
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    table.add_column(t("field.key"), no_wrap=True)
    table.add_column(t("field.title"), ratio=3, overflow="fold")
    table.add_column(t("field.owner"), ratio=1, overflow="fold")
    table.add_column(t("field.deadline"), no_wrap=True)
    table.add_column(t("field.due"), no_wrap=True)
    table.add_column(t("field.status"), no_wrap=True)
    for item in items:
        table.add_row(
            Text(item.key),
            terminal_text(labels.title(item)),
            terminal_text(labels.owner(item)),
            Text(labels.day(item.deadline, settings.roc)),
            due_text(item, today),
            Text(labels.status(item.status), style=STATUS_STYLE[item.status.value]),
        )
    return table


def print_items(console: Console, items: list[ItemRow], settings: Settings) -> None:
    if not items:
        console.print(t("list.empty"))
    else:
        console.print(items_table(items, settings))
        overdue = sum(1 for i in items if i.days_overdue(settings.today()) is not None)
        summary = f"{t('word.total')} {len(items)}"
        if overdue:
            summary += f" · {OVERDUE_MARK} {t('word.overdue')} {overdue}"
        console.print(Text(summary, style="dim"))


def item_detail(item: ItemRow, changes: list[ChangeRow], settings: Settings) -> Group:
    today = settings.today()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    rows = [
        (t("field.key"), Text(item.key)),
        (t("field.title_zh"), terminal_text(item.title_zh)),
        (t("field.title_en"), terminal_text(item.title_en or "")),
        (t("field.status"), Text(labels.status(item.status), style=STATUS_STYLE[item.status.value])),
        (t("field.owner"), terminal_text(labels.owner(item))),
        (t("field.supporting"), terminal_text(labels.supporting(item) or t("word.none"))),
        (t("field.officer"), terminal_text(item.officer or t("word.none"))),
        (t("field.deadline"), Text.assemble(labels.day(item.deadline, settings.roc), "  ", due_text(item, today))),
        (t("field.original_deadline"), Text(labels.day(item.original_deadline, settings.roc))),
        (t("field.deadline_source"), Text(labels.deadline_source(item))),
        (t("field.event"), terminal_text(labels.event(item, settings.roc))),
        (t("field.latest_note"), terminal_text(item.last_note or t("word.none"))),
        (
            t("field.updated_at"),
            Text.assemble(
                format_moment(item.updated_at, settings.timezone, roc=settings.roc),
                " (",
                terminal_text(item.updated_by),
                ")",
            ),
        ),
        (t("field.version"), Text(str(item.version))),
    ]
    for label, value in rows:
        facts.add_row(label, value)
    parts: list[RenderableType] = [facts, Text(""), Text(t("field.text_zh"), style="bold"), Wrapped(item.text_zh)]
    if item.summary_en:
        parts += [Text(""), Text(t("field.summary_en"), style="bold"), Wrapped(item.summary_en)]
    parts += [Text(""), Text(t("field.history"), style="bold"), history_table(changes, settings, with_item=False)]
    return Group(*parts)


def history_table(changes: list[ChangeRow], settings: Settings, *, with_item: bool = True) -> Table:
    table = Table(header_style="bold", pad_edge=False)
    table.add_column(t("field.at"), no_wrap=True)
    if with_item:
        table.add_column(t("field.item"), no_wrap=True)
    table.add_column(t("field.by"), no_wrap=True)
    table.add_column(t("field.field"), no_wrap=True)
    table.add_column(t("field.from"), overflow="fold")
    table.add_column(t("field.to"), overflow="fold")
    table.add_column(t("field.note"), ratio=2, overflow="fold")
    for change in changes:
        cells = [Text(format_moment(change.at, settings.timezone, roc=settings.roc))]
        if with_item:
            cells.append(Text(change.item_key))
        cells += [
            terminal_text(change.by),
            Text(labels.change_field(change)),
            terminal_text(labels.change_value(change, change.old, settings.roc)),
            terminal_text(labels.change_value(change, change.new, settings.roc)),
            terminal_text(change.note),
        ]
        table.add_row(*cells)
    return table
