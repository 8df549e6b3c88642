"""The export dialog in a browser (`tracker serve`, issue 14): the file is made in memory and
downloaded by that browser (Textual's deliver_binary), never written into the server's folders.

The terminal's ExportDialog asks for a path on this machine; here only a file name is asked
for, the one the browser saves it under.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path, PurePath

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, Static

from tracker.domain import TrackerError
from tracker.i18n import t
from tracker.reporting.export import FORMATS, SUFFIX
from tracker.service import Service
from tracker.tui.dialogs import Label, error_text

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "markdown": "text/markdown",
    "html": "text/html",
    "json": "application/json",
}


class DownloadDialog(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", show=False), Binding("ctrl+s", "download", show=False, priority=True)]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.busy = False

    def compose(self) -> ComposeResult:
        today = self.service.settings.today().isoformat()
        with Vertical(classes="dialog"):
            yield Label(t("tui.export.title"), classes="dialog-title")
            yield Label(t("tui.export.format"))
            formats = sorted(FORMATS, key=lambda f: (f not in ("xlsx", "ods", "csv"), f))
            yield Select([(f, f) for f in formats], value="xlsx", allow_blank=False, id="format")
            yield Label(t("tui.export.path"))
            yield Input(value=t("tui.export.default_name", today=today) + ".xlsx", id="path")
            yield Checkbox(t("tui.export.history"), id="history")
            yield Static(Text(t("web.export.in_browser")), classes="dialog-hint shown")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("web.export.download"), id="download", variant="primary", compact=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            path = self.query_one("#path", Input)
            stem = PurePath(path.value).stem or "export"
            path.value = stem + SUFFIX[event.value]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_download() if event.button.id == "download" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_download()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_download(self) -> None:
        if self.busy:
            return
        fmt = str(self.query_one("#format", Select).value)
        # Only a name: whatever folder is typed means nothing on the server.
        name = PurePath(self.query_one("#path", Input).value.strip().replace("\\", "/")).name or "export"
        history = self.query_one("#history", Checkbox).value
        self.busy = True
        self.query_one("#download", Button).disabled = True
        app = self.app  # taken here: once the dialog is closed, the worker's thread cannot find it
        app.run_worker(lambda: self._make(app, fmt, name, history), thread=True, group="export", exit_on_error=False)

    def _make(self, app: App, fmt: str, name: str, history: bool) -> None:
        from tracker.reporting.export import export_to_stream

        buffer = io.BytesIO()
        try:
            export_to_stream(self.service, fmt, buffer, history=history, report=self.service.settings.default_report)
        except TrackerError as failure:
            app.call_from_thread(self._failed, error_text(failure))
        else:
            app.call_from_thread(self._deliver, buffer.getvalue(), name, fmt)

    def _deliver(self, data: bytes, name: str, fmt: str) -> None:
        media = MEDIA_TYPES.get(fmt) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=media, open_method="download")
        self.app.notify(t("web.export.sent", name=name), timeout=8, markup=False)
        self.dismiss(None)

    def _failed(self, problem: str) -> None:
        self.busy = False
        self.query_one("#download", Button).disabled = False
        error = self.query_one("#error", Static)
        error.update(Text(problem))
        error.add_class("shown")
