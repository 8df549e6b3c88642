"""tracker remind and tracker units (issue 10): reminders delivered to a real local SMTP server
(aiosmtpd) and read back, the addresses and the reminders sent checked in the database."""

from __future__ import annotations

import email
import re
import socket
import threading
import time
from email import policy

import pytest
from sqlalchemy.exc import DBAPIError
from test_mail import Inbox, serving

SECRETARIAT = "秘書處國際事務科"
NEWS = "新聞局"
TODAY = "2016-12-09"


class PickyInbox(Inbox):
    """Keeps what it is sent, and refuses (550) the addresses in `refuse` at RCPT TO."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp():
    with serving(PickyInbox()) as server:
        yield server


@pytest.fixture
def silent_server():
    """A server that takes the connection and never says a word (a hung mail server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def mail_env(port: int, **more) -> dict:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(port),
        "TRACKER_SMTP_STARTTLS": "0",
        "TRACKER_MAIL_FROM": "臺中市政府秘書處國際事務科 <intl@taichung.gov.tw>",
        **more,
    }


def messages(inbox) -> dict[str, email.message.EmailMessage]:
    """The messages received, by their one recipient's address."""
    found = {}
    for envelope in inbox.envelopes:
        assert len(envelope.rcpt_tos) == 1
        found[envelope.rcpt_tos[0]] = email.message_from_bytes(envelope.content, policy=policy.default)
    return found


def count(database, table: str) -> int:
    return database.scalar(f"SELECT count(*) FROM {table}")


@pytest.fixture
def tracker(service, run_cli, db_target):
    """`tracker --db DB --today 2016-12-09 ARGS`, on the seeded database."""

    def run(*args: str, env: dict | None = None, user: str = "曹凱雯", today: str = TODAY):
        return run_cli("--db", str(db_target), "--user", user, "--today", today, *args, env=env)

    return run


@pytest.fixture
def addressed(tracker, database):
    """Both lead units with an address, a reviewer (with an address), item 1 awaiting review
    and item 2 returned by the reviewer for the unit's reply."""
    chief = database.recorded("陳科長")
    assert tracker("units", "set", SECRETARIAT, "--mail", "國際事務科 <intl-desk@taichung.gov.tw>").returncode == 0
    assert tracker("units", "set", NEWS, "--mail", "news@taichung.gov.tw").returncode == 0
    assert tracker("reviewers", "add", chief, user=chief).returncode == 0
    assert tracker("reviewers", "set", chief, "--mail", f"{chief} <chief@taichung.gov.tw>").returncode == 0
    assert tracker("status", "1", "done", "--note", "已出席並連任").returncode == 0
    assert tracker("status", "2", "done", "--note", "已全程出席").returncode == 0
    returned = tracker("review", "2", "return", "--note", "請補會議紀錄與照片", user=chief)
    assert returned.returncode == 0, returned.stderr
    return chief


# -- addresses ----------------------------------------------------------------------


def test_units_set_list_history_and_clear(tracker, database):
    listed = tracker("units", "list")
    assert listed.returncode == 0
    assert [line.split("\t") for line in listed.stdout.splitlines()] == [
        [NEWS, "（未設定）"],
        [SECRETARIAT, "（未設定）"],
    ]
    done = tracker("units", "set", NEWS, "--mail", "新聞局國際科 <news@taichung.gov.tw>")
    assert done.returncode == 0 and "news@taichung.gov.tw" in done.stdout
    assert tracker("units", "set", NEWS, "--mail", "media@taichung.gov.tw", user="王小明").returncode == 0
    row = tracker("units").stdout.splitlines()[0].split("\t")
    assert row[0] == NEWS and row[1] == "media@taichung.gov.tw" and row[3] == database.recorded("王小明")
    cleared = tracker("units", "set", NEWS, "--mail", "")
    assert cleared.returncode == 0 and "清除" in cleared.stdout
    assert tracker("units").stdout.splitlines()[0] == f"{NEWS}\t（未設定）"
    history = [line.split("\t") for line in tracker("units", "history", NEWS).stdout.splitlines()]
    assert [(h[2], h[3]) for h in history] == [
        ("新聞局國際科 <news@taichung.gov.tw>", database.recorded("曹凱雯")),
        ("media@taichung.gov.tw", database.recorded("王小明")),
        ("（清除）", database.recorded("曹凱雯")),
    ]
    same = tracker("units", "set", NEWS, "--mail", "")
    assert same.returncode == 2 and "沒有做任何變更" in same.stderr
    assert count(database, "contacts") == 3


@pytest.mark.parametrize(
    ("name", "address", "words"),
    [
        (NEWS, "news at taichung", ["news at taichung", "tracker units set 新聞局 --mail"]),
        (NEWS, "a@b.tw, c@d.tw", ["a@b.tw, c@d.tw"]),
        (NEWS, "曹凱雯@臺中.tw", ["地址須為英數字"]),
        (NEWS, "news@taichung.gov.tw\r\nBcc: all@example.org", ["換行"]),
        (NEWS, "Name <news@taichung.gov.tw", ["Name <news@taichung.gov.tw"]),
        ("不存在的局", "x@taichung.gov.tw", ["不存在的局", "tracker units list"]),
    ],
)
def test_a_bad_address_or_unit_is_refused_and_nothing_written(tracker, database, name, address, words):
    result = tracker("units", "set", name, "--mail", address)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert count(database, "contacts") == 0


def test_a_reviewer_address_needs_a_reviewer(tracker, database):
    result = tracker("reviewers", "set", "路人甲", "--mail", "x@taichung.gov.tw")
    assert result.returncode == 2 and "tracker reviewers list" in result.stderr
    assert count(database, "contacts") == 0


def test_addresses_and_reminders_are_append_only(tracker, database):
    assert tracker("units", "set", NEWS, "--mail", "news@taichung.gov.tw").returncode == 0
    for statement in ("UPDATE contacts SET address = 'evil@example.org'", "DELETE FROM contacts"):
        with pytest.raises(DBAPIError, match="append-only"):
            database.execute(statement)
    if database.is_sqlite:  # no DELETE trigger fires on REPLACE: the guard refuses it itself
        with pytest.raises(DBAPIError, match="append-only"):
            database.execute(
                "INSERT OR REPLACE INTO contacts (id, kind, name, address, set_at, set_by)"
                " SELECT id, kind, name, 'evil@example.org', set_at, set_by FROM contacts"
            )
    assert database.scalar("SELECT address FROM contacts") == "news@taichung.gov.tw"
    check = tracker("db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


# -- reminders ------------------------------------------------------------------------


def test_each_unit_and_reviewer_gets_its_own_mail(tracker, database, addressed, smtp):
    controller, inbox = smtp
    result = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    got = messages(inbox)
    assert set(got) == {"intl-desk@taichung.gov.tw", "news@taichung.gov.tw", "chief@taichung.gov.tw"}
    assert {e.mail_from for e in inbox.envelopes} == {"intl@taichung.gov.tw"}

    secretariat = got["intl-desk@taichung.gov.tw"]
    assert secretariat["Subject"] == f"列管事項提醒：{SECRETARIAT} 逾期 2 項、即將到期 2 項、待回覆審查意見 1 項"
    assert secretariat["To"].addresses[0].display_name == "國際事務科"
    text = secretariat.get_content()
    overdue, rest = text.split("逾期事項（2 項）")[1].split("120 天內到期（2 項）")
    soon, awaiting = rest.split("審查人退回、待回覆的事項（1 項）")
    # 1 awaits review (the reviewer's), 2 was returned: open again, overdue and awaiting the reply.
    assert re.findall(r"uclg16-\d", overdue) == ["uclg16-2", "uclg16-3"]
    assert re.findall(r"uclg16-\d", soon) == ["uclg16-4", "uclg16-8"]
    assert "uclg16-7" not in text  # the other unit's item
    assert "uclg16-2" in awaiting and "請補會議紀錄與照片" in awaiting

    news = got["news@taichung.gov.tw"]
    assert news["Subject"] == f"列管事項提醒：{NEWS} 逾期 0 項、即將到期 1 項"
    assert re.findall(r"uclg16-\d", news.get_content()) == ["uclg16-7"]

    queue = got["chief@taichung.gov.tw"]
    assert queue["Subject"] == f"列管事項提醒：{addressed} 待審 1 項"
    assert "uclg16-1" in queue.get_content() and SECRETARIAT in queue.get_content()

    rows = database.rows("SELECT day, kind, name, address, message_id FROM reminders ORDER BY id")
    assert [(str(r.day), r.kind, r.name) for r in rows] == [
        (TODAY, "unit", NEWS),
        (TODAY, "unit", SECRETARIAT),
        (TODAY, "reviewer", addressed),
    ]
    assert {r.message_id for r in rows} == {m["Message-ID"] for m in got.values()}
    assert all(m["Message-ID"].endswith("@taichung.gov.tw>") for m in got.values())
    assert result.stdout.count("已寄出") == 3


def test_a_second_run_the_same_day_sends_nothing_again(tracker, database, addressed, smtp):
    controller, inbox = smtp
    assert tracker("remind", env=mail_env(controller.port)).returncode == 0
    sent = len(inbox.envelopes)
    assert sent == count(database, "reminders") == 2  # the secretariat and the reviewer (news: nothing due)
    again = tracker("remind", env=mail_env(controller.port))
    assert again.returncode == 0
    assert "今日已寄送，略過 2 封" in again.stdout and "已寄出" not in again.stdout
    assert len(inbox.envelopes) == sent and count(database, "reminders") == sent
    tomorrow = tracker("remind", env=mail_env(controller.port), today="2016-12-10")
    assert tomorrow.returncode == 0 and len(inbox.envelopes) == 2 * sent
    check = tracker("db", "check")  # the new tables and their guards are what db check expects
    assert check.returncode == 0, check.stdout + check.stderr


def test_reviewer_addresses_have_a_history_too(tracker, addressed):
    assert tracker("reviewers", "set", addressed, "--mail", "").returncode == 0
    history = [line.split("\t")[1:3] for line in tracker("reviewers", "history").stdout.splitlines()]
    assert history == [[addressed, f"{addressed} <chief@taichung.gov.tw>"], [addressed, "（清除）"]]
    nothing = tracker("units", "history", "不存在的局")
    assert nothing.returncode == 0 and "tracker units set 不存在的局 --mail" in nothing.stdout


def test_dry_run_prints_and_writes_nothing(tracker, database, addressed, smtp):
    controller, inbox = smtp
    contacts = count(database, "contacts")
    result = tracker("remind", "--days", "120", "--dry-run", env=mail_env(controller.port))
    assert result.returncode == 0, result.stderr
    assert "intl-desk@taichung.gov.tw" in result.stdout and "chief@taichung.gov.tw" in result.stdout
    assert f"主旨：列管事項提醒：{NEWS} 逾期 0 項、即將到期 1 項" in result.stdout
    assert "uclg16-7" in result.stdout and "uclg16-3" in result.stdout
    assert inbox.envelopes == []
    assert count(database, "reminders") == 0 and count(database, "contacts") == contacts


def test_dry_run_needs_no_mail_server(tracker, addressed):
    result = tracker("remind", "--dry-run")
    assert result.returncode == 0 and "試算" in result.stdout


@pytest.mark.parametrize("days", ["abc", "-1", "36501", "7天"])
def test_a_bad_days_is_told_as_summary_tells_it(tracker, addressed, days):
    result = tracker("remind", "--days", days, "--dry-run")
    assert result.returncode == 2 and "--days 7" in result.stderr and "Traceback" not in result.stderr
    assert "試算" not in result.stdout


def test_a_unit_without_an_address_is_listed_and_the_others_are_sent(tracker, database, smtp):
    controller, inbox = smtp
    assert tracker("units", "set", NEWS, "--mail", "news@taichung.gov.tw").returncode == 0
    result = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert result.returncode == 0
    assert f"{SECRETARIAT} 沒有設定郵件地址" in result.stderr
    assert f"tracker units set {SECRETARIAT} --mail" in result.stderr
    assert set(messages(inbox)) == {"news@taichung.gov.tw"}
    assert database.rows("SELECT name FROM reminders")[0].name == NEWS


def test_a_refused_recipient_is_told_and_tried_again_next_run(tracker, database, addressed, smtp):
    controller, inbox = smtp
    inbox.refuse.add("news@taichung.gov.tw")
    result = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "news@taichung.gov.tw" in lines[0] and "550" in lines[0]
    assert "Traceback" not in result.stderr
    assert set(messages(inbox)) == {"intl-desk@taichung.gov.tw", "chief@taichung.gov.tw"}
    assert {r.name for r in database.rows("SELECT name FROM reminders")} == {SECRETARIAT, addressed}

    inbox.refuse.clear()
    again = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert again.returncode == 0, again.stderr
    assert "今日已寄送，略過 2 封" in again.stdout
    assert len(inbox.envelopes) == 3 and inbox.envelopes[-1].rcpt_tos == ["news@taichung.gov.tw"]
    assert count(database, "reminders") == 3


def test_a_server_that_hangs_is_one_line_within_the_timeout(run_process, service, db_target, database, silent_server):
    base = ["--db", str(db_target), "--today", TODAY]
    assert run_process(*base, "units", "set", SECRETARIAT, "--mail", "intl@taichung.gov.tw").returncode == 0
    started = time.monotonic()
    result = run_process(*base, "remind", env=mail_env(silent_server, TRACKER_SMTP_TIMEOUT="1"))
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"127.0.0.1:{silent_server}" in lines[0] and "1 秒內沒有回應" in lines[0]
    assert "已寄出並記錄 0 封" in lines[0] and "下次執行 tracker remind" in lines[0]
    assert count(database, "reminders") == 0


def test_a_server_that_stops_half_way_keeps_what_was_sent(tracker, database, addressed, smtp):
    """The first message goes through, then the server drops the connection: the first is
    recorded, the rest are left for the next run."""
    controller, inbox = smtp
    original = inbox.handle_DATA

    async def once_then_hang_up(server, session, envelope):
        if inbox.envelopes:
            server.transport.close()
            return "421 closing"
        return await original(server, session, envelope)

    inbox.handle_DATA = once_then_hang_up
    result = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert result.returncode == 1
    assert "已寄出並記錄 1 封" in result.stderr and "其餘 2 封" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert count(database, "reminders") == 1
    inbox.handle_DATA = original
    again = tracker("remind", "--days", "120", env=mail_env(controller.port))
    assert again.returncode == 0 and "略過 1 封" in again.stdout
    assert count(database, "reminders") == 3 and len(inbox.envelopes) == 3


def test_no_mail_server_set_is_told_before_anything(tracker, database, addressed):
    result = tracker("remind", env={"TRACKER_MAIL_FROM": "intl@taichung.gov.tw"})
    assert result.returncode == 2 and "TRACKER_SMTP_HOST" in result.stderr
    assert count(database, "reminders") == 0


def test_hostile_unit_names_are_data(tracker, database, smtp):
    controller, inbox = smtp
    hostile = "<b>[red]國際科[/red]</b>\x1b]0;pwned\x07=?utf-8?q?x?="
    assigned = tracker("assign", "5", hostile, "--note", "改由國際科主辦")
    assert assigned.returncode == 0, assigned.stderr
    stored = database.scalar("SELECT owner_zh FROM items WHERE number = 5")
    assert "\x1b" not in stored and "<b>[red]" in stored
    assert tracker("units", "set", hostile, "--mail", "intl@taichung.gov.tw").returncode == 0
    result = tracker("remind", "--days", "400", env=mail_env(controller.port))
    got = messages(inbox)["intl@taichung.gov.tw"]
    # An encoded-word look-alike stays text (a word joiner keeps mail readers from decoding it).
    assert got["Subject"].replace("\u2060", "") == f"列管事項提醒：{stored} 逾期 0 項、即將到期 1 項"
    assert stored in got.get_content()
    assert "\x1b" not in result.stdout + result.stderr
    assert b"\x1b" not in inbox.envelopes[0].content


def test_english_reminders(tracker, addressed, smtp):
    controller, inbox = smtp
    result = tracker("--lang", "en", "remind", env=mail_env(controller.port))
    assert result.returncode == 0, result.stderr
    subjects = sorted(m["Subject"] for m in messages(inbox).values())
    assert subjects[0] == f"Follow-up reminder: 1 items awaiting review by {addressed}"
    assert subjects[1] == f"Follow-up reminder: {SECRETARIAT}, 2 overdue, 0 due soon, 1 awaiting your reply"


def test_a_display_name_with_a_comma_reads_back_as_one_address(tracker, smtp):
    controller, inbox = smtp
    assert tracker("units", "set", NEWS, "--mail", '"Info Bureau, Intl." <news@taichung.gov.tw>').returncode == 0
    assert tracker("units").stdout.splitlines()[0].split("\t")[1] == '"Info Bureau, Intl." <news@taichung.gov.tw>'
    assert tracker("remind", "--days", "120", env=mail_env(controller.port)).returncode == 0
    (to,) = messages(inbox)["news@taichung.gov.tw"]["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Info Bureau, Intl.", "news@taichung.gov.tw")
