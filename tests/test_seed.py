import re
from datetime import date

import pytest
import yaml

from tracker.domain import InputError, Status
from tracker.seed import load_seed
from tracker.storage import queries

from conftest import REPORT_TEXT, SEED, as_user


def _report_recommendations() -> list[str]:
    text = REPORT_TEXT.read_text(encoding="utf-8")
    section = text[text.index("陸、建議") :]
    return re.findall(r"^(?:- )?[一二三四五六七八]、(.*)$", section, re.M)


def test_seed_texts_are_the_reports_words():
    doc = load_seed(SEED)
    expected = _report_recommendations()
    assert len(expected) == 8
    assert [item.text_zh for item in doc.items] == expected
    assert [item.number for item in doc.items] == list(range(1, 9))
    assert "林副市长" in doc.items[2].text_zh  # the report's own typo is kept


def test_seed_report_facts():
    doc = load_seed(SEED)
    assert doc.report.report_date == date(2016, 12, 9)
    assert (doc.report.trip_start, doc.report.trip_end) == (date(2016, 9, 4), date(2016, 9, 9))
    assert doc.report.agency_zh == "秘書處"
    assert "曹凱雯" in doc.report.contact
    events = {e.key: e for e in doc.events}
    assert events["citynet-exco-34"].start == date(2016, 11, 23)
    assert events["uclg-world-congress-2016"].place == "Bogotá, Colombia"
    item3 = doc.items[2]
    assert (item3.deadline, item3.deadline_source.value, item3.event) == (
        date(2016, 11, 23),
        "report",
        "citynet-exco-34",
    )
    assert doc.items[6].owner_zh == "新聞局"
    assert ("農業局", "Agriculture Bureau") in doc.items[6].supporting_units
    assert ("農業局", "Agriculture Bureau") in doc.items[5].supporting_units
    assert {i.deadline_source.value for i in doc.items} <= {"report", "event", "assigned"}


def test_event_deadlines_are_their_events_first_day():
    """The file's own rule: a deadline from an event is the day the event (or series) opens."""
    doc = load_seed(SEED)
    events = {e.key: e for e in doc.events}
    for item in doc.items:
        if item.deadline_source.value == "event":
            assert item.deadline == events[item.event].start, item.number
    assert doc.items[1].deadline == date(2016, 10, 12)  # the series starts in Bogotá


def test_our_titles_name_years_not_next_year():
    """明年 in a stored title reads wrong a year later: the report's 明年 is 2017."""
    doc = load_seed(SEED)
    for item in doc.items:
        assert not re.search("明年|今年|去年|next year|this year", f"{item.title_zh} {item.title_en}"), item.number
    assert doc.items[4].title_zh.startswith("2017年")
    assert "seek re-election" in doc.items[0].title_en  # 以爭取連任: to seek, not to secure


def test_seed_loads_as_eight_open_items(service):
    with service.db.read() as session:
        items = queries.list_items(session)
        history = queries.history(session)
    assert [i.key for i in items] == [f"uclg16-{n}" for n in range(1, 9)]
    assert all(i.status is Status.NOT_STARTED and i.version == 1 for i in items)
    assert [c.field for c in history] == ["created"] * 8


def test_loading_the_seed_twice_changes_nothing(service):
    result = service.import_report(load_seed(SEED))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 8)
    with service.db.read() as session:
        assert queries.counts(session) == (8, 8)


def _write(tmp_path, data, name="other.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _other_report():
    return {
        "report": {"key": "apcs17", "title_zh": "出席2017亞太城市峰會報告", "report_date": "106/10/02"},
        "items": [
            {
                "number": 1,
                "title_zh": "推動城市交流",
                "text_zh": "建議持續推動交流。",
                "owner": "秘書處國際事務科",
                "deadline": "106年12月31日",
            },
            {
                "number": 2,
                "title_zh": "第二項",
                "text_zh": "第二項全文",
                "owner": {"zh": "新聞局", "en": "Information Bureau"},
            },
        ],
    }


def test_import_another_report_and_numbers_become_ambiguous(service, tmp_path):
    result = service.import_report(load_seed(_write(tmp_path, _other_report())))
    assert (result.created, result.report_key) == (2, "apcs17")
    with service.db.read() as session:
        item = queries.get_item(session, queries.resolve_item_id(session, "apcs17-1"))
        assert item.deadline == date(2017, 12, 31) and item.deadline_source == "assigned"
        with pytest.raises(InputError) as err:
            queries.resolve_item_id(session, "1")
        assert err.value.key == "error.ambiguous_item"
        assert queries.resolve_item_id(session, "2", default_report="apcs17") == item.id + 1


def test_reimport_updates_texts_with_history_but_keeps_staff_changes(service, tmp_path):
    data = _other_report()
    service.import_report(load_seed(_write(tmp_path, data)))
    as_user(service, "王小明").move_deadline("apcs17-1", date(2018, 3, 1), "主辦單位延期")
    data["items"][0]["title_zh"] = "推動城市交流（修正）"
    data["items"][0]["deadline"] = "2018-01-31"
    data["items"][1]["owner"] = {"zh": "觀光旅遊局", "en": "Tourism Bureau"}
    data["items"] = data["items"][:2]
    result = service.import_report(load_seed(_write(tmp_path, data)))
    assert (result.updated, result.kept) == (2, [(1, "deadline")])
    with service.db.read() as session:
        first = queries.get_item(session, queries.resolve_item_id(session, "apcs17-1"))
        second = queries.get_item(session, queries.resolve_item_id(session, "apcs17-2"))
        changes = queries.history(session, item_id=first.id)
    assert first.title_zh == "推動城市交流（修正）" and first.deadline == date(2018, 3, 1)
    assert second.owner_zh == "觀光旅遊局" and second.owner_en == "Tourism Bureau"
    assert [c.field for c in changes] == ["created", "deadline", "title_zh"]
    assert changes[-1].old == "推動城市交流" and "other.yaml" in changes[-1].note


def test_a_staff_reason_worded_like_an_import_is_still_staffs(service, tmp_path):
    """A re-import tells staff's changes from its own by the row's origin, never by its note:
    a reason that begins like the re-import note (重新匯入 …) is still a change staff made."""
    data = _other_report()
    service.import_report(load_seed(_write(tmp_path, data)))
    as_user(service, "王小明").assign("apcs17-2", "觀光旅遊局", "重新匯入 other.yaml 後，經科長指示改派")
    as_user(service, "王小明").move_deadline("apcs17-1", date(2018, 3, 1), "re-imported from other.yaml: 延期")
    data["items"][0]["deadline"] = "2018-01-31"
    result = service.import_report(load_seed(_write(tmp_path, data)))
    assert sorted(result.kept) == [(1, "deadline"), (2, "owner")]
    with service.db.read() as session:
        second = queries.get_item(session, queries.resolve_item_id(session, "apcs17-2"))
        origins = session.rows("SELECT field, origin FROM changes WHERE item_id = :id ORDER BY id", {"id": second.id})
    assert second.owner_zh == "觀光旅遊局"
    assert origins[0] == ("created", "import") and ("owner", "staff") in origins


def test_items_missing_from_a_reimport_are_kept(service, tmp_path):
    data = _other_report()
    service.import_report(load_seed(_write(tmp_path, data)))
    data["items"] = data["items"][:1]
    result = service.import_report(load_seed(_write(tmp_path, data)))
    assert result.missing == [2]
    with service.db.read() as session:
        assert queries.resolve_item_id(session, "apcs17-2")


BAD_FILES = [
    ("report:\n  key: x\n\ttitle_zh: tab\n", "error.yaml_syntax", "第 3 行"),
    ("items: []\n", "error.yaml_field", "report"),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o}\n"
        "  - {number: 1, title_zh: c, text_zh: d, owner: o}\n",
        "error.yaml_field",
        "編號 1 重複",
    ),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: [a, b]}\n",
        "error.yaml_field",
        "items[1].owner",
    ),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o, deadline: 105/13/01}\n",
        "error.yaml_field",
        "items[1].deadline",
    ),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o, event: nope}\n",
        "error.yaml_field",
        "nope",
    ),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o, titel_en: typo}\n",
        "error.yaml_field",
        "items[1].titel_en",
    ),
    (
        "report: {key: 'bad key!', title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o}\n",
        "error.yaml_field",
        "report.key",
    ),
    (
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: zero, title_zh: a, text_zh: b, owner: o}\n",
        "error.yaml_field",
        "items[1].number",
    ),
    (
        "report: {key: x1, title_zh: '  '}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o}\n",
        "error.yaml_field",
        "report.title_zh",
    ),
]


@pytest.mark.parametrize(("content", "key", "fragment"), BAD_FILES)
def test_bad_files_name_file_line_and_field(tmp_path, content, key, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_seed(path)
    assert err.value.key == key
    message = str(err.value)
    assert "bad.yaml" in message and "行" in message
    assert fragment in message


def test_duplicate_number_names_its_line(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(
        "report: {key: x1, title_zh: t}\nitems:\n  - number: 1\n    title_zh: a\n    text_zh: b\n"
        "    owner: o\n  - number: 1\n    title_zh: c\n    text_zh: d\n    owner: o\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_seed(path)
    assert err.value.params["line"] == 7


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        load_seed(tmp_path / "nope.yaml")
    assert err.value.key == "error.file_missing"


def test_a_deadline_of_none_in_the_file_means_no_deadline(tmp_path):
    path = tmp_path / "open.yaml"
    path.write_text(
        "report: {key: x1, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o, deadline: none}\n",
        encoding="utf-8",
    )
    assert load_seed(path).items[0].deadline is None


def test_a_second_reimport_still_applies_the_files_deadline(service, tmp_path):
    data = _other_report()
    service.import_report(load_seed(_write(tmp_path, data)))
    data["items"][0]["deadline"] = "2018-01-31"
    service.import_report(load_seed(_write(tmp_path, data, "a.yaml")))
    data["items"][0]["deadline"] = "2018-02-28"
    result = service.import_report(load_seed(_write(tmp_path, data, "b.yaml")))
    assert result.kept == []
    with service.db.read() as session:
        assert queries.get_item(session, queries.resolve_item_id(session, "apcs17-1")).deadline == date(2018, 2, 28)
