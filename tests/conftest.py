"""Shared fixtures: real SQLite files in tmp paths, real settings, the real CLI.

"Today" is frozen through the tracker's own setting (Settings.frozen_today, the same
thing --today / TRACKER_TODAY sets), never by patching internals.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from tracker import i18n
from tracker.bootstrap import open_service, seed_if_empty
from tracker.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seed_recommendations.yaml"
REPORT_TEXT = Path(__file__).parent / "data" / "report-2016-uclg-aspac-jeollabuk-do.txt"
TODAY = date(2016, 12, 9)  # the report's date


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """No test reads the developer's settings file, database or environment."""
    for name in list(os.environ):
        if name.startswith("TRACKER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield
    i18n.set_lang("zh-TW")


# ---------------------------------------------------------------------------
# The database: every test that asks for `database` (or `settings`, `service`, `run_cli`
# with `db_target`) runs once on a SQLite file and once on a PostgreSQL database of its own.


def pytest_addoption(parser):
    parser.addoption(
        "--backends",
        default=os.environ.get("TRACKER_TEST_BACKENDS", "sqlite,postgresql"),
        help="database backends to run the database tests on (default: sqlite,postgresql)",
    )


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = [b.strip() for b in metafunc.config.getoption("--backends").split(",") if b.strip()]
        unknown = set(chosen) - set(BACKENDS)
        if unknown or not chosen:
            raise pytest.UsageError(f"--backends takes {', '.join(BACKENDS)}; got {sorted(unknown) or 'nothing'}")
        # @pytest.mark.backends("sqlite") keeps a test (or a module) to the backends it is about.
        marker = metafunc.definition.get_closest_marker("backends")
        if marker is not None:
            chosen = [b for b in chosen if b in marker.args]
        metafunc.parametrize("backend", chosen, scope="function")


def pytest_report_header(config):
    return f"database backends: {config.getoption('--backends')}"


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway server per test process; fails every PostgreSQL test loudly if it cannot start."""
    from postgres_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL could not be started: {exc}", pytrace=False)
    yield server
    server.stop()


class TestDatabase:
    """A fresh, empty database for one test: what --db takes, and raw SQL for checking it."""

    __test__ = False  # not a test class

    def __init__(self, backend: str, target: str, url: str) -> None:
        self.backend = backend
        self.target = target  # a path for SQLite, a URL for PostgreSQL, as --db takes it
        self.url = url
        self._engine = None

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def engine(self):
        if self._engine is None:
            import sqlalchemy as sa

            self._engine = sa.create_engine(self.url)
        return self._engine

    @property
    def login(self) -> str | None:
        """PostgreSQL's session_user for this database's URL (what the tracker records); None on SQLite."""
        return None if self.is_sqlite else self.scalar("SELECT session_user")

    def recorded(self, name: str) -> str:
        return self.login or name

    def rows(self, sql: str, **params) -> list:
        import sqlalchemy as sa

        with self.engine.connect() as connection:
            return list(connection.execute(sa.text(sql), params))

    def scalar(self, sql: str, **params):
        return self.rows(sql, **params)[0][0]

    def execute(self, sql: str, **params) -> None:
        import sqlalchemy as sa

        with self.engine.begin() as connection:
            connection.execute(sa.text(sql), params)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


_pg_databases = itertools.count(1)


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory):
    """Each backend's schema made once by the real migrations; tests start from copies of it
    (a file copy, CREATE DATABASE ... TEMPLATE), which costs milliseconds instead of a
    migration per test. Made on first use, per test process."""
    made: dict[str, str] = {}

    def template(backend: str, server=None) -> str:
        if backend not in made:
            from tracker.storage.driver import Database
            from tracker.storage.schema import ensure_current

            if backend == "sqlite":
                path = tmp_path_factory.mktemp("template") / "tracker.sqlite3"
                made[backend] = url = f"sqlite:///{path}"
            else:
                name = f"template{os.getpid()}"
                _admin(server).execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
                made[backend] = name
                url = server.url(name)
            db = Database(url)
            ensure_current(db)
            db.dispose()  # SQLite folds its WAL back into the file; PostgreSQL templates need no user
        return made[backend]

    return template


_admins: dict[int, TestDatabase] = {}


def _admin(server) -> TestDatabase:
    """An AUTOCOMMIT connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    if id(server) not in _admins:
        admin = TestDatabase("postgresql", "", server.url("postgres"))
        admin.engine.update_execution_options(isolation_level="AUTOCOMMIT")
        _admins[id(server)] = admin
    return _admins[id(server)]


@pytest.fixture
def database(request, backend, tmp_path, migrated_templates):
    """A database of this test's own, with the current schema (empty, with
    @pytest.mark.empty_database, for tests of the migrations themselves)."""
    empty = request.node.get_closest_marker("empty_database") is not None
    if backend == "sqlite":
        path = tmp_path / "tracker.sqlite3"
        if not empty:
            shutil.copyfile(migrated_templates("sqlite").removeprefix("sqlite:///"), path)
        db = TestDatabase(backend, str(path), f"sqlite:///{path}")
    else:
        server = request.getfixturevalue("postgres_server")
        template = "template0" if empty else migrated_templates("postgresql", server)
        name = f"t{os.getpid()}_{next(_pg_databases)}"
        _admin(server).execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        url = server.url(name)
        db = TestDatabase(backend, url, url)
    yield db
    db.dispose()
    if backend != "sqlite":
        _admin(server).execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_database(tmp_path) -> TestDatabase:
    """For what only a file can show (WAL, the file's identity, backups, the UI)."""
    path = tmp_path / "tracker.sqlite3"
    return TestDatabase("sqlite", str(path), f"sqlite:///{path}")


@pytest.fixture
def db_target(database) -> str:
    return database.target


def make_settings(db: str | Path, *, user: str = "tester", today: date | None = TODAY, lang: str = "zh-TW", **kw):
    settings = load_settings(db=str(db), user=user, lang=lang, **kw)
    return replace(settings, frozen_today=today)


@pytest.fixture
def settings(db_target):
    return make_settings(db_target)


@pytest.fixture
def service(settings):
    """A new database with the eight recommendations of the seed loaded."""
    svc = open_service(settings, creating=True)
    seed_if_empty(svc, SEED)
    yield svc
    svc.db.dispose()


def written_counts(database) -> tuple[int, int, int, int]:
    """(history rows, evidence rows, stored files, the items' versions summed): what a refusal must leave."""
    return (
        database.scalar("SELECT count(*) FROM changes"),
        database.scalar("SELECT count(*) FROM evidence"),
        database.scalar("SELECT count(*) FROM blobs"),
        database.scalar("SELECT sum(version) FROM items"),
    )


def recorded(service, name: str) -> str:
    """Who a change by `name` is recorded as: the name on SQLite, the login on PostgreSQL."""
    return service.db.login or name


def as_user(service, user: str):
    """The same database seen by another member of staff."""
    from tracker.service import Service

    return Service(service.db, replace(service.settings, user=user))


# ---------------------------------------------------------------------------
# The command line: in-process by default (0.01 s a call instead of a new interpreter at
# 0.7 s); `run_process` where the process boundary is the point (exit status, stdin,
# signals, concurrency, imports).


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def _cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        "TRACKER_CONFIG": str(tmp_path / "no-config.toml"),
        "TRACKER_USER": "tester",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "COLUMNS": "160",
    }


@pytest.fixture
def run_cli(tmp_path, monkeypatch):
    """Run `tracker ARGS` in this process through tracker.cli.run, as main() would."""
    from click.testing import CliRunner

    from tracker.cli import run

    def invoke(*args: str, env: dict | None = None, input: str | bytes | None = None, cwd: Path | None = None):
        full_env = _cli_env(tmp_path)
        full_env.update(env or {})
        runner = CliRunner()
        with monkeypatch.context() as patch:
            patch.chdir(cwd or tmp_path)
            with runner.isolation(input=input, env=full_env) as (out, err, _):
                code = run(list(args))
                sys.stdout.flush()  # as the interpreter does at exit
                sys.stderr.flush()
            i18n.set_lang("zh-TW")  # the next call chooses its language again, as a new process would
        return CliResult(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


@pytest.fixture
def run_process(tmp_path):
    """Run `tracker` as a real process; returns CompletedProcess with text output."""

    def run(*args: str, env: dict | None = None, input: str | None = None, cwd: Path | None = None):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        full_env.update(_cli_env(tmp_path))
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            capture_output=True,
            text=True,
            env=full_env,
            input=input,
            cwd=cwd or tmp_path,
            timeout=120,
        )

    return run
