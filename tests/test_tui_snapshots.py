"""SVG snapshots of every screen at 80×24 and 120×40, in both languages.

"Today" is frozen through the settings (2016-12-09, the report's date) and the seed's
timestamps are set to a fixed moment in this test's own copy of the database, so the
pictures change only when the UI does. Update with `pytest --snapshot-update`.
"""

import sqlite3

import pytest

from tracker import i18n
from tracker.tui.app import make_app

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh-TW", "en"]
SCREENS = {
    "main": [],
    "status": ["down", "down", "s", "4"],
    "note": ["n"],
    "owner": ["o"],
    "deadline": ["d"],
    "help": ["question_mark"],
    "summary": ["w"],
    "export": ["e"],
}


@pytest.fixture
def fixed_service(service):
    """The seeded database with its timestamps moved to 2016-12-09 09:30 Taipei."""
    path = service.settings.db
    service.db.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER changes_no_update")  # this test copy only
        connection.execute("UPDATE changes SET at = '2016-12-09 01:30:00.000000'")
        connection.execute(
            "UPDATE items SET created_at = '2016-12-09 01:30:00.000000', updated_at = '2016-12-09 01:30:00.000000'"
        )
    return service


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_snapshot(snap_compare, fixed_service, screen, size, lang):
    i18n.set_lang(lang)
    app = make_app(fixed_service)
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size, run_before=_settle)


async def _settle(pilot):
    await pilot.pause(0.3)  # the detail pane follows the cursor after a short rest
