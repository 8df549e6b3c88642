"""出國報告讀入 in the UI (issue 13): a report's path, a preview of the recommendations found,
then import them (the same rules as `tracker import`) or write the draft YAML to finish by hand.

Reading a PDF can take seconds and an import writes: both run in a worker, with the state shown.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from tracker.domain import TrackerError
from tracker.i18n import t
from tracker.intake.draft import save_draft
from tracker.output.cells import terminal_str, terminal_text
from tracker.service import ImportResult, Service
from tracker.tui.dialogs import GuardedDialog, Label, UnitInput, error_text
from tracker.tui.documents import PathInput, PathSuggester, shown_folder, typed_path


def import_words(result: ImportResult) -> str:
    """What `tracker import` prints, as one notification."""
    lines = [
        t(
            "done.import",
            report=result.report_title,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    ]
    for number, field in result.kept:
        lines.append(t("tui.intake.kept", number=number, field=t(f"field.{field}")))
    lines += [t("done.import_missing", number=number) for number in result.missing]
    return "\n".join(lines)


class IntakeScreen(GuardedDialog[str | None]):
    """Path → read (in a worker) → preview → import, or write the draft. Returns what to say."""

    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "import_report", show=False, priority=True),
    ]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.found = None  # tracker.intake.model.Intake, once read
        self._read_for: tuple[str, str] | None = None  # (path, key) the preview was read from
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog intake"):
            yield Label(t("tui.intake.title"), classes="dialog-title")
            yield Label(t("tui.intake.path", cwd=shown_folder()))
            yield PathInput(placeholder="report.docx", suggester=PathSuggester(), id="path", select_on_focus=False)
            with Horizontal(classes="form-row"):
                yield Label(t("tui.intake.key"), classes="form-label")
                yield UnitInput(placeholder=t("tui.intake.key_placeholder"), compact=True, id="key")
            yield Static("", id="state", classes="dialog-hint")
            with VerticalScroll(id="preview"):
                yield Static(Text(t("tui.intake.empty"), style="dim"), id="preview-body")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.intake.draft"), classes="form-label")
                yield UnitInput(compact=True, id="draft", select_on_focus=False)
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.intake.read"), id="read", compact=True)
                yield Button(t("tui.intake.import"), id="import", variant="primary", compact=True, disabled=True)
                yield Button(t("tui.intake.write_draft"), id="write-draft", compact=True, disabled=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.remember_shown()

    # -- state -------------------------------------------------------------
    def show_state(self, message: str) -> None:
        state = self.query_one("#state", Static)
        state.update(Text(message))
        state.set_class(bool(message), "shown")

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.show_state(message)
        ready = self.found is not None and not busy
        self.query_one("#read", Button).disabled = busy
        self.query_one("#import", Button).disabled = not ready
        self.query_one("#write-draft", Button).disabled = not ready

    def _typed(self) -> tuple[str, str]:
        return self.query_one("#path", Input).value.strip(), self.query_one("#key", Input).value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A preview belongs to the path and key it was read with: change them, read again."""
        if event.input.id in {"path", "key"} and self.found is not None and self._typed() != self._read_for:
            self.found = None
            self._set_busy(self.busy)
            self.query_one("#preview-body", Static).update(Text(t("tui.intake.stale"), style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "draft":
            self.action_write_draft()
        elif self.found is not None and self._typed() == self._read_for:
            self.query_one("#import", Button).focus()
        else:
            self.action_read()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "read": self.action_read,
            "import": self.action_import_report,
            "write-draft": self.action_write_draft,
            "cancel": self.action_cancel,
        }
        actions[event.button.id or "cancel"]()

    def action_cancel(self) -> None:
        if not self.busy and not self.may_close():  # a path typed: asked first
            return
        self.workers.cancel_group(self, "intake")
        self.dismiss(None)

    # -- reading -----------------------------------------------------------
    def action_read(self) -> None:
        path, key = self._typed()
        if not path:
            self.show_error(t("tui.intake.empty_path"))
            self.query_one("#path", Input).focus()
            return
        self.show_error("")
        self.found = None
        self._set_busy(True, t("tui.intake.reading", name=terminal_str(typed_path(path).name)))
        self._read(path, key)

    @work(thread=True, exclusive=True, group="intake")
    def _read(self, path: str, key: str) -> None:
        from tracker.intake.pipeline import read_report
        from tracker.intake.preview import preview_lines

        app = self.app  # taken now: once the screen is closed, this thread could no longer find it
        try:
            found = read_report(typed_path(path), key or None)
            lines = preview_lines(found)
        except TrackerError as error:
            app.call_from_thread(self._failed, error_text(error), "#path")
            return
        except Exception as error:  # noqa: BLE001 - a reader's own failure: say it, keep the screen
            app.call_from_thread(self._failed, str(error) or type(error).__name__, "#path")
            return
        app.call_from_thread(self._read_done, found, lines, (path, key))

    def _failed(self, message: str, field: str | None = None) -> None:
        self._set_busy(False)
        self.show_error(message)
        if field:
            self.query_one(field).focus()

    def _read_done(self, found, lines: list[str], typed: tuple[str, str]) -> None:
        if typed != self._typed():  # typed on while it was read: that preview is of another file
            self._set_busy(False)
            return
        self.found = found
        self._read_for = typed
        self.query_one("#preview-body", Static).update(terminal_text("\n".join(lines)))
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)
        draft = self.query_one("#draft", Input)
        if not draft.value:
            folder = self.service.settings.documents_folder()
            draft.value = str(folder / f"{found.key.value}.yaml") if found.key else ""
            self._shown["draft"] = draft.value  # the dialog's own proposal, not typed
        self._set_busy(False, t("tui.intake.read_done", count=len(found.items)))
        self.query_one("#import", Button).focus()

    # -- importing, or a draft -----------------------------------------------
    def _draft_text(self) -> str:
        from tracker.intake.draft import write_draft

        assert self.found is not None
        return write_draft(self.found, Path(self.found.path).name)

    def action_import_report(self) -> None:
        if self.busy:
            return
        if self.found is None or self._typed() != self._read_for:
            self.action_read()
            return
        self.show_error("")
        self._set_busy(True, t("tui.intake.importing"))
        self._import(self._draft_text())

    @work(thread=True, exclusive=True, group="intake")
    def _import(self, text: str) -> None:
        from tracker.seed import load_seed

        app = self.app  # taken now, as in _read
        fd, name = tempfile.mkstemp(prefix="tracker-intake-", suffix=".yaml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            try:
                result = self.service.import_report(load_seed(Path(name)))
            except TrackerError as error:
                app.call_from_thread(self._failed, error_text(error))
                return
        finally:
            os.unlink(name)
        app.call_from_thread(self.dismiss, import_words(result))

    def action_write_draft(self) -> None:
        if self.busy:
            return
        if self.found is None:
            self.action_read()
            return
        value = self.query_one("#draft", Input).value.strip()
        if not value:
            self._failed(t("tui.intake.empty_draft"), "#draft")
            return
        target = typed_path(value)
        if not target.is_absolute():
            target = self.service.settings.documents_folder() / target
        try:
            written = save_draft(target, self._draft_text())
        except TrackerError as error:
            self._failed(error_text(error), "#draft")
            return
        except OSError as error:
            self._failed(str(error), "#draft")
            return
        self.dismiss(t("tui.intake.draft_written", path=terminal_str(str(written)), count=len(self.found.items)))
