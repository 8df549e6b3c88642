"""The terminal UI driven as staff drive it (Textual Pilot), checking what each action wrote."""

import asyncio
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from textual.widgets import DataTable, Input, Static

from tracker import i18n
from tracker.domain import Status
from tracker.storage import queries
from tracker.tui.app import make_app

from conftest import as_user, recorded

# The UI's database work is the service's and the queries', tested on both backends
# elsewhere; here SQLite, with PostgreSQL smoke tests marked below.
pytestmark = pytest.mark.backends("sqlite")
BOTH_BACKENDS = pytest.mark.backends("sqlite", "postgresql")


def run(coro):
    return asyncio.run(coro)


def _item(service, ref):
    with service.db.read() as session:
        return queries.get_item(session, queries.resolve_item_id(session, ref))


def _history(service, ref):
    with service.db.read() as session:
        return queries.history(session, item_id=queries.resolve_item_id(session, ref))


def _table(app) -> DataTable:
    return app.query_one("#items", DataTable)


def _row_keys(app) -> list[str]:
    table = _table(app)
    return [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]


def _cli(service, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({"TRACKER_USER": "王小明", "TRACKER_CONFIG": "/nonexistent/config.toml"})
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", service.settings.db, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def _plain(renderable) -> str:
    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(width=100, record=True, file=sink)
        console.print(renderable)
        return console.export_text()


async def _goto(pilot, app, key):
    table = _table(app)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


@BOTH_BACKENDS
def test_set_status_with_keys_writes_item_and_history(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("s", "2")
            assert app.screen.query_one("#note", Input).has_focus  # 1-5 pick and move on to the note
            await pilot.press(*"registered", "enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            cells = _table(app).get_row("uclg16-3")
            assert str(cells[-1]) == "辦理中"

    run(scenario())
    item = _item(service, "uclg16-3")
    assert (item.status, item.version, item.last_note) == (Status.IN_PROGRESS, 2, "registered")
    change = _history(service, "uclg16-3")[-1]
    assert (change.field, change.old, change.new, change.by) == (
        "status",
        "not_started",
        "in_progress",
        recorded(service, "tester"),
    )


def test_closing_without_a_note_is_refused_inside_the_dialog(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-1")
            await pilot.press("s", "4", "enter")
            await pilot.pause()
            error = app.screen.query_one("#error", Static)
            assert "結案需要說明" in str(error.render())
            assert _item(service, "uclg16-1").version == 1
            app.screen.query_one("#note", Input).value = "已出席波哥大大會並連任"
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario())
    item = _item(service, "uclg16-1")
    assert item.status is Status.DONE and item.last_note == "已出席波哥大大會並連任"


def test_escape_cancels_and_writes_nothing(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n", *"draft", "escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-1").version == 1


def test_bad_date_in_the_deadline_dialog_is_explained_in_place(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-8")
            await pilot.press("d", *"2017-02-30", "enter", *"reprint", "enter")
            await pilot.pause()
            assert "不存在" in str(app.screen.query_one("#error", Static).render())
            assert _item(service, "uclg16-8").version == 1
            assert app.screen.query_one("#deadline", Input).has_focus  # back to the field that was wrong
            app.screen.query_one("#deadline", Input).value = "106年2月28日"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    item = _item(service, "uclg16-8")
    assert (item.deadline, item.original_deadline) == (date(2017, 2, 28), date(2017, 1, 31))
    assert _history(service, "uclg16-8")[-1].note == "reprint"


def test_owner_change_needs_a_reason(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-8")
            await pilot.press("o")
            app.screen.query_one("#owner", Input).value = "新聞局"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "理由" in str(app.screen.query_one("#error", Static).render())
            app.screen.query_one("#reason", Input).value = "名片由新聞局統一印製"
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario())
    assert _item(service, "uclg16-8").owner_zh == "新聞局"


def test_a_save_over_a_colleagues_newer_change_is_refused_and_the_text_kept(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("n", *"my note")
            _cli(service, "status", "3", "on_hold", "--note", "wait for CityNet")  # a second process
            await pilot.press("enter")
            await pilot.pause()
            message = str(app.screen.query_one("#error", Static).render())
            assert "王小明" in message and "辦理狀態" in message
            assert app.screen.query_one("#note", Input).value == "my note"
            assert str(_table(app).get_row("uclg16-3")[-1]) == "暫緩辦理"  # the fresh state is shown
            await pilot.press("enter")  # seen it: save again on top of the fresh version
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert [c.field for c in _history(service, "uclg16-3")] == ["created", "status", "note"]


@BOTH_BACKENDS
def test_a_change_made_elsewhere_shows_up_and_the_cursor_stays(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-5")
            _cli(service, "status", "2", "in_progress")
            for _ in range(30):  # up to 3 s; the UI polls every second
                await pilot.pause(0.1)
                if str(_table(app).get_row("uclg16-2")[-1]) == "辦理中":
                    break
            assert str(_table(app).get_row("uclg16-2")[-1]) == "辦理中"
            assert app.main.selected_key() == "uclg16-5"

    run(scenario())


def test_filters_search_and_sort(service):
    settings = replace(service.settings, frozen_today=date(2016, 11, 20))
    as_user(service, "x").set_status("7", Status.DONE, "已完成英文文宣")
    service.settings = settings

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            assert len(_row_keys(app)) == 8
            await pilot.press("f")  # overdue
            assert _row_keys(app) == ["uclg16-1", "uclg16-2"]
            assert "逾期" in str(app.query_one("#counts", Static).render())
            await pilot.press("f")  # due within 7 days
            assert _row_keys(app) == ["uclg16-3"]
            await pilot.press("f")  # open
            assert "uclg16-7" not in _row_keys(app) and len(_row_keys(app)) == 7
            for _ in range(len(("all", "overdue", "due_soon", "open", 1, 2, 3, 4, 5)) - 3):
                await pilot.press("f")
            assert len(_row_keys(app)) == 8  # back to all
            await pilot.press("u")  # first lead unit in order
            assert set(_row_keys(app)) <= {f"uclg16-{n}" for n in range(1, 9)} and len(_row_keys(app)) in (1, 7)
            await pilot.press("u", "u")
            assert len(_row_keys(app)) == 8
            await pilot.press("slash")
            app.query_one("#search", Input).value = "花博"
            await pilot.pause()
            assert _row_keys(app) == ["uclg16-7", "uclg16-8"]
            await pilot.press("escape")
            assert len(_row_keys(app)) == 8
            await pilot.press("t")  # by deadline
            assert _row_keys(app)[:3] == ["uclg16-1", "uclg16-2", "uclg16-3"]
            assert _row_keys(app)[-1] == "uclg16-6"

    run(scenario())


def test_markup_and_escape_sequences_are_inert(service):
    nasty = "[bold red]x[/ [/] \x1b]0;pwned\x07 \x1b[2J 🎉 \u202eevil"

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n")
            app.screen.query_one("#note", Input).value = nasty
            await pilot.press("enter")
            await pilot.pause()
            detail = _plain(app.query_one("#detail", Static).content)
            assert "[bold red]x[/ [/]" in detail and "\x1b" not in detail and "pwned" not in detail

    run(scenario())
    assert _item(service, "uclg16-1").last_note == "[bold red]x[/ [/]   🎉 evil"


def test_english_and_resizing(service):
    i18n.set_lang("en")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            assert "narrow" in app.screen.classes
            labels = [str(c.label) for c in _table(app).columns.values()]
            assert labels[:2] == ["Key", "Recommendation"] and "Lead unit" not in labels
            await pilot.resize_terminal(160, 40)
            await pilot.pause(0.3)
            assert "narrow" not in app.screen.classes
            labels = [str(c.label) for c in _table(app).columns.values()]
            assert "Lead unit" in labels
            assert any(b.description == "Status" for b in app.main.BINDINGS)

    run(scenario())


def test_help_screen(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())


def test_weekly_summary_screen(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("w")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "SummaryScreen"
            text = _plain(app.screen.query_one("#summary-body", Static).content)
            assert "uclg16-1" in text  # overdue on 2016-12-09
            await pilot.press("s")  # the main screen's keys do not act under the summary
            await pilot.pause()
            assert app.screen.__class__.__name__ == "SummaryScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())


def test_export_writes_the_file_and_shows_its_path(service, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "進度表.xlsx"

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            path = app.screen.query_one("#path", Input)
            path.value = str(target)
            path.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any(str(target) in n.message for n in app._notifications)

    run(scenario())
    sheet = load_workbook(target).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "派員出席波哥大UCLG世界大會爭取連任" in values


def test_export_to_an_unwritable_place_says_so_in_the_dialog(service, tmp_path):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = str(tmp_path / "missing-dir" / "x.xlsx")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "ExportDialog"
            assert str(app.screen.query_one("#error", Static).render()).strip()

    run(scenario())


def test_long_lists_are_paged_and_the_cursor_turns_the_page(service, tmp_path):
    import yaml

    from tracker.seed import load_seed
    from tracker.tui.app import PAGE_SIZE

    count = PAGE_SIZE * 2 + 50
    data = {
        "report": {"key": "big", "title_zh": "大量事項"},
        "items": [
            {"number": n, "title_zh": f"事項{n}", "text_zh": "全文", "owner": "新聞局"} for n in range(1, count + 1)
        ],
    }
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    service.import_report(load_seed(path))

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            table = _table(app)
            assert table.row_count == PAGE_SIZE
            table.move_cursor(row=PAGE_SIZE - 1)
            await pilot.press("down")
            assert app.main.page_start == PAGE_SIZE and table.cursor_row == 0
            assert table.row_count == PAGE_SIZE
            await pilot.press("up")
            assert app.main.page_start == 0 and table.cursor_row == PAGE_SIZE - 1
            assert f"共 {count + 8} 筆" in str(app.query_one("#counts", Static).render())
            await pilot.press("slash")
            app.query_one("#search", Input).value = "事項14"
            await pilot.pause()
            assert _row_keys(app) == ["big-14"] + [f"big-{n}" for n in range(140, 150)]

    run(scenario())


def test_every_action_is_in_the_command_palette(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            titles = {command.title for command in app.get_system_commands(app.main)}
            assert {
                "變更辦理狀態",
                "新增辦理情形",
                "變更主辦單位",
                "變更預定完成日期",
                "檢視週報",
                "匯出進度表",
            } <= titles
            command = next(c for c in app.get_system_commands(app.main) if c.title == "新增辦理情形")
            assert command.help == "快速鍵 n"
            command.callback()
            await pilot.pause()
            assert app.screen.__class__.__name__ == "NoteDialog"

    run(scenario())


def test_tab_takes_a_suggested_unit_and_a_new_unit_is_confirmed_first(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-8")
            await pilot.press("o", "I", "n", "f")  # "Information Bureau" is suggested
            await pilot.pause()
            await pilot.press("tab")
            assert app.screen.query_one("#owner", Input).value == "Information Bureau"
            assert app.screen.query_one("#reason", Input).has_focus
            app.screen.query_one("#owner", Input).value = "新"  # half-typed: not a unit in use
            app.screen.query_one("#reason", Input).value = "改由新聞局"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "不是目前使用中的單位" in str(app.screen.query_one("#error", Static).render())
            assert _item(service, "uclg16-8").owner_zh == "秘書處國際事務科"
            app.screen.query_one("#owner", Input).value = "觀光旅遊局"
            await pilot.press("ctrl+s", "ctrl+s")  # asked once, then saved
            await pilot.pause()

    run(scenario())
    assert _item(service, "uclg16-8").owner_zh == "觀光旅遊局"


def test_the_status_dialog_marks_the_current_status(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("s")
            await pilot.pause()
            from textual.widgets import OptionList

            first = app.screen.query_one(OptionList).get_option_at_index(0)
            assert "（目前）" in str(first.prompt)

    run(scenario())


def test_export_asks_before_replacing_a_file(service, tmp_path):
    target = tmp_path / "進度表.xlsx"
    target.write_bytes(b"keep me")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = str(target)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "已存在" in str(app.screen.query_one("#error", Static).render())
            assert target.read_bytes() == b"keep me"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert target.read_bytes()[:2] == b"PK"


def test_markup_in_an_owner_name_is_shown_as_typed(service):
    service.assign("8", "秘書處[/x] [bold]科", "測試")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-8")
            await pilot.press("o")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "OwnerDialog"

    run(scenario())
