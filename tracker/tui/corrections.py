"""更正: pick an entry of the item's history and correct it openly. The entry stays; a
correction that points at it is appended, and the item gets back the value before it (or
the value typed)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tracker.domain import CORRECTABLE, NOTE_LIMIT, Field, InputError, TrackerError
from tracker.i18n import t
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, ItemRow
from tracker.tui.detail import entry_line
from tracker.tui.dialogs import EditDialog, Label, Save, TypingList

CORRECTABLE_FIELDS = {what.value for what in CORRECTABLE}


def correctable(changes: list[ChangeRow]) -> list[ChangeRow]:
    """The entries a correction may point at (newest first as given); corrected ones stay in the
    list, marked and disabled, so that the user sees why they cannot be picked again."""
    return [change for change in changes if change.field in CORRECTABLE_FIELDS]


def entry_option(change: ChangeRow, settings: Settings) -> Text:
    """One entry on one line; its note, if any, after the line, cut at the edge."""
    line = entry_line(change, settings)
    if change.field == Field.NOTE.value and change.corrects is None and change.note:
        line.append("  ")
        line.append(" ".join(change.note.split()))
    elif change.note and change.field != Field.EVIDENCE.value:
        line.append("  ")
        line.append(" ".join(change.note.split()), style="dim")
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


class EntryList(TypingList):
    """The history entries; text typed here goes to the reason (the list has no keys of its own)."""

    target = "#reason"


class CorrectDialog(EditDialog):
    """The item's correctable entries, newest first; the right value (optional) and why."""

    title_key = "tui.dialog.correct"

    def __init__(self, item: ItemRow, save: Save, changes: list[ChangeRow], settings: Settings) -> None:
        super().__init__(item, save)
        self.changes = correctable(changes)
        self.settings = settings

    def fields(self) -> ComposeResult:
        yield Label(t("tui.correct.pick"))
        entries = EntryList(
            *(
                Option(entry_option(change, self.settings), id=str(change.id), disabled=change.corrected_by is not None)
                for change in self.changes
            ),
            id="entries",
        )
        first = next((n for n, change in enumerate(self.changes) if change.corrected_by is None), None)
        entries.highlighted = first
        yield entries
        yield Label(t("tui.correct.value"), id="value-hint", classes="dim")
        with Horizontal(classes="form-row"):
            yield Label(t("tui.correct.value_label"), classes="form-label")
            yield Input(placeholder=t("tui.correct.placeholder.other"), max_length=NOTE_LIMIT, compact=True, id="value")
        with Horizontal(classes="form-row"):
            yield Label(t("tui.correct.reason_label"), classes="form-label")
            yield Input(placeholder=t("tui.correct.reason"), max_length=NOTE_LIMIT, compact=True, id="reason")

    def on_mount(self) -> None:
        self.query_one(EntryList).focus()
        self._describe(self.chosen)

    @property
    def chosen(self) -> ChangeRow | None:
        index = self.query_one(EntryList).highlighted
        if index is None or self.changes[index].corrected_by is not None:
            return None
        return self.changes[index]

    def _describe(self, change: ChangeRow | None) -> None:
        """The value field says what it takes for the entry picked."""
        label = self.query_one("#value-hint", Label)
        value = self.query_one("#value", Input)
        if change is not None and change.field == Field.NOTE.value:
            label.update(t("tui.correct.value_note"))
            value.placeholder = t("tui.placeholder.note")
            return
        label.update(t("tui.correct.value"))
        field = change.field if change is not None else "other"
        key = f"tui.correct.placeholder.{field}"
        if field == Field.DEADLINE.value:
            value.placeholder = t("tui.placeholder.date")
        else:
            value.placeholder = t(key) if key in _PLACEHOLDERS else t("tui.correct.placeholder.other")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._describe(self.chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#value", Input).focus()

    def values(self) -> dict[str, object]:
        change = self.chosen
        if change is None:
            raise InputError("tui.correct.pick_first")
        typed = self.query_one("#value", Input).value
        return {"change_id": change.id, "why": self.query_one("#reason", Input).value, "value": typed.strip() or None}

    def focus_for(self, error: TrackerError) -> None:
        if error.key == "tui.correct.pick_first":
            self.query_one(EntryList).focus()
        elif error.key in {"error.correction_note_empty", "error.note_too_long"}:
            self.query_one("#reason", Input).focus()
        else:
            self.query_one("#value", Input).focus()


_PLACEHOLDERS = {f"tui.correct.placeholder.{name}" for name in ("status", "adoption", "progress", "supporting_units")}
