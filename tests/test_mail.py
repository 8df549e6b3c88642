"""tracker summary --mail-to: delivered to a real local SMTP server (aiosmtpd) and read back."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps what it is sent."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(inbox: Inbox) -> Iterator[tuple[Controller, Inbox]]:
    """A real SMTP server on a free local port, handing what it is sent to `inbox`."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp():
    with serving(Inbox()) as server:
        yield server


def mail_env(controller, **more) -> dict:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(controller.port),
        "TRACKER_SMTP_STARTTLS": "0",
        "TRACKER_MAIL_FROM": "intl@taichung.gov.tw",
        **more,
    }


def cli(run_cli, db_target, *args, **kw):
    return run_cli("--db", str(db_target), "--today", "2016-12-09", *args, **kw)


def test_summary_is_mailed_as_text_and_html(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    result = cli(
        run_cli,
        db_target,
        "summary",
        "--mail-to",
        "chief@taichung.gov.tw",
        "--mail-to",
        "rdec@taichung.gov.tw",
        env=mail_env(controller),
    )
    assert result.returncode == 0, result.stderr
    assert "chief@taichung.gov.tw" in result.stdout and "逾期事項" not in result.stdout  # mailed, not printed
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "intl@taichung.gov.tw"
    assert envelope.rcpt_tos == ["chief@taichung.gov.tw", "rdec@taichung.gov.tw"]
    message = inbox.messages[0]
    assert message["Subject"] == "建議事項追蹤週報 2016-12-03–2016-12-09"
    assert message["From"] == "intl@taichung.gov.tw"
    assert message["To"] == "chief@taichung.gov.tw, rdec@taichung.gov.tw"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text, html = (p.get_content() for p in parts)
    assert "uclg16-1" in text and "逾期事項（3 項）" in text
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html and "派員出席波哥大UCLG世界大會爭取連任" in html


def test_english_subject_and_monthly_title(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    result = cli(
        run_cli,
        db_target,
        "--lang",
        "en",
        "summary",
        "--month",
        "2016-11",
        "--mail-to",
        "chief@example.org",
        env=mail_env(controller),
    )
    assert result.returncode == 0, result.stderr
    assert inbox.messages[0]["Subject"] == "Recommendation follow-up: monthly summary 2016-11-01–2016-11-30"


def test_output_file_and_fail_on_overdue_with_mail(service, run_cli, db_target, smtp, tmp_path):
    controller, inbox = smtp
    out = tmp_path / "summary.json"
    result = cli(
        run_cli,
        db_target,
        "summary",
        "--format",
        "json",
        "-o",
        str(out),
        "--fail-on-overdue",
        "--mail-to",
        "chief@example.org",
        env=mail_env(controller),
    )
    assert result.returncode == 1  # overdue items: mailed and written all the same
    assert out.exists() and len(inbox.envelopes) == 1


def test_mail_settings_from_the_settings_file(service, run_cli, db_target, smtp, tmp_path):
    controller, inbox = smtp
    config = tmp_path / "config.toml"
    config.write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {controller.port}\nstarttls = false\n'
        'from = "國際事務科 <intl@taichung.gov.tw>"\n',
        encoding="utf-8",
    )
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief@example.org", env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert inbox.messages[0]["From"].addresses[0].addr_spec == "intl@taichung.gov.tw"


@pytest.mark.parametrize(
    "env, words",
    [
        ({"TRACKER_SMTP_HOST": ""}, ["TRACKER_SMTP_HOST", "[mail]", "host"]),
        ({"TRACKER_MAIL_FROM": ""}, ["TRACKER_MAIL_FROM", "from"]),
        ({"TRACKER_SMTP_USER": "intl"}, ["TRACKER_SMTP_PASSWORD"]),
    ],
)
def test_missing_mail_settings_are_named(service, run_cli, db_target, smtp, tmp_path, env, words):
    controller, inbox = smtp
    out = tmp_path / "summary.md"
    result = cli(
        run_cli, db_target, "summary", "-o", str(out), "--mail-to", "chief@example.org", env=mail_env(controller, **env)
    )
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert not out.exists() and inbox.envelopes == []


def test_a_bad_address_is_refused(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief at taichung", env=mail_env(controller))
    assert result.returncode == 2 and "chief at taichung" in result.stderr and "--mail-to" in result.stderr
    assert inbox.envelopes == []


def test_starttls_the_server_lacks_is_explained(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    result = cli(
        run_cli,
        db_target,
        "summary",
        "--mail-to",
        "chief@example.org",
        env=mail_env(controller, TRACKER_SMTP_STARTTLS="1"),
    )
    assert result.returncode == 2
    assert "STARTTLS" in result.stderr and "TRACKER_SMTP_STARTTLS=0" in result.stderr
    assert "Traceback" not in result.stderr and inbox.envelopes == []


def test_no_server_listening(service, run_cli, db_target):
    port = free_port()  # nothing listens there now
    result = cli(
        run_cli,
        db_target,
        "summary",
        "--mail-to",
        "chief@example.org",
        env={
            "TRACKER_SMTP_HOST": "127.0.0.1",
            "TRACKER_SMTP_PORT": str(port),
            "TRACKER_SMTP_STARTTLS": "0",
            "TRACKER_MAIL_FROM": "intl@taichung.gov.tw",
        },
    )
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_message_building_in_process(service, smtp):
    """The API the terminal UI calls: send_summary with the service's settings."""
    from dataclasses import replace

    from tracker.reporting.mail import send_summary
    from tracker.reporting.summary import build_summary
    from tracker.settings import MailSettings

    controller, inbox = smtp
    settings = replace(
        service.settings,
        mail=MailSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="intl@taichung.gov.tw"),
    )
    subject = send_summary(build_summary(service, week="2016-W49"), settings, ["chief@example.org"])
    assert subject == "建議事項追蹤週報 2016-12-05–2016-12-11"
    assert inbox.messages[0]["Subject"] == subject


def test_chinese_names_are_encoded_words_and_read_back(service, run_cli, db_target, smtp):
    """Subject, From and To with Chinese names: RFC 2047 encoded words on the wire, the
    originals once decoded; Date in the configured zone; Message-ID of the sender's domain."""
    controller, inbox = smtp
    result = cli(
        run_cli,
        db_target,
        "summary",
        "--mail-to",
        "曹凱雯 <tsao@taichung.gov.tw>",
        "--mail-to",
        "rdec@taichung.gov.tw",
        env=mail_env(
            controller,
            TRACKER_MAIL_FROM="臺中市政府秘書處國際事務科 <intl@taichung.gov.tw>",
            TRACKER_NOW="2016-12-09T09:30:00",
        ),
    )
    assert result.returncode == 0, result.stderr
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "intl@taichung.gov.tw"
    assert envelope.rcpt_tos == ["tsao@taichung.gov.tw", "rdec@taichung.gov.tw"]
    raw = envelope.original_content
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii()  # nothing but encoded words: every server takes it
    for name in (b"Subject", b"From", b"To"):
        line = re.search(rb"^" + name + rb": (.*(?:\r\n[ \t].*)*)", headers, re.MULTILINE)
        assert line and b"=?utf-8?" in line.group(1).lower(), name
    message = inbox.messages[0]
    assert message["Subject"] == "建議事項追蹤週報 2016-12-03–2016-12-09"
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("臺中市政府秘書處國際事務科", "intl@taichung.gov.tw")
    to = message["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [
        ("曹凱雯", "tsao@taichung.gov.tw"),
        ("", "rdec@taichung.gov.tw"),
    ]
    date = message["Date"].datetime
    assert date.utcoffset() == timedelta(hours=8) and (date.hour, date.minute) == (9, 30)
    assert message["Date"].endswith("+0800")
    assert message["Message-ID"].endswith("@taichung.gov.tw>")


def test_the_date_follows_the_configured_zone(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    env = mail_env(controller, TRACKER_NOW="2016-12-09T01:30:00Z")
    result = run_cli(
        "--db", str(db_target), "--tz", "Europe/Paris", "summary", "--mail-to", "chief@example.org", env=env
    )
    assert result.returncode == 0, result.stderr
    assert inbox.messages[0]["Date"].datetime.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("timeout", ["0", "abc", "-5", "99999"])
def test_a_bad_timeout_is_named(service, run_cli, db_target, smtp, timeout):
    controller, inbox = smtp
    env = mail_env(controller, TRACKER_SMTP_TIMEOUT=timeout)
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief@example.org", env=env)
    assert result.returncode == 2 and "TRACKER_SMTP_TIMEOUT" in result.stderr and timeout in result.stderr
    assert inbox.envelopes == []


def test_a_sender_that_is_no_address_is_named(service, run_cli, db_target, smtp):
    controller, inbox = smtp
    env = mail_env(controller, TRACKER_MAIL_FROM="國際事務科")
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief@example.org", env=env)
    assert result.returncode == 2 and "[mail] from" in result.stderr and "Traceback" not in result.stderr
    assert inbox.envelopes == []


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('timeout = "x"', ["[mail] timeout", "timeout = 30"]),
        ("timeout = true", ["[mail] timeout"]),
        ("timeout = 0", ["0", "3600"]),
    ],
)
def test_a_bad_timeout_in_the_settings_file_is_named(service, run_cli, db_target, tmp_path, line, words):
    config = tmp_path / "config.toml"
    config.write_text(f'[mail]\nhost = "127.0.0.1"\n{line}\n', encoding="utf-8")
    result = cli(run_cli, db_target, "summary", "--mail-to", "chief@example.org", env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
