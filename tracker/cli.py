"""The `tracker` command: parse, call the service or a query, render.

Errors are mapped to exit codes in one place (run): 0 ok, 2 bad input, 3 conflict,
1 the database unavailable or anything unexpected; the unexpected is logged to a file
and never shown as a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.domain import InputError, TrackerError, clean_line

if TYPE_CHECKING:  # loaded on first use, not at start-up
    from tracker.service import Service
    from tracker.settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Options:
    """What the global options said; settings and the service are made on first use so
    that `--help` and usage errors never touch the database."""

    def __init__(self, **given: Any) -> None:
        self.given = given
        self._settings: Settings | None = None
        self._service: Service | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from tracker.settings import load_settings

            self._settings = load_settings(**self.given)
        return self._settings

    def service(self, *, creating: bool = False) -> Service:
        if self._service is None:
            from tracker.bootstrap import open_service

            self._service = open_service(self.settings, creating=creating)
        return self._service


pass_options = click.make_pass_decorator(Options)


@click.group(context_settings=CONTEXT, invoke_without_command=True)
@click.option(
    "--db", envvar="TRACKER_DB", metavar="PATH|URL", help="資料庫檔案或網址 / database file or URL [TRACKER_DB]"
)
@click.option(
    "--user",
    envvar="TRACKER_USER",
    metavar="NAME",
    help="記錄為異動者的名字 / who changes are recorded as [TRACKER_USER]",
)
@click.option(
    "--today",
    envvar="TRACKER_TODAY",
    metavar="DATE",
    help="視為今天的日期（計算逾期）/ the day that counts as today [TRACKER_TODAY]",
)
@click.option("--lang", envvar="TRACKER_LANG", metavar="zh-TW|en", help="介面語言 / language [TRACKER_LANG]")
@click.option(
    "--roc/--iso",
    "roc",
    default=None,
    envvar="TRACKER_ROC",
    help="表格以民國年顯示日期 / show ROC dates in tables [TRACKER_ROC]",
)
@click.option("--tz", envvar="TRACKER_TZ", metavar="ZONE", help="時區（預設 Asia/Taipei）/ time zone [TRACKER_TZ]")
@click.option(
    "--report",
    envvar="TRACKER_REPORT",
    metavar="KEY",
    help="預設報告：編號 1–8 指此報告 / default report for item numbers [TRACKER_REPORT]",
)
@click.version_option(package_name="rec-tracker", prog_name="tracker")
@click.pass_context
def cli(ctx, db, user, today, lang, roc, tz, report):
    """建議事項列管追蹤 — follow up the recommendations of official reports.

    Run without a command to open the terminal UI.
    """
    ctx.obj = Options(db=db, user=user, today=today, lang=lang, roc=roc, tz=tz, report=report)
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui)


# ---------------------------------------------------------------------------
# Database set-up


@cli.command()
@click.option(
    "--seed",
    "seed_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="種子檔（預設為內附的 seed_recommendations.yaml）/ seed file",
)
@pass_options
def init(options: Options, seed_file: Path | None):
    """建立或升級資料庫並載入種子 / create or upgrade the database and load the seed (idempotent)."""
    from tracker.bootstrap import seed_if_empty
    from tracker.i18n import t
    from tracker.storage import queries

    service = options.service(creating=True)
    result = seed_if_empty(service, seed_file)
    if result is not None:
        _echo_import(result)
    with service.db.read() as session:
        items, _ = queries.counts(session)
    click.echo(t("done.init", db=clean_line(options.settings.db), items=items))


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_options
def import_(options: Options, file: Path):
    """匯入另一份報告（與種子同格式）/ import a report file (same format as the seed)."""
    from tracker.seed import load_seed

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    doc = load_seed(file)  # read and check the file before touching the database
    _echo_import(options.service().import_report(doc))


def _echo_import(result) -> None:
    from tracker.i18n import t

    click.echo(
        t(
            "done.import",
            report=result.report_title,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    commands = {
        "owner": "assign",
        "deadline": "due",
        "officer": "assign --officer",
        "supporting_units": "assign --support",
    }
    for number, field in result.kept:
        click.echo(t("done.import_kept", number=number, field=t(f"field.{field}"), command=commands[field]))
    for number in result.missing:
        click.echo(t("done.import_missing", number=number))


# ---------------------------------------------------------------------------
# Reading


@cli.command(name="list")
@click.option("--status", "statuses", multiple=True, metavar="S", help="狀態（可重複）/ status, repeatable")
@click.option("--owner", metavar="TEXT", help="主辦單位包含此文字 / lead unit contains TEXT")
@click.option("--overdue", is_flag=True, help="只列逾期 / overdue only")
@click.option("--due-within", metavar="DAYS", help="N 天內到期（含逾期外之未結案）/ open, due within DAYS")
@click.option(
    "--search",
    metavar="TEXT",
    help="搜尋編號、標題、全文、主辦單位與辦理情形（與介面相同）/ search keys, titles, texts, lead units and notes, as the UI does",
)
@click.option(
    "--tracking",
    "trackings",
    multiple=True,
    metavar="T",
    help="列管狀態 active|pending|released|withdrawn（可重複）/ follow-up state, repeatable",
)
@click.option("--level", metavar="L", help="列管層級 self（自行列管）|city（府列管）/ follow-up level")
# queries.SORTS; status sorts in the workflow order, as the UI does.
@click.option("--sort", type=click.Choice(["number", "deadline", "status", "owner", "updated"]), default="number")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@pass_options
def list_(options: Options, statuses, owner, overdue, due_within, search, trackings, level, sort, fmt):
    """列出建議事項 / list the recommendations."""
    from tracker.domain import Level, Tracking, parse_choice, parse_status
    from tracker.storage import queries

    settings = options.settings
    today = settings.today()
    flt = queries.ItemFilter(
        statuses=tuple(parse_status(s) for s in statuses),
        owner=owner,
        report=settings.default_report,
        overdue_on=today if overdue else None,
        due_by=_due_by(today, due_within),
        due_from=today if due_within is not None else None,
        search=search,
        tracking=tuple(parse_choice(Tracking, text, "error.unknown_tracking") for text in trackings),
        level=parse_choice(Level, level, "error.unknown_level") if level else None,
        sort=sort,
    )
    with options.service().db.read() as session:
        items = queries.list_items(session, flt)
    if fmt == "table":
        from tracker.output.plain import print_items

        print_items(items, settings)
        return
    from tracker.output.records import items_csv, items_json  # scripts' formats: no Rich

    sys.stdout.write(
        items_json(items, settings, pretty=sys.stdout.isatty()) if fmt == "json" else items_csv(items, settings)
    )


def _due_by(today, days: str | None):
    from datetime import timedelta

    from tracker.domain import DAYS_LIMIT

    if days is None:
        return None
    return today + timedelta(days=count(days, "--due-within", "days", high=DAYS_LIMIT, example=7))


def count(value: str, option: str, what: str, *, high: int, low: int = 0, example: int) -> int:
    """A whole number typed for `option` (`what`: days or rows), from `low` to `high`.

    Digits 0-9 only, half- or full-width; the range keeps it within what the database
    and the calendar can hold.
    """
    from tracker.domain import whole_number
    from tracker.i18n import t

    number = whole_number(value, high=high)
    if number is None or number < low:
        raise InputError(
            "error.bad_count", option=option, what=t(f"count.{what}"), text=value, low=low, high=high, example=example
        )
    return number


@cli.command()
@click.argument("item")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_options
def show(options: Options, item: str, fmt: str):
    """顯示一項建議事項與其異動紀錄 / show one recommendation and its history."""
    from tracker.storage import queries

    settings = options.settings
    with options.service().db.read() as session:
        item_id = queries.resolve_item_id(session, item, settings.default_report)
        row = queries.get_item(session, item_id)
        changes = queries.history(session, item_id=item_id, newest_first=True)
        evidence = queries.evidence(session, [item_id])
    if fmt == "json":
        from tracker.output.records import item_json

        sys.stdout.write(item_json(row, changes, settings, evidence))
    else:
        from tracker.output.plain import print_item

        print_item(row, changes, settings, evidence=evidence)


@cli.command()
@click.argument("item", required=False)
@click.option("--since", metavar="DATE", help="自此日起（含）/ from this day on")
@click.option("--limit", metavar="N", help="最多幾筆（最新者）/ at most N, newest")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_options
def history(options: Options, item: str | None, since: str | None, limit: str | None, fmt: str):
    """異動紀錄 / the history of one item or of all."""
    from tracker.dates import local_day_bounds, parse_date
    from tracker.domain import COUNT_LIMIT
    from tracker.storage import queries

    settings = options.settings
    newest = None if limit is None else count(limit, "--limit", "rows", low=1, high=COUNT_LIMIT, example=20)
    since_at = local_day_bounds(parse_date(since), parse_date(since), settings.timezone)[0] if since else None
    with options.service().db.read() as session:
        item_id = queries.resolve_item_id(session, item, settings.default_report) if item else None
        changes = queries.history(session, item_id=item_id, since=since_at, limit=newest, newest_first=bool(newest))
    changes.sort(key=lambda c: c.id)
    if fmt == "json":
        from tracker.output.records import history_json

        sys.stdout.write(history_json(changes, settings))
    else:
        from tracker.output.plain import print_history

        print_history(changes, settings)


# ---------------------------------------------------------------------------
# Changing


def _version(value: str | None) -> int | None:
    from tracker.domain import VERSION_LIMIT, whole_number

    if value is None:
        return None
    version = whole_number(value, high=VERSION_LIMIT)
    if not version:  # None, or 0: versions start at 1
        raise InputError("error.bad_version", text=value)
    return version


def _text_arg(value: str | None) -> str | None:
    """`-` reads the text from standard input, for long notes written elsewhere.

    Read as bytes and decoded here, strictly: bytes that are not UTF-8 (a Big5 file) are
    refused, never dropped or turned into other characters by the locale's decoder.
    """
    if value != "-":
        return value
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("error.stdin_not_utf8", line=data[: exc.start].count(b"\n") + 1) from None


if_version = click.option(
    "--if-version",
    metavar="N",
    help="只在版本仍為 N 時才存（防止覆蓋他人）/ save only if the item is still at version N",
)


progress_option = click.option(
    "--progress",
    "progress_text",
    metavar="PCT",
    help="執行進度 0–100（例如 60 或 60%）/ the progress, 0-100 (60 or 60%)",
)


@cli.command()
@click.argument("item")
@click.argument("status")
@click.option("--note", metavar="TEXT", help="辦理情形；結案時必填（- 由標準輸入讀取）/ note; required to close")
@progress_option
@if_version
@pass_options
def status(
    options: Options, item: str, status: str, note: str | None, progress_text: str | None, if_version: str | None
):
    """變更辦理狀態 / set the status (not_started, in_progress, on_hold, done, dropped)."""
    from tracker.cli_evidence import echo_changes, warn_without_evidence
    from tracker.domain import parse_progress, parse_status
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    new_status = parse_status(status)
    progress = parse_progress(progress_text) if progress_text is not None else None
    service = options.service()
    before = _item_now(service, item)
    row = service.set_status(item, new_status, _text_arg(note), _version(if_version), progress=progress)
    click.echo(t("done.status", key=row.key, old=before.status.label(), new=row.status.label(), version=row.version))
    if progress is not None and before.progress != row.progress:
        echo_changes(before, row, only=("field.progress",))
    warn_without_evidence(before, row)


def _item_now(service, item: str):
    """The item as it is before a change, for the confirmation line (from → to)."""
    from tracker.storage import queries

    with service.db.read() as session:
        return queries.get_item(session, queries.resolve_item_id(session, item, service.settings.default_report))


# A note may start with "-" (a dash list, "-2% budget"): such text is the note, not an option.
@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("item")
@click.argument("text")
@progress_option
@if_version
@pass_options
def note(options: Options, item: str, text: str, progress_text: str | None, if_version: str | None):
    """新增辦理情形，可同時填執行進度 / add a progress note (TEXT `-` reads standard input), with --progress."""
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    if progress_text is None:
        row = options.service().add_note(item, _text_arg(text), _version(if_version))
        click.echo(t("done.note", key=row.key, version=row.version))
        return
    from tracker.cli_evidence import echo_changes
    from tracker.domain import parse_progress

    progress = parse_progress(progress_text)
    service = options.service()
    before = _item_now(service, item)
    row = service.add_note(item, _text_arg(text), _version(if_version), progress=progress)
    click.echo(t("done.note", key=row.key, version=row.version))
    echo_changes(before, row)


@cli.command()
@click.argument("item")
@click.argument("owner", required=False)
@click.option("--officer", metavar="NAME", help="承辦人 / the case officer")
@click.option("--no-officer", is_flag=True, help="清除承辦人 / no officer")
@click.option(
    "--support", multiple=True, metavar="UNIT", help="協辦單位（可重複，取代現有）/ supporting unit, repeatable"
)
@click.option("--no-support", is_flag=True, help="清除協辦單位 / no supporting units")
@click.option("--note", metavar="REASON", help="變更理由（必填）/ the reason (required)")
@click.option("--owner-en", metavar="NAME", help="主辦單位英文名稱 / the unit's English name")
@if_version
@pass_options
def assign(
    options: Options,
    item: str,
    owner: str | None,
    officer: str | None,
    no_officer: bool,
    support: tuple[str, ...],
    no_support: bool,
    note: str | None,
    owner_en: str | None,
    if_version: str | None,
):
    """變更主辦單位、承辦人、協辦單位 / change the lead unit, the officer, the supporting units."""
    from tracker.cli_evidence import echo_changes

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    if officer is not None and no_officer:
        raise InputError("error.officer_both")
    if support and no_support:
        raise InputError("error.support_both")
    units = [] if no_support else list(support) if support else None
    service = options.service()
    before = _item_now(service, item)
    row = service.assign(
        item,
        owner,
        _text_arg(note),
        _version(if_version),
        owner_en=owner_en,
        officer=officer,
        clear_officer=no_officer,
        support=units,
    )
    echo_changes(before, row)


@cli.command()
@click.argument("item")
@click.argument("date")
@click.option("--note", metavar="REASON", help="展延或變更理由（必填）/ the reason (required)")
@if_version
@pass_options
def due(options: Options, item: str, date: str, note: str | None, if_version: str | None):
    """變更預定完成日期（DATE 可為 none）/ move the deadline (DATE may be `none`)."""
    from tracker.dates import format_date, parse_deadline
    from tracker.i18n import t

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    deadline = parse_deadline(date)
    service = options.service()
    before = _item_now(service, item)
    row = service.move_deadline(item, deadline, _text_arg(note), _version(if_version))
    roc = options.settings.roc
    click.echo(
        t(
            "done.due",
            key=row.key,
            old=format_date(before.deadline, roc=roc) or t("word.none"),
            new=format_date(row.deadline, roc=roc) or t("word.none"),
            version=row.version,
        )
    )


# ---------------------------------------------------------------------------
# Maintenance


@cli.group()
def db():
    """資料庫維護 / database upkeep: upgrade, check, backup."""


@db.command()
@pass_options
def upgrade(options: Options):
    """升級資料庫結構 / bring the schema up to date."""
    from tracker.i18n import t
    from tracker.storage.schema import HEAD

    options.service(creating=True)
    click.echo(t("done.upgrade", revision=HEAD))


@db.command()
@pass_options
def check(options: Options):
    """檢查資料庫 / check the schema, the data and the history protection."""
    from tracker.i18n import t
    from tracker.maintenance import check_database

    # The database as it is: not opened through the service, which would upgrade it.
    report = check_database(options.settings)
    if report.problem_count:  # a finding, not a mistake in the command: exit 1, one line each
        click.echo(t("error.prefix") + t("check.failed", count=report.problem_count), err=True)
        for line in report.lines():
            click.echo(f"  {line}", err=True)
        return 1
    click.echo(t("done.check_ok", revision=report.revision, items=report.items, changes=report.changes))
    if report.last_id is not None:
        click.echo(t("check.chain_head", id=report.last_id, hash=report.last_hash))
    return 0


@db.command()
@click.argument("file", type=click.Path(path_type=Path))
@pass_options
def backup(options: Options, file: Path):
    """備份資料庫到新檔案（可在他人使用時進行）/ copy the database to a new file, safely while in use."""
    from tracker.backup import backup_database
    from tracker.i18n import t

    backup_database(options.service(), file)
    click.echo(t("done.backup", path=clean_line(str(file))))


@cli.command(name="settings")
@pass_options
def settings_(options: Options):
    """顯示目前設定與設定檔位置 / show the settings in force and where they come from."""
    from rich.cells import cell_len

    from tracker.dates import format_date
    from tracker.i18n import t

    settings = options.settings
    mail = settings.mail
    rows = [
        (
            "settings.file",
            f"{settings.config_path}"
            + ("" if settings.config_path and settings.config_path.is_file() else t("settings.absent")),
        ),
        ("settings.db", settings.db + (t("settings.default") if settings.db_is_default else "")),
        ("settings.user", settings.user),
        ("settings.lang", settings.lang),
        ("settings.timezone", settings.timezone.key),
        ("settings.today", format_date(settings.today()) + ("" if settings.frozen_today else t("settings.live"))),
        ("settings.roc", "roc" if settings.roc else "iso"),
        ("settings.report", settings.default_report or "-"),
        (
            "settings.mail",
            f"{mail.host or '-'}:{mail.port} user={mail.user or '-'} from={mail.sender or '-'} "
            f"starttls={mail.starttls} ssl={mail.ssl} password={'set' if mail.password else '-'} "
            f"timeout={mail.timeout:g}s",
        ),
    ]
    width = max(cell_len(t(key)) for key, _ in rows)  # Chinese characters take two cells
    for key, value in rows:
        click.echo(f"{t(key)}{' ' * (width - cell_len(t(key)))}  {clean_line(value)}")


@cli.command()
@pass_options
def tui(options: Options):
    """開啟終端機介面 / open the terminal UI."""
    # Without a terminal (cron, a pipe) Textual would wait for keys that never come while
    # writing escape sequences into the output: say so (in the settings' language) and name
    # the commands for scripts.
    options.settings  # noqa: B018
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("error.tui_needs_terminal")
    from tracker.tui.app import run_app

    service = options.service()
    run_app(service)


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    _replace_unencodable_output()
    args = sys.argv[1:] if argv is None else argv
    try:
        _check_arguments(args)
        result = cli.main(args=args, prog_name="tracker", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "tracker"
        _use_asked_language(args)
        return _error_line(InputError("error.usage", detail=exc.format_message(), command=command))
    except click.ClickException as exc:
        return _error_line(TrackerError("error.click", detail=exc.format_message()), exc.exit_code)
    except click.exceptions.Abort:
        return 130
    except TrackerError as exc:
        return _error_line(exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes a line, not a traceback
        from tracker.crashlog import write_crash_log

        log = write_crash_log(exc)
        return _error_line(TrackerError("error.unexpected", error=type(exc).__name__, log=log))


def _error_line(error: TrackerError, exit_code: int | None = None) -> int:
    """One line on stderr, in the user's language: TrackerError makes its params one clean line."""
    from tracker.i18n import t

    click.echo(t("error.prefix") + str(error), err=True)
    return error.exit_code if exit_code is None else exit_code


def _replace_unencodable_output() -> None:
    """A Big5 or cp950 terminal lacks characters the data holds (长 in 林副市长, emoji):
    print a replacement character for them instead of failing half-way through a table.
    (Standard error already shows them as escapes: Python's default there.)"""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


# What Python makes of bytes on the command line that are not UTF-8 (surrogateescape).
_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument holding bytes that are not UTF-8, rather than save it without them."""
    for arg in args:
        if _UNDECODABLE.search(arg):
            _use_asked_language(args)
            raise InputError("error.arg_not_utf8", arg=_UNDECODABLE.sub("\ufffd", arg))


def _use_asked_language(args: list[str]) -> None:
    """The language of --lang or TRACKER_LANG, for an error met before the settings are read."""
    from tracker import i18n

    asked = os.environ.get("TRACKER_LANG")
    for index, arg in enumerate(args):
        if arg in cli.commands:  # global options come before the command
            break
        if arg == "--lang" and index + 1 < len(args):
            asked = args[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.partition("=")[2]
    with suppress(ValueError):  # an unknown language is told once the settings are read
        i18n.set_lang(asked or i18n.current_lang())


# The weekly summary and the exports live in their own module, which imports only click here.
from tracker.cli_reports import export, summary  # noqa: E402

cli.add_command(summary)
cli.add_command(export)

# The reviewer's commands (列管): their own module too.
from tracker.cli_review import review, reviewers  # noqa: E402

cli.add_command(review)
cli.add_command(reviewers)

# 佐證資料, progress, adoption and corrections (issue 9): their own module too.
from tracker.cli_evidence import adopt, attach, attachment, attachments, correct, progress, ref  # noqa: E402

for _command in (attach, ref, attachments, attachment, progress, adopt, correct):
    cli.add_command(_command)

# Taking in a report as it comes (issue 13): its own module too.
from tracker.cli_intake import intake  # noqa: E402

cli.add_command(intake)

# The UI in a browser, behind a login (issue 14): its own module too.
from tracker.cli_web import serve, users  # noqa: E402

cli.add_command(serve)
cli.add_command(users)

# Reminders by mail and the lead units' addresses (issue 10): their own module too.
from tracker.cli_remind import remind, units  # noqa: E402

cli.add_command(remind)
cli.add_command(units)
