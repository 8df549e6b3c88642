"""The keys that change an item: for each, the dialog it opens and the service call its save makes.

The main screen says which item (the one under the cursor) and hears back the saved row
through `saved`; nothing here knows the table, the view or the other items' rows beyond
what a dialog offers to pick from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.app import App
from textual.notifications import SeverityLevel

from tracker.domain import EvidenceKind, Status, TrackerError, Tracking
from tracker.i18n import t
from tracker.output import labels
from tracker.service import Service
from tracker.storage import queries
from tracker.storage.queries import ItemRow
from tracker.tui.dialogs import (
    AdoptionDialog,
    DeadlineDialog,
    EditDialog,
    NoteDialog,
    OwnerDialog,
    ReviewDialog,
    Save,
    StatusDialog,
    error_text,
)

Saved = Callable[[ItemRow | None, str | None], None]  # the saved row (None: not saved), what to say


class Edits:
    def __init__(self, app: App, service: Service, saved: Saved) -> None:
        self.app = app
        self.service = service
        self.saved = saved

    def _open(self, dialog_class: type[EditDialog], item: ItemRow, save: Save, *extra: list[str]) -> None:
        self.app.push_screen(dialog_class(item, save, *extra), lambda row: self.saved(row, None))

    def _say(self, text: str, *, severity: SeverityLevel = "information", timeout: float = 6) -> None:
        self.app.notify(text, severity=severity, timeout=timeout, markup=False)

    def _report(self, error: TrackerError) -> None:
        self.app.notify(error_text(error), severity="error", timeout=8, markup=False)

    def status(self, item: ItemRow) -> None:
        def save(expected_version: int, status: Status, note: str, progress: int | None) -> ItemRow:
            if status is item.status and progress is not None:  # the same status: only the progress changes
                return self.service.set_progress(item.key, progress, note, expected_version)
            return self.service.set_status(item.key, status, note, expected_version, progress=progress)

        self._open(StatusDialog, item, save)

    def note(self, item: ItemRow) -> None:
        self._open(
            NoteDialog,
            item,
            lambda expected_version, text, progress: self.service.add_note(
                item.key, text, expected_version, progress=progress
            ),
        )

    def owner(self, item: ItemRow, items: Sequence[ItemRow]) -> None:
        """The units and officers of `items` are offered as the fields' suggestions."""
        units = sorted(
            {u for i in items for u in (i.owner_zh, i.owner_en) if u}
            | {u for i in items for s in i.supporting_units for u in (s.get("zh"), s.get("en")) if u}
        )
        officers = sorted({i.officer for i in items if i.officer})
        self.app.push_screen(
            OwnerDialog(
                item,
                lambda expected_version, owner, reason, **more: self.service.assign(
                    item.key, owner, reason, expected_version, **more
                ),
                units,
                officers,
            ),
            lambda row: self.saved(row, None),
        )

    def adoption(self, item: ItemRow) -> None:
        self._open(
            AdoptionDialog,
            item,
            lambda expected_version, adoption, reason: self.service.adopt(item.key, adoption, reason, expected_version),
        )

    def deadline(self, item: ItemRow) -> None:
        self._open(
            DeadlineDialog,
            item,
            lambda expected_version, deadline, reason: self.service.move_deadline(
                item.key, deadline, reason, expected_version
            ),
        )

    def evidence(self, item: ItemRow | None) -> None:
        from tracker.tui.detail import size_text
        from tracker.tui.documents import AttachDialog, typed_path

        if self.app.is_web:  # tracker serve: its path field would list and read the server's files
            self._say(t("web.server_files"), severity="warning", timeout=8)
            return
        if item is None:
            return
        said: list[str] = []

        def save(expected_version: int, kind: EvidenceKind, value: str, note: str) -> ItemRow:
            if kind is EvidenceKind.FILE:
                row, files = self.service.attach(item.key, [typed_path(value)], note, expected_version)
                said[:] = [t("tui.attached", name=f.label, size=size_text(f.size or 0), key=row.key) for f in files]
                return row
            row, _ = self.service.add_reference(item.key, kind, value, note, expected_version)
            said[:] = [t("tui.referenced", kind=kind.label(), key=row.key)]
            return row

        self.app.push_screen(AttachDialog(item, save), lambda row: self.saved(row, "\n".join(said) or None))

    def save_document(self, item: ItemRow | None) -> None:
        from tracker.tui.documents import SaveDocumentDialog

        if self.app.is_web:  # tracker serve: never write into the server's folders
            self._say(t("web.server_files"), severity="warning", timeout=8)
            return
        if item is None:
            return
        try:
            _, documents = self.service.evidence(item.key)
        except TrackerError as error:
            self._report(error)
            return
        files = [document for document in documents if document.kind is EvidenceKind.FILE]
        if not files:
            self._say(t("tui.save_document.none", key=item.key))
            return
        self.app.push_screen(SaveDocumentDialog(self.service, item, files), self._document_saved)

    def _document_saved(self, path: Path | None) -> None:
        if path is not None:
            self._say(t("tui.save_document.done", path=path), timeout=8)

    def correct(self, item: ItemRow) -> None:
        from tracker.tui.corrections import CorrectDialog, correctable

        try:
            with self.service.db.read() as session:
                changes = queries.history(session, item_id=item.id, newest_first=True)
        except TrackerError as error:
            self._report(error)
            return
        if not correctable(changes):
            self._say(t("tui.correct.none", key=item.key))
            return
        said: list[str] = []

        def save(expected_version: int, change_id: int, why: str, value: str | None) -> ItemRow:
            row, _ = self.service.correct(change_id, why, value, item_ref=item.key)
            said[:] = [t("tui.corrected", id=change_id, key=row.key)]
            return row

        self.app.push_screen(
            CorrectDialog(item, save, changes, self.service.settings),
            lambda row: self.saved(row, "".join(said) or None),
        )

    def review(self, item: ItemRow, waiting: str | None) -> None:
        """`waiting`: how long the item has waited for review, in words (the screen knows since when)."""
        self.app.push_screen(
            ReviewDialog(
                item,
                lambda expected_version, decision, note, status: self.service.review(
                    item.key, decision, note, status, expected_version
                ),
                context=waiting,
                hint=self._review_hint(item),
            ),
            lambda row: self.saved(row, None),
        )

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
