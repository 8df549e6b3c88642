"""The item table: one page of the items in view, with their cells in the user's language.

DataTable costs about 0.5 ms a row on every refresh, so it never holds more than a page.
It knows which page of how many rows it shows, but not the list itself: moving past either
end of the page, Home and End post `PageWanted`, and the screen that holds the list answers
with `show_page`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tracker.dates import format_date
from tracker.domain import STATUS_ORDER, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.output.console import due_text, urgency_style
from tracker.output.labels import STATUS_STYLE
from tracker.settings import Settings
from tracker.storage.queries import ItemRow
from tracker.tui import view as views
from tracker.tui.detail import TRACKING_STYLE

PAGE_SIZE = 60  # rows in the table at once
OWNER_FROM = 90  # columns: from this width the lead unit may have a column of its own
# cells: the lead unit's column gives way to the title below this (about 14 Chinese characters
# or five English words; English at 100 columns had titles and units both cut at about 20)
TITLE_ROOM = 28
TITLE_MIN = 12  # cells: the title is never narrower, even if the table then scrolls sideways


class ItemTable(DataTable[Text]):
    """One page of the view; the cursor keys turn pages by asking for them."""

    @dataclass
    class PageWanted(Message):
        """Show the page that starts at `start` (an index into the view) with the cursor on `row` of it."""

        start: int
        row: int

    def __init__(self, settings: Settings, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.settings = settings
        self.page_size = PAGE_SIZE  # read once, so that a test can make pages small
        self.page_start = 0  # where the page shown starts in the view
        self.total = 0  # rows in the whole view
        self.pending_since: dict[int, datetime] = {}  # item id -> when it asked for review

    # -- keys: past either end of the page, ask for the next one ------------------------
    def action_cursor_down(self) -> None:
        if self.cursor_row < self.row_count - 1 or not self._turn_page(forward=True):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row > 0 or not self._turn_page(forward=False):
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.cursor_row < self.row_count - 1 or not self._turn_page(forward=True):
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row > 0 or not self._turn_page(forward=False):
            super().action_page_up()

    def action_scroll_home(self) -> None:
        """Home: the first row of the whole list, not only of the page shown."""
        self.post_message(self.PageWanted(0, 0))

    def action_scroll_end(self) -> None:
        """End: the last row of the whole list."""
        if self.total:
            self.post_message(self.page_of(self.total - 1))

    action_scroll_top = action_scroll_home  # Ctrl+Home
    action_scroll_bottom = action_scroll_end  # Ctrl+End

    def page_of(self, index: int) -> PageWanted:
        """The page that holds the view's row `index`, with the cursor on it."""
        return self.PageWanted(index - index % self.page_size, index % self.page_size)

    def _turn_page(self, *, forward: bool) -> bool:
        """Ask for the next or previous page; False at either end of the view."""
        start = self.page_start + (self.page_size if forward else -self.page_size)
        if start < 0 or start >= self.total:
            return False
        self.post_message(self.PageWanted(start, 0 if forward else self.page_size - 1))
        return True

    # -- what it shows -----------------------------------------------------------
    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - cursor outside the rows while the table is being rebuilt
            return None

    def set_columns(self, width: int, items: Sequence[ItemRow]) -> None:
        """The columns for a table `width` cells wide (the lead unit only where there is room)."""
        self.clear(columns=True)
        widths = column_widths(width, items, self.settings, self.pending_since.values())
        self.add_column(t("field.key"), width=widths["key"], key="number")
        self.add_column(t("field.title"), width=widths["title"], key="title")
        if "owner" in widths:
            self.add_column(t("field.owner"), width=widths["owner"], key="owner")
        self.add_column(t("field.deadline"), width=widths["deadline"], key="deadline")
        self.add_column(t("field.due"), width=widths["due"], key="due")
        self.add_column(t("field.status"), width=widths["status"], key="status")

    def show_page(self, rows: Sequence[ItemRow], start: int, total: int, cursor: int) -> None:
        """`rows`, the page of a view of `total` rows that starts at `start`, the cursor on row `cursor`."""
        self.clear()
        self.page_start, self.total = start, total
        with_owner = "owner" in self.columns
        for item in rows:
            self.add_row(*self.cells(item, with_owner), key=item.key)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False, scroll=True)

    def update_item(self, item: ItemRow) -> None:
        """One item's cells changed in place, if it is on the page."""
        if item.key in self.rows:
            for column, value in zip(self.columns, self.cells(item, "owner" in self.columns), strict=False):
                self.update_cell(item.key, column, value)

    def cells(self, item: ItemRow, with_owner: bool) -> list[Text]:
        today = self.settings.today()
        cells = [Text(item.key, style=urgency_style(item, today)), terminal_text(labels.title(item))]
        if with_owner:
            cells.append(terminal_text(labels.owner(item)))
        cells += [
            Text(format_date(item.deadline, roc=self.settings.roc)),
            self.due_cell(item),
            Text(labels.status(item.status), style=STATUS_STYLE[item.status.value]),
        ]
        return cells

    def due_cell(self, item: ItemRow) -> Text:
        """Time left while under follow-up; how long it has waited for review; or how it left follow-up."""
        today = self.settings.today()
        if item.tracking is Tracking.PENDING:
            since = self.pending_since.get(item.id, item.updated_at)
            days = views.waiting_days(since, today, self.settings.timezone)
            return Text(views.waiting_text(days), style=TRACKING_STYLE["pending"])
        if item.tracking.is_closed:
            return Text(item.tracking.label(), style=TRACKING_STYLE[item.tracking.value])
        return due_text(item, today)


def column_widths(
    width: int, items: Sequence[ItemRow], settings: Settings, pending_since: Iterable[datetime]
) -> dict[str, int]:
    """Every column as wide as its longest possible content in this language, the title the rest."""
    today = settings.today()
    far = max((abs((item.deadline - today).days) for item in items if item.deadline), default=0)
    far = max((far, *(views.waiting_days(since, today, settings.timezone) for since in pending_since)))
    days = 10 ** len(str(max(far, 99))) - 1  # as many digits as the farthest deadline needs
    widths = {
        "key": max((len(i.key) for i in items), default=8),
        "deadline": 10,
        # the longest time-left text in this language for the day counts these items have
        # (with its two-cell marker): "review: 9999 days" need not starve the titles of room
        "due": max(
            2 + cell_len(t("due.overdue", days=days)),
            2 + cell_len(t("due.in_days", days=days)),
            cell_len(t("due.none")),
            cell_len(t("tui.waiting", days=days)),
            cell_len(t("tui.waiting_today")),
            *(cell_len(state.label()) for state in Tracking if state.is_closed),
        ),
        "status": max(cell_len(s.label()) for s in STATUS_ORDER),
    }
    for column, label in (("key", "field.key"), ("deadline", "field.deadline"), ("due", "field.due")):
        widths[column] = max(widths[column], cell_len(t(label)))  # a header is never cut: 預定完成日期 is 12 cells
    widths["status"] = max(widths["status"], cell_len(t("field.status")))
    owner = max(16, cell_len(t("field.owner")))  # 16: 秘書處國際事務科, a usual unit name, whole
    # two cells of padding a column (the title's and the owner's too), one for the scrollbar
    rest = width - sum(widths.values()) - 2 * (len(widths) + 1) - 1
    if width >= OWNER_FROM and rest - owner - 2 >= TITLE_ROOM:  # the unit in full is in the detail pane
        widths["owner"] = owner
        rest -= owner + 2
    widths["title"] = max(TITLE_MIN, rest)
    return widths
