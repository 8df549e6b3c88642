"""Screens beside the main table: help, the weekly summary, the export dialog."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Select, Static

from tracker.domain import TrackerError
from tracker.i18n import t
from tracker.output.cells import terminal_str
from tracker.output.console import Wrapped
from tracker.reporting.export import FORMATS, SUFFIX
from tracker.service import Service
from tracker.tui.dialogs import GuardedDialog, Label, error_text


def _spreadsheets_first(fmt: str) -> int:
    return ("xlsx", "ods", "csv").index(fmt) if fmt in ("xlsx", "ods", "csv") else 3


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", show=False)]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys  # (key as typed, what it does)

    def compose(self) -> ComposeResult:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, description in self.keys:
            keys.add_row(key, description)
        keys.add_row("↑ ↓ PgUp PgDn", t("tui.help.move"))
        keys.add_row("Home End", t("tui.help.home_end"))
        keys.add_row("Ctrl+P", t("tui.help.palette"))
        with VerticalScroll(classes="dialog help"):
            yield Label(t("tui.help.title"), classes="dialog-title")
            yield Static(keys, id="help-keys")
            yield Static(Wrapped(t("tui.help.tips")), classes="help-tips")
            yield Label(t("tui.help.close"), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


class JumpDialog(ModalScreen[str | None]):
    """One line: an item's number or key."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump"):
            yield Label(t("tui.jump.title"), classes="dialog-title")
            yield Label(t("tui.jump.label"))
            yield Input(id="jump", max_length=60)

    def on_mount(self) -> None:
        self.query_one("#jump", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SummaryScreen(Screen[None]):
    """The weekly summary as `tracker summary` prints it, scrollable."""

    BINDINGS = [Binding("escape,q,w", "close", show=False)]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Label(t("tui.summary.title"), classes="dialog-title")
            yield Static(Text(t("tui.summary.building"), style="dim"), id="summary-body")
            yield Label(t("tui.summary.close"), classes="dim")

    def on_mount(self) -> None:
        self._build()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def _build(self) -> None:
        """Read and lay out on a worker: at 100,000 items the screen shows "building…" and Esc works."""
        from tracker.reporting.summary import build_summary, summary_renderable

        body: RenderableType
        try:
            body = summary_renderable(build_summary(self.service, report=self.service.settings.default_report))
        except TrackerError as error:  # an unknown default report, a locked database: say so here
            body = Text(error_text(error), style="bold red")
        self.app.call_from_thread(self._show, body)

    def _show(self, body: RenderableType) -> None:
        if self.is_attached:
            self.query_one("#summary-body", Static).update(body)

    def action_close(self) -> None:
        self.dismiss(None)


def shown_path(path: Path) -> str:
    """A folder or file as people read it: the home folder as ~."""
    home = Path.home()
    text = f"~/{path.relative_to(home)}" if path.is_relative_to(home) and path != home else str(path)
    return "~" if path == home else terminal_str(text)


class ExportDialog(GuardedDialog[Path | None]):
    """Pick a format and a file name. A name without a folder goes into the documents folder
    (setting documents_dir), never the folder the UI was started from. The export runs in a
    worker of the app: the dialog says "exporting…", Esc hides it and the keys go on working;
    the path written is said when done."""

    BINDINGS = [Binding("escape", "cancel", show=False), Binding("ctrl+s", "export", show=False, priority=True)]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.folder = service.settings.documents_folder()
        self._replace_confirmed: Path | None = None
        self.exporting = False

    def compose(self) -> ComposeResult:
        today = self.service.settings.today().isoformat()
        with Vertical(classes="dialog"):
            yield Label(t("tui.export.title"), classes="dialog-title")
            yield Label(t("tui.export.format"))
            yield Select(
                [(f, f) for f in sorted(FORMATS, key=_spreadsheets_first)], value="xlsx", allow_blank=False, id="format"
            )
            yield Label(t("tui.export.path_in", folder=shown_path(self.folder)))
            yield Input(value=t("tui.export.default_name", today=today) + ".xlsx", id="path")
            yield Checkbox(t("tui.export.history"), id="history")
            yield Static("", id="state", classes="dialog-hint")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.title"), id="export", variant="primary", compact=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()  # the name is what is most often changed; Enter exports
        self.remember_shown()

    def on_select_changed(self, event: Select.Changed) -> None:
        fmt = event.value
        if not isinstance(fmt, str):  # never blank (allow_blank=False): always one of FORMATS
            return
        path = self.query_one("#path", Input)
        stem = Path(path.value).stem or t("tui.export.default_name", today=self.service.settings.today().isoformat())
        was_shown = path.value == self._shown.get("path")
        path.value = str(Path(path.value).with_name(stem + SUFFIX[fmt]))
        if was_shown:  # the dialog's own name, following the format: not typed
            self._shown["path"] = path.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export() if event.button.id == "export" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_cancel(self) -> None:
        if self.exporting:  # the export goes on; its end is said on the main screen
            self.app.notify(t("tui.export.goes_on"), timeout=4, markup=False)
        elif not self.may_close():  # a name typed: asked first
            return
        self.dismiss(None)

    def target(self, value: str) -> Path:
        path = Path(value).expanduser()
        return (path if path.is_absolute() else self.folder / path).resolve()

    def action_export(self) -> None:
        if self.exporting:
            return
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.show_error(t("tui.export.empty_path"))
            return
        target = self.target(value)
        if target.exists() and target != self._replace_confirmed:
            self._replace_confirmed = target  # export again to replace it
            self.show_error(t("tui.export.exists", path=terminal_str(str(target))))
            return
        if target.parent == self.folder.resolve() and not target.parent.exists():
            try:  # the documents folder of the settings, not made yet
                target.parent.mkdir(parents=True)
            except OSError as failure:
                self.show_error(str(failure))
                return
        self.show_error("")
        self.exporting = True
        self.query_one("#export", Button).disabled = True
        state = self.query_one("#state", Static)
        state.update(Text(t("tui.export.exporting", path=terminal_str(str(target)))))
        state.add_class("shown")
        fmt = str(self.query_one("#format", Select).value)
        by_suffix = {suffix: name for name, suffix in SUFFIX.items()}
        fmt = by_suffix.get(target.suffix.lower(), fmt)  # week.csv is a CSV whatever the list says
        history = self.query_one("#history", Checkbox).value
        app = self.app  # taken here: once Esc has hidden the dialog, the worker's thread cannot find it
        app.run_worker(
            lambda: self._export(app, fmt, target, history), thread=True, group="export", exit_on_error=False
        )

    def _export(self, app: App, fmt: str, target: Path, history: bool) -> None:
        from tracker.reporting.export import write_export

        try:
            written = write_export(
                self.service, fmt, target, history=history, report=self.service.settings.default_report
            )
        except TrackerError as failure:
            app.call_from_thread(self._done, None, error_text(failure))
        except OSError as failure:
            app.call_from_thread(self._done, None, str(failure))
        else:
            app.call_from_thread(self._done, written, None)

    def _done(self, written: Path | None, problem: str | None) -> None:
        self.exporting = False
        shown = self.is_attached and self.app.screen is self
        if not shown:  # hidden with Esc: the main screen says how it ended
            if written is not None:
                self.app.notify(t("tui.export.done", path=terminal_str(str(written))), timeout=8, markup=False)
            elif problem:
                self.app.notify(problem, severity="error", timeout=8, markup=False)
            return
        if written is not None:
            self.dismiss(written)
            return
        self.query_one("#export", Button).disabled = False
        self.query_one("#state", Static).remove_class("shown")
        self.show_error(problem or "")
