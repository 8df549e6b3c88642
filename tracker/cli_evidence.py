"""What a 列管表 row carries beyond its status, on the command line: supporting documents
(`attach`, `ref`, `attachments`, `attachment get|retract`), progress (`progress`),
adoption (`adopt`) and open corrections of the history (`correct`).

Only click is imported at module level, as in tracker.cli: every command's module is
loaded at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # loaded on first use, not at start-up
    from collections.abc import Callable

    from tracker.storage.queries import ItemRow

_IF_VERSION = "只在版本仍為 N 時才存（防止覆蓋他人）/ save only if the item is still at version N"


@click.command()
@click.argument("item")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@click.option("--note", metavar="TEXT", help="同時新增的辦理情形（- 由標準輸入讀取）/ a progress note to add with them")
@click.option("--if-version", metavar="N", help=_IF_VERSION)
@click.pass_obj
def attach(options, item: str, files: tuple[Path, ...], note: str | None, if_version: str | None):
    """附加佐證資料檔案（存入資料庫）/ attach files as supporting documents (kept in the database)."""
    from tracker.cli import _text_arg, _version
    from tracker.domain import clean_line
    from tracker.i18n import t
    from tracker.output.plain import file_size

    options.settings  # noqa: B018 - first: the settings choose the language of any message below
    row, added = options.service().attach(item, list(files), _text_arg(note), _version(if_version))
    for found in added:
        click.echo(
            t(
                "done.attached",
                key=row.key,
                id=found.id,
                name=clean_line(found.label),
                size=file_size(found.size or 0),
                media_type=clean_line(found.media_type or ""),
            )
        )
    click.echo(t("done.attached_version", key=row.key, count=len(added), version=row.version))


@click.command()
@click.argument("item")
@click.option("--doc-no", metavar="TEXT", help="公文文號，例如 府授秘外字第1050123456號 / a document number")
@click.option("--url", metavar="URL", help="http(s) 網址（只顯示，不會連線）/ a web address (shown, never fetched)")
@click.option("--text", metavar="TEXT", help="文字說明 / a free text")
@click.option("--note", metavar="TEXT", help="同時新增的辦理情形（- 由標準輸入讀取）/ a progress note to add with it")
@click.option("--if-version", metavar="N", help=_IF_VERSION)
@click.pass_obj
def ref(
    options,
    item: str,
    doc_no: str | None,
    url: str | None,
    text: str | None,
    note: str | None,
    if_version: str | None,
):
    """以文號、網址或文字作為佐證資料 / a document number, URL or text as supporting evidence."""
    from tracker.cli import _text_arg, _version
    from tracker.domain import EvidenceKind, InputError, clean_line
    from tracker.i18n import t

    options.settings  # noqa: B018
    given = [
        (kind, value)
        for kind, value in ((EvidenceKind.DOC_NO, doc_no), (EvidenceKind.URL, url), (EvidenceKind.TEXT, text))
        if value is not None
    ]
    if len(given) != 1:
        raise InputError("error.ref_one_kind")
    kind, value = given[0]
    row, found = options.service().add_reference(item, kind, value, _text_arg(note), _version(if_version))
    click.echo(
        t(
            "done.ref",
            key=row.key,
            id=found.id,
            kind=kind.label(),
            value=clean_line(found.label),
            version=row.version,
        )
    )


@click.command()
@click.argument("item")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--all", "everything", is_flag=True, help="包括已撤回者 / include retracted ones")
@click.pass_obj
def attachments(options, item: str, fmt: str, everything: bool):
    """列出一項建議事項的佐證資料 / list an item's supporting documents."""
    import sys

    from tracker.i18n import t

    settings = options.settings
    row, found = options.service().evidence(item, retracted=everything)
    if fmt == "json":
        from tracker.output.records import evidence_json

        sys.stdout.write(evidence_json(found, settings))
        return
    if not found:
        click.echo(t("done.no_evidence", key=row.key))
        return
    from tracker.output.plain import print_evidence

    print_evidence(found, settings)


@click.group()
def attachment():
    """一件佐證資料：get 編號 -o 檔案、retract 編號 --note 理由 / one document: get ID -o FILE, retract ID."""


@attachment.command(name="get")
@click.argument("evidence_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="寫入此檔（- 為標準輸出）/ write to FILE (- for standard output)",
)
@click.option("--force", is_flag=True, help="覆蓋已存在的檔案 / replace FILE if it exists")
@click.pass_obj
def attachment_get(options, evidence_id: str, output: Path, force: bool):
    """取出附件檔案，原樣寫入 FILE（不使用存入時的檔名）/ write a stored file, byte for byte, to FILE."""
    import sys

    from tracker.domain import InputError, clean_line
    from tracker.i18n import t
    from tracker.output.plain import file_size

    options.settings  # noqa: B018
    number = _id(evidence_id, "error.bad_evidence_id")
    to_stdout = str(output) == "-"
    if to_stdout and sys.stdout.isatty():
        raise InputError("error.attachment_to_terminal")
    if not to_stdout:
        _check_target(output, force=force)  # before the database: a refusal costs nothing
    found, content = options.service().evidence_file(number)
    if to_stdout:
        from tracker.reporting.output import stdout_bytes

        out = stdout_bytes()
        out.write(content)
        out.flush()
        return
    _write(output, content, force=force)
    click.echo(
        t(
            "done.attachment_saved",
            id=found.id,
            name=clean_line(found.label),
            size=file_size(len(content)),
            path=clean_line(str(output)),
        )
    )


@attachment.command(name="retract")
@click.argument("evidence_id", metavar="ID")
@click.option("--note", metavar="REASON", help="撤回理由（必填）/ the reason (required)")
@click.option("--if-version", metavar="N", help=_IF_VERSION)
@click.pass_obj
def attachment_retract(options, evidence_id: str, note: str | None, if_version: str | None):
    """撤回一件佐證資料（不再顯示，內容保留）/ retract a document: hidden from views, its bytes kept."""
    from tracker.cli import _text_arg, _version
    from tracker.domain import clean_line
    from tracker.i18n import t

    options.settings  # noqa: B018
    number = _id(evidence_id, "error.bad_evidence_id")
    found = options.service().retract_evidence(number, _text_arg(note), _version(if_version))
    click.echo(
        t(
            "done.retracted",
            key=found.item_key,
            id=found.id,
            kind=found.kind.label(),
            name=clean_line(found.label),
        )
    )


# A percentage may be typed as -5 by mistake: an argument, told as a bad percentage, not an option.
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("item")
@click.argument("pct", metavar="PCT")
@click.option("--note", metavar="TEXT", help="說明；調降時必填（- 由標準輸入讀取）/ a reason; required to lower it")
@click.option("--if-version", metavar="N", help=_IF_VERSION)
@click.pass_obj
def progress(options, item: str, pct: str, note: str | None, if_version: str | None):
    """設定執行進度 0–100%（調降須說明）/ set the progress, 0-100% (lowering it needs a reason)."""
    from tracker.cli import _item_now, _text_arg, _version
    from tracker.domain import parse_progress

    options.settings  # noqa: B018
    wanted = parse_progress(pct)
    service = options.service()
    before = _item_now(service, item)
    row = service.set_progress(item, wanted, _text_arg(note), _version(if_version))
    echo_changes(before, row)


@click.command()
@click.argument("item")
@click.argument("adoption", metavar="adopted|partial|not_adopted")
@click.option("--note", metavar="REASON", help="理由（必填）/ the reason (required)")
@click.option("--if-version", metavar="N", help=_IF_VERSION)
@click.pass_obj
def adopt(options, item: str, adoption: str, note: str | None, if_version: str | None):
    """採行、部分採行或不採行（不採行即申請解除列管）/ adopt, partly adopt or not adopt a recommendation."""
    from tracker.cli import _item_now, _text_arg, _version
    from tracker.domain import Adoption, parse_choice

    options.settings  # noqa: B018
    chosen = parse_choice(Adoption, adoption, "error.unknown_adoption")
    service = options.service()
    before = _item_now(service, item)
    row = service.adopt(item, chosen, _text_arg(note), _version(if_version))
    echo_changes(before, row)


@click.command()
@click.argument("change_id", metavar="CHANGE_ID")
@click.option("--note", metavar="WHY", help="更正的原因（必填）/ why (required)")
@click.option("--value", metavar="NEW", help="正確的值（省略時還原為該筆之前的值）/ the right value [the value before]")
@click.option("--item", "item_ref", metavar="ITEM", help="確認該筆屬於此建議事項 / check the entry is this item's")
@click.pass_obj
def correct(options, change_id: str, note: str | None, value: str | None, item_ref: str | None):
    """更正一筆異動紀錄（原紀錄保留，另加更正紀錄）/ correct a history entry openly (it stays; a correction is added)."""
    from tracker.cli import _text_arg
    from tracker.domain import Field, clean_line
    from tracker.i18n import t
    from tracker.output.plain import history_value

    settings = options.settings
    number = _id(change_id, "error.bad_change_id")
    row, correction = options.service().correct(number, _text_arg(note), value, item_ref)
    common = {"target": number, "key": row.key, "id": correction.id, "version": row.version}
    if correction.field == Field.NOTE.value:
        what = (
            t("correct.note_text", text=_short(clean_line(correction.new)))
            if correction.new
            else t("correct.note_dropped")
        )
        click.echo(t("done.correct_note", what=what, **common))
        return
    old, new = (history_value(correction, v, settings.roc) or t("word.none") for v in (correction.old, correction.new))
    click.echo(
        t(
            "done.correct",
            field=t(f"field.{correction.field}"),
            old=clean_line(old),
            new=clean_line(new),
            **common,
        )
    )


# ---------------------------------------------------------------------------


def echo_changes(before: ItemRow, after: ItemRow, only: tuple[str, ...] | None = None) -> None:
    """One line per field that changed between the two rows (of `only`, when given), from → to,
    as `status` prints its own: what a command that may change several fields did."""
    from tracker.domain import clean_line
    from tracker.i18n import t
    from tracker.output import labels
    from tracker.output.plain import percent

    shown: tuple[tuple[str, Callable[[ItemRow], str]], ...] = (
        ("field.owner", lambda r: r.owner_zh),
        ("field.officer", lambda r: r.officer or ""),
        ("field.supporting", labels.supporting),
        ("field.adoption", lambda r: r.adoption.label()),
        ("field.status", lambda r: r.status.label()),
        ("field.tracking", lambda r: r.tracking.label()),
        ("field.progress", lambda r: percent(r.progress)),
    )
    for field, value in shown:
        if only is not None and field not in only:
            continue
        old, new = value(before), value(after)
        if old != new:
            click.echo(
                t(
                    "done.changed",
                    key=after.key,
                    field=t(field),
                    old=clean_line(old) or t("word.none"),
                    new=clean_line(new) or t("word.none"),
                    version=after.version,
                )
            )


def warn_without_evidence(before: ItemRow, after: ItemRow) -> None:
    """Asking for release (已完成 → 待審) with no document or reference: a warning on stderr."""
    from tracker.domain import Status, Tracking
    from tracker.i18n import t

    asked = after.tracking is Tracking.PENDING and before.tracking is not Tracking.PENDING
    if asked and after.status is Status.DONE and not after.evidence_count:
        click.echo(t("warning.no_evidence", key=after.key), err=True)


def _id(text: str, error: str) -> int:
    """A row's number as typed: 12, #12 or ＃１２."""
    import unicodedata

    from tracker.domain import VERSION_LIMIT, InputError, whole_number

    number = whole_number(unicodedata.normalize("NFKC", text or "").strip().removeprefix("#"), high=VERSION_LIMIT)
    if not number:
        raise InputError(error, text=text)
    return number


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _check_target(path: Path, *, force: bool) -> None:
    """Refuse, before anything is read or written, an output that exists (without --force) or a folder."""
    import os
    import stat

    from tracker.domain import InputError
    from tracker.reporting.output import unwritable
    from tracker.safe_paths import check_output

    try:
        mode = os.stat(path).st_mode  # follows symlinks: what would be written
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise unwritable(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("error.output_is_folder", path=path)
    check_output(path)  # never a database file or one of its side files, existing or not
    if force or (mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
        return  # replaced, or a pipe or device (/dev/null) that receives the bytes as `>` would
    if mode is not None or os.path.lexists(path):  # a file, or a link to nowhere that would be followed
        raise InputError("error.output_exists", path=path)


def _write(path: Path, content: bytes, *, force: bool) -> None:
    """Exactly `content` at `path`, whole or not at all. Without `force` an existing file is
    never replaced, even one that appears meanwhile: the new file is linked into place,
    which fails when the name is taken (or, where a file system has no links, created with
    O_EXCL). With `force`, or to a pipe or device, the project's atomic writer."""
    import os
    import stat

    from tracker.reporting.output import atomic_file

    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if force or (mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
        with atomic_file(path) as handle:
            handle.write(content)
        return
    _write_new(path, content)


def _write_new(path: Path, content: bytes) -> None:
    import os
    from contextlib import suppress

    from tracker.domain import InputError
    from tracker.reporting.output import unwritable
    from tracker.safe_paths import check_output, create_temporary, sync_folder

    target = check_output(path)  # never a database file or one of its side files
    try:
        fd, temporary = create_temporary(target, 0o666)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise InputError("error.output_exists", path=path) from None
        except OSError:  # no hard links here (some network shares, FAT): create the name exclusively
            _create_exclusive(target, content, path)
    except OSError as exc:
        raise unwritable(path, exc) from None
    finally:
        with suppress(OSError):
            os.unlink(temporary)
    sync_folder(target.parent)


def _create_exclusive(target: Path, content: bytes, path: Path) -> None:
    import os
    from contextlib import suppress

    from tracker.domain import InputError

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o666)
    except FileExistsError:
        raise InputError("error.output_exists", path=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with suppress(OSError):
            os.unlink(target)
        raise
