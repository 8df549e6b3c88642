"""Screens beside the main table: help, the weekly summary, the export dialog."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Select, Static

from tracker.domain import TrackerError
from tracker.i18n import t
from tracker.output.console import Wrapped
from tracker.reporting.export import FORMATS, SUFFIX
from tracker.service import Service
from tracker.tui.dialogs import Label, error_text


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
        keys.add_row("Ctrl+P", t("tui.help.palette"))
        with VerticalScroll(classes="dialog help"):
            yield Label(t("tui.help.title"), classes="dialog-title")
            yield Static(keys)
            yield Static(Wrapped(t("tui.help.tips")), classes="help-tips")
            yield Label(t("tui.help.close"), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


class SummaryScreen(Screen[None]):
    """The weekly summary as `tracker summary` prints it, scrollable."""

    BINDINGS = [Binding("escape,q,w", "close", show=False)]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        from tracker.reporting.summary import build_summary, summary_renderable

        body: RenderableType
        try:
            body = summary_renderable(build_summary(self.service, report=self.service.settings.default_report))
        except TrackerError as error:  # an unknown default report, a locked database: say so here
            body = Text(error_text(error), style="bold red")
        with VerticalScroll(id="summary"):
            yield Label(t("tui.summary.title"), classes="dialog-title")
            yield Static(body, id="summary-body")
            yield Label(t("tui.summary.close"), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[Path | None]):
    """Pick a format and a file name; the path written is shown when done."""

    BINDINGS = [Binding("escape", "cancel", show=False), Binding("ctrl+s", "export", show=False, priority=True)]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self._replace_confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        today = self.service.settings.today().isoformat()
        with Vertical(classes="dialog"):
            yield Label(t("tui.export.title"), classes="dialog-title")
            yield Label(t("tui.export.format"))
            yield Select(
                [(f, f) for f in sorted(FORMATS, key=_spreadsheets_first)], value="xlsx", allow_blank=False, id="format"
            )
            yield Label(t("tui.export.path"))
            yield Input(value=t("tui.export.default_name", today=today) + ".xlsx", id="path")
            yield Checkbox(t("tui.export.history"), id="history")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.title"), id="export", variant="primary", compact=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        fmt = event.value
        if not isinstance(fmt, str):  # never blank (allow_blank=False): always one of FORMATS
            return
        path = self.query_one("#path", Input)
        stem = Path(path.value).stem or t("tui.export.default_name", today=self.service.settings.today().isoformat())
        path.value = str(Path(path.value).with_name(stem + SUFFIX[fmt]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export() if event.button.id == "export" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        from tracker.reporting.export import write_export

        error = self.query_one("#error", Static)
        value = self.query_one("#path", Input).value.strip()
        if not value:
            error.update(Text(t("tui.export.empty_path")))
            error.add_class("shown")
            return
        target = Path(value).expanduser().resolve()
        if target.exists() and target != self._replace_confirmed:
            self._replace_confirmed = target  # export again to replace it
            error.update(Text(t("tui.export.exists", path=target)))
            error.add_class("shown")
            return
        try:
            written = write_export(
                self.service,
                str(self.query_one("#format", Select).value),
                target,
                history=self.query_one("#history", Checkbox).value,
                report=self.service.settings.default_report,
            )
        except TrackerError as failure:
            error.update(Text(error_text(failure)))
            error.add_class("shown")
            return
        self.dismiss(written)
