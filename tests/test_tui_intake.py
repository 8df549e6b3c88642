"""讀入出國報告 in the UI: path, preview, then import (or a draft), checking the database after."""

import asyncio
import shutil
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static
from tui_waits import saves_settle  # noqa: F401 - autouse: pilot keys wait for saves

from tracker.storage import queries
from tracker.tui.app import make_app
from tracker.tui.intake import IntakeScreen

pytestmark = pytest.mark.backends("sqlite")
REPORT = Path(__file__).parent / "data" / "report-2016-uclg-aspac-jeollabuk-do.txt"


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _wait_idle(app, pilot, screen):
    for _ in range(200):
        await pilot.pause(0.05)
        if not getattr(screen, "busy", False):
            return


def test_intake_screen_reads_previews_and_imports(service, tmp_path):
    report = tmp_path / "aspac2016.txt"
    shutil.copy(REPORT, report)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("i")
            screen = app.screen
            assert isinstance(screen, IntakeScreen)
            screen.query_one("#path", Input).value = str(report)
            await pilot.press("enter")
            await _wait_idle(app, pilot, screen)
            preview = _text(app, "#preview-body")
            assert "aspac2016" in preview and "8" in _text(app, "#state")
            assert not screen.query_one("#import", Button).disabled
            await pilot.press("ctrl+s")
            for _ in range(200):
                await pilot.pause(0.05)
                if app.screen is not screen:
                    break
            assert app.screen is not screen
            main = app.screen
            assert "aspac2016" in {key for key, _ in main.reports}  # the table reloaded
            subtitle = app.sub_title
            await pilot.press("p")  # two reports now: one at a time, named in the header
            assert main.view.report == "aspac2016" and app.sub_title != subtitle
            assert {item.report_key for item in main.shown} == {"aspac2016"} and len(main.shown) == 8
            await pilot.press("p", "p")  # the other report, then all again
            assert main.view.report is None and len(main.shown) == 16
        with service.db.read() as session:
            items = [i for i in queries.list_items(session) if i.key.startswith("aspac2016")]
        assert len(items) == 8

    asyncio.run(scenario())


def test_intake_errors_are_shown_in_place_and_a_draft_can_be_written(service, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DOCUMENTS_DIR", str(tmp_path / "docs"))
    missing = tmp_path / "nothing.txt"
    report = tmp_path / "aspac2016.txt"
    shutil.copy(REPORT, report)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            screen = app.screen
            screen.query_one("#path", Input).value = str(missing)
            await pilot.press("enter")
            await _wait_idle(app, pilot, screen)
            assert "nothing.txt" in _text(app, "#error")
            assert app.screen is screen
            screen.query_one("#path", Input).value = str(report)
            await pilot.press("enter")
            await _wait_idle(app, pilot, screen)
            draft = tmp_path / "draft.yaml"
            screen.query_one("#draft", Input).value = str(draft)
            screen.query_one("#draft", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is not screen
            assert draft.read_text(encoding="utf-8").count("number:") == 8
        with service.db.read() as session:
            assert not [i for i in queries.list_items(session) if i.key.startswith("aspac2016")]

    asyncio.run(scenario())
