"""`tracker remind`: one mail a lead unit about its items, one a reviewer about the review queue.

A lead unit is told of its overdue items, those due within N days, and those a reviewer
returned that it has not answered yet (review comments newer than its latest progress note).
Overdue and due soon are the summary's own queries and rules (report_queries.overdue, the
due-soon filter of the summary), the review queue is the summary's too. Every reviewer is
sent the whole queue: the tracker assigns no item to one reviewer.

A reminder is recorded (contacts.record_sent) right after the server takes it, one a
recipient a day: a second run that day sends nothing again, and a run that stopped half-way
sends only the rest next time. A recipient the server refuses is told and tried again on the
next run; a server that cannot be reached or stops answering ends the run (one timeout, not
one per message). A lead unit or reviewer with no address is listed, not failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tracker.dates import format_date
from tracker.domain import InputError, clean_line
from tracker.i18n import current_lang, t
from tracker.storage import contacts, queries
from tracker.storage import report_queries as fetch

if TYPE_CHECKING:
    from tracker.service import Service

DEFAULT_DAYS = 7
NOTE_LIMIT = 200  # characters of review comments quoted in a reminder: the item has the rest


@dataclass(frozen=True)
class Reminder:
    """One mail to write: to a lead unit (its items) or to a reviewer (the queue)."""

    kind: str  # contacts.UNIT or contacts.REVIEWER
    name: str
    address: str | None  # None: no address set, the reminder cannot be sent
    overdue: list[queries.ItemRow] = field(default_factory=list)
    due_soon: list[queries.ItemRow] = field(default_factory=list)
    awaiting: list[queries.ItemRow] = field(default_factory=list)  # returned, not yet answered
    queue: list[fetch.Waiting] = field(default_factory=list)  # reviewers: awaiting review

    @property
    def item_keys(self) -> list[str]:
        items = [*self.overdue, *self.due_soon, *self.awaiting, *(w.item for w in self.queue)]
        return list(dict.fromkeys(item.key for item in items))

    @property
    def count(self) -> int:
        return len(self.item_keys)


@dataclass(frozen=True)
class Plan:
    """What a run would send, what was sent already today, and who has no address."""

    today: date
    days: int
    zone: ZoneInfo
    to_send: list[Reminder]
    already_sent: list[Reminder]
    unreachable: list[Reminder]


@dataclass
class Outcome:
    sent: list[Reminder] = field(default_factory=list)
    refused: list[tuple[Reminder, str]] = field(default_factory=list)  # the server's reason
    stopped: str | None = None  # why the session ended early; not_tried were not sent
    not_tried: list[Reminder] = field(default_factory=list)
    raced: list[Reminder] = field(default_factory=list)  # another run recorded them first

    @property
    def failed(self) -> bool:
        return bool(self.refused or self.stopped)


def plan_reminders(service: Service, *, days: int = DEFAULT_DAYS, report: str | None = None) -> Plan:
    """Everything a run needs, read in one transaction (one consistent snapshot)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InputError("error.bad_days", text=days)
    today = service.settings.today()
    with service.db.read() as db:
        found = fetch.check_report(db, report)
        scope = fetch.Scope(report=found.key if found else None)
        overdue = fetch.overdue(db, scope, today, None)
        due_soon = queries.list_items(
            db, scope.item_filter(due_from=today, due_by=today + timedelta(days=days), sort="deadline")
        )
        awaiting = contacts.awaiting_reply(db, scope.report)
        _total, queue = fetch.review_queue(db, scope, None)
        reviewers = [str(name) for (name,) in db.rows("SELECT name FROM reviewers ORDER BY name")]
        units = contacts.current_contacts(db, contacts.UNIT)
        people = contacts.current_contacts(db, contacts.REVIEWER)
        sent = {(s.kind, s.name) for s in contacts.sent_on(db, today)}
    reminders = []
    for unit in sorted({item.owner_zh for item in [*overdue, *due_soon, *awaiting]}):
        contact = units.get(unit)
        reminders.append(
            Reminder(
                contacts.UNIT,
                unit,
                contact.address if contact else None,
                overdue=[i for i in overdue if i.owner_zh == unit],
                due_soon=[i for i in due_soon if i.owner_zh == unit],
                awaiting=[i for i in awaiting if i.owner_zh == unit],
            )
        )
    if queue:
        for name in reviewers:
            person = people.get(name)
            reminders.append(Reminder(contacts.REVIEWER, name, person.address if person else None, queue=queue))
    return Plan(
        today=today,
        days=days,
        zone=service.settings.timezone,
        to_send=[r for r in reminders if (r.kind, r.name) not in sent and r.address],
        already_sent=[r for r in reminders if (r.kind, r.name) in sent],
        unreachable=[r for r in reminders if (r.kind, r.name) not in sent and not r.address],
    )


def send_reminders(service: Service, plan: Plan) -> Outcome:
    """Send what the plan says, recording each reminder as soon as the server has taken it."""
    from tracker.reporting.mail import Mailer, MailFailed, build_message

    settings = service.settings
    outcome = Outcome()
    if not plan.to_send:
        return outcome
    pending = list(plan.to_send)
    try:
        with Mailer(settings) as mailer:
            while pending:
                reminder = pending[0]
                address = reminder.address or ""
                title = subject(reminder)
                message = build_message(settings, [address], title, body(reminder, plan, settings.roc))
                try:
                    mailer.send(message, [address])
                except MailFailed as exc:
                    if not exc.refused:
                        raise
                    outcome.refused.append((reminder, exc.reason))
                    pending.pop(0)
                    continue
                pending.pop(0)
                sent = contacts.SentRow(
                    day=plan.today,
                    kind=reminder.kind,
                    name=reminder.name,
                    address=address,
                    subject=title,
                    items=reminder.item_keys,
                    message_id=str(message["Message-ID"]),
                    sent_at=settings.now(),
                    sent_by=service.user,
                )
                (outcome.sent if service.record_reminder(sent) else outcome.raced).append(reminder)
    except MailFailed as exc:
        outcome.stopped = exc.reason
        outcome.not_tried = pending
    return outcome


# -- the words of a reminder ----------------------------------------------------------


def subject(reminder: Reminder) -> str:
    name = clean_line(reminder.name)
    if reminder.kind == contacts.REVIEWER:
        return t("remind.subject_reviewer", name=name, queue=len(reminder.queue))
    title = t("remind.subject_unit", unit=name, overdue=len(reminder.overdue), soon=len(reminder.due_soon))
    if reminder.awaiting:
        title += t("remind.subject_awaiting", count=len(reminder.awaiting))
    return title


def body(reminder: Reminder, plan: Plan, roc: bool = False) -> str:
    """The plain-text mail: a greeting, each list with one line an item, what to do next."""
    today = plan.today
    lines = [t("remind.greeting", name=clean_line(reminder.name)), ""]
    if reminder.kind == contacts.REVIEWER:
        lines += [t("remind.intro_reviewer", today=format_date(today, roc=roc)), ""]
        lines.append(t("remind.section_queue", count=len(reminder.queue)))
        for waiting in reminder.queue:
            item = waiting.item
            days = waiting.days(today, plan.zone)
            lines.append(t("remind.line_queue", **_item(item), unit=clean_line(item.owner_zh), days=days))
        lines += ["", t("remind.how_review")]
    else:
        lines += [t("remind.intro_unit", today=format_date(today, roc=roc), days=plan.days), ""]
        if reminder.overdue:
            lines.append(t("remind.section_overdue", count=len(reminder.overdue)))
            for item in reminder.overdue:
                deadline = format_date(item.deadline, roc=roc)
                lines.append(t("remind.line_overdue", **_item(item), deadline=deadline, days=item.days_overdue(today)))
            lines.append("")
        if reminder.due_soon:
            lines.append(t("remind.section_due", count=len(reminder.due_soon), days=plan.days))
            for item in reminder.due_soon:
                left = (item.deadline - today).days if item.deadline else 0
                lines.append(
                    t("remind.line_due", **_item(item), deadline=format_date(item.deadline, roc=roc), days=left)
                )
            lines.append("")
        if reminder.awaiting:
            lines.append(t("remind.section_awaiting", count=len(reminder.awaiting)))
            for item in reminder.awaiting:
                note = clean_line(item.latest_review or "")
                if len(note) > NOTE_LIMIT:
                    note = note[:NOTE_LIMIT] + "…"
                lines.append(t("remind.line_awaiting", **_item(item), note=note))
            lines.append("")
        lines.append(t("remind.how_note"))
    lines += ["", t("remind.footer")]
    return "\n".join(lines) + "\n"


def _item(item: queries.ItemRow) -> dict[str, str]:
    # Titles are cleaned when they are saved; cleaned again here, as every display does.
    title = item.title_en if current_lang() == "en" and item.title_en else item.title_zh
    return {"key": item.key, "title": clean_line(title), "status": item.status.label()}
