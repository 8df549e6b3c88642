"""What still draws with Rich: the weekly summary on a terminal and the terminal UI's cells and text.

The everyday commands (list, show, history) write plain text through tracker.output.table
and never load Rich. Every piece of user text goes in as rich Text (terminal_text), never
as a markup string.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tracker.domain import clean_text
from tracker.output import labels
from tracker.output.wrap import wrap_lines
from tracker.storage.queries import ItemRow


def make_console() -> Console:
    # In a pipe, no colour and a generous width so that lines are not wrapped mid-title.
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 160), no_color=True)
    return console


def urgency_style(item: ItemRow, today: date) -> str:
    """Red for overdue, yellow for due within the week, nothing otherwise."""
    level = labels.urgency(item, today)
    return labels.URGENCY_STYLE[level] if level else ""


def due_text(item: ItemRow, today: date) -> Text:
    """Time left or overdue, marked by a sign as well as colour (not colour alone)."""
    return Text(labels.due(item, today), style=labels.URGENCY_STYLE[labels.urgency(item, today)])


class Wrapped:
    """User text as a Rich renderable, wrapped the Chinese way (tracker.output.wrap), never read as markup."""

    def __init__(self, text: str | None, style: str = "") -> None:
        self.text = clean_text(text or "")
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_lines(self.text, options.max_width, cell_len):
            yield Text(line, style=self.style, no_wrap=True, overflow="crop")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(2, widest), widest)
