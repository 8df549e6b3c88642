"""The database drivers themselves: sqlite3 and psycopg, behind one small interface.

Everyday commands run here without SQLAlchemy, whose import alone costs more than a
whole `tracker status` should (issue 12). Each query is written once, as SQL text with
`:name` parameters that both backends understand; this module turns them into each
driver's style, expands lists for `IN`, and converts values to and from what the
columns hold. Alembic (and so SQLAlchemy) is loaded only to migrate.

SQLite: every connection gets WAL, a busy timeout and foreign keys; a write begins with
BEGIN IMMEDIATE, so a writer waits for the lock up front instead of failing later with
"database is locked"; a read begins with BEGIN, a consistent snapshot under WAL.
PostgreSQL: reads run REPEATABLE READ (one snapshot for the whole read), writes READ
COMMITTED with SELECT ... FOR UPDATE on the rows they change.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, overload
from urllib.parse import unquote, urlsplit

from tracker.domain import InputError, UnavailableError

BUSY_TIMEOUT_SECONDS = 60
SETUP_LOCK_KEY = 2016_1209  # any constant shared by every tracker process (see Database.serialize)

Params = Mapping[str, Any]
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Target:
    """Where a database URL points: a SQLite file, or a PostgreSQL server and database."""

    dialect: str  # "sqlite" or "postgresql"
    path: Path | None = None  # SQLite: the file
    uri: str | None = None  # SQLite: a `file:` URI as given (mode=ro and the like), else None
    conninfo: str | None = None  # PostgreSQL, as libpq takes it


def parse_url(url: str) -> Target:
    """sqlite:///PATH or postgresql[+psycopg]://USER[:PASS]@HOST[:PORT]/DB[?host=SOCKETDIR]."""
    scheme, _, rest = url.partition("://")
    if not rest:
        raise InputError("error.db_url", db=url)
    if scheme == "sqlite":
        name = rest.removeprefix("/")
        if not name or name == ":memory:":
            raise InputError("error.db_url", db=url)
        if name.startswith("file:"):  # sqlite:///file:PATH?mode=ro&uri=true, as SQLAlchemy takes it
            parts = urlsplit(name)
            options = "&".join(p for p in parts.query.split("&") if p and not p.startswith("uri="))
            return Target("sqlite", path=Path(unquote(parts.path)), uri=f"file:{parts.path}?{options}")
        return Target("sqlite", path=Path(name))
    if scheme in ("postgresql", "postgresql+psycopg", "postgres"):
        return Target("postgresql", conninfo=f"postgresql://{rest}")
    if scheme.startswith("postgresql+"):  # another driver (psycopg2, asyncpg): say which one we use
        raise InputError("error.db_driver", db=url, module=scheme.partition("+")[2])
    raise InputError("error.db_url", db=url)


# ---------------------------------------------------------------------------
# SQL text: `:name` parameters, lists expanded for IN.

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def prepare(sql: str, params: Params | None, dialect: str) -> tuple[str, dict[str, Any]]:
    """The statement and parameters in the driver's own style."""
    values: dict[str, Any] = {}
    lists: dict[str, Sequence[Any]] = {}
    for name, value in (params or {}).items():
        if isinstance(value, list | tuple):
            lists[name] = value
        else:
            values[name] = _to_database(value, dialect)
    if lists:
        sql = _expand(sql, {name: len(items) for name, items in lists.items()})
        for name, items in lists.items():
            for index, item in enumerate(items):
                values[f"{name}__{index}"] = _to_database(item, dialect)
    return _styled(sql, dialect), values


def _expand(sql: str, sizes: Mapping[str, int]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in sizes:
            return match.group(0)
        # An empty list matches nothing (IN () is not SQL): NULL is never equal to anything.
        return "(" + (", ".join(f":{name}__{i}" for i in range(sizes[name])) or "NULL") + ")"

    return _PARAM.sub(one, sql)


@lru_cache(maxsize=512)
def _styled(sql: str, dialect: str) -> str:
    if dialect == "sqlite":
        return sql  # sqlite3 takes :name itself
    return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


def _to_database(value: Any, dialect: str) -> Any:
    """Times are stored as naive UTC (SQLite keeps no zone), JSON as text on SQLite."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given; times are stored in UTC")
        naive = value.astimezone(UTC).replace(tzinfo=None)
        return naive.isoformat(" ", "microseconds") if dialect == "sqlite" else naive
    if isinstance(value, date):
        return value.isoformat() if dialect == "sqlite" else value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if dialect == "sqlite" else _pg_json(value)
    return value


def json_param(value: list[Any] | dict[str, Any], dialect: str) -> Any:
    """A JSON column's value (lists are otherwise taken as IN lists)."""
    return json.dumps(value, ensure_ascii=False) if dialect == "sqlite" else _pg_json(value)


def _pg_json(value: Any) -> Any:
    from psycopg.types.json import Json

    return Json(value)


# Reading values back: what each driver hands over, as Python values.


def parse_day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@overload
def parse_utc(value: datetime | str) -> datetime: ...
@overload
def parse_utc(value: None) -> None: ...
def parse_utc(value: Any) -> datetime | None:
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------
# Connections


class Connection:
    """One transaction's view of the database: rows as tuples, in the order selected."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect

    @property
    def for_update(self) -> str:
        """Appended to a SELECT that a write will change: row locks on PostgreSQL (SQLite's
        BEGIN IMMEDIATE already holds the whole database)."""
        return "" if self.dialect == "sqlite" else " FOR UPDATE"

    def stored(self, value: Any) -> Any:
        """`value` as this database stores it and hands it back (times: ISO text of naive UTC on
        SQLite, naive UTC on PostgreSQL): for comparing many raw values in Python as SQL would."""
        return _to_database(value, self.dialect)

    def execute(self, sql: str, params: Params | None = None) -> int:
        cursor = self._run(sql, params)
        count: int = cursor.rowcount
        cursor.close()
        return count

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        cursor = self._run(sql, params)
        found: list[Row] = cursor.fetchall()
        cursor.close()
        return found

    def row(self, sql: str, params: Params | None = None) -> Row | None:
        cursor = self._run(sql, params)
        found: Row | None = cursor.fetchone()
        cursor.close()
        return found

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]

    def insert(self, sql: str, params: Params | None = None) -> int:
        """An INSERT ... RETURNING id (SQLite 3.35+ and PostgreSQL alike); the new id."""
        new_id: int = self.scalar(sql, params)
        return new_id

    def stream(self, sql: str, params: Params | None = None, batch: int = 2_000) -> Iterator[Row]:
        """Rows a batch at a time, for exports of 100,000 items in flat memory."""
        cursor = self._run(sql, params)
        try:
            while chunk := cursor.fetchmany(batch):
                yield from chunk
        finally:
            cursor.close()

    def _run(self, sql: str, params: Params | None) -> Any:
        statement, values = prepare(sql, params, self.dialect)
        cursor = self.raw.cursor()
        try:
            cursor.execute(statement, values)
        except BaseException:
            cursor.close()
            raise
        return cursor


class Database:
    """Short transactions: `read()` for queries, `write()` for one change and its history.

    Connections are kept for reuse (the terminal UI reads every second; a PostgreSQL
    connection costs milliseconds to open), one transaction at a time each.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.target = parse_url(url)
        self.dialect = self.target.dialect
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._login: str | None = None
        # A SQLite file deleted, or replaced by a restored backup, under an open connection
        # still takes writes (into the unlinked file): remember which file we opened, so that
        # write() can refuse before saying "saved". A new file gets its identity on first connect.
        self.file = self.target.path
        self._identity: tuple[int, int] | None = None
        if self.file is not None:
            from tracker.safe_paths import protect_database

            protect_database(self.file)
            self._identity = file_identity(self.file)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def login(self) -> str | None:
        """Who the server knows this connection as (PostgreSQL's session_user); None for SQLite,
        a file that knows no one."""
        if self.is_sqlite:
            return None
        if self._login is None:
            with self.read() as connection:
                self._login = str(connection.scalar("SELECT session_user"))
        return self._login

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._transaction(write=False) as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: commits when the block ends, rolls back on any error."""
        with self._transaction(write=True) as connection:
            yield connection

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        with self._unavailable_as_error():
            raw = self._take()
            try:
                self._begin(raw, write)
                yield Connection(raw, self.dialect)
                self._before_commit(raw, write)
                raw.commit() if self.dialect == "postgresql" else raw.execute("COMMIT")
            except BaseException:
                self._rollback(raw)
                raise
            self._give_back(raw)

    def _begin(self, raw: Any, write: bool) -> None:
        if self.dialect == "sqlite":
            raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        elif not write:
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def _before_commit(self, raw: Any, write: bool) -> None:
        """Refuse to commit into a file that is no longer the one at our path (rolls back).

        BEGIN IMMEDIATE has run: no other tracker commits until we are done."""
        if write and self.file is not None and file_identity(self.file) != self._identity:
            raise UnavailableError("error.db_replaced", db=self.file)

    def _rollback(self, raw: Any) -> None:
        try:
            if self.dialect == "postgresql":
                raw.rollback()
            elif raw.in_transaction:
                raw.execute("ROLLBACK")
            self._give_back(raw)
        except Exception:  # noqa: BLE001 - a broken connection is dropped, never reused
            self._close(raw)

    def serialize(self, connection: Connection, key: int = SETUP_LOCK_KEY) -> None:
        """Make concurrent set-up work (migrations, imports) take turns for this transaction.

        SQLite's BEGIN IMMEDIATE already does; PostgreSQL needs a transaction-level
        advisory lock, since creating tables or new rows locks nothing that exists yet.
        """
        if self.dialect == "postgresql":
            connection.execute("SELECT pg_advisory_xact_lock(:key)", {"key": key})

    @contextmanager
    def raw_connection(self) -> Iterator[Any]:
        """The driver's own connection, outside any transaction (SQLite's online backup)."""
        raw = self._take()
        try:
            yield raw
        finally:
            self._give_back(raw)

    # -- the pool of idle connections --------------------------------------------------
    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _give_back(self, raw: Any) -> None:
        with self._lock:
            self._idle.append(raw)

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            raw = _connect_sqlite(self.target.uri or self.target.path)
            if self._identity is None and self.file is not None:
                self._identity = file_identity(self.file)
            return raw
        return _connect_postgresql(self.url, self.target.conninfo)

    def _close(self, raw: Any) -> None:
        with suppress(Exception):  # closing what is already broken
            raw.close()

    def dispose(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for raw in idle:
            self._close(raw)

    @contextmanager
    def _unavailable_as_error(self) -> Iterator[None]:
        # Locked past the busy timeout, a read-only or full disk, a server gone: the user is
        # told what happened and that nothing was saved, in the CLI and the TUI alike.
        try:
            yield
        except Exception as exc:
            reason = unavailable_reason(exc)
            if reason is None:
                raise  # a missing table and the like is a bug, reported as an unexpected error
            raise UnavailableError("error.db_unavailable", db=self.url, reason=reason) from exc


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` now (device and inode); None when there is none."""
    import os

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def _connect_sqlite(path: Path | str | None) -> Any:
    import sqlite3

    uri = isinstance(path, str)
    raw = sqlite3.connect(path or ":memory:", isolation_level=None, check_same_thread=False, uri=uri)
    raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    raw.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers go on while one writer commits; it needs every process on one host.
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")
    return raw


def _connect_postgresql(url: str, conninfo: str | None) -> Any:
    try:
        import psycopg
    except ModuleNotFoundError as missing:
        raise InputError("error.db_driver", db=url, module=missing.name) from None
    try:
        return psycopg.connect(conninfo or "", autocommit=False)
    except psycopg.ProgrammingError:  # a URL libpq cannot read
        raise InputError("error.db_url", db=url) from None


def sqlite_unavailable(error_name: str) -> bool:
    """Is this SQLite error (`sqlite3.Error.sqlite_errorname`) the file's state rather than a bug?"""
    return error_name.startswith(_UNAVAILABLE)


def is_driver_error(exc: BaseException) -> bool:
    """An error raised by the database driver itself (sqlite3 or psycopg)."""
    return type(exc).__module__.split(".")[0] in ("sqlite3", "psycopg")


_UNAVAILABLE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_PERM",
)


def unavailable_reason(exc: BaseException) -> str | None:
    """The first line of the driver's message when the database is locked, read-only, full
    or unreachable, as opposed to a fault in the tracker itself; else None."""
    import sqlite3

    if isinstance(exc, sqlite3.OperationalError):
        name = getattr(exc, "sqlite_errorname", "") or ""
        if not name.startswith(_UNAVAILABLE):
            return None
    elif not _is_postgres_unavailable(exc):
        return None
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _is_postgres_unavailable(exc: BaseException) -> bool:
    import sys

    psycopg = sys.modules.get("psycopg")  # never imported just to ask
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


def url_for_login(url: str, user: str) -> str:
    """The PostgreSQL URL `url` with `user` as its login (and no password in it): what the web
    server's UI processes connect with, the password coming from PGPASSWORD."""
    from urllib.parse import quote

    scheme, _, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    host = netloc.rpartition("@")[2]
    return f"{scheme}://{quote(user, safe='')}@{host}{slash}{tail}"


def postgres_login(url: str, user: str, password: str) -> str | None:
    """Does the PostgreSQL server take `user` with `password` (checked by the server: a login
    that pg_hba.conf lets in without one is refused), not as a superuser, and may that login
    read the tracker? Its login name (session_user) if so. PostgreSQL answers alike for a role
    that does not exist and a wrong password; nothing is kept."""
    import psycopg

    target = parse_url(url_for_login(url, user))
    try:
        with psycopg.connect(target.conninfo or "", password=password, connect_timeout=10) as connection:
            if not connection.pgconn.used_password:
                return None  # trust or peer in pg_hba.conf: the password was never checked
            row = connection.execute(
                "SELECT session_user, rolsuper FROM pg_roles WHERE rolname = session_user"
            ).fetchone()
            if row is None or row[1]:
                return None  # a superuser never logs in from a browser
            connection.execute("SELECT 1 FROM items LIMIT 1")  # a login that may not read the tracker is no user
            return str(row[0])
    except psycopg.Error:
        return None


def login_roles(db: Database) -> set[str]:
    """The PostgreSQL roles that may log in now (a role made NOLOGIN or past VALID UNTIL ends
    its web sessions)."""
    with db.read() as connection:
        rows = connection.rows(
            "SELECT rolname FROM pg_roles WHERE rolcanlogin AND (rolvaliduntil IS NULL OR rolvaliduntil > now())"
        )
    return {str(name) for (name,) in rows}
