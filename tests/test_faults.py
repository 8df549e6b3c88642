"""Hostile paths and failing disks: one line in the user's language, the documented exit code,
and nothing half-written (issue 7, data loss).

Everything here is about files, so every test makes its own SQLite file; real processes
where the process boundary is the point (kill -9), tmpfs mounts for a full or read-only
disk (tests run as root; without the right to mount, those tests are skipped and say why).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tracker.bootstrap import open_service, seed_if_empty
from tracker.domain import InputError, Status, UnavailableError

from conftest import SEED, make_settings

pytestmark = pytest.mark.backends("sqlite")


# ---------------------------------------------------------------------------
# Helpers


def make_tracker_db(path: Path) -> Path:
    service = open_service(make_settings(path), creating=True)
    seed_if_empty(service, SEED)
    service.db.dispose()
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    return make_tracker_db(tmp_path / "tracker.sqlite3")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history_rows(path: Path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM changes").fetchone()[0]
    finally:
        connection.close()


def notes(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT note FROM changes WHERE note IS NOT NULL")]
    finally:
        connection.close()


# What SQLite's side files start with: the WAL header magic, the WAL-index version number.
WAL_MAGIC = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
SHM_VERSION = (3007000).to_bytes(4, sys.byteorder)


def assert_sqlite_side_files(db: Path) -> None:
    """The -wal and -shm files are absent, empty or SQLite's own: not an export or a summary."""
    wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
    assert not wal.exists() or wal.stat().st_size == 0 or wal.read_bytes()[:4] in WAL_MAGIC
    assert not shm.exists() or shm.stat().st_size == 0 or shm.read_bytes()[:4] == SHM_VERSION


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def tmpfs(tmp_path):
    """mount_tmpfs(name, size) -> a folder on a small tmpfs of its own, unmounted afterwards."""
    mounted = []

    def mount_tmpfs(name: str, size: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True
        )
        if result.returncode != 0:
            pytest.skip(
                f"a full or read-only disk is simulated with a tmpfs mount, not permitted here: {result.stderr}"
            )
        mounted.append(folder)
        return folder

    yield mount_tmpfs
    for folder in mounted:
        # Lazy: connections left open by in-process CLI runs must not keep the mount busy.
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Take every free byte of the disk `folder` is on."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# 1. No output ever replaces a database, its side files, or a backup


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["summary"]])
@pytest.mark.parametrize("name", ["tracker.sqlite3", "tracker.sqlite3-wal", "tracker.sqlite3-shm", "link", "b.sqlite3"])
def test_no_output_replaces_the_database_its_side_files_or_a_backup(run_cli, db, tmp_path, command, name):
    assert run_cli("--db", str(db), "db", "backup", str(tmp_path / "b.sqlite3")).returncode == 0
    (tmp_path / "link").symlink_to(db)  # a symlink is resolved: the file it names is the database
    before = {p: digest(p) for p in (db, tmp_path / "b.sqlite3")}
    result = run_cli("--db", str(db), *command, "-o", str(tmp_path / name))
    assert result.returncode == 2
    assert "資料庫檔案" in one_line(result) and "-o" in result.stderr
    assert {p: digest(p) for p in before} == before
    assert (tmp_path / "link").is_symlink()
    assert_sqlite_side_files(db)
    assert history_rows(db) == 8


def test_the_refusal_speaks_english_with_lang_en(run_cli, db):
    result = run_cli("--db", str(db), "--lang", "en", "export", "--format", "csv", "-o", str(db))
    assert result.returncode == 2 and "is a database file" in one_line(result)


def test_every_file_writer_refuses_the_database(db):
    """The export dialog of the UI and the summary writer go through the same check as the CLI."""
    from tracker.reporting.export import write_export
    from tracker.reporting.output import write_text

    service = open_service(make_settings(db))
    try:
        before = digest(db)
        wal = Path(f"{db}-wal")  # not there yet, or empty: the open database is protected by name
        for target in (db, wal, Path(f"{db}-journal")):
            with pytest.raises(InputError) as err:
                write_export(service, "csv", target)
            assert err.value.key == "error.output_is_database"
            with pytest.raises(InputError):
                write_text(target, "週報")
        assert digest(db) == before and not Path(f"{db}-journal").exists()
    finally:
        service.db.dispose()


def test_a_side_file_of_any_sqlite_file_is_refused(run_cli, db, tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()  # SQLite writes no header into an empty database...
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")  # ...until it has something in it
    result = run_cli("--db", str(db), "export", "--format", "csv", "-o", str(tmp_path / "other.db-journal"))
    assert result.returncode == 2 and "資料庫檔案" in one_line(result)
    assert not (tmp_path / "other.db-journal").exists()


# ---------------------------------------------------------------------------
# 2. What the user named is written through, never replaced by something else


def test_a_symlink_stays_a_link_and_its_target_keeps_mode_and_owner(run_cli, db, tmp_path):
    target = tmp_path / "private" / "進度表.csv"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o600)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:  # root can give a file away, and must give the new one back
        os.chown(target, 1234, 1234)
        owner = (1234, 1234)
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    result = run_cli("--db", str(db), "export", "--format", "csv", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert "派員出席波哥大" in target.read_text(encoding="utf-8-sig")
    info = target.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and (info.st_uid, info.st_gid) == owner
    assert sorted(p.name for p in target.parent.iterdir()) == ["進度表.csv"]  # no temporary left


def test_a_new_file_gets_the_usual_mode(run_cli, db, tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    result = run_cli("--db", str(db), "summary", "--format", "markdown", "-o", str(tmp_path / "週報.md"))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "週報.md").stat().st_mode) == 0o666 & ~mask


def test_dev_null_is_written_through_and_stays_a_device(run_cli, db):
    result = run_cli("--db", str(db), "export", "--format", "xlsx", "-o", os.devnull)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_fifo_is_written_through_and_stays_a_fifo(run_cli, db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_cli("--db", str(db), "export", "--format", "xlsx", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(b"PK")  # the whole workbook went down the pipe
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_folder_is_refused_with_a_clear_message(run_cli, db, tmp_path):
    result = run_cli("--db", str(db), "export", "--format", "csv", "-o", str(tmp_path))
    assert result.returncode == 2 and "是資料夾" in one_line(result)


def test_a_block_device_is_refused_untouched(run_cli, db, tmp_path):
    node = tmp_path / "disk"
    try:
        os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(240, 0))  # an unused (local) major number
    except PermissionError:
        pytest.skip("making a block device node needs root")
    result = run_cli("--db", str(db), "export", "--format", "csv", "-o", str(node))
    assert result.returncode == 2 and "不是檔案" in one_line(result)
    assert stat.S_ISBLK(node.lstat().st_mode)


def test_an_export_that_fills_the_disk_leaves_the_old_file_and_no_partial_one(run_process, db, tmpfs):
    # A real process: openpyxl's half-made archive used to print tracebacks when collected at exit.
    folder = tmpfs("small", "64k")
    target = folder / "進度表.xlsx"
    target.write_bytes(b"the previous export")
    fill(folder)
    result = run_process("--db", str(db), "export", "--format", "xlsx", "--history", "-o", str(target))
    assert result.returncode == 2 and "無法寫入" in one_line(result)
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["filler", "進度表.xlsx"]


# ---------------------------------------------------------------------------
# 3. A database file deleted or replaced under an open process


def test_a_save_after_a_backup_was_restored_over_the_file_is_refused(db, tmp_path):
    from tracker.backup import backup_database

    service = open_service(make_settings(db))
    backup_database(service, tmp_path / "backup.sqlite3")
    service.add_note("3", "寫在還原前")  # the open file: saved
    os.replace(tmp_path / "backup.sqlite3", db)  # mv backup.sqlite3 tracker.sqlite3
    with pytest.raises(UnavailableError) as err:
        service.add_note("3", "寫在還原後")
    assert err.value.key == "error.db_replaced" and err.value.exit_code == 1
    assert "沒有存入任何資料" in str(err.value)
    service.db.dispose()
    assert "寫在還原後" not in notes(db)


def test_a_save_after_the_file_was_deleted_is_refused(db):
    service = open_service(make_settings(db))
    db.unlink()
    with pytest.raises(UnavailableError) as err:
        service.set_status("3", Status.IN_PROGRESS)
    assert err.value.key == "error.db_replaced"
    service.db.dispose()
    assert not db.exists()


def test_the_ui_says_why_in_the_dialog_and_not_saved(db, tmp_path):
    from textual.widgets import Static

    from tracker.backup import backup_database
    from tracker.tui.app import make_app

    service = open_service(make_settings(db))
    backup_database(service, tmp_path / "backup.sqlite3")

    async def scenario():
        app = make_app(service)
        async with app.run_test(size=(100, 30)) as pilot:
            os.replace(tmp_path / "backup.sqlite3", db)
            await pilot.press("n", *"note")
            await pilot.press("ctrl+s")  # the note takes several lines: Enter is a new line
            await app.workers.wait_for_complete()  # saved on a worker
            await pilot.pause()
            assert app.screen is not app.screen_stack[0]  # the dialog stays open with the text
            error = str(app.screen.query_one("#error", Static).render())
            assert "被刪除或換成另一個檔案" in error
            assert not any("已儲存" in n.message for n in app._notifications)

    asyncio.run(scenario())
    service.db.dispose()
    assert "note" not in notes(db)


# ---------------------------------------------------------------------------
# 4. A backup appears whole, under its name, or not at all


def _cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({"TRACKER_CONFIG": str(tmp_path / "no-config.toml"), "TRACKER_USER": "tester"})
    return env


def test_a_killed_backup_leaves_nothing_under_its_name_and_the_retry_succeeds(run_cli, db, tmp_path):
    # Big enough that the copy takes a good second: 150 MB that the backup copies page by page.
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE padding (b BLOB)")
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)"
            " INSERT INTO padding SELECT zeroblob(1000000) FROM n"
        )
    connection.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "b.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", str(db), "db", "backup", str(target)],
        env=_cli_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(p.suffix == ".part" and p.stat().st_size > 0 for p in folder.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, "the backup ended before it could be killed"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert not target.exists()
    assert all(p.name.startswith(".b.sqlite3.") for p in folder.iterdir())  # only the hidden temporary
    retry = run_cli("--db", str(db), "db", "backup", str(target))
    assert retry.returncode == 0, retry.stderr
    assert history_rows(target) == 8
    with sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM padding").fetchone()[0] == 150
    copy.close()


def test_a_backup_onto_a_full_disk_says_so_and_leaves_no_file(run_cli, db, tmpfs):
    with sqlite3.connect(db) as connection:  # 2 MB: more than the 1 MB disk holds
        connection.execute("CREATE TABLE padding (b BLOB)")
        connection.execute("INSERT INTO padding VALUES (zeroblob(2000000))")
    connection.close()
    folder = tmpfs("usb", "1m")
    target = folder / "b.sqlite3"
    result = run_cli("--db", str(db), "db", "backup", str(target))
    assert result.returncode == 1 and "磁碟空間不足" in one_line(result)
    assert list(folder.iterdir()) == []  # no partial file, no temporary
    english = run_cli("--db", str(db), "--lang", "en", "db", "backup", str(target))
    assert english.returncode == 1 and "disk is full" in one_line(english)


def test_a_backup_never_replaces_anything_not_even_through_a_dangling_link(run_cli, db, tmp_path):
    link = tmp_path / "b.sqlite3"
    link.symlink_to(tmp_path / "elsewhere.sqlite3")
    result = run_cli("--db", str(db), "db", "backup", str(link))
    assert result.returncode == 2 and "已存在" in one_line(result)
    assert not (tmp_path / "elsewhere.sqlite3").exists() and link.is_symlink()
    onto_wal = run_cli("--db", str(db), "db", "backup", f"{db}-journal")
    assert onto_wal.returncode == 2 and "資料庫檔案" in one_line(onto_wal)


def test_a_backup_has_the_mode_of_the_database(run_cli, db, tmp_path):
    db.chmod(0o640)
    assert run_cli("--db", str(db), "db", "backup", str(tmp_path / "b.sqlite3")).returncode == 0
    assert stat.S_IMODE((tmp_path / "b.sqlite3").stat().st_mode) == 0o640


# ---------------------------------------------------------------------------
# 5. Another program's SQLite file is refused before anything touches it


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_database_is_refused_unchanged(run_cli, tmp_path, journal_mode):
    other = tmp_path / "contacts.db"
    connection = sqlite3.connect(other)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.execute("INSERT INTO contacts VALUES ('曹凱雯')")
    connection.commit()
    connection.close()
    before = digest(other)
    result = run_cli("--db", str(other), "list")
    assert result.returncode == 2 and "別的程式的資料庫" in one_line(result)
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("contacts")) == ["contacts.db"]


def test_a_file_that_is_no_database_is_refused_unchanged(run_cli, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("辦理情形\n" * 100)
    result = run_cli("--db", str(text), "list")
    assert result.returncode == 2 and "不是 SQLite 資料庫檔案" in one_line(result)
    assert text.read_text() == "辦理情形\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_a_folder_as_the_database_is_refused(run_cli, tmp_path):
    result = run_cli("--db", str(tmp_path), "list")
    assert result.returncode == 2 and "不是檔案" in one_line(result)


# ---------------------------------------------------------------------------
# 6. A read-only or full disk: the database is unavailable (exit 1), nothing written


def test_a_database_on_a_read_only_disk_is_unavailable(run_cli, tmpfs):
    folder = tmpfs("readonly", "4m")
    db = make_tracker_db(folder / "tracker.sqlite3")
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    before = digest(db)
    for args in (["list"], ["note", "3", "已聯繫"]):
        result = run_cli("--db", str(db), *args)
        assert result.returncode == 1 and "暫時無法使用" in one_line(result)
    new = run_cli("--db", str(folder / "new" / "tracker.sqlite3"), "init")
    assert new.returncode == 1 and "暫時無法使用" in one_line(new)
    assert digest(db) == before and sorted(p.name for p in folder.iterdir()) == ["tracker.sqlite3"]


def test_a_database_on_a_full_disk_is_unavailable_and_unchanged(run_cli, tmpfs):
    folder = tmpfs("full", "1m")
    db = make_tracker_db(folder / "tracker.sqlite3")
    fill(folder)
    result = run_cli("--db", str(db), "note", "3", "已聯繫")
    assert result.returncode == 1 and "暫時無法使用" in one_line(result)
    new = run_cli("--db", str(folder / "new.sqlite3"), "init")
    assert new.returncode == 1 and "暫時無法使用" in one_line(new)
    assert not any(p.name.startswith("new.sqlite3") for p in folder.iterdir())  # no empty file left behind
    (folder / "filler").unlink()
    assert history_rows(db) == 8 and "已聯繫" not in notes(db)
