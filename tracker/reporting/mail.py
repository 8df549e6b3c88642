"""Mail: the summary (multipart/alternative, Markdown text + the HTML page) and the reminders.

Server, port, user, STARTTLS/SSL, the sender and the timeout come from the settings ([mail]
in the settings file, or TRACKER_SMTP_* / TRACKER_MAIL_FROM); the password only from the
environment (TRACKER_SMTP_PASSWORD). smtplib and email are imported here only, and only
when a message is made or sent.

Messages are built by the standard library under its SMTP policy, never by hand: Subject and
display names in Chinese become RFC 2047 encoded words, lines end in CRLF, the Date is the
configured time zone's, and the Message-ID carries the sender's domain.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain import InputError
from tracker.i18n import t

if TYPE_CHECKING:
    from email.message import EmailMessage

    from tracker.settings import Settings

# The addr-spec itself: ASCII (RFC 2047 can encode a display name, never an address), one @,
# a dot in the domain, nothing that separates or quotes addresses in a header.
_ADDRESS = re.compile(r"[!#-'*+\-/-9=?A-Z^-~]+(?:\.[!#-'*+\-/-9=?A-Z^-~]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# "Name <addr>" (the name may be quoted) or the address alone.
_NAMED = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"|(?P<name>[^<>"]*?))\s*<(?P<addr>[^<>]*)>\s*')
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')
# CR or LF in a header or an SMTP command starts a new one (header injection); other
# control characters have no place in a host, a user name or an address either.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Each mail setting with where it can be set, for a message that says where to fix it.
_SOURCES = {
    "host": "[mail] host / TRACKER_SMTP_HOST",
    "user": "[mail] user / TRACKER_SMTP_USER",
    "sender": "[mail] from / TRACKER_MAIL_FROM",
}


@dataclass(frozen=True)
class Recipient:
    """A mail address as typed ("曹凱雯 <tsao@taichung.gov.tw>" or the address alone), checked."""

    name: str  # the display name, "" when none
    addr: str  # the addr-spec, what the SMTP envelope carries

    def __str__(self) -> str:
        if not self.name:
            return self.addr
        # A name with a comma or the like is quoted, as RFC 5322 has it, so that the text
        # stored and shown reads back as one address (the name never holds a double quote).
        return f'"{self.name}" <{self.addr}>' if _SPECIALS.search(self.name) else f"{self.name} <{self.addr}>"


def parse_address(raw: str, *, example: str = "--mail-to chief@taichung.gov.tw") -> Recipient:
    """One address, with or without a display name; InputError naming it otherwise.

    `example` is what to type instead, for the message (the option or command it came from)."""
    if _CONTROL.search(raw):
        raise InputError("error.mail_address_control", address=raw)
    text = raw.strip()
    named = _NAMED.fullmatch(text)
    if named:
        name = (named["quoted"] if named["quoted"] is not None else named["name"] or "").strip()
        addr = named["addr"].strip()
    else:
        name, addr = "", text
    if not _ADDRESS.fullmatch(addr) or len(addr) > 254:
        raise InputError("error.mail_bad_address_example", address=raw, example=example)
    return Recipient(" ".join(name.split()), addr)


def check_mail(settings, recipients: list[str]) -> list[str]:
    """Everything sending needs, checked before anything is made or written; the clean addresses."""
    check_server(settings)
    return [str(parse_address(raw)) for raw in recipients]


def check_server(settings) -> Recipient:
    """The [mail] settings sending needs (host, sender, password for a user); the sender."""
    mail = settings.mail
    config = settings.config_path or "config.toml"
    for name, source in _SOURCES.items():
        if _CONTROL.search(getattr(mail, name) or ""):
            raise InputError("error.mail_control", setting=source, config=config)
    if not mail.host:
        raise InputError("error.mail_no_host", config=config)
    sender = _sender(mail)
    if not sender:
        raise InputError("error.mail_no_sender", config=config)
    if mail.user and not mail.password:
        raise InputError("error.mail_no_password", user=mail.user)
    return parse_address(sender, example='[mail] from = "國際事務科 <intl@taichung.gov.tw>"')


def build_message(
    settings: Settings, recipients: list[str], subject: str, text: str, html: str | None = None
) -> EmailMessage:
    """The message, headers encoded by the email package's SMTP policy (RFC 2047, CRLF)."""
    from email import policy
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    sender = check_server(settings)
    message = EmailMessage(policy=policy.SMTP)
    # The email package decodes "=?charset?q?...?=" inside a header value as an RFC 2047 encoded
    # word, even when it is the data's own text (a unit named so): a word joiner after "=" keeps
    # it text, shown as stored.
    message["Subject"] = subject.replace("=?", "=\u2060?")
    message["From"] = _header_address(Address, sender)
    message["To"] = tuple(_header_address(Address, parse_address(raw)) for raw in recipients)
    # The stopped clock when the settings have one (TRACKER_NOW), shown in the configured zone.
    message["Date"] = format_datetime(settings.now().astimezone(settings.timezone))
    # make_msgid without a domain asks the resolver for this host's name: slow, and not ours to show.
    message["Message-ID"] = make_msgid(domain=sender.addr.rpartition("@")[2])
    message.set_content(text, subtype="plain", charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _header_address(address_type: Any, recipient: Recipient) -> Any:
    username, _, domain = recipient.addr.rpartition("@")
    return address_type(display_name=recipient.name, username=username, domain=domain)


def send_summary(summary, settings, recipients: list[str]) -> str:
    """Send the summary to `recipients`; returns the subject. InputError (no traceback) on failure."""
    from tracker.reporting.summary_formats import subject, to_html, to_markdown

    addresses = check_mail(settings, recipients)
    title = subject(summary)
    send(settings, build_message(settings, addresses, title, to_markdown(summary), to_html(summary)), addresses)
    return title


class MailFailed(InputError):
    """The server could not be reached or refused the message; `reason` says why, in one line.
    `refused` is true when only this message's recipients were refused (the session goes on)."""

    def __init__(self, mail, reason: str, *, refused: bool = False) -> None:
        super().__init__("error.mail_failed", host=mail.host, port=mail.port, reason=reason)
        self.reason = reason
        self.refused = refused


def send(settings, message, recipients: list[str]) -> None:
    """One message in a session of its own; MailFailed (no traceback) on failure."""
    with Mailer(settings) as mailer:
        mailer.send(message, recipients)


class Mailer:
    """One SMTP session for several messages (a run of reminders): a server that hangs costs
    one timeout, not one per message. Every step waits at most [mail] timeout seconds."""

    def __init__(self, settings) -> None:
        self.mail = settings.mail
        self.sender = check_server(settings).addr
        self.client: Any = None

    def __enter__(self) -> Mailer:
        import smtplib
        import ssl

        mail = self.mail
        try:
            context = ssl.create_default_context()
            if mail.ssl:
                self.client = smtplib.SMTP_SSL(mail.host or "", mail.port, timeout=mail.timeout, context=context)
            else:
                self.client = smtplib.SMTP(mail.host or "", mail.port, timeout=mail.timeout)
            if mail.starttls and not mail.ssl:
                self.client.ehlo()
                if not self.client.has_extn("starttls"):
                    raise MailFailed(mail, t("mail.no_starttls"))
                self.client.starttls(context=context)
                self.client.ehlo()
            if mail.user:
                self.client.login(mail.user, mail.password or "")
        except MailFailed:
            self._close()
            raise
        except smtplib.SMTPAuthenticationError:
            self._close()
            raise MailFailed(mail, t("mail.auth_failed", user=mail.user)) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise MailFailed(mail, self._reason(exc)) from None
        return self

    def send(self, message, recipients: list[str]) -> None:
        import smtplib

        envelope = [parse_address(raw).addr for raw in recipients]
        try:
            refused = self.client.send_message(message, from_addr=self.sender, to_addrs=envelope)
        except smtplib.SMTPRecipientsRefused as exc:
            raise MailFailed(self.mail, _refused(exc.recipients), refused=True) from None
        except smtplib.SMTPDataError as exc:  # this message refused; the session itself goes on
            raise MailFailed(self.mail, self._reason(exc), refused=True) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailFailed(self.mail, self._reason(exc)) from None
        if refused:
            raise MailFailed(self.mail, _refused(refused), refused=True)

    def __exit__(self, *_exc: object) -> None:
        if self.client is not None:
            import smtplib

            with suppress(smtplib.SMTPException, OSError):  # what was sent is sent; the goodbye may fail
                self.client.quit()
            self._close()

    def _close(self) -> None:
        if self.client is not None:
            with suppress(OSError):
                self.client.close()
            self.client = None

    def _reason(self, exc: Exception) -> str:
        # smtplib reports a reply that never came as SMTPServerDisconnected, the timeout inside it.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            return t("mail.timeout", seconds=f"{self.mail.timeout:g}")
        code = getattr(exc, "smtp_code", None)
        detail = getattr(exc, "smtp_error", None)
        if code and detail:
            text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
            return f"{code} {text}"
        return str(exc) or type(exc).__name__


def _refused(recipients: dict) -> str:
    """The refused addresses with the server's answer to each (550 no such user, ...)."""
    parts = []
    for address, answer in recipients.items():
        code, detail = answer if isinstance(answer, tuple) else (None, b"")
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        parts.append(f"{address} ({code} {text})" if code else str(address))
    return t("mail.refused", to=", ".join(parts))


def _sender(mail) -> str | None:
    if mail.sender:
        return mail.sender.strip()
    if mail.user and "@" in mail.user:
        return mail.user.strip()
    return None
