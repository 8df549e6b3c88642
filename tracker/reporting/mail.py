"""Mail the summary: one multipart/alternative message (Markdown text + the HTML page) over SMTP.

Server, port, user, STARTTLS/SSL and the sender come from the settings ([mail] in the
settings file, or TRACKER_SMTP_* / TRACKER_MAIL_FROM); the password only from the
environment (TRACKER_SMTP_PASSWORD). smtplib and email are imported here only.
"""

from __future__ import annotations

import re

from tracker.domain import InputError
from tracker.i18n import t

TIMEOUT_SECONDS = 30
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+")
# CR or LF in a header or an SMTP command starts a new one (header injection); other
# control characters have no place in a host, a user name or an address either.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Each mail setting with where it can be set, for a message that says where to fix it.
_SOURCES = {
    "host": "[mail] host / TRACKER_SMTP_HOST",
    "user": "[mail] user / TRACKER_SMTP_USER",
    "sender": "[mail] from / TRACKER_MAIL_FROM",
}


def check_mail(settings, recipients: list[str]) -> list[str]:
    """Everything sending needs, checked before anything is made or written; the clean addresses."""
    mail = settings.mail
    config = settings.config_path or "config.toml"
    for name, source in _SOURCES.items():
        if _CONTROL.search(getattr(mail, name) or ""):
            raise InputError("error.mail_control", setting=source, config=config)
    if not mail.host:
        raise InputError("error.mail_no_host", config=config)
    if not _sender(mail):
        raise InputError("error.mail_no_sender", config=config)
    if mail.user and not mail.password:
        raise InputError("error.mail_no_password", user=mail.user)
    addresses = []
    for raw in recipients:
        address = raw.strip()
        if _CONTROL.search(raw):
            raise InputError("error.mail_address_control", address=raw)
        if not _ADDRESS.fullmatch(address):
            raise InputError("error.mail_bad_address", address=raw)
        addresses.append(address)
    return addresses


def build_message(settings, recipients: list[str], subject: str, text: str, html: str):
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    sender = _sender(settings.mail) or ""  # check_mail has made sure there is one
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_summary(summary, settings, recipients: list[str]) -> str:
    """Send the summary to `recipients`; returns the subject. InputError (no traceback) on failure."""
    from tracker.reporting.summary_formats import subject, to_html, to_markdown

    addresses = check_mail(settings, recipients)
    title = subject(summary)
    send(settings, build_message(settings, addresses, title, to_markdown(summary), to_html(summary)), addresses)
    return title


def send(settings, message, recipients: list[str]) -> None:
    import smtplib
    import ssl

    mail = settings.mail
    try:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if mail.ssl:
            client = smtplib.SMTP_SSL(mail.host or "", mail.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(mail.host or "", mail.port, timeout=TIMEOUT_SECONDS)
        with client:
            if mail.starttls and not mail.ssl:
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise _failed(mail, t("mail.no_starttls"))
                client.starttls(context=context)
                client.ehlo()
            if mail.user:
                client.login(mail.user, mail.password or "")
            refused = client.send_message(message, from_addr=_sender(mail), to_addrs=recipients)
    except smtplib.SMTPAuthenticationError:
        raise _failed(mail, t("mail.auth_failed", user=mail.user)) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _failed(mail, t("mail.refused", to=", ".join(exc.recipients))) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise _failed(mail, _reason(exc)) from None
    if refused:
        raise _failed(mail, t("mail.refused", to=", ".join(refused)))


def _sender(mail) -> str | None:
    if mail.sender:
        return mail.sender.strip()
    if mail.user and "@" in mail.user:
        return mail.user.strip()
    return None


def _failed(mail, reason: str) -> InputError:
    return InputError("error.mail_failed", host=mail.host, port=mail.port, reason=reason)


def _reason(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    detail = getattr(exc, "smtp_error", None)
    if code and detail:
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        return f"{code} {text}"
    return str(exc) or type(exc).__name__
