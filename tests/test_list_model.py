"""One model of a list: `tracker list` and the TUI's view keep the same items in the same order.

The CLI filters, searches and sorts in SQL (tracker.storage.queries); the TUI does it in
memory (tracker.tui.view). Both read the searched fields and the folding from the queries
module, and sort by the same keys; these tests hold them to it, for every sort and for
searches in Chinese, in English of mixed case, and by key.
"""

import json

import pytest

from tests.conftest import TODAY
from tracker.domain import Status
from tracker.storage import queries
from tracker.tui import view as tui_view


@pytest.fixture
def varied(service):
    """The seed's eight items, moved along different paths: every status, notes in two
    languages, a unit changed, so that no sort or search is the same as another."""
    service.set_status("3", Status.IN_PROGRESS, "已報名 Registration CONFIRMED")
    service.set_status("1", Status.DONE, "已出席並連任世界理事")
    service.set_status("5", Status.ON_HOLD, "Waiting for the Mayor's office")
    service.set_status("7", Status.DROPPED, "不再辦理")
    service.set_status("2", Status.IN_PROGRESS)
    service.add_note("6", "mixed Case note about SDGs")
    service.assign("8", "新聞局", "改由新聞局主辦", owner_en="Department of Information")
    return service


def _cli_keys(run_cli, target: str, sort: str, search: str | None) -> list[str]:
    args = ["--db", target, "--today", TODAY.isoformat(), "list", "--sort", sort, "--format", "json"]
    if search is not None:
        args += ["--search", search]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return [item["key"] for item in json.loads(result.stdout)]


def _ui_keys(service, sort: str, search: str | None) -> list[str]:
    with service.db.read() as session:
        rows = queries.list_items(session)  # what the TUI loads: every item, unsorted by it
    view = tui_view.View(sort=sort, search=search or "")
    return [row.key for row in tui_view.apply(view, reversed(rows), TODAY)]


def _searches(service) -> list[str | None]:
    with service.db.read() as session:
        rows = queries.list_items(session)
    some = rows[3]
    return [
        None,
        "",
        "  ",
        "花博",  # Chinese, in a title or text
        "新聞局",  # a lead unit (the CLI did not search units before)
        "department OF info",  # a unit's English name, in another case
        "registration confirmed",  # a note, lower case for upper
        "MIXED case",  # a note, upper case for lower
        "sdgs",
        some.key.upper(),  # a key, typed in capitals
        some.key,
        "%",  # LIKE's wildcards are plain text
        "_",
        "找不到的字",
    ]


@pytest.mark.parametrize("sort", queries.SORTS)
def test_cli_list_and_ui_agree(varied, run_cli, db_target, sort):
    for search in _searches(varied):
        cli = _cli_keys(run_cli, db_target, sort, search)
        ui = _ui_keys(varied, sort, search)
        assert cli == ui, (sort, search)


def test_the_searches_find_what_they_should(varied, run_cli, db_target):
    """The agreement above is not the agreement of two empty lists."""
    assert len(_cli_keys(run_cli, db_target, "number", None)) == 8
    # Item 8's lead unit is now 新聞局, found by its English name too.
    assert _cli_keys(run_cli, db_target, "number", "department OF info") == ["uclg16-8"]
    assert "uclg16-8" in _cli_keys(run_cli, db_target, "number", "新聞局")
    assert len(_cli_keys(run_cli, db_target, "number", "registration confirmed")) == 1
    assert len(_cli_keys(run_cli, db_target, "number", "MIXED case")) == 1
    assert _cli_keys(run_cli, db_target, "number", "找不到的字") == []


def test_status_sort_follows_the_workflow_not_the_codes(varied, run_cli, db_target):
    by_key = {row["key"]: row["status"] for row in json.loads(_cli_json(run_cli, db_target))}
    statuses = [by_key[key] for key in _cli_keys(run_cli, db_target, "status", None)]
    order = [s.value for s in tui_view.STATUS_ORDER]
    assert statuses == sorted(statuses, key=order.index)
    assert statuses != sorted(statuses)  # alphabetical would differ: done before in_progress


def _cli_json(run_cli, target: str) -> str:
    result = run_cli("--db", target, "--today", TODAY.isoformat(), "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return result.stdout
