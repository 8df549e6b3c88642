"""SVG snapshots: each screen at the size and in the language that proves it.

The main screen at 80×24 (the detail pane under the table, Chinese) and 160×45 (side by
side, English); each dialog alone over an empty screen, so that a change of the main
screen never re-blesses a dialog; help and the summary once each.

"Today" and the clock are frozen through the tracker's own settings (TRACKER_TODAY and
TRACKER_NOW), so the pictures change only when the UI does and no test touches the
history. Update with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from textual.app import App
from textual.screen import Screen
from tui_waits import saves_settle  # noqa: F401 - autouse: pilot keys wait for workers

from tracker import i18n
from tracker.storage import queries
from tracker.tui.app import ACTIONS, KEY_NAMES, TrackerApp, make_app

from conftest import make_settings

FROZEN_NOW = datetime(2016, 12, 9, 1, 30, tzinfo=UTC)  # 09:30 in Taipei, the report's date


@pytest.fixture
def settings(sqlite_database):
    return replace(make_settings(sqlite_database.target), frozen_now=FROZEN_NOW)


def _in_documents(service):
    """The documents folder the dialogs name, the same on every machine (a home-relative path)."""
    from tracker.service import Service

    return Service(service.db, replace(service.settings, documents_dir="~/文件"))


class DialogHost(App):
    """An empty screen with one dialog over it, styled as in the tracker."""

    CSS_PATH = TrackerApp.CSS_PATH

    def __init__(self, service, make_dialog) -> None:
        super().__init__()
        self.settings = service.settings  # dialogs read the date style from the app
        self.make_dialog = make_dialog

    def get_default_screen(self) -> Screen:
        return Screen()

    def on_mount(self) -> None:
        self.push_screen(self.make_dialog())

    def refresh_items(self) -> None:  # what a dialog asks of the tracker's app after a conflict
        pass


def _item(service, number: int = 3):
    with service.db.read() as session:
        return queries.get_item(session, queries.resolve_item_id(session, str(number)))


def _dialogs(service, tmp_path) -> dict:
    from tracker.domain import EvidenceKind, Status, Tracking
    from tracker.tui.corrections import CorrectDialog
    from tracker.tui.dialogs import (
        AdoptionDialog,
        DeadlineDialog,
        NoteDialog,
        OwnerDialog,
        ReviewDialog,
        StatusDialog,
    )
    from tracker.tui.documents import AttachDialog, SaveDocumentDialog
    from tracker.tui.screens import ExportDialog, HelpScreen

    item = _item(service)

    def never_saved(**_):
        raise AssertionError("a snapshot saves nothing")

    def review() -> ReviewDialog:
        service.set_status("3", Status.DONE, "已出席執委會並與馬加智市簽署合作備忘錄，附會議紀錄與照片")
        waited = i18n.t("tui.detail.waiting", days=3, date="2016-12-06")
        return ReviewDialog(_item(service), never_saved, context=Tracking.PENDING.label() + waited)

    def correct() -> CorrectDialog:
        service.set_status("3", Status.IN_PROGRESS, "已報名執委會", progress=40)
        service.assign("3", None, "承辦人異動", officer="曹凱雯", support=["新聞局"])
        wrong = service.set_progress("3", 60, "[/] 誤植")
        with service.db.read() as session:
            changes = queries.history(session, item_id=wrong.id, newest_first=True)
        service.correct(changes[0].id, "應為 50%", "50")
        with service.db.read() as session:
            changes = queries.history(session, item_id=wrong.id, newest_first=True)
        return CorrectDialog(_item(service), never_saved, changes, service.settings)

    def save_document() -> SaveDocumentDialog:
        minutes = tmp_path / "會議紀錄.pdf"
        minutes.write_bytes(b"%PDF-1.4 minutes" * 100)
        photo = tmp_path / "photo [1].jpg"
        photo.write_bytes(b"\xff\xd8\xff\xe0 photo" * 5000)
        service.attach("3", [minutes, photo], "附會議紀錄與照片")
        service.add_reference("3", EvidenceKind.DOC_NO, "府授秘外字第1050123456號")
        _, documents = service.evidence("3")
        files = [d for d in documents if d.kind is EvidenceKind.FILE]
        return SaveDocumentDialog(_in_documents(service), _item(service), files)

    return {
        "status": lambda: StatusDialog(item, never_saved),
        "adoption": lambda: AdoptionDialog(item, never_saved),
        "evidence": lambda: AttachDialog(item, never_saved),
        "save_document": save_document,
        "correct": correct,
        "note": lambda: NoteDialog(item, never_saved),
        "owner": lambda: OwnerDialog(item, never_saved, ["新聞局", "秘書處國際事務科"]),
        "deadline": lambda: DeadlineDialog(item, never_saved),
        "review": review,
        "export": lambda: ExportDialog(_in_documents(service)),
        "help": lambda: HelpScreen(
            [(KEY_NAMES.get(key, key), i18n.t(f"tui.command.{name}")) for key, _, name in ACTIONS]
        ),
    }


@pytest.mark.parametrize(
    ("dialog", "size", "lang"),
    [
        ("status", (80, 24), "zh-TW"),
        ("status", (80, 24), "en"),
        ("note", (80, 24), "zh-TW"),
        ("owner", (80, 24), "zh-TW"),
        ("owner", (80, 24), "en"),
        ("adoption", (80, 24), "zh-TW"),
        ("evidence", (80, 24), "zh-TW"),
        ("save_document", (80, 24), "zh-TW"),
        ("correct", (80, 24), "zh-TW"),
        ("correct", (80, 24), "en"),
        ("deadline", (80, 24), "zh-TW"),
        ("review", (80, 24), "zh-TW"),
        ("export", (80, 24), "zh-TW"),
        ("help", (80, 24), "zh-TW"),
    ],
    ids=lambda value: f"{value[0]}x{value[1]}" if isinstance(value, tuple) else value,
)
def test_dialog_snapshot(snap_compare, service, dialog, size, lang, tmp_path, monkeypatch):
    i18n.set_lang(lang)
    monkeypatch.chdir("/")  # the path dialogs say where relative paths start
    app = DialogHost(service, _dialogs(service, tmp_path)[dialog])
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize(
    ("screen", "keys", "size", "lang"),
    [
        ("main", [], (80, 24), "zh-TW"),
        ("main", [], (160, 45), "en"),
        ("summary", ["w"], (120, 40), "zh-TW"),
    ],
    ids=["main-80x24-zh-TW", "main-160x45-en", "summary-120x40-zh-TW"],
)
def test_screen_snapshot(snap_compare, service, screen, keys, size, lang):
    i18n.set_lang(lang)
    assert snap_compare(make_app(service), press=keys, terminal_size=size, run_before=_settle)


async def _settle(pilot):
    await pilot.pause(0.3)  # the detail pane follows the cursor after a short rest


@pytest.mark.parametrize("keys", [["down", "down"], ["down", "down", "tab", "end"]], ids=["facts", "history"])
def test_detail_with_documents_progress_and_a_correction_snapshot(snap_compare, service, tmp_path, keys):
    """The detail pane of an item with an officer, supporting units, progress, adoption,
    documents (a URL shown as text) and a corrected entry, side by side at 160×45: its
    facts, and its history scrolled to (已更正 and 更正第 N 筆)."""
    from tracker.domain import Adoption, EvidenceKind, Status

    i18n.set_lang("zh-TW")
    minutes = tmp_path / "會議紀錄.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes" * 100)
    service.set_status("3", Status.IN_PROGRESS, "已報名執委會", progress=40)
    service.assign("3", None, "承辦人異動", officer="曹凱雯", support=["新聞局", "農業局"])
    service.adopt("3", Adoption.PARTIAL, "僅出席執委會，不另辦研討會")
    wrong = service.set_progress("3", 60, "誤植")
    with service.db.read() as session:
        latest = queries.history(session, item_id=wrong.id, newest_first=True)[0]
    service.correct(latest.id, "應為 50%", "50")
    service.attach("3", [minutes], "附會議紀錄")
    service.add_reference("3", EvidenceKind.DOC_NO, "府授秘外字第1050123456號")
    service.add_reference("3", EvidenceKind.URL, "https://www.citynet-ap.org/[/x]")
    assert snap_compare(make_app(service), press=keys, terminal_size=(160, 45), run_before=_settle)
