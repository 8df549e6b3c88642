"""`tracker review` and `tracker reviewers`: a reviewer's decisions and who may make them.

Only click is imported at module level, as in tracker.cli: every command's module is
loaded at start-up.
"""

from __future__ import annotations

import click


@click.command()
@click.argument("item")
@click.argument("decision", metavar="release|return|withdraw")
@click.option(
    "--note",
    metavar="TEXT",
    help="審查意見；退回與撤銷必填（- 由標準輸入讀取）/ review comments; required to return or withdraw",
)
@click.option(
    "--status",
    "status_text",
    metavar="S",
    help="退回後的辦理狀態（預設辦理中）/ the status after a return [in_progress]",
)
@click.option("--if-version", metavar="N", help="只在版本仍為 N 時才存 / save only if the item is still at version N")
@click.pass_obj
def review(options, item: str, decision: str, note: str | None, status_text: str | None, if_version: str | None):
    """審查：同意解除列管、繼續列管（退回）、撤銷列管 / a reviewer releases, returns or withdraws an item."""
    from tracker.cli import _item_now, _text_arg, _version
    from tracker.domain import Decision, parse_choice, parse_status
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    chosen = parse_choice(Decision, decision, "error.unknown_decision")
    new_status = parse_status(status_text) if status_text else None
    service = options.service()
    before = _item_now(service, item)
    row = service.review(item, chosen, _text_arg(note), new_status, _version(if_version))
    click.echo(
        t(
            "done.review",
            key=row.key,
            decision=chosen.label(),
            old=before.tracking.label(),
            new=row.tracking.label(),
            version=row.version,
        )
    )


@click.group(invoke_without_command=True)
@click.pass_context
def reviewers(ctx):
    """審查人名單（list、add 姓名、remove 姓名）/ the reviewers: list, add NAME, remove NAME."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_reviewers)


@reviewers.command(name="list")
@click.pass_obj
def list_reviewers(options):
    """列出審查人 / list the reviewers."""
    from tracker.dates import format_moment
    from tracker.i18n import t

    settings = options.settings
    found = options.service().reviewers()
    if not found:
        click.echo(t("done.no_reviewers"))
        return
    for name, at, by in found:
        click.echo(f"{name}\t{format_moment(at, settings.timezone, roc=settings.roc)}\t{by}")


@reviewers.command(name="add")
@click.argument("name")
@click.pass_obj
def add_reviewer(options, name: str):
    """加入審查人（只有審查人可以；第一位除外）/ add a reviewer (reviewers only, but for the first)."""
    from tracker.i18n import t

    options.settings  # noqa: B018
    click.echo(t("done.reviewer_added", name=options.service().add_reviewer(name)))


@reviewers.command(name="remove")
@click.argument("name")
@click.pass_obj
def remove_reviewer(options, name: str):
    """移除審查人（只有審查人可以；最後一位不能移除）/ remove a reviewer (reviewers only; never the last)."""
    from tracker.i18n import t

    options.settings  # noqa: B018
    click.echo(t("done.reviewer_removed", name=options.service().remove_reviewer(name)))


@reviewers.command(name="set")
@click.argument("name")
@click.option(
    "--mail",
    "address",
    required=True,
    metavar="ADDR",
    help='郵件地址（待審提醒），可寫 "名稱 <地址>"；空字串清除 / mail address for reminders; "" clears it',
)
@click.pass_obj
def set_reviewer(options, name: str, address: str):
    """設定審查人的郵件地址（tracker remind 寄待審清單；保留歷程）/ set a reviewer's mail address."""
    from tracker.cli_remind import set_contact

    set_contact(options, "reviewer", name, address)


@reviewers.command(name="history")
@click.argument("name", required=False)
@click.pass_obj
def reviewer_history(options, name: str | None):
    """審查人郵件地址的設定歷程 / every reviewer mail address set, by whom and when."""
    from tracker.cli_remind import contact_history

    contact_history(options, "reviewer", name)
