"""A throwaway PostgreSQL server for the test run: initdb into a temporary folder, listen
on a Unix socket only, stop at exit whatever happened.

PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the
`postgres` system user (Debian's package creates it) in a folder that user owns.
Server binaries are looked for in TRACKER_TEST_PG_BIN, then Debian's
/usr/lib/postgresql/<version>/bin (newest first), then `pg_config --bindir`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them "
    "(Debian/Ubuntu: apt-get install postgresql-15) or point TRACKER_TEST_PG_BIN at their folder. "
    "To run the SQLite half of the suite only, say so explicitly: pytest --backends sqlite"
)


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    explicit = os.environ.get("TRACKER_TEST_PG_BIN")
    candidates = [Path(explicit)] if explicit else []
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted((p for p in debian.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
        candidates += [v / "bin" for v in versions]
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out:
            candidates.append(Path(out))
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresUnavailable(INSTALL_HINT)


class PostgresServer:
    """One server per test process (pytest-xdist worker); databases are made per test."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        # Short path: a Unix socket's path must stay under ~100 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="trk-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder
        self.log = self.folder / "server.log"
        self.user = "postgres" if self.as_root else _login()
        if self.as_root:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # Durability is not what is tested here; speed is what a contributor needs.
        options = f"-k {self.socket_dir} -h '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        atexit.register(self.stop)

    def url(self, database: str, user: str | None = None) -> str:
        return f"postgresql+psycopg://{user or self.user}@/{database}?host={self.socket_dir}"

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.folder)
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(f"{program} failed ({result.returncode}): {result.stderr.strip()} {log}")


def _login() -> str:
    import getpass

    return getpass.getuser()
