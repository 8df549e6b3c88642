"""The terminal UI driven as staff drive it (Textual Pilot), checking what each action wrote."""

import asyncio
import csv
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static
from tui_waits import saves_settle  # noqa: F401 - autouse: pilot keys wait for saves

from tracker import i18n
from tracker.domain import Status, Tracking
from tracker.service import Service
from tracker.storage import queries
from tracker.tui.app import make_app
from tracker.tui.dialogs import NoteArea

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
            assert app.screen.query_one("#note", NoteArea).has_focus  # 1-5 pick and move on to the note
            await pilot.press(*"registered", "ctrl+s")
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


def test_text_typed_on_the_status_list_goes_to_the_note(service):
    """Typed straight after 1-5, text reaches the list before the focus has moved: kept, not lost."""

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("s")
            await pilot.press(*"ok")  # still on the status list
            note = app.screen.query_one("#note", NoteArea)
            assert note.value == "ok" and note.has_focus

    run(scenario())
    assert _item(service, "uclg16-3").version == 1  # nothing saved


def test_closing_without_a_note_is_refused_inside_the_dialog(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-1")
            await pilot.press("s", "4", "ctrl+s")
            await pilot.pause()
            error = app.screen.query_one("#error", Static)
            assert "結案需要說明" in str(error.render())
            assert _item(service, "uclg16-1").version == 1
            app.screen.query_one("#note", NoteArea).value = "已出席波哥大大會並連任"
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
            assert app.screen is not app.screen_stack[0]  # typed text: asked first
            assert "draft" in _error(app) and "Esc" in _error(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            await pilot.press("n", "escape")  # nothing typed: closes at once
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-1").version == 1


def test_focus_never_lands_where_typing_is_lost(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("d", "shift+tab")  # from the first field: stays there
            assert app.screen.query_one("#deadline", Input).has_focus
            await pilot.press(*"2017-01-31", "tab", *"延後", "tab")  # on to 儲存
            assert app.screen.focused.id == "save"
            await pilot.press(*"一個月")  # typed on a button: into the reason
            assert app.screen.query_one("#reason", Input).value == "延後一個月"
            await pilot.press("tab", "tab")  # to 取消
            assert app.screen.focused.id == "cancel"
            await pilot.press("enter")  # 取消 with text: says what it would drop, keeps it
            assert app.screen is not app.screen_stack[0] and "延後一個月" in _error(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-1").deadline.isoformat() == "2017-01-31"


def test_a_sentence_typed_on_a_button_keeps_its_spaces(service):
    """Typed on 儲存, a sentence goes to the field whole: its first space does not press it."""

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("d", *"2017-01-31", "tab", "tab")  # past the reason, on to 儲存
            assert app.screen.focused.id == "save"
            await pilot.press("p", "space", "o", "space", "s", "space")
            assert app.screen.query_one("#reason", Input).value == "p o s "
            assert app.screen is not app.screen_stack[0]  # not saved by a space
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario())
    assert _item(service, "uclg16-1").deadline.isoformat() == "2017-01-31"


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
            await pilot.press("ctrl+s")
            await pilot.pause()
            message = str(app.screen.query_one("#error", Static).render())
            assert "王小明" in message and "辦理狀態" in message
            assert app.screen.query_one("#note", NoteArea).value == "my note"
            assert str(_table(app).get_row("uclg16-3")[-1]) == "暫緩辦理"  # the fresh state is shown
            await pilot.press("ctrl+s")  # seen it: save again on top of the fresh version
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
            await pilot.press("f")  # awaiting review: 7 asked for release when it was done
            assert _row_keys(app) == ["uclg16-7"]
            for _ in range(len(("all", "overdue", "due_soon", "open", "pending", 1, 2, 3, 4, 5)) - 4):
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
            app.screen.query_one("#note", NoteArea).value = nasty
            await pilot.press("ctrl+s")
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
            assert "-narrow" in app.screen.classes
            labels = [str(c.label) for c in _table(app).columns.values()]
            assert labels[:2] == ["Key", "Recommendation"] and "Lead unit" not in labels
            await pilot.resize_terminal(160, 40)
            await pilot.pause(0.3)
            assert "-narrow" not in app.screen.classes and "-wide" in app.screen.classes
            labels = [str(c.label) for c in _table(app).columns.values()]
            assert "Lead unit" in labels
            assert any(b.binding.description == "Status" for b in app.main.active_bindings.values())

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
    from tracker.tui.table import PAGE_SIZE

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
                "變更主辦單位、承辦人、協辦單位",
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
            assert app.screen.query_one("#owner", Input).has_focus  # Tab took it and stays
            await pilot.press("tab")
            assert app.screen.query_one("#officer", Input).has_focus  # the next Tab moves on
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


# -- follow-up and review (列管與審查) ---------------------------------------


def _reviewer(service, name="陳科長"):
    """A section chief on the reviewers list, seeing the same database."""
    chief = as_user(service, name)
    chief.add_reviewer(recorded(service, name))
    return chief


def _fields(service, ref):
    return [(c.field, c.old, c.new) for c in _history(service, ref)]


def _error(app) -> str:
    return str(app.screen.query_one("#error", Static).render())


def _comments(app):
    from textual.widgets import TextArea

    return app.screen.query_one("#review-note", TextArea)


def test_staff_ask_for_release_from_the_status_dialog_and_the_item_shows_pending(service):
    async def scenario():
        app = make_app(as_user(service, "曹凱雯"))
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("s", "4")
            assert _item(service, "uclg16-3").version == 1
            await pilot.press(*"minutes attached", "ctrl+s")
            await pilot.pause(0.2)
            assert app.screen is app.screen_stack[0]
            item = _item(service, "uclg16-3")
            assert (item.status, item.tracking, item.version) == (Status.DONE, Tracking.PENDING, 2)
            assert _fields(service, "uclg16-3")[-3:] == [
                ("status", "not_started", "done"),
                ("tracking", "active", "pending"),
                ("progress", "0", "100"),
            ]
            assert str(_table(app).get_row("uclg16-3")[-2]) == "待審 今天送出"  # where time left was
            assert "待審 1" in str(app.query_one("#counts", Static).render())
            detail = _plain(app.query_one("#detail", Static).content)
            assert "列管狀態" in detail and "待審（今天送審）" in detail
            assert "最新辦理情形" in detail and "minutes attached（曹凱雯" in detail

    run(scenario())


def test_a_reviewer_returns_with_comments_then_releases_after_a_new_request(service):
    staff = as_user(service, "曹凱雯")
    chief = _reviewer(service)
    staff.set_status("3", Status.DONE, "已出席執委會")

    async def scenario():
        app = make_app(chief)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("v")
            assert app.screen.__class__.__name__ == "ReviewDialog"
            assert not app.screen.query_one("#hint", Static).has_class("shown")  # a reviewer, a pending item
            await pilot.press("2")  # return: comments next
            assert _comments(app).has_focus
            await pilot.press(*"請補附照片", "enter", *"and the [/] minutes")
            assert _item(service, "uclg16-3").version == 2  # typing writes nothing
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)
            assert app.screen is app.screen_stack[0]
            item = _item(service, "uclg16-3")
            assert (item.tracking, item.status, item.version) == (Tracking.ACTIVE, Status.IN_PROGRESS, 3)
            assert item.latest_review == "請補附照片\nand the [/] minutes"
            assert _fields(service, "uclg16-3")[-2:] == [
                ("review", "pending", "active"),
                ("status", "done", "in_progress"),
            ]
            assert _history(service, "uclg16-3")[-2].by == recorded(service, "陳科長")
            detail = _plain(app.query_one("#detail", Static).content)
            assert "最新審查意見" in detail and "請補附照片" in detail and "and the [/] minutes" in detail
            assert "繼續列管，陳科長" in detail
            assert detail.index("最新審查意見") < detail.index("建議全文")  # near the top, before the full text

            staff.set_status("3", Status.DONE, "已補附照片")  # a new request, from another screen
            app.main.reload()
            await pilot.pause(0.2)
            assert str(_table(app).get_row("uclg16-3")[-2]) == "待審 今天送出"
            await pilot.press("v", "1", "ctrl+s")  # release: comments may be left out
            await pilot.pause(0.2)
            assert app.screen is app.screen_stack[0]
            assert str(_table(app).get_row("uclg16-3")[-2]) == "解除列管"

    run(scenario())
    item = _item(service, "uclg16-3")
    assert (item.tracking, item.status, item.version) == (Tracking.RELEASED, Status.DONE, 5)
    assert item.latest_review == "請補附照片\nand the [/] minutes"  # a release without comments keeps the last ones
    assert _fields(service, "uclg16-3")[-1] == ("review", "pending", "released")


def test_a_return_may_send_the_work_back_to_another_open_status(service):
    chief = _reviewer(service)
    as_user(service, "曹凱雯").set_status("5", Status.DONE, "已派員出席")

    async def scenario():
        from textual.widgets import Select

        app = make_app(chief)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-5")
            await pilot.press("v")
            status = app.screen.query_one("#return-status", Select)
            assert status.disabled  # only a return has a status to go back to
            await pilot.press("2", *"wait for Daejeon")
            assert not status.disabled and status.value == "in_progress"
            status.value = "on_hold"
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)

    run(scenario())
    item = _item(service, "uclg16-5")
    assert (item.tracking, item.status) == (Tracking.ACTIVE, Status.ON_HOLD)


def test_a_non_reviewers_review_is_refused_in_the_dialog_and_the_comment_kept(service):
    _reviewer(service)
    service.set_status("3", Status.DONE, "已出席執委會")

    async def scenario():
        app = make_app(service)  # tester: staff, not a reviewer
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("v")
            hint = app.screen.query_one("#hint", Static)
            assert hint.has_class("shown") and "不在審查人名單中" in str(hint.render())
            await pilot.press("1", *"looks fine", "ctrl+s")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "ReviewDialog"
            assert "只有審查人可以" in _error(app) and recorded(service, "tester") in _error(app)
            assert _comments(app).text == "looks fine"
            item = _item(service, "uclg16-3")
            assert (item.tracking, item.version) == (Tracking.PENDING, 2)
            assert "review" not in [c.field for c in _history(service, "uclg16-3")]

    run(scenario())


def test_a_return_without_comments_and_a_save_without_a_decision_are_refused_in_place(service):
    chief = _reviewer(service)
    service.set_status("3", Status.DONE, "已出席執委會")

    async def scenario():
        app = make_app(chief)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("v", "ctrl+s")  # nothing chosen: never a release by default
            await pilot.pause()
            assert "請先按 1–3" in _error(app)
            assert app.screen.query_one("#decision").has_focus
            await pilot.press("2", "ctrl+s")
            await pilot.pause()
            assert "繼續列管需要審查意見" in _error(app) and "--note" not in _error(app)
            assert _comments(app).has_focus
            assert _item(service, "uclg16-3").version == 2
            await pilot.press("shift+tab", "3", *"   ", "ctrl+s")  # back to the decisions; withdraw, blank
            await pilot.pause()
            assert "撤銷列管需要審查意見" in _error(app)
            assert _item(service, "uclg16-3").tracking is Tracking.PENDING

    run(scenario())
    assert [c.field for c in _history(service, "uclg16-3")] == ["created", "status", "tracking", "progress"]


def test_a_review_over_a_colleagues_newer_change_is_refused_and_the_comments_kept(service):
    chief = _reviewer(service)
    staff = as_user(service, "曹凱雯")
    staff.set_status("3", Status.DONE, "已出席執委會")

    async def scenario():
        app = make_app(chief)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("v", "2", *"need photos")
            staff.add_note("3", "照片已上傳")  # saved while the reviewer was typing
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "曹凱雯" in _error(app) and "辦理情形" in _error(app)
            assert _comments(app).text == "need photos"
            assert _item(service, "uclg16-3").tracking is Tracking.PENDING
            await pilot.press("ctrl+s")  # seen it: return it all the same
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-3").latest_review == "need photos"


def test_escape_with_comments_typed_asks_before_discarding_them(service):
    chief = _reviewer(service)
    service.set_status("3", Status.DONE, "已出席執委會")

    async def scenario():
        app = make_app(chief)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("v", "escape")  # nothing typed: closes at once
            assert app.screen is app.screen_stack[0]
            await pilot.press("v", *"draft")  # typed while the decisions have the focus: into the comments
            assert _comments(app).text == "draft" and _comments(app).has_focus
            await pilot.press("escape")
            assert app.screen.__class__.__name__ == "ReviewDialog"
            assert "再按一次 Esc 放棄" in _error(app) and _comments(app).text == "draft"
            await pilot.press("!", "escape")  # typed on: the next Esc asks again
            assert app.screen.__class__.__name__ == "ReviewDialog"
            await pilot.press("escape")
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-3").version == 2


def test_the_pending_filter_is_the_reviewers_queue_with_days_waited(service):
    from datetime import UTC, datetime

    def on(day: int):
        return Service(
            service.db, replace(service.settings, user="曹凱雯", frozen_now=datetime(2016, 12, day, 2, tzinfo=UTC))
        )

    on(1).set_status("2", Status.DONE, "已出席")
    on(8).set_status("6", Status.DROPPED, "花博已結束")
    on(8).add_note("2", "補充說明")  # a note while it waits: the wait still counts from the request

    async def scenario():
        app = make_app(service)  # today 2016-12-09
        async with app.run_test(size=(80, 24)) as pilot:
            assert "待審 2" in str(app.query_one("#counts", Static).render())
            await pilot.press("f", "f", "f", "f")  # all → overdue → due soon → open → awaiting review
            assert _row_keys(app) == ["uclg16-2", "uclg16-6"]
            assert "篩選：待審" in str(app.query_one("#counts", Static).render())
            assert [str(_table(app).get_row(key)[-2]) for key in _row_keys(app)] == ["待審 8 天", "待審 1 天"]
            await _goto(pilot, app, "uclg16-2")
            await pilot.pause(0.2)
            assert "待審（已等 8 天，2016-12-01 送審）" in _plain(app.query_one("#detail", Static).content)

    run(scenario())


def test_review_is_in_the_footer_help_and_palette_in_both_languages(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            bindings = [active.binding for active in app.main.active_bindings.values()]
            assert any(b.key == "v" and b.description == "審查" and b.show for b in bindings)
            titles = {c.title: c.help for c in app.get_system_commands(app.main)}
            assert titles["審查：同意解除列管、繼續列管（退回）或撤銷列管"] == "快速鍵 v"
            await pilot.press("question_mark")
            await pilot.pause()
            text = _plain(app.screen.query_one(".help-tips", Static).content)
            assert "再按一次才放棄" in text

    run(scenario())
    i18n.set_lang("en")

    async def in_english():
        app = make_app(service)
        async with app.run_test(size=(80, 24)):
            bindings = [active.binding for active in app.main.active_bindings.values()]
            assert any(b.key == "v" and b.description == "Review" for b in bindings)

    run(in_english())


def test_home_end_jump_and_the_header_names_the_user(service, tmp_path):
    async def scenario():
        app = make_app(as_user(service, "曹凱雯"))
        async with app.run_test(size=(80, 24)) as pilot:
            assert "曹凱雯" in app.title
            await _goto(pilot, app, "uclg16-5")
            await pilot.press("home")
            assert app.screen.selected_key() == "uclg16-1"
            await pilot.press("end")
            assert app.screen.selected_key() == "uclg16-8"
            await pilot.press("j", *"5", "enter")
            await pilot.pause()
            assert app.screen.selected_key() == "uclg16-5"
            await pilot.press("f", "f")  # a filter that hides item 2 (overdue → due soon)
            await pilot.press("j", *"uclg16-2", "enter")
            await pilot.pause()
            assert app.screen.selected_key() == "uclg16-2" and app.screen.view.filter == "all"
            await pilot.press("j", *"99", "enter")  # no such item: said, the cursor stays
            await pilot.pause()
            assert app.screen.selected_key() == "uclg16-2"

    run(scenario())


def test_the_detail_pane_opens_at_its_top_for_each_item(service):
    for n in range(12):
        service.add_note("3", f"note {n}\n" + "line\n" * 5)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.pause(0.2)
            pane = app.query_one("#detail-pane")
            pane.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert pane.scroll_y > 0
            await pilot.press("down")
            await pilot.pause(0.3)
            assert pane.scroll_y == 0

    run(scenario())


def test_an_export_goes_to_the_documents_folder_in_a_worker_and_esc_does_not_stop_it(service, tmp_path):
    documents = tmp_path / "文件"
    documents.mkdir()
    staff = Service(service.db, replace(service.settings, documents_dir=str(documents)))

    async def scenario():
        app = make_app(staff)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = "week.csv"
            await pilot.press("ctrl+s", "escape")  # exporting: Esc goes back to the list at once
            assert app.screen is app.screen_stack[0]
            await pilot.press("down")  # the keys work while it runs
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any(str(documents / "week.csv") in n.message for n in app._notifications)

    run(scenario())
    assert (documents / "week.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "week.csv").exists()


def test_settings_name_a_documents_folder(monkeypatch, tmp_path):
    from tracker.settings import load_settings

    monkeypatch.setenv("TRACKER_DOCUMENTS_DIR", str(tmp_path))
    assert load_settings(db=str(tmp_path / "x.sqlite3")).documents_folder() == tmp_path
    monkeypatch.delenv("TRACKER_DOCUMENTS_DIR")
    folder = load_settings(db=str(tmp_path / "x.sqlite3")).documents_folder()
    assert (folder.is_dir() and folder != Path.cwd()) or folder == Path.home()


def test_a_save_while_another_process_holds_the_database_waits_visibly_and_esc_keeps_the_dialog(service):
    import sqlite3

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            app.wait_for_saves = False
            await pilot.press("n", *"寄出邀請函")
            blocker = sqlite3.connect(service.settings.db, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
            try:
                await pilot.press("ctrl+s")
                await pilot.pause(0.8)
                state = str(app.screen.query_one("#state", Static).render())
                assert "等待" in state and app.screen.__class__.__name__ == "NoteDialog"
                await pilot.press("down")  # the UI answers keys while the save waits
                await pilot.press("escape")  # stop waiting: the dialog and its text stay
                assert app.screen.__class__.__name__ == "NoteDialog"
                assert app.screen.query_one("#note", NoteArea).text == "寄出邀請函"
                assert "停止等待" in str(app.screen.query_one("#state", Static).render())
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is app.screen_stack[0]  # the lock went: the save completed, and said so

    run(scenario())
    assert _item(service, "uclg16-1").last_note == "寄出邀請函"


def test_after_a_conflict_the_status_dialog_marks_the_new_current_status(service):
    from tracker.i18n import t

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("s", "2", *"registered")
            service.set_status("3", Status.ON_HOLD, "wait for CityNet")  # a colleague, meanwhile
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "StatusDialog"
            picker = app.screen.query_one("#status")
            prompts = [str(picker.get_option_at_index(n).prompt) for n in range(picker.option_count)]
            current = t("tui.label.current")
            assert current in prompts[2] and current not in prompts[0]

    run(scenario())


def test_a_large_database_shows_its_first_page_first_and_reads_the_rest_on_a_worker(service, monkeypatch):
    from tracker.tui import app as tui_app
    from tracker.tui import table as tui_table

    monkeypatch.setattr(tui_app, "LOAD_AT_ONCE", 3)
    monkeypatch.setattr(tui_table, "PAGE_SIZE", 5)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()  # waits for the worker: all eight are read
            assert len(app.main.items) == 8 and app.main.loading_total == 0
            assert "未辦理 8" in str(app.query_one("#counts", Static).render())

    run(scenario())


def test_the_poll_updates_a_colleagues_item_in_place_and_never_reloads_for_its_own_save(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            main = app.main
            reloads = []
            original = main.reload_in_background
            main.reload_in_background = lambda: (reloads.append(1), original())
            await pilot.press("n", *"mine", "ctrl+s")
            await pilot.pause()
            main.poll_for_changes()
            await pilot.pause()
            assert not reloads  # its own save: nothing read again
            as_user(service, "曹凱雯").set_status("5", Status.IN_PROGRESS, "theirs")
            main.poll_for_changes()
            await pilot.pause()
            assert not reloads and str(_table(app).get_row("uclg16-5")[-1]) == "辦理中"

    run(scenario())


def test_prefilled_dialogs_close_at_once_and_typed_names_are_asked_about(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            for key in ("o", "s", "e", "i"):  # pre-filled or empty, untouched: one Esc closes
                await pilot.press(key, "escape")
                assert app.screen is app.screen_stack[0], key
            await pilot.press("e", *"x")  # a name typed into the export dialog
            await pilot.press("escape")
            assert app.screen.__class__.__name__ == "ExportDialog" and "Esc" in _error(app)
            await pilot.press("escape")
            assert app.screen is app.screen_stack[0]
            assert any("已放棄" in n.message for n in app._notifications)

    run(scenario())


def test_a_save_while_another_process_holds_a_write_transaction_waits_and_then_lands(service):
    """A colleague's tracker (another process, not a connection of this one) in the middle of
    a write: the dialog says it waits, Esc keeps the dialog and its text, and the save lands
    once the other process lets go."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN IMMEDIATE')\n"  # holds the write lock until told to let go
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n"
            "db.execute('ROLLBACK')\n",
            service.settings.db,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def let_go() -> None:
        if holder.poll() is None:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.close()
            holder.wait(timeout=10)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            app.wait_for_saves = False  # the test watches the waiting
            await pilot.press("n", *"寄出邀請函")
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            await pilot.press("ctrl+s")
            await pilot.pause(0.8)
            assert app.screen.__class__.__name__ == "NoteDialog"
            assert "等待" in str(app.screen.query_one("#state", Static).render())
            await pilot.press("escape")  # stop waiting: the dialog and its text stay
            assert app.screen.__class__.__name__ == "NoteDialog"
            assert app.screen.query_one("#note", NoteArea).text == "寄出邀請函"
            assert _item(service, "uclg16-1").last_note != "寄出邀請函"  # nothing written while the other holds it
            let_go()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is app.screen_stack[0]  # the lock went: the save completed, and said so

    try:
        run(scenario())
    finally:
        let_go()
    assert _item(service, "uclg16-1").last_note == "寄出邀請函"
    assert holder.returncode == 0


@pytest.fixture(scope="session")
def hundred_thousand_items(tmp_path_factory):
    """100,000 items with few changes (bench/generate.py): the size where an export is long."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    path = tmp_path_factory.mktemp("large") / "100k.sqlite3"
    generate(path, items=100_000, changes=1_000)
    return path


def test_an_export_of_100000_rows_never_stops_the_keys(hundred_thousand_items, tmp_path):
    """Keys sent as a terminal sends them (Pilot's press waits for the process to go idle,
    which it never does while an export works): each is handled while the export runs."""
    from textual import events

    from tracker.bootstrap import open_service
    from tracker.settings import load_settings

    settings = load_settings(db=str(hundred_thousand_items), user="tester")
    service = open_service(replace(settings, frozen_today=date(2026, 11, 30), documents_dir=str(tmp_path)))
    handled: list[tuple[str, bool]] = []  # (key, whether an export was running when it was handled)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()  # the whole list, read after the first page
            await pilot.pause()
            assert len(app.main.items) == 100_000
            table = _table(app)

            def exporting() -> bool:
                return any(w.group == "export" and not w.is_finished for w in app.workers)

            def recorded_as(name, action):
                def act() -> None:
                    handled.append((name, exporting()))
                    action()

                return act

            table.action_cursor_down = recorded_as("down", table.action_cursor_down)
            table.action_cursor_up = recorded_as("up", table.action_cursor_up)
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = "all.csv"
            app.wait_for_saves = False
            keys = ["ctrl+s", "escape", "down", "down", "down", "up"]  # Esc: the export goes on, the list is back
            for key in keys:
                app._driver.send_message(events.Key(key, None))
                await asyncio.sleep(0.1)
            for _ in range(300):
                if len(handled) == 4:
                    break
                await asyncio.sleep(0.05)
            assert handled == [("down", True), ("down", True), ("down", True), ("up", True)]
            assert app.screen is app.screen_stack[0] and table.cursor_row == 2  # three down, one up
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any(str(tmp_path / "all.csv") in n.message for n in app._notifications)

    try:
        run(scenario())
        with service.db.read() as session:
            every_key = {item.key for item in queries.list_items(session)}
    finally:
        service.db.dispose()
    with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as written:
        rows = list(csv.reader(written))[1:]  # under its header: report, number, ...
    assert len(every_key) == 100_000 and {f"{row[0]}-{row[1]}" for row in rows} == every_key  # the file is complete


def test_the_view_kept_between_keys_agrees_with_the_view_applied_afresh(service):
    """views.Lister (sorted once, a longer search narrowed from the last result, a save moved
    in place) keeps exactly what views.apply keeps, over a random walk of keys and saves."""
    import random
    from datetime import timedelta

    from tracker.tui import view as views

    with service.db.read() as session:
        seed = queries.list_items(session)
    rng = random.Random(2016)
    items = [
        replace(
            rng.choice(seed),
            id=n + 1,
            number=n + 1,
            key=f"k{n}",
            deadline=date(2016, 12, 1) + timedelta(days=rng.randint(-50, 50)),
            status=rng.choice(list(Status)),
            title_zh=rng.choice(["建議甲", "辦理乙", "Recommendation 12", "推動"]) + str(n),
        )
        for n in range(300)
    ]
    today = date(2016, 12, 9)
    lister, haystacks, view = views.Lister(), {}, views.View()
    for _ in range(2000):
        step = rng.random()
        if step < 0.2:
            view = view.next_filter()
        elif step < 0.3:
            view = view.next_sort()
        elif step < 0.5:
            view = replace(view, search=view.search + rng.choice("建議辦理12 Rec"))
        elif step < 0.6:
            view = replace(view, search=view.search[:-1])
        else:
            n = rng.randrange(len(items))
            before = items[n]
            items[n] = replace(
                before,
                version=before.version + 1,
                status=rng.choice(list(Status)),
                deadline=before.deadline + timedelta(days=rng.randint(-20, 20)),
                title_zh=before.title_zh + rng.choice("建議x"),
            )
            lister.changed(before, items[n], haystacks)
        kept = lister.apply(view, items, today, haystacks)
        assert [i.id for i in kept] == [i.id for i in views.apply(view, items, today)], view


def test_in_english_at_100_columns_the_title_has_room_and_the_footer_keeps_help(service):
    """English words are twice as long as Chinese ones in cells: at 100 columns the lead
    unit's column (cut to "International Af") gives its room to the title, and the unit is
    whole in the detail pane; at 80×24 `? Help` is still in the footer."""
    i18n.set_lang("en")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            columns = {str(c.label): c.width for c in _table(app).columns.values()}
            assert "Lead unit" not in columns and columns["Recommendation"] >= 40
            await pilot.pause(0.2)
            assert "International Affairs Section, Secretariat" in _plain(app.query_one("#detail", Static).content)
            await pilot.resize_terminal(80, 24)
            await pilot.pause(0.3)
            from textual.widgets._footer import FooterKey

            help_key = next(k for k in app.screen.query(FooterKey) if k.key == "question_mark")
            assert help_key.description == "Help" and 0 < help_key.region.right <= 80  # on screen, not cut off

    run(scenario())
