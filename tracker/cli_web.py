"""`tracker serve` and `tracker users`: the terminal UI in a browser, behind a login (issue 14).

Only click is imported at module level, as in tracker.cli: every command's module is
loaded at start-up (aiohttp and textual-serve are loaded by `serve` alone).
"""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="聽取的位址 / address to listen on")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="連接埠 / port")
@click.option(
    "--public-url",
    metavar="URL",
    help="使用者看到的網址（反向代理後，如 https://tracker.example.tw）/ the address users open, behind a proxy",
)
@click.option(
    "--idle-minutes",
    default=30,
    show_default=True,
    envvar="TRACKER_WEB_IDLE_MINUTES",
    type=click.FloatRange(0.01, 24 * 60),
    help="閒置多久後登出 / minutes idle before a session ends [TRACKER_WEB_IDLE_MINUTES]",
)
@click.pass_obj
def serve(options, host: str, port: int, public_url: str | None, idle_minutes: float):
    """以網頁提供同一個介面（需登入）/ serve the same UI to browsers, behind a login."""
    from tracker.i18n import t
    from tracker.web.app import make_server
    from tracker.web.server import WebOptions, clear_text_warning

    settings = options.settings
    if public_url is not None and not public_url.lower().startswith(("http://", "https://")):
        raise click.BadParameter(public_url, param_hint="--public-url")
    if clear_text_warning(host, public_url):
        click.echo(t("web.clear_text", host=host), err=True)
    service = options.service()
    web_options = WebOptions(host=host, port=port, public_url=public_url, idle_seconds=idle_minutes * 60)
    server = make_server(service, settings, web_options)
    if service.db.is_sqlite and not service.accounts():
        click.echo(t("web.no_accounts"), err=True)
    server.run(print_line=click.echo)


@click.group(invoke_without_command=True)
@click.pass_context
def users(ctx):
    """網頁帳號（list、add、passwd、disable、enable 帳號）/ the web accounts: list, add, passwd, disable, enable NAME."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_users)


@users.command(name="list")
@click.pass_obj
def list_users(options):
    """列出帳號 / list the accounts."""
    from tracker.dates import format_moment
    from tracker.i18n import t

    settings = options.settings
    found = options.service().accounts()
    if not found:
        click.echo(t("done.no_accounts"))
    for name, enabled, changed in found:
        state = t("account.active" if enabled else "account.disabled")
        click.echo(f"{name}\t{state}\t{format_moment(changed, settings.timezone, roc=settings.roc)}")


_password_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="由標準輸入讀取密碼（一行）/ read the password from standard input (one line)",
)


def _read_password(from_stdin: bool) -> str:
    from tracker.domain import InputError
    from tracker.i18n import t

    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    first = click.prompt(t("prompt.password"), hide_input=True, err=True)
    again = click.prompt(t("prompt.password"), hide_input=True, err=True)
    if first != again:
        raise InputError("error.password_mismatch")
    return str(first)


@users.command(name="add")
@click.argument("name")
@_password_option
@click.pass_obj
def add_user(options, name: str, password_stdin: bool):
    """建立帳號（密碼另行詢問）/ add an account (the password is asked for, never an argument)."""
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    service = options.service()
    click.echo(t("done.account_added", name=service.add_account(name, _read_password(password_stdin))))


@users.command(name="passwd")
@click.argument("name")
@_password_option
@click.pass_obj
def passwd(options, name: str, password_stdin: bool):
    """設定新密碼 / set a new password."""
    from tracker.i18n import t

    options.settings  # noqa: B018
    service = options.service()
    click.echo(t("done.account_password", name=service.set_password(name, _read_password(password_stdin))))


@users.command(name="disable")
@click.argument("name")
@click.pass_obj
def disable(options, name: str):
    """停用帳號（其登入中的工作階段隨即結束）/ disable an account (its sessions end)."""
    from tracker.i18n import t

    options.settings  # noqa: B018
    click.echo(t("done.account_disabled", name=options.service().disable_account(name)))


@users.command(name="enable")
@click.argument("name")
@click.pass_obj
def enable(options, name: str):
    """重新啟用帳號 / enable an account again."""
    from tracker.i18n import t

    options.settings  # noqa: B018
    click.echo(t("done.account_enabled", name=options.service().disable_account(name, enable=True)))
