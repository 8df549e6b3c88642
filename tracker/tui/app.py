"""The terminal UI: the action items in a table, the selected one in full, and the keys
that change them. It reads through tracker.storage.queries and writes through the
service; it never builds SQL."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from time import perf_counter

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from tracker.dates import format_date, to_local
from tracker.domain import STATUS_ORDER, EvidenceKind, Status, TrackerError, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.output.console import due_text, urgency_style
from tracker.output.labels import OVERDUE_MARK, STATUS_STYLE
from tracker.service import Service
from tracker.storage import queries
from tracker.storage.driver import Connection
from tracker.storage.queries import ChangeRow, EvidenceRow, ItemRow
from tracker.tui import view as views
from tracker.tui.detail import TRACKING_STYLE, detail
from tracker.tui.dialogs import (
    AdoptionDialog,
    DeadlineDialog,
    EditDialog,
    NoteDialog,
    OwnerDialog,
    ReviewDialog,
    Save,
    StatusDialog,
    error_text,
)

POLL_SECONDS = 1.0
PAGE_SIZE = 60  # rows in the table at once: DataTable costs ~0.5 ms a row on every refresh
DETAIL_DELAY = 0.08  # seconds
LOAD_AT_ONCE = 20_000  # items: a larger database shows its first page first and reads the rest on a worker
POLL_ROWS = 200  # items changed elsewhere that are read one by one; more, and everything is read again
NARROW_BELOW = 150  # columns: below this the detail pane goes under the table, which keeps titles readable


# Every action of the main screen once: its key, its method, its words (tui.key.* in the
# footer, tui.command.* in the help screen and the command palette).
ACTIONS = (
    ("s", "set_status", "status"),
    ("n", "add_note", "note"),
    ("o", "assign", "owner"),
    ("d", "move_deadline", "deadline"),
    ("a", "attach", "evidence"),
    ("g", "save_document", "save_document"),
    ("y", "adopt", "adoption"),
    ("c", "correct", "correct"),
    ("v", "review", "review"),
    ("slash", "search", "search"),
    ("f", "next_filter", "filter"),
    ("u", "next_owner", "owner_filter"),
    ("p", "next_report", "report"),
    ("j", "jump", "jump"),
    ("t", "next_sort", "sort"),
    ("w", "summary", "summary"),
    ("e", "export", "export"),
    ("i", "intake", "intake"),
    ("r", "refresh", "refresh"),
    ("question_mark", "help", "help"),
    ("q", "app.quit", "quit"),
)
KEY_NAMES = {"slash": "/", "question_mark": "?"}


# Shown in the footer (80 columns hold about nine; `o`, seldom needed, gave its place to `v`);
# the rest are in `?` and ctrl+p.
IN_FOOTER = {"s", "n", "d", "v", "slash", "f", "w", "e", "question_mark"}


def _bindings() -> list[BindingType]:
    """In the language chosen at start: Textual merges bindings when a class is made."""
    return [Binding(key, action, t(f"tui.key.{name}"), show=key in IN_FOOTER) for key, action, name in ACTIONS]


class ItemTable(DataTable[Text]):
    """Moving past the first or last row of a page turns the page."""

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
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.show_page(0, 0)

    def action_scroll_end(self) -> None:
        """End: the last row of the whole list."""
        screen = self.screen
        if isinstance(screen, MainScreen) and screen.shown:
            last = len(screen.shown) - 1
            screen.show_page(last - last % PAGE_SIZE, last % PAGE_SIZE)

    action_scroll_top = action_scroll_home  # Ctrl+Home
    action_scroll_bottom = action_scroll_end  # Ctrl+End

    def _turn_page(self, *, forward: bool) -> bool:
        """The next or previous page of the main screen (the one this table lives on); False at either end."""
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return False
        return screen.next_page() if forward else screen.previous_page()


class MainScreen(Screen):
    """The table, the counts bar and the detail pane; its keys work only here, not under a dialog."""

    BINDINGS = _bindings()

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.settings = service.settings
        self.items: list[ItemRow] = []
        self.shown: list[ItemRow] = []
        self.view = views.View()
        self._last_change = -1
        self._columns_for_width = 0
        self.page_start = 0
        self._detail_timer: Timer | None = None
        # (the items they were counted from, by status, overdue, awaiting review)
        self._counts: tuple[list[ItemRow], dict[Status, int], int, int] | None = None
        self._counts_report: str | None = None
        self._haystacks: views.Haystacks = {}  # searchable text per (item id, version), for `/`
        self.pending_since: dict[int, datetime] = {}  # item id -> when it asked for review
        self.reports: list[tuple[str, str]] = []  # (key, title in the user's language)
        self._detail_for: str | None = None  # the item the detail pane shows (it opens at its top for another)
        self.first_paint_seconds: float | None = None
        self.loading_total = 0  # while the whole list is read on a worker: how many items there are
        self._started = perf_counter()

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="counts")
        yield Input(id="search", placeholder=t("tui.search_placeholder"))
        with Horizontal(id="body"):
            yield ItemTable(id="items", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield Footer(show_command_palette=False)  # ctrl+p is in the help screen; the keys need the room

    def on_mount(self) -> None:
        # The date goes with the title, which is never cut; the long report title is the subtitle.
        # Who the changes are recorded as: the OS login "root" should never be a surprise.
        self.app.title = t(
            "tui.title_user",
            title=t("tui.title"),
            today=format_date(self.today, roc=self.settings.roc),
            user=self.service.user,
        )
        self.first_load()
        self.query_one("#items", DataTable).focus()
        self.set_interval(POLL_SECONDS, self.poll_for_changes)
        self.call_after_refresh(self.fit_columns)
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.first_paint_seconds = perf_counter() - self._started

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "narrow")
        self.call_after_refresh(self.fit_columns)

    @property
    def today(self) -> date:
        return self.settings.today()

    # -- loading -----------------------------------------------------------
    def _load(self) -> tuple[int, list[ItemRow], list[tuple[str, str]], dict[int, datetime]]:
        with self.service.db.read() as session:
            return self._load_from(session)

    @staticmethod
    def _load_from(session: Connection) -> tuple[int, list[ItemRow], list[tuple[str, str]], dict[int, datetime]]:
        return (
            queries.last_change_id(session),
            queries.list_items(session),
            [(r.key, labels.unit(r.title_zh, r.title_en)) for r in queries.reports(session)],
            queries.pending_since(session),
        )

    def first_load(self) -> None:
        """A small database is read whole at once. A large one shows its first page and the
        number of items first (two quick queries), and reads the rest on a worker: the first
        screen never waits for 100,000 rows."""
        try:
            with self.service.db.read() as session:
                total = queries.item_count(session)
                if total <= LOAD_AT_ONCE:
                    loaded = self._load_from(session)
                else:
                    loaded = (
                        queries.last_change_id(session),
                        queries.list_items(session, queries.ItemFilter(limit=PAGE_SIZE)),
                        [(r.key, labels.unit(r.title_zh, r.title_en)) for r in queries.reports(session)],
                        {},
                    )
        except TrackerError as error:
            self.report(error)
            return
        if total > LOAD_AT_ONCE:
            self.loading_total = total
            self.set_timer(0.05, self.reload_in_background)  # after the first paint, not racing it for the GIL
        self._apply_loaded(*loaded, partial=total > LOAD_AT_ONCE)

    def reload(self) -> None:
        """Read every item again, now (at start, `r`, after a refused save)."""
        try:
            self._apply_loaded(*self._load())
        except TrackerError as error:  # the database is locked or gone: say so, keep what is shown
            self.report(error)

    @work(thread=True, exclusive=True, group="reload")
    def reload_in_background(self) -> None:
        """After a colleague's save: read in a thread so that typing never waits on the disk."""
        try:
            loaded = self._load()
        except TrackerError as error:
            self.app.call_from_thread(self.report, error)
            return
        self.app.call_from_thread(self._apply_loaded, *loaded)

    def report(self, error: TrackerError) -> None:
        self.app.notify(error_text(error), severity="error", timeout=8, markup=False)

    def _apply_loaded(
        self,
        last_change: int,
        items: list[ItemRow],
        reports: list[tuple[str, str]],
        pending_since: dict[int, datetime],
        *,
        partial: bool = False,
    ) -> None:
        self._last_change = last_change
        self.items = items
        self.pending_since = pending_since
        self.reports = reports
        if not partial:
            self.loading_total = 0  # everything is here
        if self.view.report and self.view.report not in {key for key, _ in reports}:
            self.view = replace(self.view, report=None)
        self.show_report_title()
        self.show_items()

    def show_report_title(self) -> None:
        """The header names the report in view (or how many are shown together)."""
        titles = dict(self.reports)
        if self.view.report in titles:
            self.app.sub_title = titles[self.view.report]
        elif len(self.reports) == 1:
            self.app.sub_title = self.reports[0][1]
        else:
            self.app.sub_title = t("tui.all_reports", count=len(self.reports))

    def poll_for_changes(self) -> None:
        if not self.loading_total:
            self._poll(self._last_change)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self, since: int) -> None:
        """A colleague's save, read on a worker: only the items that changed, unless many did
        (or a change of no item, or a new item), which reads everything again."""
        try:
            with self.service.db.read() as session:
                latest = queries.last_change_id(session)
                if latest == since:
                    return
                changed = queries.changed_items_since(session, since, POLL_ROWS + 1)
                ids = [item_id for item_id in changed if item_id is not None]
                rows = None if len(ids) != len(changed) or len(ids) > POLL_ROWS else queries.items_by_id(session, ids)
        except TrackerError as error:  # a locked or vanished file must not end the session
            self.app.call_from_thread(self.report, error)
            return
        self.app.call_from_thread(self._changed_elsewhere, since, latest, rows)

    def _changed_elsewhere(self, since: int, latest: int, rows: list[ItemRow] | None) -> None:
        if since != self._last_change:  # reloaded meanwhile
            return
        self._last_change = latest
        known = {item.id: item for item in self.items}
        if rows is None or any(row.id not in known for row in rows):
            self.reload_in_background()
            return
        for row in rows:
            if row.version != known[row.id].version:  # not the save this screen just made and shows
                self.update_item(row)

    # -- the table ---------------------------------------------------------
    def fit_columns(self) -> None:
        table = self.query_one("#items", DataTable)
        width = table.size.width or self.size.width
        if width == self._columns_for_width:
            return
        self._columns_for_width = width
        self.show_items(rebuild_columns=True)

    def _column_widths(self, width: int) -> dict[str, int]:
        today = self.today
        far = max((abs((item.deadline - today).days) for item in self.items if item.deadline), default=0)
        waited = (views.waiting_days(since, today, self.settings.timezone) for since in self.pending_since.values())
        far = max(far, *waited) if self.pending_since else far
        days = 10 ** len(str(max(far, 99))) - 1  # as many digits as the farthest deadline needs
        widths = {
            "key": max((len(i.key) for i in self.items), default=8),
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
        if width >= 90:
            widths["owner"] = 16
        for column, label in (
            ("key", "field.key"),
            ("deadline", "field.deadline"),
            ("due", "field.due"),
            ("status", "field.status"),
            ("owner", "field.owner"),
        ):
            if column in widths:  # a header is never cut: 預定完成日期 is 12 cells wide
                widths[column] = max(widths[column], cell_len(t(label)))
        # two cells of padding a column, one for the scrollbar
        rest = width - sum(widths.values()) - 2 * (len(widths) + 1) - 1
        widths["title"] = max(12, rest)
        return widths

    def show_items(self, *, rebuild_columns: bool = False) -> None:
        """Apply the view to the loaded items and show the page holding the selected one."""
        table = self.query_one("#items", ItemTable)
        selected = self.selected_key()
        self.shown = views.apply(self.view, self.items, self.today, self._haystacks)
        if rebuild_columns or not table.columns:
            table.clear(columns=True)
            widths = self._column_widths(table.size.width or self.size.width)
            table.add_column(t("field.key"), width=widths["key"], key="number")
            table.add_column(t("field.title"), width=widths["title"], key="title")
            if "owner" in widths:
                table.add_column(t("field.owner"), width=widths["owner"], key="owner")
            table.add_column(t("field.deadline"), width=widths["deadline"], key="deadline")
            table.add_column(t("field.due"), width=widths["due"], key="due")
            table.add_column(t("field.status"), width=widths["status"], key="status")
        index = next((n for n, item in enumerate(self.shown) if item.key == selected), 0)
        self.show_page(index - index % PAGE_SIZE, index % PAGE_SIZE)

    def show_page(self, start: int, row: int) -> None:
        """DataTable slows down with thousands of rows, so it holds one page of them at a time."""
        table = self.query_one("#items", ItemTable)
        table.clear()
        self.page_start = max(0, min(start, len(self.shown) - 1)) if self.shown else 0
        with_owner = "owner" in table.columns
        for item in self.shown[self.page_start : self.page_start + PAGE_SIZE]:
            table.add_row(*self.cells(item, with_owner), key=item.key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False, scroll=True)
        self.show_counts()
        self._highlighted()

    def next_page(self) -> bool:
        if self.page_start + PAGE_SIZE >= len(self.shown):
            return False
        self.show_page(self.page_start + PAGE_SIZE, 0)
        return True

    def previous_page(self) -> bool:
        if self.page_start == 0:
            return False
        self.show_page(self.page_start - PAGE_SIZE, PAGE_SIZE - 1)
        return True

    def update_item(self, row: ItemRow) -> None:
        """One saved item: its cells changed in place when it keeps its place in the view (the
        same filter result and sort position), so a save costs the same at 100,000 items."""
        index = next((n for n, item in enumerate(self.items) if item.id == row.id), None)
        before = self.items[index] if index is not None else None
        if row.tracking is not Tracking.PENDING:
            self.pending_since.pop(row.id, None)
        elif before is None or before.tracking is not Tracking.PENDING:
            self.pending_since[row.id] = row.updated_at  # the save just made was the request
        if before is None or index is None:
            self.items = [*self.items, row]
            self.show_items()
            return
        self.items[index] = row
        if self._counts is not None and self._counts[0] is self.items and self._in_report(row):
            self._count_again(before, row)
        keep = views.predicate(self.view, self.today, self._haystacks)
        sort_key = views.sort_key(self.view.sort)
        table = self.query_one("#items", ItemTable)
        stays = keep(before) == keep(row) and (not keep(row) or sort_key(before) == sort_key(row))
        if not stays:  # it leaves the view, enters it or moves: out of the list, and in where it sorts
            self._move_in_view(row, keep(before), keep(row), sort_key)
            return
        self.shown = [row if item.id == row.id else item for item in self.shown] if keep(row) else self.shown
        if row.key in table.rows:
            for column, value in zip(table.columns, self.cells(row, "owner" in table.columns), strict=False):
                table.update_cell(row.key, column, value)
        self.show_counts()
        self.show_detail()

    def _move_in_view(self, row: ItemRow, was_shown: bool, is_shown: bool, sort_key: views.SortKey) -> None:
        """Without filtering and sorting every item again: the cursor stays on the item it was
        on, or at the same place when that item left the view."""
        table = self.query_one("#items", ItemTable)
        selected = self.selected_key()
        at = self.page_start + table.cursor_row
        shown = [item for item in self.shown if item.id != row.id] if was_shown else list(self.shown)
        if is_shown:
            shown.insert(bisect.bisect_right(shown, sort_key(row), key=sort_key), row)
        self.shown = shown
        index = next((n for n, item in enumerate(shown) if item.key == selected), min(at, max(len(shown) - 1, 0)))
        self.show_page(index - index % PAGE_SIZE, index % PAGE_SIZE)

    def _in_report(self, row: ItemRow) -> bool:
        return not self.view.report or row.report_key == self.view.report

    def _count_again(self, before: ItemRow, after: ItemRow) -> None:
        """The counts bar after one item changed: its old state out, its new one in."""
        assert self._counts is not None
        items, by_status, overdue, pending = self._counts
        old_status, old_overdue, old_pending = views.counts([before], self.today)
        new_status, new_overdue, new_pending = views.counts([after], self.today)
        for status in by_status:
            by_status[status] += new_status[status] - old_status[status]
        self._counts = (items, by_status, overdue + new_overdue - old_overdue, pending + new_pending - old_pending)

    def cells(self, item: ItemRow, with_owner: bool) -> list[Text]:
        cells = [Text(item.key, style=urgency_style(item, self.today)), terminal_text(labels.title(item))]
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
        if item.tracking is Tracking.PENDING:
            since = self.pending_since.get(item.id, item.updated_at)
            days = views.waiting_days(since, self.today, self.settings.timezone)
            return Text(views.waiting_text(days), style=TRACKING_STYLE["pending"])
        if item.tracking.is_closed:
            return Text(item.tracking.label(), style=TRACKING_STYLE[item.tracking.value])
        return due_text(item, self.today)

    def show_counts(self) -> None:
        if self.loading_total:  # the counts come with the whole list
            counts = self.query_one("#counts", Static)
            counts.update(Text(t("tui.loading", total=f"{self.loading_total:,}"), style="dim"), layout=False)
            return
        if self._counts is None or self._counts[0] is not self.items or self._counts_report != self.view.report:
            scope = self.items if not self.view.report else [i for i in self.items if i.report_key == self.view.report]
            self._counts = (self.items, *views.counts(scope, self.today))
            self._counts_report = self.view.report
        _, by_status, overdue, pending = self._counts
        bar = Text()
        for status in STATUS_ORDER:
            bar.append(f"{status.label()} {by_status[status]}", style=STATUS_STYLE[status.value])
            bar.append(" ")
        bar.append(f"{OVERDUE_MARK}{t('tui.overdue_count', count=overdue)}", style="bold red" if overdue else "dim")
        if pending:  # the reviewer's queue; nothing said while it is empty
            bar.append(" ")
            bar.append(t("tui.pending_count", count=pending), style=TRACKING_STYLE["pending"])
        bar.append(" │ ")
        bar.append(t("tui.filter_label"))
        bar.append(self.view.describe() or t("tui.filter.all"), style="bold" if self.view.describe() else "")
        sort = " " + t("tui.sort_label") + views.sort_label(self.view.sort)
        tail = Text()
        if len(self.shown) > PAGE_SIZE:
            last = min(self.page_start + PAGE_SIZE, len(self.shown))
            tail.append("  " + t("tui.page", first=self.page_start + 1, last=last, total=len(self.shown)), style="dim")
        elif len(self.shown) != len(self.items):
            tail.append("  " + t("tui.shown", shown=len(self.shown), total=len(self.items)), style="dim")
        # One line when it fits, two when it does not; the height changes only then, so most
        # keys need no layout pass. The default order is left unsaid when that keeps one line
        # (at 80 columns with items awaiting review).
        width = self.size.width or 80
        fits = bar.cell_len + cell_len(sort) + tail.cell_len + 2 <= width
        if fits or self.view.sort != views.SORTS[0] or bar.cell_len + tail.cell_len + 2 > width:
            bar.append(sort)
        bar.append_text(tail)
        counts = self.query_one("#counts", Static)
        lines = 1 if bar.cell_len + 2 <= width else 2
        if counts.styles.height is None or counts.styles.height.value != lines:
            counts.styles.height = lines
        counts.update(bar, layout=False)

    def selected_key(self) -> str | None:
        table = self.query_one("#items", DataTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - cursor outside the rows while the table is being rebuilt
            return None

    def selected_item(self) -> ItemRow | None:
        key = self.selected_key()
        return next((i for i in self.shown if i.key == key), None)

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self) -> None:
        # Holding an arrow key moves the cursor at once; the detail pane, which costs a
        # layout pass, follows when the cursor rests.
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_detail)

    def show_detail(self) -> None:
        """The selected item in full; its history and documents are read on a worker."""
        item = self.selected_item()
        if item is None:
            self.query_one("#detail", Static).update(Text(t("tui.no_items"), style="dim"))
            return
        self._read_detail(item)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _read_detail(self, item: ItemRow) -> None:
        try:
            with self.service.db.read() as session:
                changes = queries.history(session, item_id=item.id, newest_first=True)
                documents = queries.evidence(session, [item.id])
        except TrackerError as error:
            self.app.call_from_thread(self.report, error)
            changes, documents = [], []
        self.app.call_from_thread(self._show_detail, item, changes, documents)

    def _show_detail(self, item: ItemRow, changes: list[ChangeRow], documents: list[EvidenceRow]) -> None:
        current = self.selected_item()
        if current is None or current.id != item.id or current.version != item.version:
            return  # the cursor moved on, or the item changed, while it was read
        self.query_one("#detail", Static).update(detail(item, changes, self.settings, documents))
        if item.key != self._detail_for:  # another item: read from its top, not the last one's scroll
            self._detail_for = item.key
            self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False, immediate=True)

    @on(DataTable.HeaderSelected, "#items")
    def sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key in views.SORTS:
            self.view = replace(self.view, sort=key)
            self.show_items()

    # -- filters -----------------------------------------------------------
    def action_next_filter(self) -> None:
        self.view = self.view.next_filter()
        self.show_items()

    def action_next_owner(self) -> None:
        owners = sorted({i.owner_zh for i in self.items})
        self.view = self.view.next_owner(owners)
        self.show_items()

    def action_next_report(self) -> None:
        """One report at a time, then all of them; the header names the one in view."""
        if len(self.reports) < 2:
            self.notify(t("tui.one_report"), timeout=3, markup=False)
            return
        self.view = self.view.next_report([key for key, _ in self.reports])
        self.show_report_title()
        self.show_items()

    def action_jump(self) -> None:
        from tracker.tui.screens import JumpDialog

        self.app.push_screen(JumpDialog(), self.jump_to)

    def jump_to(self, typed: str | None) -> None:
        """To an item by its number (in the report in view, else the first report holding it) or
        its key; a filter that hides it is cleared, and that is said."""
        if not typed:
            return
        wanted = typed.strip().casefold()
        scope = [i for i in self.items if not self.view.report or i.report_key == self.view.report]
        found = next((i for i in self.items if i.key.casefold() == wanted), None)
        if found is None and wanted.isdigit():
            found = next((i for i in sorted(scope, key=lambda i: i.report_key) if str(i.number) == wanted), None)
        if found is None:
            self.notify(t("tui.jump.none", text=typed.strip()), severity="warning", timeout=5, markup=False)
            return
        if all(i.key != found.key for i in self.shown):
            self.view = views.View(sort=self.view.sort, report=self.view.report)
            if found.report_key != self.view.report and self.view.report:
                self.view = replace(self.view, report=None)
            self.query_one("#search", Input).value = ""
            self.show_report_title()
            self.shown = views.apply(self.view, self.items, self.today, self._haystacks)
            self.notify(t("tui.jump.cleared", key=found.key), timeout=4, markup=False)
        index = next(n for n, i in enumerate(self.shown) if i.key == found.key)
        self.show_page(index - index % PAGE_SIZE, index % PAGE_SIZE)
        self.query_one("#items", DataTable).focus()

    def action_next_sort(self) -> None:
        self.view = self.view.next_sort()
        self.show_items()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("active")
        search.focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.view = replace(self.view, search=event.value)
        self.show_items()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one("#items", DataTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.view.search:
            search.value = ""
            search.remove_class("active")
            self.query_one("#items", DataTable).focus()

    def action_refresh(self) -> None:
        self.reload()
        self.notify(t("tui.refreshed"), timeout=2, markup=False)

    # -- changes -----------------------------------------------------------
    def _edit(self, dialog_class: type[EditDialog], save: Save, *extra: list[str]) -> None:
        item = self.selected_item()
        if item is None:
            return
        self.app.push_screen(dialog_class(item, save, *extra), self._saved)

    def _saved(self, row: ItemRow | None, message: str | None = None) -> None:
        if row is None:
            return
        self.notify(message or t("tui.saved", key=row.key, version=row.version), timeout=3, markup=False)
        before = next((item for item in self.items if item.key == row.key), None)
        asked = row.tracking is Tracking.PENDING and before is not None and before.tracking is not Tracking.PENDING
        if asked and not row.evidence_count:  # asking for release with nothing to show for it
            self.notify(t("tui.warning.no_evidence", key=row.key), severity="warning", timeout=8, markup=False)
        self.update_item(row)

    def action_set_status(self) -> None:
        item = self.selected_item()
        if item is None:
            return

        def save(expected_version: int, status: Status, note: str, progress: int | None) -> ItemRow:
            if status is item.status and progress is not None:  # the same status: only the progress changes
                return self.service.set_progress(item.key, progress, note, expected_version)
            return self.service.set_status(item.key, status, note, expected_version, progress=progress)

        self._edit(StatusDialog, save)

    def action_add_note(self) -> None:
        item = self.selected_item()
        if item:
            self._edit(
                NoteDialog,
                lambda expected_version, text, progress: self.service.add_note(
                    item.key, text, expected_version, progress=progress
                ),
            )

    def action_assign(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        units = sorted(
            {u for i in self.items for u in (i.owner_zh, i.owner_en) if u}
            | {u for i in self.items for s in i.supporting_units for u in (s.get("zh"), s.get("en")) if u}
        )
        officers = sorted({i.officer for i in self.items if i.officer})
        self.app.push_screen(
            OwnerDialog(
                item,
                lambda expected_version, owner, reason, **more: self.service.assign(
                    item.key, owner, reason, expected_version, **more
                ),
                units,
                officers,
            ),
            self._saved,
        )

    def action_adopt(self) -> None:
        item = self.selected_item()
        if item:
            self._edit(
                AdoptionDialog,
                lambda expected_version, adoption, reason: self.service.adopt(
                    item.key, adoption, reason, expected_version
                ),
            )

    def action_attach(self) -> None:
        from tracker.tui.detail import size_text
        from tracker.tui.documents import AttachDialog, typed_path

        if self.app.is_web:  # tracker serve: its path field would list and read the server's files
            self.notify(t("web.server_files"), severity="warning", timeout=8, markup=False)
            return
        item = self.selected_item()
        if item is None:
            return
        said: list[str] = []

        def save(expected_version: int, kind: EvidenceKind, value: str, note: str) -> ItemRow:
            if kind is EvidenceKind.FILE:
                row, files = self.service.attach(item.key, [typed_path(value)], note, expected_version)
                said[:] = [t("tui.attached", name=f.label, size=size_text(f.size or 0), key=row.key) for f in files]
                return row
            row, _ = self.service.add_reference(item.key, kind, value, note, expected_version)
            said[:] = [t("tui.referenced", kind=kind.label(), key=row.key)]
            return row

        self.app.push_screen(AttachDialog(item, save), lambda row: self._saved(row, "\n".join(said) or None))

    def action_save_document(self) -> None:
        from tracker.tui.documents import SaveDocumentDialog

        if self.app.is_web:  # tracker serve: never write into the server's folders
            self.notify(t("web.server_files"), severity="warning", timeout=8, markup=False)
            return
        item = self.selected_item()
        if item is None:
            return
        try:
            _, documents = self.service.evidence(item.key)
        except TrackerError as error:
            self.report(error)
            return
        files = [document for document in documents if document.kind is EvidenceKind.FILE]
        if not files:
            self.notify(t("tui.save_document.none", key=item.key), timeout=6, markup=False)
            return
        self.app.push_screen(SaveDocumentDialog(self.service, item, files), self._document_saved)

    def _document_saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(t("tui.save_document.done", path=path), timeout=8, markup=False)

    def action_correct(self) -> None:
        from tracker.tui.corrections import CorrectDialog, correctable

        item = self.selected_item()
        if item is None:
            return
        try:
            with self.service.db.read() as session:
                changes = queries.history(session, item_id=item.id, newest_first=True)
        except TrackerError as error:
            self.report(error)
            return
        if not correctable(changes):
            self.notify(t("tui.correct.none", key=item.key), timeout=6, markup=False)
            return
        said: list[str] = []

        def save(expected_version: int, change_id: int, why: str, value: str | None) -> ItemRow:
            row, _ = self.service.correct(change_id, why, value, item_ref=item.key)
            said[:] = [t("tui.corrected", id=change_id, key=row.key)]
            return row

        self.app.push_screen(
            CorrectDialog(item, save, changes, self.settings), lambda row: self._saved(row, "".join(said) or None)
        )

    def action_move_deadline(self) -> None:
        item = self.selected_item()
        if item:
            self._edit(
                DeadlineDialog,
                lambda expected_version, deadline, reason: self.service.move_deadline(
                    item.key, deadline, reason, expected_version
                ),
            )

    def action_review(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        self.app.push_screen(
            ReviewDialog(
                item,
                lambda expected_version, decision, note, status: self.service.review(
                    item.key, decision, note, status, expected_version
                ),
                context=self.waiting_words(item),
                hint=self._review_hint(item),
            ),
            self._saved,
        )

    def waiting_words(self, item: ItemRow) -> str | None:
        """待審（已等 3 天，2016-12-09 送審）: how long an item has waited for review, in words."""
        if item.tracking is not Tracking.PENDING:
            return None
        since = self.pending_since.get(item.id, item.updated_at)
        days = views.waiting_days(since, self.today, self.settings.timezone)
        day = format_date(to_local(since, self.settings.timezone).date(), roc=self.settings.roc)
        words = t("tui.detail.waiting", days=days, date=day) if days else t("tui.detail.waiting_today")
        return item.tracking.label() + words

    def _review_hint(self, item: ItemRow) -> str | None:
        """What the reviewer should know before typing: who may review, what this item allows."""
        if item.tracking.is_closed:
            return t("tui.review.hint_closed", tracking=item.tracking.label())
        try:
            names = [name for name, _, _ in self.service.reviewers()]
        except TrackerError:  # the save will say what is wrong with the database
            names = None
        if names is not None and self.service.user not in names:
            listed = (", " if labels.english() else "、").join(names[:5]) + ("…" if len(names) > 5 else "")
            shown = listed or t("word.none")
            return t("tui.review.hint_not_reviewer", user=self.service.user, names=shown)
        if item.tracking is not Tracking.PENDING:
            return t("tui.review.hint_not_pending", tracking=item.tracking.label())
        return None

    # -- other screens -----------------------------------------------------
    def action_help(self) -> None:
        from tracker.tui.screens import HelpScreen

        self.app.push_screen(
            HelpScreen([(KEY_NAMES.get(key, key), t(f"tui.command.{name}")) for key, _, name in ACTIONS])
        )

    def action_summary(self) -> None:
        from tracker.tui.screens import SummaryScreen

        self.app.push_screen(SummaryScreen(self.service))

    def action_export(self) -> None:
        if self.app.is_web:  # tracker serve: the browser downloads it, nothing is written on the server
            from tracker.tui.web_export import DownloadDialog

            self.app.push_screen(DownloadDialog(self.service))
            return
        from tracker.tui.screens import ExportDialog

        self.app.push_screen(ExportDialog(self.service), self._exported)

    def action_intake(self) -> None:
        if getattr(self.app, "is_web", False):  # tracker serve: a path would name a file on the server
            self.notify(t("tui.intake.not_in_browser"), severity="warning", timeout=6, markup=False)
            return
        from tracker.tui.intake import IntakeScreen

        self.app.push_screen(IntakeScreen(self.service), self._taken_in)

    def _taken_in(self, message: str | None) -> None:
        if message is not None:
            self.notify(message, timeout=10, markup=False)
            self.reload()

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(t("tui.export.done", path=path), timeout=8, markup=False)


class TrackerApp(App):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    main_screen_class = MainScreen

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.settings = service.settings

    def get_default_screen(self) -> MainScreen:
        return self.main_screen_class(self.service)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen), "the default screen is the main screen"
        return screen

    def refresh_items(self) -> None:
        self.main.reload()

    def current_item(self, key: str) -> ItemRow | None:
        """An item as last read (after refresh_items: as the database holds it now)."""
        return next((item for item in self.main.items if item.key == key), None)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("tui.palette.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        # Only the tracker's own actions, in the user's language (Textual's own are English
        # developer tools: themes, screenshots, key logs).
        if screen is not self.main:
            return
        for key, action, name in ACTIONS:
            callback = self.action_quit if action == "app.quit" else getattr(screen, f"action_{action}")
            yield SystemCommand(t(f"tui.command.{name}"), t("tui.command.key", key=KEY_NAMES.get(key, key)), callback)


def make_app(service: Service) -> TrackerApp:
    """The app with its key labels in the current language."""
    screen = type("MainScreen", (MainScreen,), {"BINDINGS": _bindings()})
    return type("TrackerApp", (TrackerApp,), {"main_screen_class": screen})(service)


def run_app(service: Service) -> None:
    make_app(service).run()
