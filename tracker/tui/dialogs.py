"""The dialogs that change an item: status, progress note, lead unit (with officer and
supporting units), deadline, adoption, review.

Each dialog saves through a function the app hands it (which calls the service). A
refused save keeps the dialog open with everything typed, and says why in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.timer import Timer
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets import Label as _Label
from textual.widgets.option_list import Option

from tracker.dates import parse_deadline
from tracker.domain import (
    NOTE_LIMIT,
    STATUS_ORDER,
    Adoption,
    ConflictError,
    Decision,
    InputError,
    Status,
    TrackerError,
    parse_progress,
)
from tracker.i18n import MESSAGES, t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.storage.queries import ItemRow
from tracker.tui.detail import NOTE_LINES, Clipped

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tracker.settings import Settings

Save = Callable[..., ItemRow]
ResultType = TypeVar("ResultType")
WAITING_SHOWN_AFTER = 0.5  # seconds: a save that takes longer is waiting on a lock, and says so


class Label(_Label):
    """A label that never reads its text as markup: owners and titles are user text."""

    def __init__(self, content: str = "", **options) -> None:
        super().__init__(content, markup=False, **options)


def error_text(error: TrackerError) -> str:
    """The TUI's wording where the CLI's would name a command-line option."""
    key = f"tui.{error.key}"
    return t(key, None, **error.params) if key in MESSAGES else str(error)  # None: the current language


@runtime_checkable
class Host(Protocol):
    """What a dialog asks of the app that shows it: TrackerApp, or the snapshot tests' host."""

    @property
    def settings(self) -> Settings: ...

    def refresh_items(self) -> None: ...


def host(node: DOMNode) -> Host:
    """The app `node` is shown in, as a Host (Textual types `node.app` as any App)."""
    app = node.app
    assert isinstance(app, Host), "the dialogs are shown by an app with settings and refresh_items"
    return app


class GuardedDialog(ModalScreen[ResultType]):
    """A dialog that never drops typed text without a word: Esc (or 取消) with text typed first
    says, in the dialog's error line, what would be dropped; the second drops it and says so.
    Empty, or as the dialog filled it: closes at once. No drafts are kept."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}  # each text field's value as the dialog filled it
        self._discard_asked = False

    def on_mount(self) -> None:
        self.remember_shown()

    def remember_shown(self) -> None:
        """What the fields hold before the user types: Esc asks only when something differs."""
        self._shown = {field.id: _field_text(field) for field in self._text_fields() if field.id}

    def _text_fields(self) -> list[Input | TextArea]:
        return [field for field in self.query("Input, TextArea") if isinstance(field, Input | TextArea)]

    def typed(self) -> list[str]:
        """The text typed into the dialog that a cancel would drop."""
        return [
            _field_text(field).strip()
            for field in self._text_fields()
            if field.id and _field_text(field).strip() and _field_text(field) != self._shown.get(field.id, "")
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        self._discard_asked = False  # typed on: the next Esc asks again

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._discard_asked = False

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))
        self.query_one("#error").set_class(bool(message), "shown")

    def may_close(self) -> bool:
        typed = self.typed()
        if typed and not self._discard_asked:
            self._discard_asked = True
            self.show_error(t("tui.discard.ask", text=_clip(" / ".join(typed))))
            return False
        if typed:
            self.app.notify(t("tui.discard.done", text=_clip(" / ".join(typed))), timeout=6, markup=False)
        return True


class EditDialog(GuardedDialog[ItemRow | None]):
    """Common frame: title, the item, fields, an error line, Save and Cancel."""

    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "save", show=False, priority=True),
        Binding("shift+tab", "focus_back", show=False),
    ]
    title_key = ""
    enter_saves = False  # Enter in any field saves

    def __init__(self, item: ItemRow, save: Save) -> None:
        super().__init__()
        self.item = item
        self.version = item.version
        self._save = save
        self._last_field: str | None = None  # the text field typing goes back to
        self.saving = False  # a save is on its way to the database
        self._stopped_waiting = False
        self._wait_timer: Timer | None = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input | TextArea) and event.widget.id:
            self._last_field = event.widget.id

    def on_key(self, event: events.Key) -> None:
        """Text typed while a button has the focus goes to the field last typed in, spaces
        too: a sentence typed on 儲存 must not press it at its first space (Enter does)."""
        if not isinstance(self.focused, Button) or not event.is_printable or not event.character:
            return
        fields = self._text_fields()
        field = next((f for f in fields if f.id == self._last_field), fields[0] if fields else None)
        if field is None:
            return
        event.stop()
        event.prevent_default()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)
            field.insert(event.character)
        else:
            field.select_on_focus = False  # selecting all on focus would let the next key replace it
            field.cursor_position = len(field.value)
            field.insert_text_at_cursor(event.character)
        field.focus()

    def action_focus_back(self) -> None:
        """Shift+Tab stops at the first field: wrapping round to 取消 would put Enter where
        typing is lost."""
        chain = self.focus_chain
        if chain and self.focused is chain[0]:
            self.app.bell()
            return
        self.focus_previous()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t(self.title_key), classes="dialog-title")
            yield Static(
                Text.assemble((self.item.key, "bold"), "  ", terminal_text(labels.title(self.item))),
                classes="dialog-item",
            )
            yield from self.fields()
            yield Static("", id="state", classes="dialog-hint")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.button.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.button.cancel"), id="cancel", compact=True)

    def fields(self) -> ComposeResult:
        """Each dialog's own fields."""
        return iter(())

    def values(self) -> dict[str, object]:
        """The typed values as the save function's arguments; may raise TrackerError."""
        return {}

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Empty, or as it was filled: closes at once. With text typed: the first Esc (or 取消)
        says what would be dropped; the second drops it, and says so. While a save waits on a
        locked database, Esc first stops waiting and keeps the dialog."""
        if self.saving and not self._stopped_waiting:
            self._stopped_waiting = True
            self.show_state(t("tui.saving.stopped"))
            return
        if self.may_close():
            self.dismiss(None)

    def action_save(self) -> None:
        """Check what was typed here, then write on a worker thread: the screen never waits on
        the database. "Saving…" is shown; a database locked by another writer shows that it is
        waiting, and Esc stops waiting with everything typed kept."""
        if self.saving:
            self.show_state(t("tui.saving.still"))
            return
        try:
            values = self.values()
        except TrackerError as error:
            self.show_error(error_text(error))
            self.focus_for(error)
            return
        self.saving = True
        self._stopped_waiting = False
        self.show_error("")
        self.show_state(t("tui.saving.now"))
        self._wait_timer = self.set_timer(WAITING_SHOWN_AFTER, self._show_waiting)
        self._write(values, self.version)

    @work(thread=True, group="save", exit_on_error=False)
    def _write(self, values: dict[str, object], version: int) -> None:
        try:
            row = self._save(expected_version=version, **values)
        except TrackerError as error:
            self.app.call_from_thread(self._not_saved, error, None)
        except Exception as error:  # noqa: BLE001 - a fault of the tracker: said, and the dialog kept
            self.app.call_from_thread(self._not_saved, None, str(error) or type(error).__name__)
        else:
            self.app.call_from_thread(self._written, row)

    def _show_waiting(self) -> None:
        if self.saving and not self._stopped_waiting:
            self.show_state(t("tui.saving.waiting"))

    def _done_saving(self) -> None:
        self.saving = False
        if self._wait_timer is not None:
            self._wait_timer.stop()
        if self.is_attached:
            self.show_state("")

    def _written(self, row: ItemRow) -> None:
        self._done_saving()
        if not self.is_attached or self.app.screen is not self:  # discarded while it waited: it was saved all the same
            self.app.notify(t("tui.saving.after_all", key=row.key, version=row.version), timeout=8, markup=False)
            host(self).refresh_items()
            return
        self.dismiss(row)

    def _not_saved(self, error: TrackerError | None, fault: str | None) -> None:
        self._done_saving()
        if not self.is_attached:
            return
        if isinstance(error, ConflictError):
            # Keep what was typed; from now on the user saves over the version they were shown.
            self.version = error.current_version
            self.show_error(error_text(error) + " " + t("tui.conflict_again"))
            host(self).refresh_items()
            self.conflicted()
            return
        if error is not None:
            self.show_error(error_text(error))
            self.focus_for(error)
        else:
            self.show_error(fault or "")

    def conflicted(self) -> None:
        """After a colleague's change: a dialog that shows the item's state shows the new one."""

    def show_state(self, message: str) -> None:
        state = self.query_one("#state", Static)
        state.update(Text(message))
        state.set_class(bool(message), "shown")

    def focus_for(self, error: TrackerError) -> None:
        """Where to put the cursor after a refused save: the field that was wrong, if known."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the last field saves; in an earlier one it moves on (or saves too, in a
        dialog whose later fields may be left as they are)."""
        event.stop()
        fields = self._text_fields()
        if event.input is fields[-1] or self.enter_saves:
            self.action_save()
        else:
            fields[fields.index(event.input) + 1].focus()


def _field_text(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value


def _clip(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TypingList(OptionList):
    """A list whose printable keys belong in the text field named by `target`: typed while
    the list has the focus, they go there (with the focus) instead of being lost."""

    target = ""

    def keeps(self, character: str) -> bool:
        """A key the list itself acts on."""
        return False

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and not self.keeps(event.character):
            event.stop()
            event.prevent_default()
            field = self.screen.query_one(self.target)
            if isinstance(field, TextArea):
                field.insert(event.character)
            elif isinstance(field, Input):
                field.insert_text_at_cursor(event.character)
            field.focus()


class NumberPicker(TypingList):
    """Keys 1..N pick an option and move on to the text field named by `target`. Text typed
    on the list belongs in that field: typed straight after the number, it arrives before
    the focus has moved, and must not be lost."""

    def action_pick(self, index: int) -> None:
        self.highlighted = index
        self.screen.query_one(self.target).focus()

    def keeps(self, character: str) -> bool:
        return character in {str(n) for n in range(1, self.option_count + 1)}


class StatusPicker(NumberPicker):
    """Keys 1-5 pick a status and move on to the note."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(STATUS_ORDER) + 1)]
    target = "#note"


class NoteArea(TextArea):
    """A progress note of several lines, as notes often are: it grows with its text (then
    scrolls), Enter starts a new line, a pasted paragraph arrives whole, Ctrl+S saves (the
    label above says so). Tab leaves it, as in every other field."""

    def __init__(self, *, id: str, placeholder: str = "") -> None:
        super().__init__(id=id, placeholder=placeholder, compact=True, soft_wrap=True, tab_behavior="focus")
        self.add_class("note-area")

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text


def progress_row(value: int) -> ComposeResult:
    """執行進度 on one line: the field, pre-filled, and what the rules are."""
    with Horizontal(classes="form-row"):
        yield Label(t("tui.label.progress"), classes="form-label")
        yield Input(str(value), max_length=4, compact=True, id="progress", classes="progress")
        yield Label(t("tui.label.progress_hint"), classes="form-hint")


def typed_progress(dialog: EditDialog, shown: str) -> int | None:
    """The progress typed, or None when the field still holds what the dialog put there (the
    service then keeps or derives it: 已完成 100, 未辦理 0)."""
    typed = dialog.query_one("#progress", Input).value.strip()
    return None if typed == shown else parse_progress(typed)


class StatusDialog(EditDialog):
    title_key = "tui.dialog.status"

    def __init__(self, item: ItemRow, save: Save) -> None:
        super().__init__(item, save)
        self._progress_shown = str(item.progress)  # what the field says until the user types

    def fields(self) -> ComposeResult:
        current = t("tui.label.current")
        picker = StatusPicker(
            *(
                Option(Text(f"{n}  {s.label()}{current if s is self.item.status else ''}"), id=s.value)
                for n, s in enumerate(STATUS_ORDER, start=1)
            ),
            id="status",
        )
        picker.highlighted = STATUS_ORDER.index(self.item.status)
        yield Label(t("tui.label.status_keys"))
        yield picker
        yield from progress_row(self.item.progress)
        yield Label(t("tui.label.note_for_status"))
        yield NoteArea(placeholder=t("tui.placeholder.note"), id="note")

    def on_mount(self) -> None:
        self.query_one(StatusPicker).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#note", NoteArea).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """已完成 is 100% and 未辦理 0%: the field follows the status picked, until the user types in it."""
        event.stop()
        field = self.query_one("#progress", Input)
        if field.value.strip() != self._progress_shown:
            return
        status = STATUS_ORDER[event.option_index]
        implied = {Status.DONE: 100, Status.NOT_STARTED: 0}.get(status, self.item.progress)
        self._progress_shown = field.value = str(implied)

    def conflicted(self) -> None:
        """The item's current status is now a colleague's: the list marks that one."""
        fresh = getattr(self.app, "current_item", lambda key: None)(self.item.key)
        if fresh is None:
            return
        self.item = fresh
        current = t("tui.label.current")
        picker = self.query_one(StatusPicker)
        for n, status in enumerate(STATUS_ORDER):
            mark = current if status is fresh.status else ""
            picker.replace_option_prompt_at_index(n, Text(f"{n + 1}  {status.label()}{mark}"))

    def values(self) -> dict[str, object]:
        picker = self.query_one(StatusPicker)
        status = STATUS_ORDER[picker.highlighted or 0]
        return {
            "status": status,
            "note": self.query_one("#note", NoteArea).text,
            "progress": typed_progress(self, self._progress_shown),
        }

    def focus_for(self, error: TrackerError) -> None:
        if error.key.startswith("error.progress") and error.key != "error.progress_reason":
            self.query_one("#progress", Input).focus()
        elif error.key in {"error.close_note_empty", "error.progress_reason", "error.note_too_long"}:
            self.query_one("#note", NoteArea).focus()


class NoteDialog(EditDialog):
    title_key = "tui.dialog.note"
    enter_saves = True  # the note is what the dialog is for; the progress may stay

    def fields(self) -> ComposeResult:
        yield Label(t("tui.label.note_enter"))
        yield NoteArea(placeholder=t("tui.placeholder.note"), id="note")
        yield from progress_row(self.item.progress)

    def values(self) -> dict[str, object]:
        return {
            "text": self.query_one("#note", NoteArea).text,
            "progress": typed_progress(self, str(self.item.progress)),
        }

    def focus_for(self, error: TrackerError) -> None:
        if error.key.startswith("error.progress") and error.key != "error.progress_reason":
            self.query_one("#progress", Input).focus()
        else:
            self.query_one("#note", NoteArea).focus()


UNIT_SEPARATORS = re.compile(r"[、,，;；]")


def split_units(text: str) -> list[str]:
    """協辦單位 as typed: separated by 、 or commas; blanks and repeats dropped, order kept."""
    return list(dict.fromkeys(" ".join(part.split()) for part in UNIT_SEPARATORS.split(text) if part.strip()))


class UnitListSuggester(Suggester):
    """Completes the last unit of a list typed as 農業局、新聞… from the units in use."""

    def __init__(self, units: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.units = units

    async def get_suggestion(self, value: str) -> str | None:
        head, last = _split_last(value)
        typed = last.lstrip()
        if not typed:
            return None
        folded = typed.casefold()
        taken = {name.casefold() for name in split_units(head)}
        for unit in self.units:
            if unit.casefold().startswith(folded) and unit.casefold() not in taken:
                return value[: len(value) - len(typed)] + unit
        return None


def _split_last(value: str) -> tuple[str, str]:
    found = list(UNIT_SEPARATORS.finditer(value))
    cut = found[-1].end() if found else 0
    return value[:cut], value[cut:]


class OwnerDialog(EditDialog):
    """The lead unit, the officer (承辦人) and the supporting units (協辦單位), each pre-filled;
    only what was edited is saved, with one reason for all."""

    title_key = "tui.dialog.owner"

    def __init__(self, item: ItemRow, save: Save, units: list[str], officers: list[str] | None = None) -> None:
        super().__init__(item, save)
        self.units = units
        self.officers = officers or []
        self._new_unit_confirmed: set[str] = set()
        self._support_shown = "、".join(u["zh"] for u in item.supporting_units)

    def fields(self) -> ComposeResult:
        yield Label(t("tui.label.owner_hint"), classes="dim")
        with Horizontal(classes="form-row"):
            yield Label(t("tui.label.owner"), classes="form-label")
            yield UnitInput(
                self.item.owner_zh,
                placeholder=t("tui.placeholder.owner"),
                suggester=SuggestFromList(self.units),
                compact=True,
                id="owner",
            )
        with Horizontal(classes="form-row"):
            yield Label(t("tui.label.officer"), classes="form-label")
            yield UnitInput(
                self.item.officer or "",
                placeholder=t("tui.placeholder.officer"),
                suggester=SuggestFromList(self.officers),
                compact=True,
                id="officer",
            )
        with Horizontal(classes="form-row"):
            yield Label(t("tui.label.support"), classes="form-label")
            yield UnitInput(
                self._support_shown,
                placeholder=t("tui.placeholder.support"),
                suggester=UnitListSuggester(self.units),
                compact=True,
                id="support",
            )
        with Horizontal(classes="form-row"):
            yield Label(t("tui.label.reason_short"), classes="form-label")
            yield Input(
                placeholder=t("tui.placeholder.reason_required"), max_length=NOTE_LIMIT, compact=True, id="reason"
            )

    def values(self) -> dict[str, object]:
        item = self.item
        values: dict[str, object] = {"owner": None, "reason": self.query_one("#reason", Input).value}
        owner = " ".join(self.query_one("#owner", Input).value.split())
        if owner != item.owner_zh and (not item.owner_en or owner.casefold() != item.owner_en.casefold()):
            self._check_new(owner)
            values["owner"] = owner
        officer = " ".join(self.query_one("#officer", Input).value.split())
        if officer != (item.officer or ""):
            if officer:
                values["officer"] = officer
            else:
                values["clear_officer"] = True
        typed = self.query_one("#support", Input).value
        if split_units(typed) != split_units(self._support_shown):
            support = split_units(typed)
            for name in support:
                self._check_new(name)
            values["support"] = support
        if len(values) == 2 and values["owner"] is None:
            raise InputError("error.assign_nothing")
        return values

    def _check_new(self, unit: str) -> None:
        """A unit nobody has used yet is more often a half-typed name than a new unit: ask once."""
        if unit and unit not in self.units and unit not in self._new_unit_confirmed:
            self._new_unit_confirmed.add(unit)
            raise InputError("tui.owner_new", owner=unit)

    def focus_for(self, error: TrackerError) -> None:
        if error.key in {"tui.owner_new", "error.owner_empty", "error.same_owner", "error.assign_nothing"}:
            field = (
                "#support"
                if error.params.get("owner") in split_units(self.query_one("#support", Input).value)
                else "#owner"
            )
            self.query_one(field, Input).focus()
        elif error.key in {"error.reason_empty", "error.note_too_long"}:
            self.query_one("#reason", Input).focus()


class UnitInput(Input):
    """Tab takes the grey suggestion (as most completion boxes do), then moves on."""

    BINDINGS = [Binding("tab", "take_suggestion", show=False)]

    def action_take_suggestion(self) -> None:
        """One Tab takes the suggestion and stays (to check it, or type on); the next moves on."""
        if self._suggestion and self.cursor_at_end and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
            return
        self.screen.focus_next()


class DeadlineDialog(EditDialog):
    title_key = "tui.dialog.deadline"

    def fields(self) -> ComposeResult:
        roc = host(self).settings.roc
        current = labels.day(self.item.deadline, roc)
        original = labels.day(self.item.original_deadline, roc)
        yield Label(t("tui.label.deadline_now", deadline=current, original=original))
        yield Input(placeholder=t("tui.placeholder.date"), id="deadline")
        yield Label(t("tui.label.reason"))
        yield Input(placeholder=t("tui.placeholder.reason"), max_length=NOTE_LIMIT, id="reason")

    def values(self) -> dict[str, object]:
        deadline = parse_deadline(self.query_one("#deadline", Input).value)
        return {"deadline": deadline, "reason": self.query_one("#reason", Input).value}

    def focus_for(self, error: TrackerError) -> None:
        if error.key.endswith("_date") or error.key == "error.same_deadline":
            self.query_one("#deadline", Input).focus()


ADOPTIONS = tuple(Adoption)  # 1 adopted, 2 partly, 3 not adopted


class AdoptionPicker(NumberPicker):
    """Keys 1-3 pick the adoption and move on to the reason."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(ADOPTIONS) + 1)]
    target = "#reason"


class AdoptionDialog(EditDialog):
    """採行, 部分採行 or 不採行, with a reason. 不採行 also sets the status to 不採行 and asks for
    release, in the same save (the option says so)."""

    title_key = "tui.dialog.adoption"

    def fields(self) -> ComposeResult:
        current = t("tui.label.current")
        picker = AdoptionPicker(
            *(
                Option(
                    Text(f"{n}  {t(f'tui.adoption.option.{a.value}')}{current if a is self.item.adoption else ''}"),
                    id=a.value,
                )
                for n, a in enumerate(ADOPTIONS, start=1)
            ),
            id="adoption",
        )
        picker.highlighted = ADOPTIONS.index(self.item.adoption)
        yield Label(t("tui.label.adoption_keys"))
        yield picker
        yield Label(t("tui.label.reason"))
        yield Input(placeholder=t("tui.placeholder.reason"), max_length=NOTE_LIMIT, id="reason", select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one(AdoptionPicker).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#reason", Input).focus()

    def values(self) -> dict[str, object]:
        picked = self.query_one(AdoptionPicker).highlighted
        return {"adoption": ADOPTIONS[picked or 0], "reason": self.query_one("#reason", Input).value}

    def focus_for(self, error: TrackerError) -> None:
        if error.key in {"error.same_adoption", "error.adoption_done"}:
            self.query_one(AdoptionPicker).focus()
        else:
            self.query_one("#reason", Input).focus()


DECISIONS = tuple(Decision)  # 1 release, 2 return, 3 withdraw
# Where a returned item's work goes back to: in progress unless the reviewer says otherwise.
RETURN_STATUSES = (Status.IN_PROGRESS, Status.NOT_STARTED, Status.ON_HOLD)


class DecisionPicker(NumberPicker):
    """Keys 1-3 pick a decision and move on to the comments."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(DECISIONS) + 1)]
    target = "#review-note"


class ReviewDialog(EditDialog):
    """A reviewer's decision: release, return (with the status the work goes back to) or
    withdraw, with comments. Nothing is chosen at first, so that a save never releases an
    item by default. Esc with comments typed asks first: a second Esc discards them."""

    title_key = "tui.dialog.review"

    def __init__(self, item: ItemRow, save: Save, context: str | None = None, hint: str | None = None) -> None:
        super().__init__(item, save)
        self.context = context  # the follow-up state with how long it has waited (待審（已等 3 天…）)
        self.hint = hint  # said before anything is typed: not a reviewer, not awaiting review

    def fields(self) -> ComposeResult:
        level = self.item.level.label()
        tracking = self.context or self.item.tracking.label()
        yield Label(t("tui.review.now", tracking=tracking, status=self.item.status.label(), level=level))
        if self.item.last_note:
            request = Table.grid()
            request.add_column(no_wrap=True)
            request.add_column()
            request.add_row(Text(t("tui.review.request")), Clipped(self.item.last_note, NOTE_LINES))
            yield Static(request, classes="review-request")
        yield Static(Text(self.hint or ""), id="hint", classes="dialog-hint" + (" shown" if self.hint else ""))
        yield Label(t("tui.label.decision_keys"))
        yield DecisionPicker(
            *(
                Option(Text(f"{n}  {t(f'tui.review.option.{decision.value}')}"), id=decision.value)
                for n, decision in enumerate(DECISIONS, start=1)
            ),
            id="decision",
        )
        yield Label(t("tui.label.review_note"))
        yield TextArea(id="review-note", placeholder=t("tui.placeholder.review"), compact=True)
        with Horizontal(classes="review-status"):
            yield Label(t("tui.label.return_status"))
            yield Select(
                [(status.label(), status.value) for status in RETURN_STATUSES],
                value=RETURN_STATUSES[0].value,
                allow_blank=False,
                compact=True,
                disabled=True,
                id="return-status",
            )

    def on_mount(self) -> None:
        picker = self.query_one(DecisionPicker)
        picker.highlighted = None  # OptionList starts on its first option: here that would be a release
        picker.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.query_one("#return-status", Select).disabled = event.option_id != Decision.RETURN.value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#review-note", TextArea).focus()

    def values(self) -> dict[str, object]:
        picked = self.query_one(DecisionPicker).highlighted
        if picked is None:
            raise InputError("tui.review.pick")
        decision = DECISIONS[picked]
        status = None
        if decision is Decision.RETURN:
            status = Status(str(self.query_one("#return-status", Select).value))
        return {"decision": decision, "note": self.query_one("#review-note", TextArea).text, "status": status}

    def focus_for(self, error: TrackerError) -> None:
        if error.key == "tui.review.pick":
            self.query_one(DecisionPicker).focus()
        elif error.key in {"error.review_note_empty", "error.note_too_long"}:
            self.query_one("#review-note", TextArea).focus()

    def show_error(self, message: str) -> None:
        if message:
            self.query_one("#hint").remove_class("shown")  # the reason given now says more than the hint
        super().show_error(message)
