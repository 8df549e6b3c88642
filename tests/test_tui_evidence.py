"""What a 列管表 row carries beyond its status, in the terminal UI: officer and supporting
units (o), progress in the status and note dialogs, supporting documents (a, g), adoption
(y) and corrections from the history (c). Driven with keys; the database is checked
through the service and the queries after them."""

import os

import pytest
from test_tui import _history, _item, run  # the same helpers as the UI's other tests
from textual.widgets import Input, OptionList, Static
from tui_waits import saves_settle  # noqa: F401 - autouse: pilot keys wait for saves

from tracker import i18n
from tracker.domain import Adoption, EvidenceKind, Status, Tracking
from tracker.tui.app import make_app
from tracker.tui.dialogs import NoteArea

pytestmark = pytest.mark.backends("sqlite")


def _fields(service, ref):
    return [(c.field, c.old, c.new, c.note) for c in _history(service, ref)]


def _plain(renderable) -> str:
    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(width=100, record=True, file=sink)
        console.print(renderable)
        return console.export_text()


def _detail(app) -> str:
    return _plain(app.query_one("#detail", Static).content)


def _error(app) -> str:
    return str(app.screen.query_one("#error", Static).render())


def _field(app, name) -> Input | NoteArea:
    field = app.screen.query_one(f"#{name}")
    assert isinstance(field, Input | NoteArea)
    return field


def _dialog(app) -> str:
    return app.screen.__class__.__name__


async def _goto(pilot, app, key):
    table = app.query_one("#items")
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause(0.2)


async def _settle(pilot):
    await pilot.pause(0.2)  # the detail pane follows the cursor after a short rest


# -- officer and supporting units (o) ------------------------------------------


def test_the_owner_dialog_sets_officer_and_supporting_units_and_leaves_the_lead_unit(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("o")
            assert _field(app, "owner").value == "秘書處國際事務科"  # pre-filled: unchanged is not sent
            assert _field(app, "owner").has_focus
            await pilot.press("tab", *"曹凱雯", "tab")
            assert _field(app, "support").has_focus
            await pilot.press("農")  # a unit in use as a supporting unit elsewhere is suggested
            await pilot.pause()
            await pilot.press("tab")
            assert _field(app, "support").value == "農業局"
            assert _field(app, "support").has_focus  # one Tab takes the suggestion and stays
            await pilot.press("tab")
            assert _field(app, "reason").has_focus
            _field(app, "support").value = "農業局、新聞局"
            await pilot.press(*"CityNet needs both", "enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            await _settle(pilot)
            detail = _detail(app)
            assert "承辦人         曹凱雯" in detail and "協辦單位       農業局、新聞局" in detail

    run(scenario())
    item = _item(service, "uclg16-3")
    assert (item.owner_zh, item.officer) == ("秘書處國際事務科", "曹凱雯")
    assert [u["zh"] for u in item.supporting_units] == ["農業局", "新聞局"]
    assert _fields(service, "uclg16-3")[-2:] == [
        ("officer", None, "曹凱雯", "CityNet needs both"),
        ("supporting_units", None, "農業局、新聞局", "CityNet needs both"),
    ]  # no owner row: the lead unit was not edited


def test_the_owner_dialog_clears_officer_and_supporting_units_and_a_new_unit_is_asked_first(service):
    service.assign("7", None, "setup", officer="林專員", support=["農業局"])

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-7")
            await pilot.press("o")
            assert (_field(app, "officer").value, _field(app, "support").value) == ("林專員", "農業局")
            await pilot.press("ctrl+s")  # nothing edited
            await pilot.pause()
            assert "沒有修改" in _error(app)
            _field(app, "support").value = "農業局，觀光旅遊"  # a half-typed name: not a unit in use
            _field(app, "reason").value = "分工調整"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "「觀光旅遊」不是目前使用中的單位" in _error(app)
            assert _field(app, "support").has_focus
            _field(app, "officer").value = ""
            _field(app, "support").value = ""
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    item = _item(service, "uclg16-7")
    assert (item.officer, item.supporting_units, item.owner_zh) == (None, [], "新聞局")
    assert _fields(service, "uclg16-7")[-2:] == [
        ("officer", "林專員", None, "分工調整"),
        ("supporting_units", "農業局", None, "分工調整"),
    ]


# -- progress (執行進度) in the status and note dialogs ---------------------------


def test_progress_from_the_status_dialog_and_errors_shown_in_place(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-5")
            await pilot.press("s")
            assert _field(app, "progress").value == "0"  # pre-filled with the current progress
            await pilot.press("4")  # done: the field follows, 100
            assert _field(app, "progress").value == "100"
            await pilot.press("shift+tab", "shift+tab")  # back from the note to the list
            await pilot.press("2", "shift+tab")  # in progress: the note, then back to the progress
            assert _field(app, "progress").value == "0" and _field(app, "progress").has_focus
            await pilot.press(*"150", "tab", *"registered")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "0 到 100" in _error(app) and _dialog(app) == "StatusDialog"
            assert _field(app, "progress").has_focus and _field(app, "note").value == "registered"
            _field(app, "progress").value = "60%"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert (_item(service, "uclg16-5").status, _item(service, "uclg16-5").progress) == (Status.IN_PROGRESS, 60)

            await pilot.press("s", "3")  # on hold, and lower the progress without a reason
            await pilot.press("shift+tab", *"30", "ctrl+s")
            await pilot.pause()
            assert "由 60% 降為 30% 需要說明原因" in _error(app) and "--note" not in _error(app)
            assert _field(app, "note").has_focus and _field(app, "progress").value == "30"
            assert _item(service, "uclg16-5").version == 2  # nothing written
            await pilot.press(*"Daejeon postponed", "ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            await _settle(pilot)
            assert "執行進度       30%" in _detail(app)

    run(scenario())
    item = _item(service, "uclg16-5")
    assert (item.status, item.progress, item.last_note) == (Status.ON_HOLD, 30, "Daejeon postponed")
    assert [(f, o, n) for f, o, n, _ in _fields(service, "uclg16-5")][-2:] == [
        ("status", "in_progress", "on_hold"),
        ("progress", "60", "30"),
    ]


def test_the_same_status_with_a_new_progress_saves_the_progress_alone(service):
    service.set_status("4", Status.IN_PROGRESS, "bid drafted", progress=20)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-4")
            await pilot.press("s", "tab")  # the current status stays; on to the progress
            assert _field(app, "progress").has_focus
            await pilot.press(*"45", "enter", *"bid sent", "ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    item = _item(service, "uclg16-4")
    assert (item.status, item.progress) == (Status.IN_PROGRESS, 45)
    assert _fields(service, "uclg16-4")[-1] == ("progress", "20", "45", "bid sent")


def test_progress_from_the_note_dialog_with_an_error_in_place(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-2")
            await pilot.press("n", *"registered for Bogotá")
            assert _field(app, "progress").value == "0"
            await pilot.press("tab", *"abc", "enter")
            await pilot.pause()
            assert "應為 0 到 100 的整數" in _error(app) and _dialog(app) == "NoteDialog"
            assert _field(app, "note").value == "registered for Bogotá" and _field(app, "progress").has_focus
            assert _item(service, "uclg16-2").version == 1
            _field(app, "progress").value = "２５％"  # full-width, as typed with a Chinese input method
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    item = _item(service, "uclg16-2")
    assert (item.progress, item.status, item.last_note) == (25, Status.IN_PROGRESS, "registered for Bogotá")


# -- supporting documents (佐證資料) -----------------------------------------------


def test_attach_a_file_by_path_and_the_detail_pane_lists_it(service, tmp_path):
    minutes = tmp_path / "會議紀錄.txt"
    minutes.write_bytes("CityNet 第34屆執委會會議紀錄\n".encode() * 40)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("a")
            assert _dialog(app) == "AttachDialog"
            await pilot.press("1")  # a file: on to its path
            assert _field(app, "value").has_focus
            _field(app, "value").value = str(tmp_path / "missing.pdf")
            await pilot.press("enter")
            await pilot.pause()
            assert "找不到檔案" in _error(app) and _field(app, "value").has_focus
            _field(app, "value").value = f"'{minutes}'"  # pasted with quotes
            _field(app, "note").value = "附會議紀錄"
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any("已附加「會議紀錄.txt」（1.5 KB）" in n.message for n in app._notifications)
            await _settle(pilot)
            assert "佐證資料       附件：會議紀錄.txt（1.5 KB）" in _detail(app)
            assert "＋附件：會議紀錄.txt" in _detail(app)  # and in the history

            await pilot.press("a", "2", *"府授秘外字第1050123456號", "enter")  # a 文號, typed on the list
            await pilot.pause()
            await pilot.press("a", "3")
            _field(app, "value").value = "https://example.org/[/x]"  # markup-like text stays text
            await pilot.press("enter")
            await pilot.pause()
            await _settle(pilot)
            detail = _detail(app)
            assert "文號：府授秘外字第1050123456號" in detail and "網址：https://example.org/[/x]" in detail
            document_lines = app.query_one("#detail", Static).content
            assert "link" not in repr(document_lines)  # shown as text, never a link

    run(scenario())
    item, documents = service.evidence("uclg16-3")
    assert item.evidence_count == 3 and item.last_note == "附會議紀錄"
    assert [(d.kind, d.label) for d in documents] == [
        (EvidenceKind.FILE, "會議紀錄.txt"),
        (EvidenceKind.DOC_NO, "府授秘外字第1050123456號"),
        (EvidenceKind.URL, "https://example.org/[/x]"),
    ]


def test_a_bad_url_is_refused_in_place_and_the_text_kept(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a", "3")
            _field(app, "value").value = "javascript:alert(1)"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "不是 http:// 或 https:// 開頭的網址" in _error(app)
            assert _field(app, "value").value == "javascript:alert(1)"

    run(scenario())
    assert _item(service, "uclg16-1").evidence_count == 0


def test_save_a_document_out_and_a_second_save_is_asked_first(service, tmp_path):
    content = bytes(range(256)) * 10
    photo = tmp_path / "photo.bin"
    photo.write_bytes(content)
    service.attach("3", [photo], "照片")
    service.add_reference("3", EvidenceKind.DOC_NO, "府授秘外字第1050123456號")
    target = tmp_path / "out" / "saved.bin"
    target.parent.mkdir()

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-1")
            await pilot.press("g")  # no files here: said, no dialog
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any("沒有附件檔案" in n.message for n in app._notifications)
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("g")
            assert _dialog(app) == "SaveDocumentDialog"
            assert app.screen.query_one(OptionList).option_count == 1  # files only, not the 文號
            assert _field(app, "path").value == "photo.bin"
            await pilot.press("enter")  # the file picked: on to the path
            _field(app, "path").value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert target.read_bytes() == content

            target.write_bytes(b"keep me")
            await pilot.press("g")
            _field(app, "path").value = str(target.parent)  # a folder: saved in it under its own name
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert (target.parent / "photo.bin").read_bytes() == content
            await pilot.press("g")
            _field(app, "path").value = str(target)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "已存在" in _error(app) and target.read_bytes() == b"keep me"
            await pilot.press("ctrl+s")  # asked again: replace
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert target.read_bytes() == content


def test_saving_a_document_over_the_database_is_refused(service, tmp_path):
    photo = tmp_path / "photo.bin"
    photo.write_bytes(b"\x89PNG not really")
    service.attach("3", [photo])

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            await pilot.press("g")
            _field(app, "path").value = service.settings.db
            await pilot.press("ctrl+s", "ctrl+s")
            await pilot.pause()
            assert _dialog(app) == "SaveDocumentDialog" and _error(app).strip()

    run(scenario())
    assert _item(service, "uclg16-3").evidence_count == 1  # the database is whole


# -- adoption (採行) --------------------------------------------------------------


def test_not_adopted_from_the_adoption_dialog_drops_the_item_and_asks_for_release(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-4")
            await pilot.press("y")
            assert _dialog(app) == "AdoptionDialog"
            assert "（目前）" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
            await pilot.press("enter", "ctrl+s")  # the current adoption, no reason
            await pilot.pause()
            assert "理由" in _error(app)
            await pilot.press("shift+tab", "3", *"臺中未獲主辦", "enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any("沒有佐證資料" in n.message for n in app._notifications)  # release asked without documents
            await _settle(pilot)
            assert "採行           不採行" in _detail(app)

    run(scenario())
    item = _item(service, "uclg16-4")
    assert (item.adoption, item.status, item.tracking) == (Adoption.NOT_ADOPTED, Status.DROPPED, Tracking.PENDING)
    assert _fields(service, "uclg16-4")[-3][:3] == ("adoption", "adopted", "not_adopted")


def test_the_same_adoption_is_refused_in_place(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y", "1", *"again", "enter")
            await pilot.pause()
            assert "已經是「採行」" in _error(app)
            await pilot.press("2")  # focus went back to the list: pick another, the reason is kept
            assert _field(app, "reason").value == "again"
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())
    assert _item(service, "uclg16-1").adoption is Adoption.PARTIAL


# -- corrections (更正) from the history -----------------------------------------


def test_a_correction_from_the_history_restores_the_value_and_both_entries_are_marked(service):
    service.set_status("5", Status.IN_PROGRESS, "registered", progress=50)
    service.add_note("5", "照片已上傳")
    wrong = next(c for c in _history(service, "5") if c.field == "progress")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-5")
            await pilot.press("c")
            assert _dialog(app) == "CorrectDialog"
            entries = app.screen.query_one(OptionList)
            prompts = [str(entries.get_option_at_index(n).prompt) for n in range(entries.option_count)]
            assert prompts[0].startswith("#") and "照片已上傳" in prompts[0]  # newest first
            assert not any("建立" in prompt for prompt in prompts)  # the import cannot be corrected here
            index = next(n for n, p in enumerate(prompts) if p.startswith(f"#{wrong.id} "))
            entries.highlighted = index
            await pilot.press("enter")
            assert _field(app, "value").has_focus and _field(app, "value").placeholder == "0–100"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "更正需要說明原因" in _error(app) and "--note" not in _error(app)
            assert _field(app, "reason").has_focus
            await pilot.press(*"應為 5%", "enter")  # no value: what it was before comes back
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any(f"已更正第 {wrong.id} 筆" in n.message for n in app._notifications)
            await _settle(pilot)
            detail = _detail(app)
            assert "執行進度       0%" in detail
            assert f"更正第 {wrong.id} 筆 50% → 0%" in detail and "應為 5%" in detail
            assert "已更正（" in detail

            await pilot.press("c")  # the corrected entry is still listed, marked, and cannot be picked
            entries = app.screen.query_one(OptionList)
            corrected = next(
                n
                for n in range(entries.option_count)
                if str(entries.get_option_at_index(n).prompt).startswith(f"#{wrong.id} ")
            )
            assert entries.get_option_at_index(corrected).disabled
            assert "已更正" in str(entries.get_option_at_index(corrected).prompt)

    run(scenario())
    history = _history(service, "5")
    correction = history[-1]
    assert (correction.field, correction.corrects, correction.old, correction.new, correction.note) == (
        "progress",
        wrong.id,
        "50",
        "0",
        "應為 5%",
    )
    assert next(c for c in history if c.id == wrong.id).corrected_by == correction.id
    assert _item(service, "5").progress == 0


def test_a_note_corrected_with_new_text_becomes_the_latest_note(service):
    service.add_note("6", "已邀請 [/b] 會員城市")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-6")
            await pilot.press("c", "enter")  # the newest entry: the note
            assert _field(app, "value").placeholder == i18n.t("tui.placeholder.note")
            await pilot.press(*"已邀請 12 個會員城市", "tab", *"漏了數目", "enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            await _settle(pilot)
            detail = _detail(app)
            assert "最新辦理情形   已邀請 12 個會員城市" in detail
            assert "更正為：已邀請 12 個會員城市" in detail and "更正原因：漏了數目" in detail
            assert "已邀請 [/b] 會員城市" in detail  # the entry stays, shown as typed

    run(scenario())
    assert _item(service, "6").last_note == "已邀請 12 個會員城市"


def test_correcting_with_nothing_to_correct_says_so(service):
    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("c")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert any("沒有可以更正的紀錄" in n.message for n in app._notifications)

    run(scenario())


# -- keys ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_the_new_keys_are_in_help_and_the_palette_not_the_footer(service, lang):
    i18n.set_lang(lang)

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            keys = {b.key: b for b in app.main.BINDINGS}
            assert {"a", "g", "y", "c"} <= set(keys) and not any(keys[k].show for k in "agyc")
            titles = {c.title: c.help for c in app.get_system_commands(app.main)}
            assert titles[i18n.t("tui.command.correct")] == i18n.t("tui.command.key", key="c")
            await pilot.press("question_mark")
            await pilot.pause()
            keys_text = _plain(app.screen.query_one("#help-keys", Static).content)
            for name in ("evidence", "save_document", "adoption", "correct"):
                assert i18n.t(f"tui.command.{name}") in keys_text
            tips = _plain(app.screen.query_one(".help-tips", Static).content)
            assert ("更正第 N 筆" if lang == "zh-TW" else "corrects #N") in tips

    run(scenario())


def test_a_hostile_file_name_is_shown_inert_and_never_used_as_a_path(service, tmp_path):
    hostile = tmp_path / "..\x1b]0;pwned\x07 [bold] \u202eevil.txt"
    hostile.write_bytes(b"data")
    service.attach("3", [hostile])

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(80, 24)) as pilot:
            await _goto(pilot, app, "uclg16-3")
            detail = _detail(app)
            assert "[bold]" in detail and "\x1b" not in detail and "\u202e" not in detail and "pwned" not in detail
            await pilot.press("g")
            name = _field(app, "path").value
            assert "/" not in name and "\x1b" not in name and "\u202e" not in name and not name.startswith(".")
            _field(app, "path").value = str(tmp_path / "out")
            (tmp_path / "out").mkdir()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            assert [p.read_bytes() for p in (tmp_path / "out").iterdir()] == [b"data"]  # inside the folder given

    run(scenario())
