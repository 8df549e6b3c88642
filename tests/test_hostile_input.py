"""Hostile input on the command line, in report files and in the settings file (issue 7).

Every case is refused with exit 2 and one line on stderr, in the user's language, naming
what was wrong and what to type instead; no traceback, no terminal control, and nothing
written. Class by class, as the issue lists them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_mail import Inbox, free_port

from tracker.domain import InputError
from tracker.storage import queries

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
HUGE = "99999999999999999999"  # more than SQLite's (or PostgreSQL's) integers hold


@pytest.fixture
def db(service, settings) -> str:
    """The seeded database, as --db takes it (a file or a PostgreSQL URL)."""
    return settings.db


def counts(service) -> tuple[int, int]:
    """(items, history entries): what any write would change."""
    with service.db.read() as session:
        return queries.counts(session)


def refused(result, *fragments: str, lang: str = "zh-TW") -> str:
    """Exit 2 and one clean line on stderr, in the user's language, holding every fragment."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("錯誤：" if lang == "zh-TW" else "Error: "), line
    assert "Traceback" not in line and not CONTROL.search(line), line
    for fragment in fragments:
        assert fragment in line
    return line


# ---------------------------------------------------------------------------
# Report files: a valid one, spoilt one field at a time. Dates are written unquoted, as
# staff write them, so that PyYAML would read them as dates if it were let.

REPORT = """\
report:
  key: hostile16
  title_zh: 測試報告
  report_date: {report_date}
  trip_start: {trip_start}
  trip_end: {trip_end}
events:
  - key: ev1
    name_zh: 會議
    start: {start}
    end: {end}
items:
  - number: {number}
    title_zh: 標題
    text_zh: 內文
    owner: {owner}
    deadline: {deadline}
"""
GOOD = {
    "report_date": "2016-12-09",
    "trip_start": "2016-09-04",
    "trip_end": "2016-09-09",
    "start": "2016-10-12",
    "end": "2016-10-15",
    "number": "1",
    "owner": "秘書處國際事務科",
    "deadline": "2016-11-23",
}
LINES = {"report_date": 4, "trip_start": 5, "trip_end": 6, "start": 10, "end": 11, "number": 13, "deadline": 17}


def report_file(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(REPORT.format(**{**GOOD, **changes}), encoding="utf-8")
    return path


def import_refused(service, run_cli, db, path: Path, *fragments: str) -> str:
    before = counts(service)
    line = refused(run_cli("--db", db, "import", str(path)), path.name, *fragments)
    assert counts(service) == before
    return line


def test_the_unspoilt_report_file_imports(service, run_cli, db, tmp_path):
    """The control for everything below: each refusal is the spoilt field's doing."""
    items, changes = counts(service)
    result = run_cli("--db", db, "import", str(report_file(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert counts(service) == (items + 1, changes + 1)


# 1. Dates that YAML itself would read -------------------------------------------------

DATE_FIELDS = ["report_date", "trip_start", "trip_end", "start", "end", "deadline"]


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2016-02-30", "不存在"),
        ("2016-13-01", "沒有 13 月"),
        ("!!timestamp 2016-02-30", "不存在"),
        ("0001-01-01", "1900–2999"),
        ("9999-12-31", "1900–2999"),
    ],
)
def test_impossible_dates_in_any_date_field_are_refused(service, run_cli, db, tmp_path, field, value, fragment):
    path = report_file(tmp_path, **{field: value})
    import_refused(service, run_cli, db, path, f"第 {LINES[field]} 行", field, fragment, "2016-11-23")


# Timestamps are refused rather than cut to their date: which day 23:00-05:00 falls on
# depends on the zone, and a deadline kept as a date-time changed on every re-import.
@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("value", ["2016-10-12 10:00:00", "2016-10-12T10:00:00+05:00", "2016-10-12t10:00:00Z"])
def test_dates_with_a_time_are_refused_naming_the_date_to_write(service, run_cli, db, tmp_path, field, value):
    path = report_file(tmp_path, **{field: value})
    import_refused(service, run_cli, db, path, f"第 {LINES[field]} 行", field, "含有時間", "請寫成 2016-10-12")


def test_a_refused_timestamp_is_told_in_english_too(service, run_cli, db, tmp_path):
    path = report_file(tmp_path, deadline="2016-10-12 10:00:00")
    result = run_cli("--db", db, "--lang", "en", "import", str(path))
    refused(result, "line 17", "items[1].deadline", "has a time of day", "Write 2016-10-12", lang="en")


# 2. Numbers too large for the database or the calendar ---------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["show", HUGE], [HUGE, "tracker list", "uclg16-1"]),
        (["status", "3", "in_progress", "--if-version", HUGE], [HUGE, "--if-version 2"]),
        (["note", "3", "x", "--if-version", HUGE], [HUGE, "--if-version 2"]),
        (["history", "--limit", HUGE], ["--limit", HUGE, "1000000", "--limit 20"]),
        (["history", "--limit", "0"], ["--limit", "--limit 20"]),
        (["list", "--due-within", HUGE], ["--due-within", HUGE, "36500", "--due-within 7"]),
        (["summary", "--days", HUGE], ["--days", HUGE, "--days 7"]),
        (["summary", "--limit", HUGE], ["--limit", HUGE, "--limit 50"]),
        (["--today", "9999-12-31", "list", "--due-within", "1"], ["9999-12-31", "1900–2999"]),
        (["--today", "0001-01-01", "summary"], ["0001-01-01", "1900–2999"]),
        (["--today", "9999-12-31", "summary", "--days", "5"], ["9999-12-31", "1900–2999"]),
        (["summary", "--week", "0001-W01"], ["0001-W01", "1900–2999"]),
        (["summary", "--week", "9999-W52"], ["9999-W52", "1900–2999"]),
        (["summary", "--month", "9999-12"], ["9999-12", "1900–2999"]),
        (["summary", "--month", "0001-01"], ["0001-01", "1900–2999"]),
        (["history", "--since", "0001-01-01"], ["0001-01-01", "1900–2999"]),
        (["due", "3", "9999-12-31", "--note", "延期"], ["9999-12-31", "1900–2999"]),
    ],
)
def test_numbers_too_large_are_refused(service, run_cli, db, args, fragments):
    before = counts(service)
    refused(run_cli("--db", db, *args), *fragments)
    assert counts(service) == before


def test_the_widest_windows_allowed_still_work(run_cli, db):
    """The limits are where the calendar stops being a problem, not short of it."""
    for args in (
        ["--today", "2999-12-31", "summary", "--days", "36500"],
        ["--today", "2999-12-31", "list", "--due-within", "36500"],
        ["--today", "1900-01-01", "summary"],
        ["summary", "--week", "2999-W52", "--limit", "1000000"],
    ):
        result = run_cli("--db", db, *args)
        assert result.returncode == 0, (args, result.stderr)


def test_an_item_number_too_large_in_a_report_file_is_refused(service, run_cli, db, tmp_path):
    for number in (HUGE, "10000"):  # 10000: more than a report holds, yet fits the database
        import_refused(service, run_cli, db, report_file(tmp_path, number=number), "第 13 行", "1 到 9999")


# 3. Digits that are not 0-9 ---------------------------------------------------------------


@pytest.mark.parametrize("digit", ["²", "①", "١"])
@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["show", "{d}"], ["uclg16-1"]),
        (["status", "3", "{d}"], ["not_started"]),
        (["status", "3", "in_progress", "--if-version", "{d}"], ["--if-version 2"]),
        (["history", "--limit", "{d}"], ["--limit 20"]),
        (["list", "--due-within", "{d}"], ["--due-within 7"]),
        (["summary", "--days", "{d}"], ["--days 7"]),
        (["summary", "--limit", "{d}"], ["--limit 50"]),
        (["due", "3", "2016-1{d}-01", "--note", "延期"], ["105/11/23"]),
        (["--today", "2016-1{d}-01", "list"], ["105/11/23"]),
        (["summary", "--week", "2016-W5{d}"], ["--week 2016-W50"]),
        (["summary", "--month", "2016-1{d}"], ["--month 2016-12"]),
    ],
)
def test_digits_other_than_0_to_9_are_refused(service, run_cli, db, digit, args, fragments):
    before = counts(service)
    typed = [arg.format(d=digit) for arg in args]
    refused(run_cli("--db", db, *typed), digit, *fragments)
    assert counts(service) == before


def test_full_width_digits_are_read_as_digits(run_cli, db):
    shown = run_cli("--db", db, "show", "３", "--format", "json")
    assert shown.returncode == 0 and '"uclg16-3"' in shown.stdout
    listed = run_cli("--db", db, "--today", "２０１６-１１-２０", "list", "--due-within", "７", "--format", "json")
    assert listed.returncode == 0 and '"uclg16-3"' in listed.stdout


# 4. Bytes that are not UTF-8 ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["note", "3", "已聯繫\udcff\udcfe主辦單位"],
        ["status", "3", "done", "--note", "已出席\udcb5"],
        ["assign", "3", "新聞局\udcff", "--note", "改由新聞局"],
        ["assign", "3", "新聞局", "--note", "理由\udcff"],
        ["due", "3", "2017-01-31", "--note", "延期\udcff"],
        ["list", "--search", "\udcff"],
    ],
)
def test_arguments_that_are_not_utf8_are_refused_not_trimmed(service, run_cli, db, args):
    """What Python makes of undecodable bytes in argv (surrogateescape) is refused, shown as �."""
    before = counts(service)
    refused(run_cli("--db", db, *args), "�", "UTF-8")
    assert counts(service) == before


def test_an_argument_that_is_not_utf8_is_refused_in_english_too(service, run_cli, db):
    result = run_cli("--db", db, "--lang", "en", "note", "3", "done\udcff")
    refused(result, "“done�”", "not UTF-8", lang="en")


def test_standard_input_that_is_not_utf8_is_refused(service, run_cli, db):
    before = counts(service)
    big5 = "第一行\n已聯繫林副市長\n".encode("big5")
    refused(run_cli("--db", db, "note", "3", "-", input=big5), "第 1 行", "UTF-8")
    refused(run_cli("--db", db, "note", "3", "-", input=b"ok\nthen \xff"), "第 2 行")
    assert counts(service) == before


# 5. Files that are not what they should be -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b"report:\n  key: a\x00b\n", ["第 2 行", "U+0000"]),
        (b"report:\n  title_zh: \x1b[31mred\n", ["第 2 行", "U+001B"]),
        (b"[" * 10_000, ["第 1 行", "20"]),
        (b"report: " + b"{a: " * 10_000, ["第 1 行", "20"]),
        (b"- " * 3_000, ["第 1 行", "20"]),
        ("report:\n  key: x\n  title_zh: 測試報告\n".encode("big5"), ["第 3 行", "UTF-8"]),
        ("report:\n  key: x\n".encode("utf-16"), ["第 1 行", "UTF-8"]),
        (b"report: !!int abc\n", ["第 1 行", "!!int"]),
        (b"report: !!float abc\n", ["第 1 行", "!!float"]),
    ],
    ids=["nul", "escape", "deep-list", "deep-map", "deep-dashes", "big5", "utf16", "bad-int", "bad-float"],
)
def test_report_files_that_are_not_clean_yaml_are_refused(service, run_cli, db, tmp_path, content, fragments):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    import_refused(service, run_cli, db, path, *fragments)


def test_a_folder_given_as_the_report_file_is_refused(service, run_cli, db, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    import_refused(service, run_cli, db, folder, "資料夾", "seed_recommendations.yaml")


# 6. The settings file ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('roc = "yes"\n', ["roc", "true 或 false", "roc = true"]),
        ('roc = "false"\n', ["roc", "roc = true"]),
        ("lang = 5\n", ["lang", 'lang = "zh-TW"']),
        ("db = 1\n", ["db", 'db = "']),
        ("timezone = 8\n", ["timezone", 'timezone = "Asia/Taipei"']),
        ("user = [1]\n", ["user", 'user = "']),
        ("today = 5\n", ["today", "today = 2016-12-09"]),
        ("mail = 3\n", ["mail", "[mail]"]),
        ('[mail]\nport = "x"\n', ["[mail] port", "port = 587"]),
        ("[mail]\nport = true\n", ["[mail] port", "port = 587"]),
        ("[mail]\nport = 70000\n", ["70000", "1–65535"]),
        ("[mail]\nhost = 5\n", ["[mail] host", 'host = "smtp.example.gov.tw"']),
        ('[mail]\nstarttls = "x"\n', ["[mail] starttls", "starttls = true"]),
        ("roc = [\n", ["TOML", "roc = true"]),
        ("roc = true\nroc = false\n", ["TOML"]),
        (b'user = "\xb4\xfa"\n', ["UTF-8"]),
    ],
)
def test_settings_of_the_wrong_type_are_named_with_the_type_expected(
    service, run_cli, db, tmp_path, content, fragments
):
    config = tmp_path / "config.toml"
    config.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = counts(service)
    refused(run_cli("--db", db, "note", "3", "x", env={"TRACKER_CONFIG": str(config)}), str(config), *fragments)
    assert counts(service) == before


def test_a_settings_problem_is_told_in_the_language_asked_for(run_cli, db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("lang = 5\n", encoding="utf-8")
    result = run_cli("--db", db, "--lang", "en", "list", env={"TRACKER_CONFIG": str(config)})
    refused(result, str(config), "lang must be text in quotes", 'lang = "zh-TW"', lang="en")


def test_a_folder_given_as_the_settings_file_is_refused(run_cli, db, tmp_path):
    result = run_cli("--db", db, "list", env={"TRACKER_CONFIG": str(tmp_path)})
    refused(result, str(tmp_path), "資料夾", "config.toml")


# 7. A Big5 terminal --------------------------------------------------------------------------


def process(*args: str, tmp_path: Path, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    """`tracker` as a real process, with output kept as bytes (the encoding is the point)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    full_env.update(
        {
            "TRACKER_CONFIG": str(tmp_path / "no-config.toml"),
            "TRACKER_USER": "tester",
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            **(env or {}),
        }
    )
    return subprocess.run([sys.executable, "-m", "tracker", *args], env=full_env, cwd=tmp_path, timeout=60, **options)


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
@pytest.mark.parametrize("args", [["show", "3"], ["list"], ["list", "--format", "json"], ["history", "3"]])
def test_a_big5_terminal_gets_replacement_characters_not_a_crash(service, db, tmp_path, encoding, args):
    service.add_note("3", "已聯繫林副市长 🎉")  # 长 (simplified) and the emoji: not in Big5
    result = process("--db", db, *args, tmp_path=tmp_path, env={"PYTHONIOENCODING": encoding}, capture_output=True)
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    shown = result.stdout.decode(encoding)  # strict: what was written is Big5 throughout
    assert "uclg16-3" in shown
    if args != ["list"]:  # the table shows titles; these show the note
        assert "已聯繫林副市? ?" in shown


# 8. Mail settings that carry CR/LF ------------------------------------------------------------


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    received.port = controller.port
    yield received
    controller.stop()


def mail_env(inbox, **more) -> dict:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(inbox.port),
        "TRACKER_SMTP_STARTTLS": "0",
        "TRACKER_MAIL_FROM": "intl@taichung.gov.tw",
        **more,
    }


@pytest.mark.parametrize(
    ("more", "mail_to", "fragments"),
    [
        ({"TRACKER_SMTP_HOST": "127.0.0.1\r\nRCPT TO:<x@evil.example>"}, "chief@example.org", ["TRACKER_SMTP_HOST"]),
        (
            {"TRACKER_SMTP_USER": "intl\r\nAUTH PLAIN", "TRACKER_SMTP_PASSWORD": "secret"},
            "chief@example.org",
            ["TRACKER_SMTP_USER"],
        ),
        ({"TRACKER_MAIL_FROM": "intl@taichung.gov.tw\r\nBcc: x@evil.example"}, "chief@example.org", ["[mail] from"]),
        ({}, "chief@example.org\r\nBcc: x@evil.example", ["chief@example.org", "--mail-to chief@taichung.gov.tw"]),
        ({}, "chief@example.org\n", ["chief@example.org", "--mail-to"]),
    ],
)
def test_mail_settings_with_line_breaks_are_refused_and_nothing_is_sent(run_cli, db, inbox, more, mail_to, fragments):
    result = run_cli("--db", db, "summary", "--mail-to", mail_to, env=mail_env(inbox, **more))
    refused(result, "換行", *fragments)
    assert inbox.envelopes == []


def test_a_mail_host_with_a_line_break_in_the_settings_file_is_refused(run_cli, db, inbox, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[mail]\nhost = "127.0.0.1\\r\\nHELO evil"\nfrom = "intl@taichung.gov.tw"\n', encoding="utf-8")
    env = {"TRACKER_CONFIG": str(config), "TRACKER_SMTP_PORT": str(inbox.port), "TRACKER_SMTP_STARTTLS": "0"}
    refused(run_cli("--db", db, "summary", "--mail-to", "chief@example.org", env=env), "[mail] host", str(config))
    assert inbox.envelopes == []


# 9. The UI without a terminal --------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["tui"]])
def test_the_ui_without_a_terminal_says_which_commands_to_use(service, db, tmp_path, args):
    """A cron line that forgot its subcommand: one line and exit 2, not a hang writing escapes."""
    before = counts(service)
    out = tmp_path / "out.txt"
    with out.open("wb") as stdout:
        result = process(
            "--db",
            db,
            *args,
            tmp_path=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
        )
    refused(result, "終端機", "tracker list", "tracker --help")
    assert out.read_bytes() == b""
    assert counts(service) == before


# 10. Terminal control in what is echoed back --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["status", "3", "\x1b[31mred\x1b]0;pwned\x07"], "red"),
        (["show", "\x1b]0;title\x07uclg16-3"], "uclg16-3"),
        (["summary", "--week", "\x1b]0;title\x072016-W50"], "2016-W50"),
        (["--lang", "\x1b]0;title\x07en", "list"], "en"),
        (["due", "3", "\x9b31m2016-11-30\x07", "--note", "延期"], "2016-11-30"),
        (["assign", "3", "新聞局", "--note", "x", "--if-version", "\x1b]2;title\x1b\\2"], "2"),
    ],
)
def test_escape_sequences_in_arguments_are_not_echoed(service, run_cli, db, args, fragment):
    before = counts(service)
    refused(run_cli("--db", db, *args), fragment)
    assert counts(service) == before


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"deadline": '"\\e]0;pwned\\a2016-11-23"'}, "2016-11-23"),
        ({"owner": '{zh: 秘書處, "\\e]0;pwned\\atitle": x}'}, "title"),
        ({"start": '"\\x9b2J\\e]0;pwned\\e\\\\2016-10-12"'}, "events[1].start"),
    ],
)
def test_escape_sequences_in_a_report_file_are_not_echoed(service, run_cli, db, tmp_path, changes, fragment):
    """YAML's own escapes (\\e, \\a) make control characters that the file itself does not hold."""
    import_refused(service, run_cli, db, report_file(tmp_path, **changes), fragment)


def test_every_error_message_is_one_clean_line_whatever_its_params():
    """The one place: TrackerError cleans what goes into a message, for the CLI and the UI alike."""
    error = InputError("error.db_unavailable", db="x\x1b]0;pwned\x07", reason="lock\nDETAIL:  \x1b[2Jbusy")
    assert not CONTROL.search(str(error)) and "DETAIL: busy" in str(error)
    assert error.params["reason"] == "lock DETAIL: busy"


# 11. A key written twice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("report:\n  key: a1\n  title_zh: t\n  key: b2\n", ["第 4 行", "key", "第 2 行"]),
        ("report: {key: a1, title_zh: t}\nitems: []\nreport: {key: b2, title_zh: u}\n", ["第 3 行", "report"]),
        (
            "report: {key: a1, title_zh: t}\nitems:\n  - number: 1\n    title_zh: a\n    text_zh: b\n"
            "    owner: o\n    deadline: 2017-01-01\n    deadline: 2018-01-01\n",
            ["第 8 行", "deadline", "第 7 行"],
        ),
    ],
)
def test_a_key_written_twice_is_refused_with_its_line(service, run_cli, db, tmp_path, content, fragments):
    path = tmp_path / "twice.yaml"
    path.write_text(content, encoding="utf-8")
    import_refused(service, run_cli, db, path, "兩次", *fragments)


# 12. Owners longer than `tracker assign` allows ---------------------------------------------------

LONG = "國" * 201  # SHORT_TEXT_LIMIT + 1


@pytest.mark.parametrize(
    ("owner", "field"),
    [
        (LONG, "items[1].owner"),
        (f"{{zh: {LONG}}}", "items[1].owner.zh"),
        (f"{{zh: 新聞局, en: {'A' * 201}}}", "items[1].owner.en"),
        (f"{{zh: 新聞局, supporting: [{LONG}]}}", "items[1].owner.supporting[1]"),
        (f"{{zh: 新聞局, supporting: [{{zh: {LONG}}}]}}", "items[1].owner.supporting[1].zh"),
        (f"{{zh: 新聞局, officer: {LONG}}}", "items[1].owner.officer"),
    ],
)
def test_owners_longer_than_assign_allows_are_refused_on_import(service, run_cli, db, tmp_path, owner, field):
    import_refused(service, run_cli, db, report_file(tmp_path, owner=owner), field, "200")


def test_assign_and_import_draw_the_line_at_the_same_length(service, run_cli, db, tmp_path):
    refused(run_cli("--db", db, "assign", "3", LONG, "--note", "x"), "200")
    at_limit = "國" * 200
    result = run_cli("--db", db, "import", str(report_file(tmp_path, owner=f"{{zh: {at_limit}, officer: {at_limit}}}")))
    assert result.returncode == 0, result.stderr
    assert run_cli("--db", db, "assign", "3", at_limit, "--note", "x").returncode == 0


# 13. Every error is one line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["export"],  # click: "Missing option '--format'. Choose from:\n\tcsv,\n\t..."
        ["status", "3", "in\nprogress"],
        ["due", "3", "2016\n11-30", "--note", "延期"],
        ["show", "uclg16\n3"],
        ["summary", "--month", "2016\n12"],
    ],
)
def test_errors_from_multi_line_text_are_one_line(service, run_cli, db, args):
    before = counts(service)
    refused(run_cli("--db", db, *args))
    assert counts(service) == before


def test_a_usage_error_is_one_line_in_english_too(run_cli, db):
    result = run_cli("--db", db, "--lang", "en", "export")
    refused(result, "Missing option '--format'", "csv, xlsx", "tracker export --help", lang="en")


def test_a_yaml_key_with_a_line_break_is_named_on_one_line(service, run_cli, db, tmp_path):
    import_refused(service, run_cli, db, report_file(tmp_path, owner='{zh: 新聞局, "off\\nicer": x}'), "off icer")
