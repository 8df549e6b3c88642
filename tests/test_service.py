from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.domain import NOTE_LIMIT, ConflictError, InputError, Status
from tracker.storage import queries

from conftest import as_user, recorded


def _item(service, ref="uclg16-3"):
    with service.db.read() as session:
        return queries.get_item(session, queries.resolve_item_id(session, ref))


def _history(service, ref="uclg16-3"):
    with service.db.read() as session:
        return queries.history(session, item_id=queries.resolve_item_id(session, ref))


def test_status_change_writes_item_and_history_together(service):
    row = service.set_status("3", Status.IN_PROGRESS, "已報名")
    assert (row.status, row.version, row.last_note, row.updated_by) == (
        Status.IN_PROGRESS,
        2,
        "已報名",
        recorded(service, "tester"),
    )
    change = _history(service)[-1]
    assert (change.field, change.old, change.new, change.note, change.by, change.version) == (
        "status",
        "not_started",
        "in_progress",
        "已報名",
        recorded(service, "tester"),
        2,
    )


@pytest.mark.parametrize("status", [Status.DONE, Status.DROPPED])
@pytest.mark.parametrize("note", [None, "", "   \n "])
def test_closing_needs_a_note_and_writes_nothing_without(service, status, note):
    with pytest.raises(InputError) as err:
        service.set_status("3", status, note)
    assert err.value.key == "error.close_note_empty"
    assert _item(service).version == 1 and len(_history(service)) == 1


def test_closed_items_can_be_reopened_and_are_never_overdue(service):
    service.set_status("1", Status.DONE, "已出席並連任世界理事")
    assert _item(service, "1").days_overdue(date(2017, 1, 1)) is None
    row = service.set_status("1", Status.IN_PROGRESS)
    assert row.status is Status.IN_PROGRESS and row.days_overdue(date(2017, 1, 1)) == 81


def test_same_status_is_refused(service):
    with pytest.raises(InputError) as err:
        service.set_status("3", Status.NOT_STARTED)
    assert err.value.key == "error.same_status"


def test_notes_are_limited_and_not_blank(service):
    with pytest.raises(InputError) as err:
        service.add_note("3", "x" * (NOTE_LIMIT + 1))
    assert err.value.key == "error.note_too_long"
    with pytest.raises(InputError):
        service.add_note("3", " \t ")
    assert service.add_note("3", "x" * NOTE_LIMIT).version == 2


def test_user_text_is_stored_as_typed_minus_terminal_controls(service):
    typed = "[bold red]x[/ \x1b]0;pwned\x07 \u202eevil\u202c 🎉\r\nline2 \x9b31m"
    row = service.add_note("3", typed)
    assert row.last_note == "[bold red]x[/  evil 🎉\nline2"  # whole escape sequences go, not just ESC


def test_moving_a_deadline_needs_a_reason_and_keeps_the_original(service):
    with pytest.raises(InputError) as err:
        service.move_deadline("3", date(2016, 12, 31), "")
    assert err.value.key == "error.reason_empty"
    row = service.move_deadline("3", date(2016, 12, 31), "會議延期")
    assert (row.deadline, row.original_deadline) == (date(2016, 12, 31), date(2016, 11, 23))
    row = service.move_deadline("3", None, "改為持續辦理")
    assert (row.deadline, row.original_deadline) == (None, date(2016, 11, 23))
    assert [(c.old, c.new, c.note) for c in _history(service)[1:]] == [
        ("2016-11-23", "2016-12-31", "會議延期"),
        ("2016-12-31", None, "改為持續辦理"),
    ]


def test_assign_needs_a_reason_and_knows_both_names_of_a_unit(service):
    with pytest.raises(InputError) as err:
        service.assign("3", "新聞局", None)
    assert err.value.key == "error.reason_empty"
    with pytest.raises(InputError) as err:
        service.assign("3", "  ", "理由")
    assert err.value.key == "error.owner_empty"
    row = service.assign("3", "Information Bureau", "改由新聞局主辦")
    assert (row.owner_zh, row.owner_en) == ("新聞局", "Information Bureau")
    change = _history(service)[-1]
    assert (change.field, change.old, change.new) == ("owner", "秘書處國際事務科", "新聞局")


def test_a_save_from_an_older_version_is_refused_with_who_changed_it(service):
    seen = _item(service)
    as_user(service, "王小明").add_note("3", "已聯繫 CityNet")
    with pytest.raises(ConflictError) as err:
        service.set_status("3", Status.IN_PROGRESS, "報名中", expected_version=seen.version)
    message = str(err.value)
    assert (
        recorded(service, "王小明") in message and "辦理情形" in message and "版本 1" in message and "版本 2" in message
    )
    assert err.value.exit_code == 3
    assert _item(service).status is Status.NOT_STARTED and len(_history(service)) == 2
    assert service.set_status("3", Status.IN_PROGRESS, "報名中", expected_version=2).version == 3


def test_unknown_items_say_what_to_type(service):
    with pytest.raises(InputError) as err:
        service.add_note("uclg16-99", "x")
    assert err.value.key == "error.unknown_item" and "uclg16-1" in str(err.value)


def test_history_is_append_only_in_the_database_itself(service, database):
    service.add_note("3", "原始紀錄")
    with database.engine.connect() as connection:
        for statement in ("UPDATE changes SET note = 'rewritten'", "DELETE FROM changes"):
            with pytest.raises(DBAPIError, match="append-only"), connection.begin():
                connection.execute(sa.text(statement))
    assert [c.note for c in _history(service)][-1] == "原始紀錄"


def test_history_rows_record_who_when_what_why(service):
    as_user(service, "陳科長").set_status("5", Status.ON_HOLD, "等候大田市邀請函")
    change = _history(service, "5")[-1]
    assert change.by == recorded(service, "陳科長") and change.at.tzinfo is not None
    assert (change.field, change.old, change.new, change.note) == (
        "status",
        "not_started",
        "on_hold",
        "等候大田市邀請函",
    )


@pytest.mark.backends("sqlite")
def test_a_database_that_cannot_be_written_says_so_and_saves_nothing(service):
    # SQLite's read-only mode refuses writes whoever runs the test (root ignores file modes).
    from tracker.domain import UnavailableError
    from tracker.service import Service
    from tracker.storage.driver import Database

    read_only = Database(f"sqlite:///file:{service.settings.db}?mode=ro&uri=true")
    with pytest.raises(UnavailableError) as err:
        Service(read_only, service.settings).add_note("3", "x")
    assert "沒有存入任何資料" in str(err.value) and err.value.exit_code == 1
    assert len(_history(service)) == 1
