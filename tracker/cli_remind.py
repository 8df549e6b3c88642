"""`tracker remind` and `tracker units`: reminders by mail, and the lead units' mail addresses.

Reviewers' addresses are set with `tracker reviewers set NAME --mail ADDR` (tracker.cli_review),
beside the other reviewer commands, through the same functions as here.

Only click is imported at module level, as in tracker.cli: every command's module is
loaded at start-up.
"""

from __future__ import annotations

import click

MAIL_HELP = '郵件地址，可寫 "名稱 <地址>"；空字串清除 / mail address, "Name <addr>" allowed; "" clears it'


@click.command()
@click.option(
    "--days",
    metavar="N",
    help="幾天內到期列為即將到期（預設 7）/ items due within N days count as due soon [7]",
)
@click.option("--dry-run", is_flag=True, help="只列出將寄出的信，不寄也不記錄 / show what would be sent; send nothing")
@click.option("--report", "report_key", metavar="KEY", help="只含此報告 / one report only")
@click.pass_obj
def remind(options, days: str | None, dry_run: bool, report_key: str | None):
    """寄出列管提醒：每個主辦單位一封，審查人各一封待審清單；同一天不重寄 / mail the reminders.

    Each lead unit gets its overdue items, those due within N days and those a reviewer
    returned for its reply; each reviewer gets the review queue. Sent reminders are recorded:
    a second run on the same day sends nothing again. Exit status 1 when a mail was refused
    or the server failed (those are sent on the next run).
    """
    from tracker.cli import count
    from tracker.domain import DAYS_LIMIT
    from tracker.i18n import t
    from tracker.reporting.remind import plan_reminders, send_reminders

    settings = options.settings
    within = 7 if days is None else count(days, "--days", "days", high=DAYS_LIMIT, example=7)
    service = options.service()
    plan = plan_reminders(service, days=within, report=report_key or settings.default_report)
    for reminder in plan.unreachable:
        kind = "remind.unreachable_reviewer" if reminder.kind == "reviewer" else "remind.unreachable_unit"
        click.echo(t(kind, name=_shown(reminder.name), count=reminder.count), err=True)
    if plan.already_sent:
        names = "、".join(_shown(r.name) for r in plan.already_sent)
        click.echo(t("remind.already_sent", count=len(plan.already_sent), names=names))
    if not (plan.to_send or plan.already_sent or plan.unreachable):
        click.echo(t("remind.nothing", days=within))
        return 0
    if dry_run:
        _print_plan(plan, settings.roc)
        return 0
    if not plan.to_send:
        return 0
    from tracker.reporting.mail import check_server

    check_server(settings)  # a missing host or sender is told before anything is sent
    outcome = send_reminders(service, plan)
    for reminder in outcome.sent:
        click.echo(t("remind.sent", subject=_subject(reminder), to=_shown(reminder.address or "")))
    for reminder in outcome.raced:
        click.echo(t("remind.raced", name=_shown(reminder.name)))
    for reminder, reason in outcome.refused:
        line = t("remind.refused", name=_shown(reminder.name), to=_shown(reminder.address or ""), reason=_shown(reason))
        click.echo(t("error.prefix") + line, err=True)
    if outcome.stopped is not None:
        mail = settings.mail
        line = t(
            "remind.stopped",
            host=_shown(mail.host or ""),
            port=mail.port,
            reason=_shown(outcome.stopped),
            sent=len(outcome.sent),
            left=len(outcome.not_tried),
        )
        click.echo(t("error.prefix") + line, err=True)
    return 1 if outcome.failed else 0


def _print_plan(plan, roc: bool) -> None:
    from tracker.i18n import t
    from tracker.reporting.remind import body

    click.echo(t("remind.dry_run", count=len(plan.to_send) + len(plan.unreachable)))
    for reminder in [*plan.to_send, *plan.unreachable]:
        click.echo("")
        to = _shown(reminder.address) if reminder.address else t("remind.dry_no_address")
        click.echo(t("remind.dry_to", name=_shown(reminder.name), to=to))
        click.echo(t("remind.dry_subject", subject=_subject(reminder)))
        click.echo(body(reminder, plan, roc).rstrip("\n"))


def _subject(reminder) -> str:
    from tracker.reporting.remind import subject

    return subject(reminder)


def _shown(text: str) -> str:
    """Text from the database or the server, as one clean line (no terminal escapes)."""
    from tracker.domain import clean_line

    return clean_line(text)


# ---------------------------------------------------------------------------
# Addresses: lead units here, reviewers in tracker.cli_review through the same functions.


@click.group(invoke_without_command=True)
@click.pass_context
def units(ctx):
    """主辦單位的郵件地址（list、set 單位 --mail 地址、history [單位]）/ lead units' mail addresses."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_units)


@units.command(name="list")
@click.pass_obj
def list_units(options):
    """列出主辦單位與目前的郵件地址 / list the lead units and their mail addresses."""
    list_contacts(options, "unit")


@units.command(name="set")
@click.argument("name", metavar="UNIT")
@click.option("--mail", "address", required=True, metavar="ADDR", help=MAIL_HELP)
@click.pass_obj
def set_unit(options, name: str, address: str):
    """設定主辦單位的郵件地址（保留歷程）/ set a lead unit's mail address (its history is kept)."""
    set_contact(options, "unit", name, address)


@units.command(name="history")
@click.argument("name", metavar="[UNIT]", required=False)
@click.pass_obj
def unit_history(options, name: str | None):
    """郵件地址的設定歷程 / every mail address set, by whom and when."""
    contact_history(options, "unit", name)


def list_contacts(options, kind: str) -> None:
    from tracker.dates import format_moment
    from tracker.i18n import t
    from tracker.storage import contacts

    settings = options.settings
    service = options.service()
    with service.db.read() as db:
        if kind == contacts.UNIT:
            names = contacts.lead_units(db)
        else:
            names = [str(name) for (name,) in db.rows("SELECT name FROM reviewers ORDER BY name")]
        current = contacts.current_contacts(db, kind)
    if not names:
        click.echo(t("units.none") if kind == contacts.UNIT else t("done.no_reviewers"))
        return
    for name in names:
        found = current.get(name)
        if found is None or found.address is None:
            click.echo(f"{_shown(name)}\t{t('units.no_address')}")
        else:
            moment = format_moment(found.set_at, settings.timezone, roc=settings.roc)
            click.echo(f"{_shown(name)}\t{_shown(found.address)}\t{moment}\t{_shown(found.set_by)}")


def set_contact(options, kind: str, name: str, address: str) -> None:
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    who, stored = options.service().set_contact(kind, name, address)
    if stored is None:
        click.echo(t("done.contact_cleared", name=_shown(who)))
    else:
        click.echo(t("done.contact_set", name=_shown(who), address=_shown(stored)))


def contact_history(options, kind: str, name: str | None) -> None:
    from tracker.dates import format_moment
    from tracker.domain import clean_line
    from tracker.i18n import t
    from tracker.storage import contacts

    settings = options.settings
    service = options.service()
    wanted = clean_line(name) if name is not None else None
    with service.db.read() as db:
        rows = contacts.contact_history(db, kind, wanted)
    if not rows:
        if wanted:
            click.echo(t("units.no_history", name=_shown(wanted)))
        return
    for row in rows:
        moment = format_moment(row.set_at, settings.timezone, roc=settings.roc)
        address = _shown(row.address) if row.address else t("units.cleared")
        click.echo(f"{moment}\t{_shown(row.name)}\t{address}\t{_shown(row.set_by)}")
