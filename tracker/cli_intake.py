"""`tracker intake`: read a report (.docx, .odt, .pdf, .txt), show its recommendations, and
write a draft for `tracker import` (--draft) or import them at once (--yes).

Only click is imported at module level, as in tracker.cli: every command's module is loaded at
start-up, and the readers (python-docx, odfpy, pypdf) only when a report is read.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("report", type=click.Path(path_type=Path), metavar="REPORT")
@click.option(
    "--draft",
    "draft_path",
    type=click.Path(path_type=Path),
    metavar="OUT.yaml",
    help="寫出草稿供核對後以 tracker import 匯入 / write a draft to check, then tracker import it",
)
@click.option("--key", metavar="KEY", help="報告代號（預設取自檔名）/ the report's key [from the file name]")
@click.option("--yes", is_flag=True, help="不寫草稿，直接匯入 / import at once, without a draft")
@click.pass_obj
def intake(options, report: Path, draft_path: Path | None, key: str | None, yes: bool):
    """讀入出國報告的建議事項（.docx .odt .pdf .txt）/ take in a report's recommendations."""
    from tracker.domain import clean_line
    from tracker.i18n import t
    from tracker.intake.draft import save_draft, write_draft
    from tracker.intake.pipeline import read_report
    from tracker.intake.preview import preview_lines

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    found = read_report(report, key)
    for line in preview_lines(found):
        click.echo(line)
    text = write_draft(found, report.name)
    if draft_path is not None:
        written = save_draft(draft_path, text)
        click.echo(t("intake.draft_written", path=clean_line(str(written)), count=len(found.items)))
    if yes:
        _import(options, text)
    elif draft_path is None:
        click.echo(t("intake.no_draft"))


def _import(options, text: str) -> None:
    """The draft through `tracker import`'s own reader and rules, from a temporary file."""
    import os
    import tempfile

    from tracker.cli import _echo_import
    from tracker.seed import load_seed

    fd, name = tempfile.mkstemp(prefix="tracker-intake-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        doc = load_seed(Path(name))
    finally:
        os.unlink(name)
    _echo_import(options.service().import_report(doc))
