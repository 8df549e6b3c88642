"""The dialogs that change an item: status, progress note, lead unit, deadline, review.

Each dialog saves through a function the app hands it (which calls the service). A
refused save keeps the dialog open with everything typed, and says why in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets import Label as _Label
from textual.widgets.option_list import Option

from tracker.dates import parse_deadline
from tracker.domain import NOTE_LIMIT, STATUS_ORDER, ConflictError, Decision, InputError, Status, TrackerError
from tracker.i18n import MESSAGES, t
from tracker.output import labels
from tracker.output.cells import terminal_text
from tracker.storage.queries import ItemRow
from tracker.tui.detail import NOTE_LINES, Clipped

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tracker.settings import Settings

Save = Callable[..., ItemRow]


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


class EditDialog(ModalScreen[ItemRow | None]):
    """Common frame: title, the item, fields, an error line, Save and Cancel."""

    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "save", show=False, priority=True),
    ]
    title_key = ""

    def __init__(self, item: ItemRow, save: Save) -> None:
        super().__init__()
        self.item = item
        self.version = item.version
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t(self.title_key), classes="dialog-title")
            yield Static(
                Text.assemble((self.item.key, "bold"), "  ", terminal_text(labels.title(self.item))),
                classes="dialog-item",
            )
            yield from self.fields()
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
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            row = self._save(expected_version=self.version, **self.values())
        except ConflictError as conflict:
            # Keep what was typed; from now on the user saves over the version they were shown.
            self.version = conflict.current_version
            self.show_error(error_text(conflict) + " " + t("tui.conflict_again"))
            host(self).refresh_items()
            return
        except TrackerError as error:
            self.show_error(error_text(error))
            self.focus_for(error)
            return
        self.dismiss(row)

    def focus_for(self, error: TrackerError) -> None:
        """Where to put the cursor after a refused save: the field that was wrong, if known."""

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))
        self.query_one("#error").add_class("shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the last field saves; in an earlier one it moves on."""
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            inputs[inputs.index(event.input) + 1].focus()


class NumberPicker(OptionList):
    """Keys 1..N pick an option and move on to the text field named by `target`. Text typed
    on the list belongs in that field: typed straight after the number, it arrives before
    the focus has moved, and must not be lost."""

    target = ""

    def action_pick(self, index: int) -> None:
        self.highlighted = index
        self.screen.query_one(self.target).focus()

    def on_key(self, event: events.Key) -> None:
        numbers = {str(n) for n in range(1, self.option_count + 1)}
        if event.is_printable and event.character and event.character not in numbers:
            event.stop()
            event.prevent_default()
            field = self.screen.query_one(self.target)
            if isinstance(field, TextArea):
                field.insert(event.character)
            elif isinstance(field, Input):
                field.insert_text_at_cursor(event.character)
            field.focus()


class StatusPicker(NumberPicker):
    """Keys 1-5 pick a status and move on to the note."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(STATUS_ORDER) + 1)]
    target = "#note"


class StatusDialog(EditDialog):
    title_key = "tui.dialog.status"

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
        yield Label(t("tui.label.note_for_status"))
        # Not selected on focus: text forwarded from the list (StatusPicker.on_key) stays put.
        yield Input(placeholder=t("tui.placeholder.note"), max_length=NOTE_LIMIT, id="note", select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one(StatusPicker).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#note", Input).focus()

    def values(self) -> dict[str, object]:
        picker = self.query_one(StatusPicker)
        status = STATUS_ORDER[picker.highlighted or 0]
        return {"status": status, "note": self.query_one("#note", Input).value}


class NoteDialog(EditDialog):
    title_key = "tui.dialog.note"

    def fields(self) -> ComposeResult:
        yield Label(t("field.note"))
        yield Input(placeholder=t("tui.placeholder.note"), max_length=NOTE_LIMIT, id="note")

    def values(self) -> dict[str, object]:
        return {"text": self.query_one("#note", Input).value}


class OwnerDialog(EditDialog):
    title_key = "tui.dialog.owner"

    def __init__(self, item: ItemRow, save: Save, units: list[str]) -> None:
        super().__init__(item, save)
        self.units = units
        self._new_unit_confirmed: str | None = None

    def fields(self) -> ComposeResult:
        yield Label(t("tui.label.owner_now", owner=labels.owner(self.item)))
        yield UnitInput(placeholder=t("tui.placeholder.owner"), suggester=SuggestFromList(self.units), id="owner")
        yield Label(t("tui.label.reason"))
        yield Input(placeholder=t("tui.placeholder.reason"), max_length=NOTE_LIMIT, id="reason")

    def values(self) -> dict[str, object]:
        owner = " ".join(self.query_one("#owner", Input).value.split())
        if owner and owner not in self.units and owner != self._new_unit_confirmed:
            # A unit nobody has used yet is more often a half-typed name than a new unit: ask once.
            self._new_unit_confirmed = owner
            raise InputError("tui.owner_new", owner=owner)
        return {"owner": owner, "reason": self.query_one("#reason", Input).value}

    def focus_for(self, error: TrackerError) -> None:
        if error.key in {"tui.owner_new", "error.owner_empty", "error.same_owner"}:
            self.query_one("#owner", Input).focus()


class UnitInput(Input):
    """Tab takes the grey suggestion (as most completion boxes do), then moves on."""

    BINDINGS = [Binding("tab", "take_suggestion", show=False)]

    def action_take_suggestion(self) -> None:
        if self._suggestion and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
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
        self._discard_asked = False

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

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._discard_asked = False  # typed on: the next Esc asks again

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
        self.query_one("#hint").remove_class("shown")  # the reason given now says more than the hint
        super().show_error(message)

    def action_cancel(self) -> None:
        if self.query_one("#review-note", TextArea).text.strip() and not self._discard_asked:
            self._discard_asked = True
            self.show_error(t("tui.review.discard"))
            return
        self.dismiss(None)
