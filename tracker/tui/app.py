"""The terminal UI's main screen: the action items in a table, the selected one in full, and
the keys that change them. It reads through tracker.storage.queries and writes through the
service; it never builds SQL.

The screen holds the list and the view of it (`view`: filter, owner, search, sort, report);
its widgets each do one job and say what they need by message: the table (table.py) shows
one page and asks for others, the counts bar (counts.py) and the detail pane (detail.py)
show what they are told. The dialogs that change an item, and their saves, are edits.py's.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from tracker.dates import format_date, to_local
from tracker.domain import TrackerError, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.service import Service
from tracker.storage import queries
from tracker.storage.driver import Connection
from tracker.storage.queries import ItemRow
from tracker.tui import view as views
from tracker.tui.counts import CountsBar, Tally
from tracker.tui.detail import DetailPane
from tracker.tui.dialogs import error_text
from tracker.tui.edits import Edits
from tracker.tui.table import ItemTable

POLL_SECONDS = 1.0
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


class MainScreen(Screen):
    """The table, the counts bar and the detail pane; its keys work only here, not under a dialog."""

    # A class's bindings are made at import, before the language is chosen: each description
    # is a message id, which `active_bindings` (what the footer and the key panel read) translates.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, f"tui.key.{name}", show=key in IN_FOOTER) for key, action, name in ACTIONS
    ]
    # Textual sets the class for the width: below NARROW_BELOW the detail pane goes under the table.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]

    view: var[views.View] = var(views.View(), init=False)
    """What the table shows of the items; the table follows each change."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.settings = service.settings
        self.items: list[ItemRow] = []
        self.shown: list[ItemRow] = []  # the items in view, in its order
        self.pending_since: dict[int, datetime] = {}  # item id -> when it asked for review
        self.reports: list[tuple[str, str]] = []  # (key, title in the user's language)
        self.loading_total = 0  # while the whole list is read on a worker: how many items there are
        self.first_paint_seconds: float | None = None
        self._started = perf_counter()
        self._last_change = -1
        self._columns_for_width = 0
        self._tally = Tally()
        self._lister = views.Lister()
        self._haystacks: views.Haystacks = {}  # searchable text per (item id, version), for `/`

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's own bindings with their words in the language chosen at start."""
        return {
            key: active._replace(binding=replace(active.binding, description=t(active.binding.description)))
            if active.node is self
            else active
            for key, active in super().active_bindings.items()
        }

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield CountsBar(id="counts")
        yield Input(id="search", placeholder=t("tui.search_placeholder"))
        with Horizontal(id="body"):
            yield ItemTable(self.settings, id="items")
            yield DetailPane(self.service, id="detail-pane")
        yield Footer(show_command_palette=False)  # ctrl+p is in the help screen; the keys need the room

    @property
    def table(self) -> ItemTable:
        return self.query_one("#items", ItemTable)

    @property
    def page_start(self) -> int:
        return self.table.page_start

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
        self.table.focus()
        self.set_interval(POLL_SECONDS, self.poll_for_changes)
        self.call_after_refresh(self.fit_columns)
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.first_paint_seconds = perf_counter() - self._started

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_columns)  # the layout (HORIZONTAL_BREAKPOINTS) first, then the columns

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
                        queries.list_items(session, queries.ItemFilter(limit=self.table.page_size)),
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
        self.pending_since = self.table.pending_since = pending_since
        self.reports = reports
        if not partial:
            self.loading_total = 0  # everything is here
        if self.view.report and self.view.report not in {key for key, _ in reports}:
            self.view = replace(self.view, report=None)  # its watcher shows the items
        else:
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

    # -- the view: what the table shows ------------------------------------
    def watch_view(self, before: views.View, view: views.View) -> None:
        if view.report != before.report:
            self.show_report_title()
        self.show_items()

    def fit_columns(self) -> None:
        width = self.table.size.width or self.size.width
        if width == self._columns_for_width:
            return
        self._columns_for_width = width
        self.show_items(rebuild_columns=True)

    def show_items(self, *, rebuild_columns: bool = False) -> None:
        """Apply the view to the loaded items and show the page holding the selected one."""
        table = self.table
        selected = table.selected_key
        self.shown = self._lister.apply(self.view, self.items, self.today, self._haystacks)
        if rebuild_columns or not table.columns:
            table.set_columns(table.size.width or self.size.width, self.items)
        index = next((n for n, item in enumerate(self.shown) if item.key == selected), 0)
        self._show(table.page_of(index))

    @on(ItemTable.PageWanted)
    def _show(self, page: ItemTable.PageWanted) -> None:
        self.show_page(page.start, page.row)

    def show_page(self, start: int, row: int) -> None:
        """The page of the view that starts at `start`, the cursor on its row `row`."""
        start = max(0, min(start, len(self.shown) - 1)) if self.shown else 0
        table = self.table
        table.show_page(self.shown[start : start + table.page_size], start, len(self.shown), row)
        self.show_counts()
        self.query_one(DetailPane).item = self.selected_item()

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
        self._lister.changed(before, row, self._haystacks)
        self._tally.change(self.items, self.view.report, before, row, self.today)
        keep = views.predicate(self.view, self.today, self._haystacks)
        sort_key = views.sort_key(self.view.sort)
        stays = keep(before) == keep(row) and (not keep(row) or sort_key(before) == sort_key(row))
        if not stays:  # it leaves the view, enters it or moves: out of the list, and in where it sorts
            self._move_in_view(row, keep(before), keep(row), sort_key)
            return
        self.shown = [row if item.id == row.id else item for item in self.shown] if keep(row) else self.shown
        self.table.update_item(row)
        self.show_counts()
        self.query_one(DetailPane).item = self.selected_item()

    def _move_in_view(self, row: ItemRow, was_shown: bool, is_shown: bool, sort_key: views.SortKey) -> None:
        """Without filtering and sorting every item again: the cursor stays on the item it was
        on, or at the same place when that item left the view."""
        table = self.table
        selected = table.selected_key
        at = table.page_start + table.cursor_row
        shown = [item for item in self.shown if item.id != row.id] if was_shown else list(self.shown)
        if is_shown:
            shown.insert(bisect.bisect_right(shown, sort_key(row), key=sort_key), row)
        self.shown = shown
        index = next((n for n, item in enumerate(shown) if item.key == selected), min(at, max(len(shown) - 1, 0)))
        self._show(table.page_of(index))

    def show_counts(self) -> None:
        bar = self.query_one(CountsBar)
        if self.loading_total:  # the counts come with the whole list
            bar.show_loading(self.loading_total)
            return
        tally = self._tally.of(self.items, self.view.report, self.today)
        table = self.table
        bar.show(tally, self.view, len(self.shown), (table.page_start, table.page_size), len(self.items))

    def selected_key(self) -> str | None:
        return self.table.selected_key

    def selected_item(self) -> ItemRow | None:
        """The item under the cursor (looked for on the page shown, not in 100,000 items)."""
        table = self.table
        key = table.selected_key
        page = self.shown[table.page_start : table.page_start + table.page_size]
        return next((i for i in page if i.key == key), None)

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self) -> None:
        self.query_one(DetailPane).item = self.selected_item()

    @on(DataTable.HeaderSelected, "#items")
    def sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key in views.SORTS:
            self.view = replace(self.view, sort=key)

    # -- filters -----------------------------------------------------------
    def action_next_filter(self) -> None:
        self.view = self.view.next_filter()

    def action_next_owner(self) -> None:
        self.view = self.view.next_owner(sorted({i.owner_zh for i in self.items}))

    def action_next_report(self) -> None:
        """One report at a time, then all of them; the header names the one in view."""
        if len(self.reports) < 2:
            self.notify(t("tui.one_report"), timeout=3, markup=False)
            return
        self.view = self.view.next_report([key for key, _ in self.reports])

    def action_next_sort(self) -> None:
        self.view = self.view.next_sort()

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
            report = self.view.report if found.report_key == self.view.report else None
            self.query_one("#search", Input).value = ""
            self.view = views.View(sort=self.view.sort, report=report)
            self.notify(t("tui.jump.cleared", key=found.key), timeout=4, markup=False)
        index = next(n for n, i in enumerate(self.shown) if i.key == found.key)
        self._show(self.table.page_of(index))
        self.table.focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("active")
        search.focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.view = replace(self.view, search=event.value)

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.view.search:
            search.value = ""
            search.remove_class("active")
            self.table.focus()

    def action_refresh(self) -> None:
        self.reload()
        self.notify(t("tui.refreshed"), timeout=2, markup=False)

    # -- changes: the dialogs and their saves are edits.py's ------------------
    @property
    def edits(self) -> Edits:
        return Edits(self.app, self.service, self._saved)

    def _with_selected(self, edit: Callable[[ItemRow], None]) -> None:
        item = self.selected_item()
        if item is not None:
            edit(item)

    def action_set_status(self) -> None:
        self._with_selected(self.edits.status)

    def action_add_note(self) -> None:
        self._with_selected(self.edits.note)

    def action_assign(self) -> None:
        self._with_selected(lambda item: self.edits.owner(item, self.items))

    def action_adopt(self) -> None:
        self._with_selected(self.edits.adoption)

    def action_move_deadline(self) -> None:
        self._with_selected(self.edits.deadline)

    def action_attach(self) -> None:
        self.edits.evidence(self.selected_item())

    def action_save_document(self) -> None:
        self.edits.save_document(self.selected_item())

    def action_correct(self) -> None:
        self._with_selected(self.edits.correct)

    def action_review(self) -> None:
        self._with_selected(lambda item: self.edits.review(item, self.waiting_words(item)))

    def _saved(self, row: ItemRow | None, message: str | None = None) -> None:
        """A dialog's save: said, warned about when it asks for release with nothing to show, shown."""
        if row is None:
            return
        self.notify(message or t("tui.saved", key=row.key, version=row.version), timeout=3, markup=False)
        before = next((item for item in self.items if item.key == row.key), None)
        asked = row.tracking is Tracking.PENDING and before is not None and before.tracking is not Tracking.PENDING
        if asked and not row.evidence_count:  # asking for release with nothing to show for it
            self.notify(t("tui.warning.no_evidence", key=row.key), severity="warning", timeout=8, markup=False)
        self.update_item(row)

    def waiting_words(self, item: ItemRow) -> str | None:
        """待審（已等 3 天，2016-12-09 送審）: how long an item has waited for review, in words."""
        if item.tracking is not Tracking.PENDING:
            return None
        since = self.pending_since.get(item.id, item.updated_at)
        days = views.waiting_days(since, self.today, self.settings.timezone)
        day = format_date(to_local(since, self.settings.timezone).date(), roc=self.settings.roc)
        words = t("tui.detail.waiting", days=days, date=day) if days else t("tui.detail.waiting_today")
        return item.tracking.label() + words

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

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.settings = service.settings

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.service)

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
    """The app; its key words follow the language chosen before (see MainScreen.active_bindings)."""
    return TrackerApp(service)


def run_app(service: Service) -> None:
    make_app(service).run()
