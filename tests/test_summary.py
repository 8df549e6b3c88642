"""tracker summary: periods, overdue boundaries, time-zone edges, formats and the CLI.

The seed's eight items (today frozen at 2016-12-09): 1, 2 and 3 are overdue (deadlines
2016-10-12, 2016-10-12, 2016-11-23), 4 is due 2016-12-31, 8 on 2017-01-31, the others later.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from tracker.domain import InputError, Status
from tracker.reporting.period import parse_month, parse_week, resolve_period
from tracker.reporting.summary import build_summary, render_summary, summary_renderable
from tracker.storage import chain

TAIPEI = ZoneInfo("Asia/Taipei")
SUMMARY_KEYS = {"period", "today", "counts", "overdue", "due_soon", "changed", "stale", "by_owner"}
ITEM_KEYS = {"key", "number", "title_zh", "title_en", "owner", "deadline", "status", "days_overdue"}


def taipei(*parts) -> datetime:
    return datetime(*parts, tzinfo=TAIPEI)


def add_change(service, key: str, at: datetime, note: str = "會議紀錄已送出", by: str = "tester") -> None:
    """A history row at a chosen instant, chained as the service chains its own."""
    with service.db.write() as db:
        item_id, version = db.row("SELECT id, version FROM items WHERE key = :key", {"key": key})
        chain.append(db, item_id, version, at, by, "note", None, None, note)


def set_item(service, key: str, **values) -> None:
    """Change an item's columns directly (what the service cannot: titles, update times, raw text)."""
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    with service.db.write() as db:
        db.execute(f"UPDATE items SET {assignments} WHERE key = :key", {**values, "key": key})


def keys(rows) -> list[str]:
    return [row.key for row in rows]


# ---------------------------------------------------------------------------
# Periods


def test_default_period_is_the_seven_days_ending_today():
    period = resolve_period(date(2016, 12, 9))
    assert (period.start, period.end, period.kind) == (date(2016, 12, 3), date(2016, 12, 9), "days")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2016-W50", date(2016, 12, 12), date(2016, 12, 18)),
        ("2016-W01", date(2016, 1, 4), date(2016, 1, 10)),
        ("2016w1", date(2016, 1, 4), date(2016, 1, 10)),
        ("２０１６－Ｗ４９", date(2016, 12, 5), date(2016, 12, 11)),
        ("2015-W53", date(2015, 12, 28), date(2016, 1, 3)),  # 2015 has 53 ISO weeks, ending in 2016
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
    ],
)
def test_iso_weeks_run_monday_to_sunday(text, start, end):
    period = parse_week(text)
    assert (period.start, period.end) == (start, end)
    assert period.start.weekday() == 0 and period.end.weekday() == 6


@pytest.mark.parametrize("text", ["2016-50", "W50", "2016-W", "2016-W0", "2016-W54", "16-W50", "2016-W50-1", ""])
def test_bad_weeks_are_refused_with_examples(text):
    with pytest.raises(InputError) as caught:
        parse_week(text)
    assert "2016-W" in str(caught.value)


def test_a_week_53_the_year_lacks_is_refused_naming_the_last_week():
    with pytest.raises(InputError) as caught:
        parse_week("2016-W53")
    assert caught.value.key == "error.no_such_week"
    assert "2016-W52" in str(caught.value)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2016-12", date(2016, 12, 1), date(2016, 12, 31)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),  # leap year
        ("2017/2", date(2017, 2, 1), date(2017, 2, 28)),
        ("105/12", date(2016, 12, 1), date(2016, 12, 31)),  # ROC year
        ("民國105年11月", date(2016, 11, 1), date(2016, 11, 30)),
    ],
)
def test_months_are_calendar_months(text, start, end):
    period = parse_month(text)
    assert (period.start, period.end, period.kind) == (start, end, "month")


@pytest.mark.parametrize("text", ["2016-13", "2016-00", "12/2016", "2016", "2016-12-01", "Dec 2016", "abc"])
def test_bad_months_are_refused_with_examples(text):
    with pytest.raises(InputError) as caught:
        parse_month(text)
    assert "2016-12" in str(caught.value)


def test_week_and_month_together_are_refused():
    with pytest.raises(InputError) as caught:
        resolve_period(date(2016, 12, 9), week="2016-W50", month="2016-12")
    assert caught.value.key == "error.week_and_month"


# ---------------------------------------------------------------------------
# Overdue, due soon, stale: the boundaries


def test_overdue_items_most_overdue_first_with_days(service):
    summary = build_summary(service)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2", "uclg16-3"]
    assert [i.days_overdue(summary.as_of) for i in summary.overdue.rows] == [58, 58, 16]
    assert summary.overdue.total == 3 and summary.has_overdue


def test_due_today_is_not_overdue_but_due_soon(service):
    service.move_deadline("uclg16-8", date(2016, 12, 9), "提前至本日")
    service.move_deadline("uclg16-7", date(2016, 12, 8), "提前至昨日")
    summary = build_summary(service)
    assert "uclg16-8" not in keys(summary.overdue.rows)
    assert "uclg16-8" in keys(summary.due_soon.rows)
    assert "uclg16-7" in keys(summary.overdue.rows)
    record = json.loads(render_summary(summary, "json"))
    soon = {i["key"]: i for i in record["due_soon"]}
    assert soon["uclg16-8"]["days_left"] == 0 and soon["uclg16-8"]["days_overdue"] is None
    late = {i["key"]: i for i in record["overdue"]}
    assert late["uclg16-7"]["days_overdue"] == 1


def test_due_soon_window_is_inclusive_of_its_last_day(service):
    service.move_deadline("uclg16-8", date(2016, 12, 16), "提前")  # today + 7
    service.move_deadline("uclg16-7", date(2016, 12, 17), "提前")  # today + 8
    summary = build_summary(service, days=7)
    assert keys(summary.due_soon.rows) == ["uclg16-8"]
    assert keys(build_summary(service, days=8).due_soon.rows) == ["uclg16-8", "uclg16-7"]
    assert build_summary(service, days=0).due_soon.total == 0


def test_closed_items_are_never_overdue(service):
    service.set_status("uclg16-1", Status.DONE, "已出席並連任成功")
    service.set_status("uclg16-2", Status.DROPPED, "經費不足，不採行")
    summary = build_summary(service)
    assert keys(summary.overdue.rows) == ["uclg16-3"]
    assert summary.counts[Status.DONE] == 1 and summary.counts[Status.DROPPED] == 1
    owners = {o.owner_zh: (o.open, o.overdue) for o in summary.by_owner}
    assert owners["秘書處國際事務科"] == (5, 1)


def test_a_deadline_moved_into_the_future_leaves_the_overdue_list(service):
    service.move_deadline("uclg16-3", date(2017, 3, 31), "執委會延期")
    summary = build_summary(service)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2"]
    assert summary.overdue.total == 2


def test_on_hold_items_are_still_open_and_can_be_overdue(service):
    service.set_status("uclg16-3", Status.ON_HOLD, "等候外交部回覆")
    assert "uclg16-3" in keys(build_summary(service).overdue.rows)


def test_overdue_is_counted_as_of_the_end_of_the_period(service):
    summary = build_summary(service, week="2016-W46")  # 2016-11-14 .. 2016-11-20
    assert summary.as_of == date(2016, 11, 20)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2"]  # item 3 is due 11-23
    assert [i.days_overdue(summary.as_of) for i in summary.overdue.rows] == [39, 39]
    assert "uclg16-3" in keys(build_summary(service, week="2016-W46", days=3).due_soon.rows)


def test_a_month_counts_overdue_on_its_last_day(service):
    summary = build_summary(service, month="2016-11")
    assert summary.as_of == date(2016, 11, 30)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2", "uclg16-3"]
    assert summary.overdue.rows[-1].days_overdue(summary.as_of) == 7


def test_limit_keeps_the_most_overdue_and_says_how_many_more(service):
    summary = build_summary(service, limit=2)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2"]
    assert (summary.overdue.total, summary.overdue.more) == (3, 1)
    assert "--limit 0" in render_summary(summary, "text")
    assert build_summary(service, limit=0).overdue.more == 0


def test_stale_means_no_change_for_30_days_or_more(service):
    set_item(service, "uclg16-4", updated_at=taipei(2016, 11, 9, 23, 59))  # 30 days before 12-09
    set_item(service, "uclg16-5", updated_at=taipei(2016, 11, 10, 0, 1))  # 29 days
    set_item(service, "uclg16-6", updated_at=taipei(2016, 10, 1, 9, 0))
    set_item(service, "uclg16-7", updated_at=taipei(2016, 10, 1, 9, 0), status="done")  # closed: never stale
    summary = build_summary(service)
    assert keys(summary.stale.rows) == ["uclg16-6", "uclg16-4"]  # stalest first
    assert summary.stale.total == 2


def test_stale_count_agrees_whichever_way_it_is_counted(service):
    # report_queries.stale counts from the smaller side of the cut: make the old side the larger one.
    for number in range(1, 9):
        set_item(service, f"uclg16-{number}", updated_at=taipei(2016, 9, number, 12, 0))
    set_item(service, "uclg16-8", updated_at=taipei(2016, 12, 8, 12, 0))
    set_item(service, "uclg16-2", status="done")
    summary = build_summary(service)
    assert summary.stale.total == len(summary.stale.rows) == 6


# ---------------------------------------------------------------------------
# What changed: local days, not UTC days


def test_a_change_at_2330_taipei_belongs_to_that_local_day(service):
    late_sunday = taipei(2016, 12, 11, 23, 30)  # 15:30 UTC: still Sunday of week 49 in Taipei
    monday = taipei(2016, 12, 12, 0, 0)  # 16:00 UTC the day before
    add_change(service, "uclg16-3", late_sunday.astimezone(UTC), note="週日深夜補登")
    add_change(service, "uclg16-4", monday.astimezone(UTC), note="週一零時")
    week49 = build_summary(service, week="2016-W49")
    week50 = build_summary(service, week="2016-W50")
    assert [e.change.note for e in week49.changed.rows] == ["週日深夜補登"]
    assert [e.change.note for e in week50.changed.rows] == ["週一零時"]
    record = json.loads(render_summary(week49, "json"))
    assert record["changed"][0]["at"] == "2016-12-11T23:30:00+08:00"
    assert record["changed"][0]["item"] == "uclg16-3"


def test_changes_in_the_period_newest_first_with_titles(service):
    add_change(service, "uclg16-1", taipei(2016, 12, 5, 9, 0), note="first", by="王小明")
    add_change(service, "uclg16-2", taipei(2016, 12, 8, 9, 0), note="second", by="李小華")
    add_change(service, "uclg16-2", taipei(2016, 12, 2, 23, 59), note="before the period")
    summary = build_summary(service)
    assert [e.change.note for e in summary.changed.rows] == ["second", "first"]
    assert summary.changed.total == 2
    assert summary.changed.rows[0].title_zh.startswith("全程出席")
    assert summary.changed.rows[0].change.by == "李小華"


def test_owner_filter_narrows_every_section(service):
    add_change(service, "uclg16-7", taipei(2016, 12, 5, 9, 0), note="新聞局的異動")
    add_change(service, "uclg16-1", taipei(2016, 12, 5, 9, 0), note="秘書處的異動")
    summary = build_summary(service, owner="新聞局")
    assert summary.overdue.total == 0 and not summary.has_overdue
    assert [e.change.note for e in summary.changed.rows] == ["新聞局的異動"]
    assert summary.changed.total == 1
    assert [o.owner_zh for o in summary.by_owner] == ["新聞局"]
    assert sum(summary.counts.values()) == 1
    assert build_summary(service, owner="information bureau").counts[Status.NOT_STARTED] == 1


def test_unknown_report_is_refused_listing_the_known_ones(service):
    with pytest.raises(InputError) as caught:
        build_summary(service, report="nope")
    assert "uclg16" in str(caught.value)
    assert build_summary(service, report="UCLG16").report_title.startswith("臺中市政府")


def test_negative_days_are_refused(service):
    with pytest.raises(InputError):
        build_summary(service, days=-1)


# ---------------------------------------------------------------------------
# Formats


def test_json_has_the_stable_keys(service):
    record = json.loads(render_summary(build_summary(service), "json"))
    assert set(record) >= SUMMARY_KEYS
    assert record["period"] == {
        "start": "2016-12-03",
        "end": "2016-12-09",
        "kind": "days",
        "label": "2016-12-03–2016-12-09",
    }
    assert record["today"] == "2016-12-09"
    assert record["counts"] == {"not_started": 8, "in_progress": 0, "on_hold": 0, "done": 0, "dropped": 0}
    assert record["totals"]["overdue"] == 3
    first = record["overdue"][0]
    assert set(first) >= ITEM_KEYS
    assert (
        first["key"],
        first["number"],
        first["owner"]["unit_zh"],
        first["owner"]["unit_en"],
        first["deadline"],
        first["status"],
        first["days_overdue"],
    ) == (
        "uclg16-1",
        1,
        "秘書處國際事務科",
        "International Affairs Section, Secretariat",
        "2016-10-12",
        "not_started",
        58,
    )
    assert first["title_en"].startswith("Attend the 5th UCLG World Congress")
    assert record["by_owner"][0] == {
        "owner": "秘書處國際事務科",
        "owner_en": "International Affairs Section, Secretariat",
        "open": 7,
        "overdue": 3,
    }


HOSTILE = "[bold red]x[/] [/ <script>alert(1)</script> | # ** =1+1"


def test_user_text_is_data_in_every_format(service):
    service.add_note("uclg16-1", HOSTILE)
    set_item(service, "uclg16-2", last_note="a\x1b]0;pwned\x07b\u202ec\x9bd")
    summary = build_summary(service)
    text = render_summary(summary, "text")
    assert "[bold red]x[/]" in text and "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    assert "abc" in text and "pwned" not in text  # whole escape sequences go, nothing of them is shown
    markdown = render_summary(summary, "markdown")
    assert r"\[bold red\]x\[/\] \[/ \<script\>alert(1)\</script\> \| # \*\* =1+1" in markdown
    page = render_summary(summary, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert json.loads(render_summary(summary, "json"))["overdue"][0]["latest_note"] == HOSTILE


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.tags, self._in = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in = tag in ("td", "th")
        if self._in:
            self.cells.append("")

    def handle_endtag(self, tag):
        self._in = False if tag in ("td", "th") else self._in

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


def test_html_is_one_self_contained_printable_page(service):
    page = render_summary(build_summary(service), "html")
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1
    assert "@page{size:A4" in page and "<style>" in page
    assert "src=" not in page and "<link" not in page and "<script" not in page
    parser = _Cells()
    parser.feed(page)
    assert "派員出席波哥大UCLG世界大會爭取連任" in parser.cells
    assert "58" in parser.cells


def test_text_rendering_lists_every_section(service):
    text = render_summary(build_summary(service), "text")
    for heading in ("辦理狀態統計", "逾期事項（3 項）", "7 天內到期（0 項）", "本期異動（0 筆）", "各主辦單位"):
        assert heading in text
    assert "\x1b[" not in text  # plain: no colour codes


def test_english_labels(service):
    from tracker import i18n

    i18n.set_lang("en")
    text = render_summary(build_summary(service), "text")
    assert "Overdue (3)" in text and "Attend the 5th UCLG World Congress" in text
    assert "International Affairs Section, Secretariat" in text


def test_renderable_is_made_of_text_not_markup(service):
    from rich.console import Console

    service.add_note("uclg16-1", "[/] [link=http://x]y[/link]")
    console = Console(record=True, width=200, force_terminal=True)
    console.print(summary_renderable(build_summary(service)))  # would raise MarkupError if parsed
    assert "[/] [link=http://x]y[/link]" in console.export_text()


# ---------------------------------------------------------------------------
# The command


def cli(run_cli, db_target, *args, **kw):
    return run_cli("--db", str(db_target), "--today", "2016-12-09", *args, **kw)


def test_cli_json_and_fail_on_overdue(service, run_cli, db_target):
    result = cli(run_cli, db_target, "summary", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["overdue"] == 3
    failing = cli(run_cli, db_target, "summary", "--format", "json", "--fail-on-overdue")
    assert failing.returncode == 1 and json.loads(failing.stdout)["totals"]["overdue"] == 3
    calm = cli(run_cli, db_target, "summary", "--owner", "新聞局", "--fail-on-overdue")
    assert calm.returncode == 0 and "新聞局" in calm.stdout


def test_cli_week_and_file_output(service, run_cli, db_target, tmp_path):
    out = tmp_path / "週報.md"
    result = cli(run_cli, db_target, "summary", "--week", "2016-W46", "--format", "markdown", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "2016-11-14–2016-11-20" in text and "逾期事項（2 項）" in text


def test_cli_text_when_piped_is_plain(service, run_cli, db_target):
    result = cli(run_cli, db_target, "summary")
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout and "逾期事項（3 項）" in result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (("--week", "2016-50"), ["2016-W50"]),
        (("--week", "2016-W53"), ["2016-W52"]),
        (("--month", "2016-13"), ["2016-12"]),
        (("--week", "2016-W50", "--month", "2016-12"), ["--week", "--month"]),
        (("--days", "-3"), ["-3"]),
        (("--limit", "many"), ["--limit"]),
        (("--report", "nope"), ["uclg16"]),
    ],
)
def test_cli_bad_input_says_what_to_type(service, run_cli, db_target, tmp_path, args, words):
    out = tmp_path / "never.txt"
    result = cli(run_cli, db_target, "summary", *args, "-o", str(out))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("錯誤：") and len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr
    assert not out.exists()


def test_cli_unwritable_output(service, run_cli, db_target, tmp_path):
    missing = tmp_path / "no-such-folder" / "summary.html"
    result = cli(run_cli, db_target, "summary", "--format", "html", "-o", str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr and "-o" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.parent.exists()
