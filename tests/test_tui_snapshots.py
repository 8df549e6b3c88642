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

from tracker import i18n
from tracker.storage import queries
from tracker.tui.app import ACTIONS, KEY_NAMES, TrackerApp, make_app

from conftest import make_settings

FROZEN_NOW = datetime(2016, 12, 9, 1, 30, tzinfo=UTC)  # 09:30 in Taipei, the report's date


@pytest.fixture
def settings(sqlite_database):
    return replace(make_settings(sqlite_database.target), frozen_now=FROZEN_NOW)


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


def _dialogs(service) -> dict:
    from tracker.domain import Status, Tracking
    from tracker.tui.dialogs import DeadlineDialog, NoteDialog, OwnerDialog, ReviewDialog, StatusDialog
    from tracker.tui.screens import ExportDialog, HelpScreen

    item = _item(service)

    def never_saved(**_):
        raise AssertionError("a snapshot saves nothing")

    def review() -> ReviewDialog:
        service.set_status("3", Status.DONE, "已出席執委會並與馬加智市簽署合作備忘錄，附會議紀錄與照片")
        waited = i18n.t("tui.detail.waiting", days=3, date="2016-12-06")
        return ReviewDialog(_item(service), never_saved, context=Tracking.PENDING.label() + waited)

    return {
        "status": lambda: StatusDialog(item, never_saved),
        "note": lambda: NoteDialog(item, never_saved),
        "owner": lambda: OwnerDialog(item, never_saved, ["新聞局", "秘書處國際事務科"]),
        "deadline": lambda: DeadlineDialog(item, never_saved),
        "review": review,
        "export": lambda: ExportDialog(service),
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
        ("deadline", (80, 24), "zh-TW"),
        ("review", (80, 24), "zh-TW"),
        ("export", (80, 24), "zh-TW"),
        ("help", (80, 24), "zh-TW"),
    ],
    ids=lambda value: f"{value[0]}x{value[1]}" if isinstance(value, tuple) else value,
)
def test_dialog_snapshot(snap_compare, service, dialog, size, lang):
    i18n.set_lang(lang)
    app = DialogHost(service, _dialogs(service)[dialog])
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
