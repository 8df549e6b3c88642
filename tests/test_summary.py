"""tracker summary: periods, overdue boundaries, time-zone edges, formats and the CLI.

The seed's eight items (today frozen at 2016-12-09): 1, 2 and 3 are overdue (deadlines
2016-10-12, 2016-10-12, 2016-11-23), 4 is due 2016-12-31, 8 on 2017-01-31, the others later.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from tracker.domain import Decision, EvidenceKind, InputError, Status, Tracking
from tracker.reporting.period import parse_month, parse_week, resolve_period
from tracker.reporting.summary import build_summary, render_summary, summary_renderable
from tracker.storage import chain

from conftest import as_user, recorded

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


def created_on(service, day: date) -> None:
    """Date the seed's items back (they are created on the frozen today): a past period has them."""
    with service.db.write() as db:
        db.execute("UPDATE items SET created_at = :at", {"at": taipei(day.year, day.month, day.day, 9, 0)})


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
    assert caught.value.key == "error.one_period"


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
    created_on(service, date(2016, 10, 1))
    summary = build_summary(service, week="2016-W46")  # 2016-11-14 .. 2016-11-20
    assert summary.as_of == date(2016, 11, 20)
    assert keys(summary.overdue.rows) == ["uclg16-1", "uclg16-2"]  # item 3 is due 11-23
    assert [i.days_overdue(summary.as_of) for i in summary.overdue.rows] == [39, 39]
    assert "uclg16-3" in keys(build_summary(service, week="2016-W46", days=3).due_soon.rows)


def test_a_week_summary_made_on_friday_counts_as_of_that_friday(service, run_cli, db_target):
    """Issue 10: made on Friday 2016-12-16 for 2016-W50, it counted overdue "as of 2016-12-18"."""
    service.move_deadline("uclg16-4", date(2016, 12, 17), "提前")  # the Saturday of that week
    result = run_cli(
        "--db", str(db_target), "--today", "2016-12-16", "summary", "--week", "2016-W50", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["as_of"] == "2016-12-16" and record["period"]["end"] == "2016-12-18"
    assert "uclg16-4" not in [i["key"] for i in record["overdue"]]
    assert {i["key"]: i["days_left"] for i in record["due_soon"]}["uclg16-4"] == 1
    text = run_cli("--db", str(db_target), "--today", "2016-12-16", "summary", "--week", "2016-W50")
    assert "2016-12-16" in text.stdout and "2016-12-18" not in text.stdout.replace("2016-12-12–2016-12-18", "")


def test_a_month_summary_made_mid_month_lists_nothing_due_later_as_overdue(service, run_cli, db_target):
    """Issue 10: an item due 2016-12-20 was listed as 11 days overdue in a --month summary made on 2016-12-16."""
    service.move_deadline("uclg16-4", date(2016, 12, 20), "提前")
    result = run_cli(
        "--db", str(db_target), "--today", "2016-12-16", "summary", "--month", "2016-12", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["as_of"] == "2016-12-16"
    assert [i["key"] for i in record["overdue"]] == ["uclg16-1", "uclg16-2", "uclg16-3"]
    assert [i["days_overdue"] for i in record["overdue"]] == [65, 65, 23]
    assert {i["key"]: i["days_left"] for i in record["due_soon"]}["uclg16-4"] == 4
    assert record["totals"]["overdue"] == 3


def test_a_period_that_ended_counts_on_its_last_day_and_a_future_one_on_today(service):
    assert build_summary(service, month="2016-11").as_of == date(2016, 11, 30)
    assert build_summary(service, week="2016-W50").as_of == date(2016, 12, 9)  # today is 2016-12-09
    assert build_summary(service, month="2017-03").as_of == date(2016, 12, 9)  # never later than today


def test_a_month_counts_overdue_on_its_last_day(service):
    created_on(service, date(2016, 10, 1))
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
        "pending": 0,
        "released": 0,
        "withdrawn": 0,
        "average_progress": 0.0,
    }
    assert record["tracking_counts"] == {"active": 8, "pending": 0, "released": 0, "withdrawn": 0}
    assert (record["totals"]["average_progress"], record["totals"]["without_evidence"]) == (0.0, 0)
    assert record["without_evidence"] == []
    assert (first["progress"], first["evidence_count"]) == (0, 0)
    assert record["rates"] == {"completion": 0.0, "on_time_completion": None, "overdue": 3 / 8}
    assert record["review_queue"] == []


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
    created_on(service, date(2016, 10, 1))
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


# ---------------------------------------------------------------------------
# The follow-up (列管): counts by state, the rates, the review queue, per unit
#
# The scenario, with today 2016-12-09 (Taipei, UTC+8), worked out by hand:
#   1  deadline 10-12  released 2016-10-13 07:00 (10-12 23:00 UTC: the UTC day would say on time) -> late
#   2  deadline 10-12  asked 11-20, returned 11-22, asked again 11-29 16:30, a note 12-08 -> pending, 10 days
#   3  deadline 11-23  released 2016-11-23 23:30 (the deadline's own local day) -> on time
#   4  deadline 12-31  untouched -> under follow-up, not overdue
#   5  deadline 2017-09-10  dropped 2016-12-05 00:10 (12-04 16:10 UTC) -> pending, 4 days
#   6  no deadline (moved to none)  released 2016-12-06 -> on time
#   7  新聞局, deadline moved to 2016-12-01 -> under follow-up, 8 days overdue
#   8  withdrawn 2016-12-01
# Follow-up states: active 2 (4, 7), pending 2 (2, 5), released 3 (1, 3, 6), withdrawn 1 (8).
# Completion 3/8 = 37.5%; on time 2/3 = 66.7%; overdue 1/2 = 50.0%.
# By unit: 新聞局 open 1, overdue 1; 秘書處國際事務科 open 1 (item 4), overdue 0, pending 2,
# released 3, withdrawn 1.

OWNER = "秘書處國際事務科"
PRESS = "新聞局"


def acting(service, user: str, moment: datetime):
    """`user` acting at `moment` (the settings' frozen clock), on the same database."""
    staff = as_user(service, user)
    staff.settings = replace(staff.settings, frozen_now=moment)
    return staff


@pytest.fixture
def follow_up(service):
    chief_name = recorded(service, "陳科長")
    acting(service, "陳科長", taipei(2016, 10, 1, 9, 0)).add_reviewer(chief_name)

    def owner(*when):
        return acting(service, "曹凱雯", taipei(*when))

    def chief(*when):
        return acting(service, "陳科長", taipei(*when))

    owner(2016, 10, 11, 16, 0).set_status("uclg16-1", Status.DONE, "已出席世界大會")
    chief(2016, 10, 13, 7, 0).review("uclg16-1", Decision.RELEASE, "同意")
    owner(2016, 11, 20, 10, 0).set_status("uclg16-2", Status.DONE, "已出席三項會議")
    chief(2016, 11, 22, 10, 0).review("uclg16-2", Decision.RETURN, "請補附照片")
    owner(2016, 11, 29, 16, 30).set_status("uclg16-2", Status.DONE, "已補附照片")
    owner(2016, 12, 8, 9, 0).add_note("uclg16-2", "照片另以公文送達")  # a note while waiting
    owner(2016, 11, 22, 10, 0).set_status("uclg16-3", Status.DONE, "已出席執委會")
    chief(2016, 11, 23, 23, 30).review("uclg16-3", Decision.RELEASE)
    owner(2016, 12, 5, 0, 10).set_status("uclg16-5", Status.DROPPED, "經費不足")
    owner(2016, 12, 2, 9, 0).move_deadline("uclg16-6", None, "邀請持續至花博開幕，不訂日期")
    owner(2016, 12, 5, 9, 0).set_status("uclg16-6", Status.DONE, "已邀請")
    chief(2016, 12, 6, 9, 0).review("uclg16-6", Decision.RELEASE, "同意")
    owner(2016, 11, 1, 9, 0).move_deadline("uclg16-7", date(2016, 12, 1), "提前於年底會議前完成")
    chief(2016, 12, 1, 10, 0).review("uclg16-8", Decision.WITHDRAW, "名片改版停辦")
    return service


TRACKING_ROWS = {"列管中": "2", "待審": "2", "解除列管": "3", "撤銷列管": "1"}
RATE_ROWS = {
    "完成率（解除列管／全部事項）": ("37.5%", "3/8"),
    "準時完成率（如期解除列管／解除列管）": ("66.7%", "2/3"),
    "逾期率（逾期／列管中）": ("50.0%", "1/2"),
}
# owner: open, overdue, average progress of the open items, pending, released, withdrawn
OWNER_ROWS = {PRESS: ("1", "1", "0.0%", "0", "0", "0"), OWNER: ("1", "0", "0.0%", "2", "3", "1")}


def test_follow_up_figures(follow_up):
    summary = build_summary(follow_up)
    assert summary.tracking_counts == {
        Tracking.ACTIVE: 2,
        Tracking.PENDING: 2,
        Tracking.RELEASED: 3,
        Tracking.WITHDRAWN: 1,
    }
    assert summary.counts == {
        Status.NOT_STARTED: 3,
        Status.IN_PROGRESS: 0,
        Status.ON_HOLD: 0,
        Status.DONE: 4,
        Status.DROPPED: 1,
    }
    assert (summary.releases.timed, summary.releases.on_time, summary.untimed) == (3, 2, 0)
    rates = summary.rates
    assert {name: (r.part, r.whole) for name, r in rates.items()} == {
        "completion": (3, 8),
        "on_time_completion": (2, 3),
        "overdue": (1, 2),
    }
    assert (rates["completion"].value, rates["on_time_completion"].value, rates["overdue"].value) == (3 / 8, 2 / 3, 0.5)
    assert keys(summary.overdue.rows) == ["uclg16-7"]
    queue = summary.review_queue
    assert keys(w.item for w in queue.rows) == ["uclg16-2", "uclg16-5"] and queue.total == 2
    assert [w.days(summary.as_of, TAIPEI) for w in queue.rows] == [10, 4]
    assert [(o.owner_zh, o.open, o.overdue, o.pending, o.released, o.withdrawn) for o in summary.by_owner] == [
        (PRESS, 1, 1, 0, 0, 0),
        (OWNER, 1, 0, 2, 3, 1),
    ]


def test_follow_up_json(follow_up):
    record = json.loads(render_summary(build_summary(follow_up), "json"))
    assert record["tracking_counts"] == {"active": 2, "pending": 2, "released": 3, "withdrawn": 1}
    assert record["rates"] == {"completion": 0.375, "on_time_completion": 2 / 3, "overdue": 0.5}
    assert record["rate_parts"] == {
        "completion": {"part": 3, "whole": 8},
        "on_time_completion": {"part": 2, "whole": 3},
        "overdue": {"part": 1, "whole": 2},
    }
    assert record["totals"]["review_queue"] == 2 and record["totals"]["overdue"] == 1
    queue = record["review_queue"]
    assert [(i["key"], i["days_waiting"], i["requested_at"]) for i in queue] == [
        ("uclg16-2", 10, "2016-11-29T16:30:00+08:00"),
        ("uclg16-5", 4, "2016-12-05T00:10:00+08:00"),
    ]
    assert set(queue[0]) >= ITEM_KEYS | {"tracking", "level", "latest_review"}
    assert (queue[0]["tracking"], queue[0]["latest_note"], queue[0]["latest_review"]) == (
        "pending",
        "照片另以公文送達",
        "請補附照片",
    )
    assert record["by_owner"] == [
        {
            "owner": PRESS,
            "owner_en": "Information Bureau",
            "open": 1,
            "overdue": 1,
            "pending": 0,
            "released": 0,
            "withdrawn": 0,
            "average_progress": 0.0,
        },
        {
            "owner": OWNER,
            "owner_en": "International Affairs Section, Secretariat",
            "open": 1,
            "overdue": 0,
            "pending": 2,
            "released": 3,
            "withdrawn": 1,
            "average_progress": 0.0,
        },
    ]
    assert record["counts"] == {"not_started": 3, "in_progress": 0, "on_hold": 0, "done": 4, "dropped": 1}


def text_rows(text: str) -> list[list[str]]:
    """The cells of every row of every table in the plain-text summary (Rich's box lines; ┃ the header's)."""
    rows = []
    for line in text.splitlines():
        if line[:1] in ("│", "┃"):
            rows.append([cell.strip() for cell in line.strip(line[0]).split(line[0])])
    return rows


def markdown_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            parts = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            rows.append([re.sub(r"\\(.)", r"\1", p.strip()) for p in parts])
    return rows


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def html_rows(page: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(page)
    return parser.rows


@pytest.mark.parametrize("fmt, rows_of", [("text", text_rows), ("markdown", markdown_rows), ("html", html_rows)])
def test_follow_up_in_every_markup_format(follow_up, fmt, rows_of):
    rendered = render_summary(build_summary(follow_up), fmt)
    rows = rows_of(rendered)
    by_label = {row[0]: row[1:] for row in rows}
    for label, count in TRACKING_ROWS.items():
        assert by_label[label] == [count], label
    assert ["合計", "8"] in rows  # twice: statuses and follow-up states
    for label, (rate, parts) in RATE_ROWS.items():
        assert by_label[label] == [rate, parts], label
    assert ["代號", "建議事項", "主辦單位", "申請日期", "待審天數", "最新辦理情形"] in rows
    queue = [row for row in rows if row[0] in ("uclg16-2", "uclg16-5") and len(row) == 6 and row[4].isdigit()]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in queue] == [
        ("uclg16-2", OWNER, "2016-11-29", "10", "照片另以公文送達"),
        ("uclg16-5", OWNER, "2016-12-05", "4", "經費不足"),
    ]
    assert ["主辦單位", "未結案", "逾期", "未結案平均進度", "待審", "解除列管", "撤銷列管"] in rows
    for unit, numbers in OWNER_ROWS.items():
        assert [unit, *numbers] in rows, unit
    headings = ("列管狀態統計", "列管指標", "待審事項（2 項）")
    assert all(heading in rendered for heading in headings)
    assert "未計入準時完成率" not in rendered  # every release has its time


def test_follow_up_in_english(follow_up):
    from tracker import i18n

    i18n.set_lang("en")
    rows = text_rows(render_summary(build_summary(follow_up), "text"))
    assert ["Completion (released / all items)", "37.5%", "3/8"] in rows
    assert ["On-time completion (released by the deadline / released)", "66.7%", "2/3"] in rows
    assert ["Overdue (overdue / under follow-up)", "50.0%", "1/2"] in rows
    assert ["Awaiting review", "2"] in rows and ["Under follow-up", "2"] in rows
    assert [
        "Lead unit",
        "Open",
        "Overdue",
        "Open: average progress",
        "Awaiting review",
        "Released",
        "Withdrawn",
    ] in rows
    assert ["International Affairs Section, Secretariat", "1", "0", "0.0%", "2", "3", "1"] in rows


def test_rates_without_a_denominator_are_null_and_a_dash(follow_up):
    summary = build_summary(follow_up, owner=PRESS)  # one item, under follow-up and overdue
    record = json.loads(render_summary(summary, "json"))
    assert record["rates"] == {"completion": 0.0, "on_time_completion": None, "overdue": 1.0}
    assert record["tracking_counts"] == {"active": 1, "pending": 0, "released": 0, "withdrawn": 0}
    assert record["review_queue"] == []
    rows = {row[0]: row[1:] for row in text_rows(render_summary(summary, "text"))}
    assert rows["準時完成率（如期解除列管／解除列管）"] == ["—", "0/0"]
    assert rows["完成率（解除列管／全部事項）"] == ["0.0%", "0/1"]


def test_review_queue_is_limited_like_the_other_lists(follow_up):
    summary = build_summary(follow_up, limit=1)
    assert keys(w.item for w in summary.review_queue.rows) == ["uclg16-2"]
    assert (summary.review_queue.total, summary.review_queue.more) == (2, 1)
    assert "……另有 1 項未列出" in render_summary(summary, "markdown")


def test_days_waiting_count_to_the_end_of_the_period(follow_up):
    created_on(follow_up, date(2016, 10, 1))
    summary = build_summary(follow_up, week="2016-W48")  # 2016-11-28 .. 2016-12-04
    # uclg16-2 asked again on 11-29; uclg16-5 asked on 12-05, after the period: not waiting then.
    assert [(w.item.key, w.days(summary.as_of, TAIPEI)) for w in summary.review_queue.rows] == [("uclg16-2", 5)]
    running = build_summary(follow_up, week="2016-W49")  # 12-05 .. 12-11, today 12-09: counted to today
    assert [(w.item.key, w.days(running.as_of, TAIPEI)) for w in running.review_queue.rows] == [
        ("uclg16-2", 10),
        ("uclg16-5", 4),
    ]


def test_items_released_by_the_upgrade_count_from_when_they_were_closed(follow_up):
    # As migration 0003 left them: released, with no reviewer's decision in the history.
    acting(follow_up, "曹凱雯", taipei(2017, 3, 30, 9, 0)).set_status("uclg16-7", Status.DONE, "短片完成")
    set_item(follow_up, "uclg16-7", tracking="released")  # closed 2017-03-30, due 2016-12-01: late
    set_item(follow_up, "uclg16-4", tracking="released", status="done")  # closed with no history row
    summary = build_summary(follow_up)
    assert summary.tracking_counts[Tracking.RELEASED] == 5
    assert (summary.releases.timed, summary.releases.on_time, summary.untimed) == (4, 2, 1)
    record = json.loads(render_summary(summary, "json"))
    assert record["rate_parts"]["on_time_completion"] == {"part": 2, "whole": 4}
    assert record["rate_parts"]["completion"] == {"part": 5, "whole": 8}
    assert record["rates"]["overdue"] is None  # nothing left under follow-up
    assert "另有 1 項解除列管事項沒有解除（或結案）時間紀錄，未計入準時完成率。" in render_summary(summary, "text")


# ---------------------------------------------------------------------------
# Progress and evidence (issue 9), on top of the follow-up scenario:
#   2 (pending) has a 文號; 3 (released) has one too; 6 (released) had one, retracted 12-07;
#   1 (released) and 5 (pending, dropped) never had any.
#   Open items: 4 (秘書處國際事務科) at 40 %, 7 (新聞局) at 25 %: averages 40.0 %, 25.0 %, 32.5 % in all.
# Without evidence: 5 (awaiting review first), then the released by latest update: 6 (12-07), 1 (10-13).


@pytest.fixture
def evidence_and_progress(follow_up):
    from tracker.domain import EvidenceKind

    def owner(*when):
        return acting(follow_up, "曹凱雯", taipei(*when))

    owner(2016, 11, 29, 16, 0).add_reference("uclg16-2", EvidenceKind.DOC_NO, "府授秘外字第1050000002號")
    owner(2016, 11, 21, 9, 0).add_reference("uclg16-3", EvidenceKind.DOC_NO, "府授秘外字第1050000003號")
    _, wrong = owner(2016, 12, 5, 8, 0).add_reference("uclg16-6", EvidenceKind.DOC_NO, "府授秘外字第1050000099號")
    owner(2016, 12, 7, 9, 0).retract_evidence(wrong.id, "文號打錯")
    owner(2016, 12, 7, 10, 0).set_progress("uclg16-4", 40)
    owner(2016, 12, 7, 11, 0).set_progress("uclg16-7", 25)
    return follow_up


WITHOUT_EVIDENCE = ["uclg16-5", "uclg16-6", "uclg16-1"]


def test_average_progress_and_items_without_evidence(evidence_and_progress):
    summary = build_summary(evidence_and_progress)
    assert [(o.owner_zh, o.open, o.open_progress, o.average_progress) for o in summary.by_owner] == [
        (PRESS, 1, 25, 25.0),
        (OWNER, 1, 40, 40.0),
    ]
    assert (summary.open_items, summary.average_progress) == (2, 32.5)
    assert keys(summary.without_evidence.rows) == WITHOUT_EVIDENCE and summary.without_evidence.total == 3
    # Closed items do not pull the averages: done is 100 %, but no longer open.
    assert [i.progress for i in summary.without_evidence.rows] == [0, 100, 100]


def test_average_progress_counts_open_items_alone(evidence_and_progress):
    acting(evidence_and_progress, "曹凱雯", taipei(2016, 12, 8, 9, 0)).set_progress("uclg16-4", 90)
    set_item(evidence_and_progress, "uclg16-7", tracking="withdrawn")  # no open item left at 新聞局
    summary = build_summary(evidence_and_progress)
    assert [(o.owner_zh, o.open, o.average_progress) for o in summary.by_owner] == [(OWNER, 1, 90.0), (PRESS, 0, None)]
    assert summary.average_progress == 90.0
    record = json.loads(render_summary(summary, "json"))
    assert [o["average_progress"] for o in record["by_owner"]] == [90.0, None]
    rows = text_rows(render_summary(summary, "text"))
    assert [PRESS, "0", "0", "—", "0", "0", "1"] in rows


def test_progress_and_evidence_json(evidence_and_progress):
    record = json.loads(render_summary(build_summary(evidence_and_progress), "json"))
    assert [(o["owner"], o["average_progress"]) for o in record["by_owner"]] == [(PRESS, 25.0), (OWNER, 40.0)]
    assert record["totals"]["average_progress"] == 32.5 and record["totals"]["without_evidence"] == 3
    listed = record["without_evidence"]
    assert [i["key"] for i in listed] == WITHOUT_EVIDENCE
    assert set(listed[0]) >= ITEM_KEYS | {"tracking", "progress", "evidence_count"}
    assert [(i["tracking"], i["status"], i["evidence_count"]) for i in listed] == [
        ("pending", "dropped", 0),
        ("released", "done", 0),
        ("released", "done", 0),
    ]
    assert record["review_queue"][0]["evidence_count"] == 1  # uclg16-2 has its 文號


@pytest.mark.parametrize("fmt, rows_of", [("text", text_rows), ("markdown", markdown_rows), ("html", html_rows)])
def test_progress_and_evidence_in_every_markup_format(evidence_and_progress, fmt, rows_of):
    rendered = render_summary(build_summary(evidence_and_progress), fmt)
    rows = rows_of(rendered)
    assert [PRESS, "1", "1", "25.0%", "0", "0", "0"] in rows
    assert [OWNER, "1", "0", "40.0%", "2", "3", "1"] in rows
    assert "全部未結案事項平均執行進度：32.5%（2 項）" in rendered
    assert "待審或已解除列管但無佐證資料（3 項）" in rendered
    assert ["代號", "建議事項", "主辦單位", "辦理狀態", "列管狀態", "最後更新"] in rows
    listed = [row for row in rows if row[0] in WITHOUT_EVIDENCE and len(row) == 6 and not row[4].isdigit()]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in listed] == [
        ("uclg16-5", OWNER, "不採行", "待審", "2016-12-05 00:10"),
        ("uclg16-6", OWNER, "已完成", "解除列管", "2016-12-07 09:00"),
        ("uclg16-1", OWNER, "已完成", "解除列管", "2016-10-13 07:00"),
    ]


def test_progress_and_evidence_in_english(evidence_and_progress):
    from tracker import i18n

    i18n.set_lang("en")
    text = render_summary(build_summary(evidence_and_progress), "text")
    assert "Awaiting review or released without supporting documents (3)" in text
    assert "Average progress of all open items: 32.5% (2 items)" in text
    assert ["Information Bureau", "1", "1", "25.0%", "0", "0", "0"] in text_rows(text)


def test_without_evidence_is_limited_like_the_other_lists(evidence_and_progress):
    summary = build_summary(evidence_and_progress, limit=2)
    assert keys(summary.without_evidence.rows) == WITHOUT_EVIDENCE[:2]
    assert (summary.without_evidence.total, summary.without_evidence.more) == (3, 1)
    narrowed = build_summary(evidence_and_progress, owner=PRESS)
    assert (narrowed.without_evidence.total, narrowed.average_progress) == (0, 25.0)


@pytest.fixture
def mail_server():
    """A real local SMTP server, as tests/test_mail.py runs one."""
    from test_mail import Inbox, serving

    with serving(Inbox()) as server:
        yield server


def test_progress_and_evidence_are_mailed(evidence_and_progress, run_cli, db_target, mail_server):
    from test_mail import mail_env

    controller, inbox = mail_server
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief@taichung.gov.tw", env=mail_env(controller))
    assert result.returncode == 0, result.stderr
    message = inbox.messages[0]
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    for part in (text, page):
        assert "待審或已解除列管但無佐證資料（3 項）" in part and "32.5%" in part
    listed = [row[0] for row in html_rows(page) if row[0] in WITHOUT_EVIDENCE and not row[4].isdigit()]
    assert listed == WITHOUT_EVIDENCE  # the review queue lists uclg16-5 too, with its days waiting


# ---------------------------------------------------------------------------
# A period that ended is replayed from the history (issue 10)


def past_summary(run_cli, db_target, today: str, *args: str) -> dict:
    result = run_cli("--db", str(db_target), "--today", today, "summary", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_an_item_done_in_january_is_open_and_overdue_in_december(service, run_cli, db_target):
    created_on(service, date(2016, 10, 1))
    acting(service, "曹凱雯", taipei(2017, 1, 10, 9, 0)).set_status("uclg16-1", Status.DONE, "已出席")
    december = past_summary(run_cli, db_target, "2017-03-01", "--month", "2016-12")
    assert december["as_of"] == "2016-12-31"
    assert "uclg16-1" in [i["key"] for i in december["overdue"]]
    row = next(i for i in december["overdue"] if i["key"] == "uclg16-1")
    assert row["status"] != Status.DONE.value and row["days_overdue"] == 80
    january = past_summary(run_cli, db_target, "2017-03-01", "--month", "2017-01")
    assert "uclg16-1" not in [i["key"] for i in january["overdue"]]


def test_an_item_created_after_the_period_did_not_exist(service):
    created_on(service, date(2016, 12, 5))
    summary = build_summary(service, month="2016-11")
    assert summary.items == 0 and summary.overdue.total == 0
    assert summary.first_created == date(2016, 12, 5)  # and the heading says so, with the day to start from
    assert "當時追蹤系統中尚無事項：最早的事項於 2016-12-05 建立" in render_summary(summary, "markdown")
    assert build_summary(service, month="2016-12").first_created is None


def test_an_owner_changed_later_shows_the_old_owner(service):
    created_on(service, date(2016, 10, 1))
    acting(service, "tester", taipei(2016, 12, 5, 9, 0)).assign("uclg16-1", PRESS, "改由新聞局主辦")
    past = build_summary(service, month="2016-11")
    by_unit = {o.owner_zh: o.open for o in past.by_owner}
    assert by_unit[OWNER] == {o.owner_zh: o.open for o in build_summary(service, month="2016-12").by_owner}[OWNER] + 1
    assert [i.owner_zh for i in past.overdue.rows if i.key == "uclg16-1"] == [OWNER]
    now = build_summary(service, month="2016-12")
    assert [i.owner_zh for i in now.overdue.rows if i.key == "uclg16-1"] == [PRESS]
    assert "uclg16-1" not in keys(build_summary(service, month="2016-11", owner=PRESS).overdue.rows)


def test_a_deadline_moved_later_shows_the_old_deadline(service, run_cli, db_target):
    created_on(service, date(2016, 10, 1))
    acting(service, "tester", taipei(2017, 2, 5, 9, 0)).move_deadline("uclg16-4", date(2017, 6, 30), "延後")
    january = past_summary(run_cli, db_target, "2017-03-01", "--month", "2017-01")
    row = next(i for i in january["overdue"] if i["key"] == "uclg16-4")
    assert row["deadline"] == "2016-12-31" and row["days_overdue"] == 31
    february = past_summary(run_cli, db_target, "2017-03-01", "--month", "2017-02")
    assert "uclg16-4" not in [i["key"] for i in february["overdue"]]


def test_a_corrected_status_is_replayed_as_corrected(service):
    created_on(service, date(2016, 10, 1))
    acting(service, "tester", taipei(2016, 11, 10, 9, 0)).set_status("uclg16-1", Status.DONE, "誤植")
    with service.db.read() as db:
        wrong = db.scalar("SELECT max(id) FROM changes WHERE field = 'status'")
    acting(service, "tester", taipei(2016, 11, 20, 9, 0)).correct(wrong, "誤植，更正")
    assert "uclg16-1" not in keys(build_summary(service, week="2016-W45").overdue.rows)  # 11-07..11-13: done then
    after = build_summary(service, week="2016-W47")  # 11-21..11-27: the correction stands
    assert "uclg16-1" in keys(after.overdue.rows)
    assert after.tracking_counts[Tracking.PENDING] == 0


def test_a_history_over_months_replays_the_state_of_each_day(service):
    from tracker.storage import report_queries as fetch

    created_on(service, date(2016, 10, 1))
    steps = [
        ((2016, 10, 11), lambda s: s.set_status("uclg16-1", Status.DONE, "已出席")),
        ((2016, 10, 20), lambda s: s.assign("uclg16-2", PRESS, "改派")),
        ((2016, 11, 3), lambda s: s.move_deadline("uclg16-3", date(2017, 1, 15), "延後")),
        ((2016, 11, 15), lambda s: s.review("uclg16-1", Decision.RELEASE, "同意")),
        ((2016, 12, 2), lambda s: s.assign("uclg16-2", OWNER, "改回")),
        ((2016, 12, 20), lambda s: s.set_status("uclg16-4", Status.DROPPED, "停辦")),
        ((2017, 1, 5), lambda s: s.move_deadline("uclg16-3", None, "不訂日期")),
    ]
    reviewer = recorded(service, "tester")
    acting(service, "tester", taipei(2016, 10, 1, 9, 0)).add_reviewer(reviewer)

    def state():
        with service.db.read() as db:
            rows = db.rows("SELECT id, status, owner_zh, deadline, tracking FROM items ORDER BY id")
            return [(i, s, o, str(d) if d else None, t) for i, s, o, d, t in rows]

    seen = []
    for when, act in steps:
        act(acting(service, "tester", taipei(*when, 10, 0)))
        seen.append((date(*when), state()))
    with service.db.read() as db:
        for day, expected in seen:
            end = datetime.combine(day + timedelta(days=1), time(), TAIPEI)  # the end of that local day
            replayed = [
                (i.id, i.status.value, i.owner_zh, i.deadline.isoformat() if i.deadline else None, i.tracking.value)
                for i in fetch.replay(db, fetch.Scope(), end)
            ]
            assert replayed == expected, day


def digest(summary) -> dict:
    """What a summary says, item by item, for comparing a replayed summary with the live one."""
    return {
        "counts": summary.counts,
        "tracking": summary.tracking_counts,
        "overdue": [(i.key, i.deadline, i.status, i.last_note) for i in summary.overdue.rows],
        "due_soon": [(i.key, i.deadline) for i in summary.due_soon.rows],
        "stale": [i.key for i in summary.stale.rows],
        "queue": [(w.item.key, w.since, w.item.last_note) for w in summary.review_queue.rows],
        "without_evidence": [i.key for i in summary.without_evidence.rows],
        "releases": summary.releases,
        "by_owner": summary.by_owner,
    }


def test_as_of_each_day_of_a_history_says_what_the_summary_said_that_day(service):
    """Every list of the summary, made live at the end of each day of a history spread over
    months, is what --as-of that day says once the history has moved on."""
    created_on(service, date(2016, 9, 1))
    with service.db.write() as db:  # as if made then, and not changed since
        db.execute("UPDATE items SET updated_at = created_at")
    reviewer = recorded(service, "陳科長")
    acting(service, "陳科長", taipei(2016, 9, 1, 9, 0)).add_reviewer(reviewer)
    evidence_ids: list[int] = []

    def attach(s):
        evidence_ids.append(s.add_reference("uclg16-2", EvidenceKind.DOC_NO, "府授秘國字第1050001號")[1].id)

    steps = [
        ((2016, 9, 20), lambda s: s.add_note("uclg16-1", "已報名世界大會")),
        ((2016, 10, 11), lambda s: s.set_status("uclg16-1", Status.DONE, "已出席")),
        ((2016, 10, 20), lambda s: s.assign("uclg16-2", PRESS, "改派")),
        ((2016, 11, 3), lambda s: s.set_status("uclg16-2", Status.DONE, "已出席三項會議")),
        ((2016, 11, 4), attach),
        ((2016, 11, 15), lambda s: s.review("uclg16-1", Decision.RELEASE, "同意")),
        ((2016, 11, 28), lambda s: s.retract_evidence(evidence_ids[0], "文號誤植")),
        ((2016, 12, 2), lambda s: s.move_deadline("uclg16-3", date(2017, 1, 15), "延後")),
        ((2016, 12, 20), lambda s: s.set_status("uclg16-4", Status.DROPPED, "停辦")),
        ((2017, 1, 5), lambda s: s.review("uclg16-2", Decision.RELEASE, "同意")),
    ]

    def on(day: date, hour: int):
        staff = acting(service, "陳科長", taipei(day.year, day.month, day.day, hour, 0))
        staff.settings = replace(staff.settings, frozen_today=day)
        return staff

    live = []
    for when, act in steps:
        act(on(date(*when), 10))
        made_that_day = build_summary(on(date(*when), 23), days=30)
        assert not made_that_day.replayed
        live.append((date(*when), digest(made_that_day)))
    later = on(date(2017, 3, 1), 9)
    for day, expected in live:
        replayed = build_summary(later, as_of=day, days=30)
        assert replayed.replayed and replayed.as_of == day
        assert digest(replayed) == expected, day


def test_as_of_after_today_is_refused_with_today_to_type(service, run_cli, db_target):
    result = run_cli("--db", str(db_target), "--today", "2016-12-09", "summary", "--as-of", "105/12/10")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "2016-12-10" in result.stderr and "--as-of 2016-12-09" in result.stderr


def test_as_of_json_names_the_day_and_the_reports(service, run_cli, db_target):
    document = past_summary(run_cli, db_target, "2017-03-01", "--as-of", "105/12/16")
    assert document["as_of"] == "2016-12-16" and document["replayed"] is True
    assert document["period"]["start"] == "2016-12-10" and document["period"]["end"] == "2016-12-16"
    assert [r["key"] for r in document["reports"]] == ["uclg16"] and document["reports"][0]["agency_zh"] == "秘書處"


@pytest.mark.parametrize(
    "option, text, start, end, label",
    [
        ("week", "105-W50", date(2016, 12, 12), date(2016, 12, 18), "2016-W50"),
        ("week", "２０１６-W50", date(2016, 12, 12), date(2016, 12, 18), "2016-W50"),
        ("week", "2016-12-16", date(2016, 12, 12), date(2016, 12, 18), "2016-W50"),
        ("week", "105年12月16日", date(2016, 12, 12), date(2016, 12, 18), "2016-W50"),
        ("week", "this", date(2017, 1, 16), date(2017, 1, 22), "2017-W03"),
        ("week", "上週", date(2017, 1, 9), date(2017, 1, 15), "2017-W02"),
        ("week", "last", date(2017, 1, 9), date(2017, 1, 15), "2017-W02"),
        ("month", "last", date(2016, 12, 1), date(2016, 12, 31), "2016-12"),
        ("month", "本月", date(2017, 1, 1), date(2017, 1, 31), "2017-01"),
        ("quarter", "2017Q1", date(2017, 1, 1), date(2017, 3, 31), "2017-Q1"),
        ("quarter", "106q1", date(2017, 1, 1), date(2017, 3, 31), "2017-Q1"),
        ("quarter", "105年第4季", date(2016, 10, 1), date(2016, 12, 31), "2016-Q4"),
        ("quarter", "105年第四季", date(2016, 10, 1), date(2016, 12, 31), "2016-Q4"),
        ("quarter", "last", date(2016, 10, 1), date(2016, 12, 31), "2016-Q4"),
        ("half", "2017H1", date(2017, 1, 1), date(2017, 6, 30), "2017-H1"),
        ("half", "105H2", date(2016, 7, 1), date(2016, 12, 31), "2016-H2"),
        ("half", "105年上半年", date(2016, 1, 1), date(2016, 6, 30), "2016-H1"),
        ("half", "last", date(2016, 7, 1), date(2016, 12, 31), "2016-H2"),
    ],
)
def test_periods_as_staff_name_them(option, text, start, end, label):
    period = resolve_period(date(2017, 1, 20), **{option: text})
    assert (period.start, period.end, period.label, period.kind) == (start, end, label, option)


@pytest.mark.parametrize(
    "option, text, key",
    [
        ("quarter", "2017Q5", "error.bad_quarter"),
        ("quarter", "2017-03", "error.bad_quarter"),
        ("half", "2017H3", "error.bad_half"),
        ("half", "下半年", "error.bad_half"),
        ("week", "2016-13-01", "error.bad_week"),
        ("quarter", "3000Q1", "error.period_out_of_range"),
    ],
)
def test_bad_quarters_and_halves_are_refused_with_examples(option, text, key):
    with pytest.raises(InputError) as caught:
        resolve_period(date(2017, 1, 20), **{option: text})
    assert caught.value.key == key
    assert (
        "Q1" in str(caught.value)
        or "H1" in str(caught.value)
        or "W50" in str(caught.value)
        or "3000" in str(caught.value)
    )


def test_a_quarterly_report_names_itself_its_report_and_agency(service, run_cli, db_target):
    result = run_cli(
        "--db", str(db_target), "--today", "2017-03-01", "summary", "--quarter", "105Q4", "--format", "markdown"
    )
    assert result.returncode in (0, 1), result.stderr
    head = result.stdout.splitlines()[:6]
    assert any("建議事項追蹤季報" in line and "2016-10-01–2016-12-31" in line for line in head)
    assert any("uclg16" in line for line in head) and any("主辦機關：秘書處" in line for line in head)
    assert any("依異動紀錄還原" in line for line in head)


def test_keys_dates_and_names_are_never_broken_across_lines(follow_up):
    """HTML keeps a key, a date and a person whole (nowrap) and a unit's name between words;
    the terminal table at 60 columns never leaves "uclg16-" at a line's end."""
    from rich.console import Console

    created_on(follow_up, date(2016, 10, 1))
    summary = build_summary(follow_up, month="2016-11")
    page = render_summary(summary, "html")
    assert '<td class="nw">uclg16-2</td>' in page and "td.nw{white-space:nowrap" in page
    assert re.search(r'<td class="nw">2016-1\d-\d\d</td>', page)
    assert '<td class="kw">秘書處國際事務科</td>' in page
    console = Console(width=60, record=True, color_system=None)
    console.print(summary_renderable(summary))
    text = console.export_text()
    assert "uclg16-" in text
    assert not re.search(r"uclg16-(?!\d)", text)  # every key whole on its line
    assert not re.search(r"\d{4}-\d\d-(?!\d\d)", text)
