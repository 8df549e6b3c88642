"""The terminal UI: the action items in a table, the selected one in full, and the keys
that change them. It reads through tracker.storage.queries and writes through the
service; it never builds SQL."""

from __future__ import annotations

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
from tracker.domain import STATUS_ORDER, Status, TrackerError, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.output.console import due_text, urgency_style
from tracker.output.labels import OVERDUE_MARK, STATUS_STYLE
from tracker.service import Service
from tracker.storage import queries
from tracker.storage.queries import ItemRow
from tracker.tui import view as views
from tracker.tui.detail import TRACKING_STYLE, detail
from tracker.tui.dialogs import (
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
NARROW_BELOW = 150  # columns: below this the detail pane goes under the table, which keeps titles readable


# Every action of the main screen once: its key, its method, its words (tui.key.* in the
# footer, tui.command.* in the help screen and the command palette).
ACTIONS = (
    ("s", "set_status", "status"),
    ("n", "add_note", "note"),
    ("o", "assign", "owner"),
    ("d", "move_deadline", "deadline"),
    ("v", "review", "review"),
    ("slash", "search", "search"),
    ("f", "next_filter", "filter"),
    ("u", "next_owner", "owner_filter"),
    ("t", "next_sort", "sort"),
    ("w", "summary", "summary"),
    ("e", "export", "export"),
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
        self._haystacks: views.Haystacks = {}  # searchable text per (item id, version), for `/`
        self.pending_since: dict[int, datetime] = {}  # item id -> when it asked for review
        self.first_paint_seconds: float | None = None
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
        self.app.title = t(
            "tui.title_today", title=t("tui.title"), today=format_date(self.today, roc=self.settings.roc)
        )
        self.reload()
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
    def _load(self) -> tuple[int, list[ItemRow], list[str], dict[int, datetime]]:
        with self.service.db.read() as session:
            return (
                queries.last_change_id(session),
                queries.list_items(session),
                [labels.unit(r.title_zh, r.title_en) for r in queries.reports(session)],
                queries.pending_since(session),
            )

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
        self, last_change: int, items: list[ItemRow], report_titles: list[str], pending_since: dict[int, datetime]
    ) -> None:
        self._last_change = last_change
        self.items = items
        self.pending_since = pending_since
        self.app.sub_title = (
            report_titles[0] if len(report_titles) == 1 else t("tui.all_reports", count=len(report_titles))
        )
        self.show_items()

    def poll_for_changes(self) -> None:
        try:
            with self.service.db.read() as session:
                latest = queries.last_change_id(session)
        except TrackerError as error:  # a locked or vanished file must not end the session
            self.report(error)
            return
        if latest != self._last_change:
            self._last_change = latest
            self.reload_in_background()

    # -- the table ---------------------------------------------------------
    def fit_columns(self) -> None:
        table = self.query_one("#items", DataTable)
        width = table.size.width or self.size.width
        if width == self._columns_for_width:
            return
        self._columns_for_width = width
        self.show_items(rebuild_columns=True)

    def _column_widths(self, width: int) -> dict[str, int]:
        widths = {
            "key": max((len(i.key) for i in self.items), default=8),
            "deadline": 10,
            # the longest time-left text in this language, with its two-cell marker
            "due": max(
                2 + cell_len(t("due.overdue", days=9999)),
                2 + cell_len(t("due.in_days", days=9999)),
                cell_len(t("tui.waiting", days=9999)),
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
        """One saved item: change its cells in place when it stays where it is (fast at any size)."""
        before_row = next((item for item in self.items if item.key == row.key), None)
        if row.tracking is not Tracking.PENDING:
            self.pending_since.pop(row.id, None)
        elif before_row is None or before_row.tracking is not Tracking.PENDING:
            self.pending_since[row.id] = row.updated_at  # the save just made was the request
        self.items = [row if item.key == row.key else item for item in self.items]
        table = self.query_one("#items", ItemTable)
        before = [item.key for item in self.shown]
        after = views.apply(self.view, self.items, self.today, self._haystacks)
        if [item.key for item in after] != before or row.key not in table.rows:
            self.show_items()
            return
        self.shown = after
        for column, value in zip(table.columns, self.cells(row, "owner" in table.columns), strict=False):
            table.update_cell(row.key, column, value)
        self.show_counts()
        self.show_detail()

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
        if self._counts is None or self._counts[0] is not self.items:
            self._counts = (self.items, *views.counts(self.items, self.today))
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
        pane = self.query_one("#detail", Static)
        item = self.selected_item()
        if item is None:
            pane.update(Text(t("tui.no_items"), style="dim"))
            return
        try:
            with self.service.db.read() as session:
                changes = queries.history(session, item_id=item.id, newest_first=True)
        except TrackerError as error:
            self.report(error)
            changes = []
        pane.update(detail(item, changes, self.settings))

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

    def _saved(self, row: ItemRow | None) -> None:
        if row is None:
            return
        self.notify(t("tui.saved", key=row.key, version=row.version), timeout=3, markup=False)
        self.update_item(row)

    def action_set_status(self) -> None:
        item = self.selected_item()
        if item:
            self._edit(
                StatusDialog,
                lambda expected_version, status, note: self.service.set_status(
                    item.key, status, note, expected_version
                ),
            )

    def action_add_note(self) -> None:
        item = self.selected_item()
        if item:
            self._edit(
                NoteDialog, lambda expected_version, text: self.service.add_note(item.key, text, expected_version)
            )

    def action_assign(self) -> None:
        item = self.selected_item()
        if item:
            units = sorted({u for i in self.items for u in (i.owner_zh, i.owner_en) if u})
            self._edit(
                OwnerDialog,
                lambda expected_version, owner, reason: self.service.assign(item.key, owner, reason, expected_version),
                units,
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
        from tracker.tui.screens import ExportDialog

        self.app.push_screen(ExportDialog(self.service), self._exported)

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
