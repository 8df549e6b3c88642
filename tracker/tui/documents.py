"""佐證資料 in the UI: add a file by its path or a reference (文號, URL, text), and save a
stored file out. Files go into the database through the service; a URL is only ever text."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from tracker.dates import to_local
from tracker.domain import NOTE_LIMIT, EvidenceKind, InputError, TrackerError
from tracker.evidence import safe_file_name
from tracker.i18n import t
from tracker.output import labels
from tracker.output.cells import terminal_str, terminal_text
from tracker.service import Service
from tracker.settings import Settings
from tracker.storage.queries import EvidenceRow, ItemRow
from tracker.tui.detail import size_text
from tracker.tui.dialogs import EditDialog, GuardedDialog, Label, NumberPicker, UnitInput, error_text

KINDS = tuple(EvidenceKind)  # 1 file, 2 文號, 3 URL, 4 text


def typed_path(value: str) -> Path:
    """A path as people type or paste it: surrounding quotes and a file:// prefix (a file
    dropped on the terminal) taken off, ~ expanded; relative to the folder the tracker runs in."""
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlsplit(text).path)
    return Path(text).expanduser()


def shown_folder() -> str:
    """The folder relative paths start from, with the home folder as ~."""
    cwd = Path.cwd()
    home = Path.home()
    shown = f"~/{cwd.relative_to(home)}" if cwd.is_relative_to(home) and cwd != home else str(cwd)
    return "~" if cwd == home else terminal_str(shown)


def shown_home(folder: Path) -> str:
    """A folder with the home folder as ~."""
    home = Path.home()
    shown = f"~/{folder.relative_to(home)}" if folder.is_relative_to(home) and folder != home else str(folder)
    return "~" if folder == home else terminal_str(shown)


class PathSuggester(Suggester):
    """Completes a path from what is on the disk, as a shell's Tab does: the first name in the
    folder that starts with what was typed; folders end in a separator. The folder is read on a
    thread: a slow network drive must not stop the screen."""

    def __init__(self, base: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base  # where a relative path starts; None: the current folder

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.startswith(("'", '"', "file://")):
            return None
        return await asyncio.to_thread(_complete_path, value, self.base)


def _complete_path(value: str, base: Path | None = None) -> str | None:
    folder_text, _, prefix = value.rpartition(os.sep)
    folder = Path(folder_text or ("/" if value.startswith(os.sep) else ".")).expanduser()
    if base is not None and not folder.is_absolute():
        folder = base / folder
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix))
    except OSError:
        return None
    visible = [name for name in names if not name.startswith(".") or prefix.startswith(".")]
    if not visible or (visible[0] == prefix and not (folder / prefix).is_dir()):
        return None
    name = visible[0]
    head = value[: len(value) - len(prefix)]
    return head + name + (os.sep if (folder / name).is_dir() else "")


class PathInput(UnitInput):
    """Tab takes the suggested path; into a folder it stays, to go on completing inside it."""

    def action_take_suggestion(self) -> None:
        if self._suggestion and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
            if self.value.endswith(os.sep):
                return
        self.screen.focus_next()


class KindPicker(NumberPicker):
    """Keys 1-4 pick the kind of document and move on to its value."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(KINDS) + 1)]
    target = "#value"


class AttachDialog(EditDialog):
    """A file by its path, or a 文號, URL or text, with an optional progress note."""

    title_key = "tui.dialog.evidence"
    enter_saves = True  # the note may be left out

    def fields(self) -> ComposeResult:
        yield Label(t("tui.label.evidence_keys"))
        yield KindPicker(
            *(
                Option(Text(f"{n}  {t(f'tui.evidence.option.{kind.value}')}"), id=kind.value)
                for n, kind in enumerate(KINDS, start=1)
            ),
            id="kind",
        )
        yield Label(self._value_label(EvidenceKind.FILE), id="value-label")
        yield PathInput(
            placeholder=t("tui.evidence.placeholder.file"),
            suggester=PathSuggester(),
            id="value",
            select_on_focus=False,
        )
        yield Label(t("tui.evidence.note"))
        yield Input(placeholder=t("tui.placeholder.note"), max_length=NOTE_LIMIT, id="note")

    def on_mount(self) -> None:
        self.query_one(KindPicker).focus()

    @staticmethod
    def _value_label(kind: EvidenceKind) -> str:
        return t(f"tui.evidence.value.{kind.value}", cwd=shown_folder())

    @property
    def kind(self) -> EvidenceKind:
        return KINDS[self.query_one(KindPicker).highlighted or 0]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        kind = KINDS[event.option_index]
        self.query_one("#value-label", Label).update(self._value_label(kind))
        value = self.query_one("#value", PathInput)
        value.placeholder = t(f"tui.evidence.placeholder.{kind.value}")
        value.suggester = PathSuggester() if kind is EvidenceKind.FILE else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#value", Input).focus()

    def values(self) -> dict[str, object]:
        kind = self.kind
        value = self.query_one("#value", Input).value
        if kind is EvidenceKind.FILE and not value.strip():
            raise InputError("tui.evidence.empty_path")
        return {"kind": kind, "value": value, "note": self.query_one("#note", Input).value}

    def focus_for(self, error: TrackerError) -> None:
        if error.key in {"error.note_too_long", "error.note_empty"}:
            self.query_one("#note", Input).focus()
        else:
            self.query_one("#value", Input).focus()


def file_option(document: EvidenceRow, settings: Settings) -> Text:
    """會議紀錄.pdf  1.2 MB  2016-12-09 王小明, in one line."""
    line = terminal_text(document.label)
    line.append(f"  {size_text(document.size or 0)}  ", style="dim")
    line.append(labels.day(to_local(document.added_at, settings.timezone).date(), settings.roc), style="dim")
    line.append(" ")
    line.append_text(terminal_text(document.added_by))
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


class SaveDocumentDialog(GuardedDialog[Path | None]):
    """Pick one of the item's files and a path; an existing file is replaced only when the
    save is asked for again. Written through a temporary file beside the target, never over
    the database."""

    BINDINGS = [Binding("escape", "cancel", show=False), Binding("ctrl+s", "save", show=False, priority=True)]

    def __init__(self, service: Service, item: ItemRow, files: list[EvidenceRow]) -> None:
        super().__init__()
        self.service = service
        self.item = item
        self.files = files
        self._replace_confirmed: Path | None = None
        self._name_shown = self._safe_name(files[0]) if files else ""
        self.folder = service.settings.documents_folder()  # a name alone goes here, never the start folder

    @staticmethod
    def _safe_name(document: EvidenceRow) -> str:
        return safe_file_name(document.label, set())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("tui.save_document.title"), classes="dialog-title")
            yield Static(
                Text.assemble((self.item.key, "bold"), "  ", terminal_text(labels.title(self.item))),
                classes="dialog-item",
            )
            yield Label(t("tui.save_document.pick"))
            yield OptionList(
                *(Option(file_option(document, self.service.settings), id=str(document.id)) for document in self.files),
                id="files",
            )
            yield Label(t("tui.save_document.path", cwd=shown_home(self.folder)))
            yield PathInput(self._name_shown, suggester=PathSuggester(self.folder), id="path")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.button.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#files", OptionList).focus()
        self.remember_shown()

    @property
    def chosen(self) -> EvidenceRow:
        return self.files[self.query_one("#files", OptionList).highlighted or 0]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The name follows the file picked, until the user types one."""
        event.stop()
        path = self.query_one("#path", Input)
        if path.value == self._name_shown:
            self._name_shown = path.value = self._safe_name(self.files[event.option_index])
            self._shown["path"] = path.value  # the dialog's own name, not typed

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#path", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        if self.may_close():
            self.dismiss(None)

    def action_save(self) -> None:
        from tracker.reporting.output import atomic_file

        value = self.query_one("#path", Input).value
        if not value.strip():
            self.show_error(t("tui.save_document.empty_path"))
            return
        document = self.chosen
        target = typed_path(value)
        if not target.is_absolute():
            target = self.folder / target
        if target.is_dir():  # a folder: the file goes into it under its own (safe) name
            target = target / self._safe_name(document)
        target = target.resolve()
        if target.exists() and target != self._replace_confirmed:
            self._replace_confirmed = target  # save again to replace it
            self.show_error(t("tui.save_document.exists", path=terminal_str(str(target))))
            return
        try:
            _, content = self.service.evidence_file(document.id)
            with atomic_file(target) as handle:
                handle.write(content)
        except TrackerError as failure:
            self.show_error(error_text(failure))
            return
        self.dismiss(target)
