"""`tracker summary` and `tracker export`: parse, call tracker.reporting, write.

Only click is imported at module level: `tracker list` loads this module too, and must
not pay for Rich tables, the spreadsheet writers or smtplib.
"""

from __future__ import annotations

from pathlib import Path

import click

SUMMARY_FORMATS = ("text", "markdown", "html", "json")
EXPORT_FORMATS = ("csv", "xlsx", "ods", "markdown", "html", "json")


@click.command()
@click.option(
    "--week",
    metavar="WEEK",
    help="週（ISO）：2016-W50、105-W50、週內任一日 105/12/16、this 或 last"
    " / an ISO week: 2016-W50, 105-W50, a day in it, this or last",
)
@click.option(
    "--month",
    metavar="MONTH",
    help="月份：2016-12、105/12、105年12月、this 或 last / a month: 2016-12, 105/12, this, last",
)
@click.option(
    "--quarter", metavar="QUARTER", help="季：2017Q1、106Q1、106年第1季、this 或 last / a quarter: 2017Q1, 106Q1"
)
@click.option(
    "--half", metavar="HALF", help="半年：2017H1、106H2、106年上半年、this 或 last / a half-year: 2017H1, 106H1"
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="以該日結束時的情形製作（依異動紀錄還原），例如 105/12/16 / as things stood at the end of DATE",
)
@click.option("--days", metavar="N", help="列出期末後 N 天內到期者（預設 7）/ due-soon window after the period [7]")
@click.option("--owner", metavar="TEXT", help="主辦單位包含此文字 / lead unit contains TEXT")
@click.option("--report", "report_key", metavar="KEY", help="只含此報告 / one report only")
@click.option("--format", "fmt", type=click.Choice(SUMMARY_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE", help="寫入檔案 / write to FILE")
@click.option("--limit", metavar="N", help="每節最多列出幾項（0 = 全部，預設 100）/ at most N per list (0 = all) [100]")
@click.option("--fail-on-overdue", is_flag=True, help="有逾期事項時結束碼為 1 / exit 1 when anything is overdue")
@click.option(
    "--mail-to", "mail_to", multiple=True, metavar="ADDR", help="以電子郵件寄出（可重複）/ mail it to ADDR (repeatable)"
)
@click.pass_context
def summary(
    ctx, week, month, quarter, half, as_of, days, owner, report_key, fmt, output, limit, fail_on_overdue, mail_to
):
    """逾期與進度摘要（週報、月報、季報、半年報）/ the overdue and progress summary of a period.

    Without a period option the period is the seven days ending today (--today) or --as-of.
    A period that has ended is shown as it stood at its end, replayed from the history.
    """
    from tracker.cli import count
    from tracker.domain import COUNT_LIMIT, DAYS_LIMIT
    from tracker.i18n import t
    from tracker.reporting.summary import DEFAULT_DUE_DAYS, DEFAULT_LIMIT, build_summary, render_summary

    options = ctx.obj  # tracker.cli.Options, made by the group
    settings = options.settings
    due_days = DEFAULT_DUE_DAYS if days is None else count(days, "--days", "days", high=DAYS_LIMIT, example=7)
    per_list = DEFAULT_LIMIT if limit is None else count(limit, "--limit", "rows", high=COUNT_LIMIT, example=50)
    recipients = list(mail_to)
    if recipients:
        from tracker.reporting.mail import check_mail

        check_mail(settings, recipients)  # a missing mail setting is told before any work is done
    as_of_day = None
    if as_of is not None:
        from tracker.dates import parse_date

        as_of_day = parse_date(as_of)
    result = build_summary(
        options.service(),
        week=week,
        month=month,
        quarter=quarter,
        half=half,
        as_of=as_of_day,
        days=due_days,
        owner=owner,
        report=report_key or settings.default_report,
        limit=per_list,
    )
    if output is not None and str(output) != "-":
        from tracker.reporting.output import write_text

        write_text(output, render_summary(result, fmt))
    elif not recipients or output is not None:
        _print_summary(result, fmt)
    if recipients:
        from tracker.reporting.mail import send_summary

        subject = send_summary(result, settings, recipients)
        click.echo(t("done.mail", subject=subject, to=", ".join(recipients)))
    if fail_on_overdue and result.has_overdue:
        ctx.exit(1)


def _print_summary(result, fmt: str) -> None:
    from tracker.reporting.summary import render_summary, summary_renderable

    if fmt == "text":
        from tracker.output.console import make_console

        console = make_console()
        if console.is_terminal:
            console.print(summary_renderable(result))
            return
    from tracker.reporting.output import write_text

    write_text(None, render_summary(result, fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="寫入檔案（xlsx／ods 必填）/ write to FILE (required for xlsx and ods)",
)
@click.option("--history", is_flag=True, help="附上完整異動紀錄 / add the full history")
@click.option("--lang", "table_lang", metavar="zh-TW|en", help="表格語言 / the table's language")
@click.option("--status", "statuses", multiple=True, metavar="S", help="狀態（可重複）/ status, repeatable")
@click.option("--owner", metavar="TEXT", help="主辦單位包含此文字 / lead unit contains TEXT")
@click.option("--report", "report_key", metavar="KEY", help="只含此報告 / one report only")
@click.option("--bom/--no-bom", default=True, help="CSV 開頭加 BOM（Excel 需要）/ start the CSV with a BOM [bom]")
@click.option(
    "--columns",
    metavar="NAMES",
    help="欄位與順序，以逗號分隔，例如 number,title,owner,progress,evidence（打錯時列出全部名稱）"
    " / the columns and their order, comma-separated (a wrong name lists them all)",
)
@click.option(
    "--attachments",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="另將各項的佐證檔案寫入新的（或空的）資料夾 DIR，每項一個子資料夾"
    " / also write each item's stored files into DIR (new or empty), a folder per item",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="該日結束時的表格（依異動紀錄還原），例如 105/12/31 / the table as it stood at the end of DATE",
)
@click.pass_obj
def export(options, fmt, output, history, table_lang, statuses, owner, report_key, bom, columns, attachments, as_of):
    """匯出追蹤表（csv、xlsx、ods、markdown、html、json）/ export the progress table."""
    from tracker.dates import parse_date
    from tracker.domain import InputError, clean_line, parse_status
    from tracker.i18n import t
    from tracker.reporting.export import BINARY_FORMATS, export_file, export_to_output
    from tracker.reporting.rows import parse_columns

    settings = options.settings  # first: the language of any message below
    to_stdout = output is None or str(output) == "-"
    if to_stdout and fmt in BINARY_FORMATS:
        raise InputError("error.binary_stdout", fmt=fmt)
    kwargs = dict(
        history=history,
        lang=table_lang,
        statuses=tuple(parse_status(s) for s in statuses),
        owner=owner,
        report=report_key or settings.default_report,
        bom=bom,
        columns=parse_columns(columns),  # a wrong name is told before the database is opened
        attachments=attachments,
        as_of=parse_date(as_of) if as_of is not None else None,
    )
    service = options.service()
    if to_stdout:
        from tracker.reporting.output import stdout_bytes

        written = export_to_output(service, fmt, stdout_bytes(), **kwargs)
    else:
        written = export_file(service, fmt, output, **kwargs)
        click.echo(t("done.export", rows=written.rows, path=clean_line(str(written.path))))
    saved = written.attachments
    if saved is not None:  # on standard error when the table itself went to standard output
        message = t("done.attachments", items=saved.items, files=saved.files, path=clean_line(str(saved.folder)))
        click.echo(message, err=to_stdout)
