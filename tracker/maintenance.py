"""`tracker db check` (`tracker db backup` is in tracker.backup): is this the database the
tracker made, and is its history what was recorded?

The check only reads: nothing is upgraded or repaired. Values are read raw, as stored, so a
value the tracker could not read is reported instead of stopping the check; a part that
cannot be read at all is reported and the other parts are still checked. Every problem
found is one line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    TypeDecorator,
    bindparam,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from tracker.domain import InputError, Status, TrackerError, clean_line
from tracker.i18n import t
from tracker.settings import Settings
from tracker.storage import chain
from tracker.storage.driver import Database, parse_url
from tracker.storage.engine import make_engine
from tracker.storage.models import Base
from tracker.storage.schema import HEAD, check_sqlite_file, schema_state

LISTED = 20  # problems of one kind shown in full; more are counted
PAGE = 10_000  # history rows fetched at a time: a million never sit in memory together

# The guards on the history as the migrations create them (db/migrations/versions), compared
# with what is in the database with whitespace folded. A test checks a new database against them.
SQLITE_GUARDS = {
    "changes_no_update": "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN SELECT "
    "RAISE(ABORT, 'history is append-only: changes cannot be updated'); END",
    "changes_no_delete": "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN SELECT "
    "RAISE(ABORT, 'history is append-only: changes cannot be deleted'); END",
    "changes_no_replace": "CREATE TRIGGER changes_no_replace BEFORE INSERT ON changes WHEN EXISTS "
    "(SELECT 1 FROM changes WHERE id = NEW.id) BEGIN SELECT "
    "RAISE(ABORT, 'history is append-only: changes cannot be replaced'); END",
    "blobs_no_update": "CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs "
    "BEGIN SELECT RAISE(ABORT, 'stored files cannot be changed'); END",
    "blobs_no_delete": "CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs "
    "BEGIN SELECT RAISE(ABORT, 'stored files cannot be deleted'); END",
    "evidence_no_delete": "CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence "
    "BEGIN SELECT RAISE(ABORT, 'evidence is append-only: it is retracted, never deleted'); END",
    "evidence_retract_once": "CREATE TRIGGER evidence_retract_once BEFORE UPDATE ON evidence "
    "WHEN OLD.retracted_by IS NOT NULL OR NEW.retracted_by IS NULL "
    "OR NEW.id IS NOT OLD.id OR NEW.item_id IS NOT OLD.item_id OR NEW.change_id IS NOT OLD.change_id "
    "OR NEW.note_id IS NOT OLD.note_id OR NEW.kind IS NOT OLD.kind OR NEW.name IS NOT OLD.name "
    "OR NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size OR NEW.media_type IS NOT OLD.media_type "
    "OR NEW.value IS NOT OLD.value OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by "
    "BEGIN SELECT RAISE(ABORT, 'evidence is append-only: only a retraction is written into it, once'); END",
    # The mail addresses and the reminders sent (migration 0007).
    "contacts_no_update": "CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts "
    "BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END",
    "contacts_no_delete": "CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts "
    "BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END",
    "contacts_no_replace": "CREATE TRIGGER contacts_no_replace BEFORE INSERT ON contacts "
    "WHEN EXISTS (SELECT 1 FROM contacts WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END",
    "reminders_no_update": "CREATE TRIGGER reminders_no_update BEFORE UPDATE ON reminders "
    "BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END",
    "reminders_no_delete": "CREATE TRIGGER reminders_no_delete BEFORE DELETE ON reminders "
    "BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END",
    "reminders_no_replace": "CREATE TRIGGER reminders_no_replace BEFORE INSERT ON reminders "
    "WHEN EXISTS (SELECT 1 FROM reminders WHERE id = NEW.id "
    "OR (day = NEW.day AND kind = NEW.kind AND name = NEW.name)) "
    "BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END",
}
# As PostgreSQL prints them back (pg_get_triggerdef, pg_get_functiondef); {schema} is the
# tracker's schema.
POSTGRES_GUARDS = {
    "changes_no_update": "CREATE TRIGGER changes_no_update BEFORE DELETE OR UPDATE ON {schema}.changes "
    "FOR EACH ROW EXECUTE FUNCTION changes_append_only()",
    "changes_no_truncate": "CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON {schema}.changes "
    "FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only()",
    "items_review_guard": "CREATE TRIGGER items_review_guard BEFORE INSERT OR UPDATE ON {schema}.items "
    "FOR EACH ROW EXECUTE FUNCTION items_review_guard()",
    "reviewers_guard": "CREATE TRIGGER reviewers_guard BEFORE INSERT OR DELETE OR UPDATE ON {schema}.reviewers "
    "FOR EACH ROW EXECUTE FUNCTION reviewers_guard()",
    "blobs_immutable": "CREATE TRIGGER blobs_immutable BEFORE DELETE OR UPDATE ON {schema}.blobs "
    "FOR EACH ROW EXECUTE FUNCTION blobs_immutable()",
    "blobs_no_truncate": "CREATE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON {schema}.blobs "
    "FOR EACH STATEMENT EXECUTE FUNCTION blobs_immutable()",
    "evidence_append_only": "CREATE TRIGGER evidence_append_only BEFORE DELETE OR UPDATE ON {schema}.evidence "
    "FOR EACH ROW EXECUTE FUNCTION evidence_append_only()",
    "evidence_no_truncate": "CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON {schema}.evidence "
    "FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only()",
    "contacts_append_only": "CREATE TRIGGER contacts_append_only BEFORE DELETE OR UPDATE ON {schema}.contacts "
    "FOR EACH ROW EXECUTE FUNCTION mail_log_append_only()",
    "contacts_no_truncate": "CREATE TRIGGER contacts_no_truncate BEFORE TRUNCATE ON {schema}.contacts "
    "FOR EACH STATEMENT EXECUTE FUNCTION mail_log_append_only()",
    "reminders_append_only": "CREATE TRIGGER reminders_append_only BEFORE DELETE OR UPDATE ON {schema}.reminders "
    "FOR EACH ROW EXECUTE FUNCTION mail_log_append_only()",
    "reminders_no_truncate": "CREATE TRIGGER reminders_no_truncate BEFORE TRUNCATE ON {schema}.reminders "
    "FOR EACH STATEMENT EXECUTE FUNCTION mail_log_append_only()",
}

POSTGRES_GUARD_FUNCTION = (
    "changes_append_only",
    "CREATE OR REPLACE FUNCTION {schema}.changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $function$ "
    "BEGIN RAISE EXCEPTION 'history is append-only: changes cannot be %', lower(TG_OP); END $function$",
)


@dataclass(frozen=True)
class Problem:
    key: str
    params: tuple[tuple[str, object], ...]

    def __str__(self) -> str:
        # Values come from the database: a tamperer's text is shown, never obeyed by the terminal.
        shown: dict[str, Any] = {name: _shown(value) for name, value in self.params}
        return t(self.key, **shown)


@dataclass
class CheckReport:
    revision: str | None = None
    items: int = 0
    changes: int = 0
    last_id: int | None = None  # the newest history row and its hash: the chain's anchor
    last_hash: str | None = None
    missing: set[str] = field(default_factory=set)  # "table" and "table.column" not there
    _listed: dict[str, list[Problem]] = field(default_factory=dict)
    _found: Counter = field(default_factory=Counter)

    def add(self, kind: str, /, **params: object) -> None:
        problem = Problem(kind, tuple(params.items()))
        listed = self._listed.setdefault(kind, [])
        if problem in listed:  # the same unreadable file seen by several checks
            return
        self._found[kind] += 1
        if len(listed) < LISTED:
            listed.append(problem)

    @property
    def problem_count(self) -> int:
        return sum(self._found.values())

    def lines(self) -> list[str]:
        """One line per problem, grouped by kind in the order found."""
        lines = []
        for key, listed in self._listed.items():
            lines += [str(problem) for problem in listed]
            if self._found[key] > len(listed):
                lines.append(t("check.more", count=self._found[key] - len(listed)))
        return lines

    def has(self, table: str, *columns: str) -> bool:
        return table not in self.missing and not any(f"{table}.{c}" in self.missing for c in columns)


def check_database(settings: Settings) -> CheckReport:
    """Every check, each reporting into one CheckReport; raises only for a database that
    is not there or is not the tracker's (bad input, as for every other command)."""
    report = CheckReport()
    db = _open(settings, report)
    if db is None:
        return report
    try:
        for step in (
            _check_schema,
            _check_sqlite_file,
            _check_tables,
            _check_guards,
            _check_values,
            _check_history,
            _check_files,
        ):
            try:
                step(db, report)
            except (SQLAlchemyError, TrackerError) as exc:
                report.add("check.read_failed", reason=_reason(exc))
    finally:
        db.dispose()
    return report


def _open(settings: Settings, report: CheckReport) -> _Checked | None:
    """The database as it is, never upgraded; a file SQLite cannot open is a finding."""
    path = parse_url(settings.db_url).path
    if path is not None:
        if not path.exists():
            raise InputError("error.db_missing", db=settings.db)
        try:
            check_sqlite_file(path, settings.db)
        except InputError as exc:
            if exc.key != "error.not_a_database":
                raise
            report.add("check.not_a_database", reason=exc.params["reason"])
            return None
    db = _Checked(Database(settings.db_url), make_engine(settings.db_url))
    if db.is_sqlite:
        # Text that is not valid UTF-8 (written by hand) is read with its bytes kept, not refused.
        event.listen(db.engine, "connect", _lenient_text)
    return db


@dataclass
class _Checked:
    """The database under check: the driver (as the tracker reads it) and a SQLAlchemy engine
    (for reflection and streaming the history)."""

    database: Database
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.database.is_sqlite

    def dispose(self) -> None:
        self.database.dispose()
        self.engine.dispose()


def _lenient_text(dbapi_connection, _record) -> None:
    dbapi_connection.text_factory = lambda data: data.decode("utf-8", "surrogateescape")


# -- the schema and the file ----------------------------------------------------


def _check_schema(db: _Checked, report: CheckReport) -> None:
    _state, report.revision = schema_state(db.database)
    if report.revision != HEAD:
        report.add("check.schema", revision=report.revision or t("word.none"), head=HEAD)


def _check_sqlite_file(db: _Checked, report: CheckReport) -> None:
    if not db.is_sqlite:
        return
    with db.engine.connect() as connection:
        for (detail,) in connection.exec_driver_sql(f"PRAGMA integrity_check({LISTED})"):
            if detail != "ok":
                report.add("check.integrity", detail=detail)
        for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            report.add("check.foreign_key", table=row[0], id=row[1], parent=row[2])


def _check_tables(db: _Checked, report: CheckReport) -> None:
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        present = set(inspector.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in present:
                report.add("check.table_missing", table=table.name)
                report.missing.add(table.name)
                continue
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in columns:
                    report.add("check.column_missing", table=table.name, column=column.name)
                    report.missing.add(f"{table.name}.{column.name}")


# -- the guards on the history --------------------------------------------------


def _check_guards(db: _Checked, report: CheckReport) -> None:
    with db.engine.connect() as connection:
        if db.is_sqlite:
            _check_sqlite_guards(connection, report)
        else:
            _check_postgres_guards(connection, report)


def _check_sqlite_guards(connection: Connection, report: CheckReport) -> None:
    triggers = connection.execute(text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"))
    found = {row.name: row for row in triggers}
    for name, expected in SQLITE_GUARDS.items():
        if name not in found:
            report.add("check.trigger_missing", name=name)
        elif _folded(found[name].sql) != expected:
            report.add("check.trigger_altered", name=name)
    for name, row in found.items():
        if name not in SQLITE_GUARDS:
            report.add("check.trigger_unexpected", name=name, table=row.tbl_name)


def _check_postgres_guards(connection: Connection, report: CheckReport) -> None:
    schema = connection.execute(text("SELECT quote_ident(current_schema())")).scalar()
    triggers = connection.execute(
        text(
            "SELECT t.tgname AS name, c.relname AS table_name, t.tgenabled AS enabled,"
            " pg_get_triggerdef(t.oid) AS definition"
            " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        )
    )
    found = {row.name: row for row in triggers}
    for name, expected in POSTGRES_GUARDS.items():
        if name not in found:
            report.add("check.trigger_missing", name=name)
        elif _folded(found[name].definition) != expected.format(schema=schema):
            report.add("check.trigger_altered", name=name)
        elif found[name].enabled != "O":  # ALTER TABLE ... DISABLE TRIGGER
            report.add("check.trigger_disabled", name=name)
    for name, row in found.items():
        if name not in POSTGRES_GUARDS:
            report.add("check.trigger_unexpected", name=name, table=row.table_name)
    expected_functions = dict([POSTGRES_GUARD_FUNCTION, *_review_functions().items()])
    for function, expected in expected_functions.items():
        definition = connection.execute(
            text(
                "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                " WHERE p.proname = :name AND n.nspname = current_schema()"
            ),
            {"name": function},
        ).scalar()
        if _folded(definition or "") != expected.format(schema=schema):
            report.add("check.function_altered", name=function)
    # A rule can turn the INSERT of a history row into nothing, or into something else.
    rules = connection.execute(text("SELECT rulename, tablename FROM pg_rules WHERE schemaname = current_schema()"))
    for row in rules:
        report.add("check.rule_unexpected", name=row.rulename, table=row.tablename)


# -- values the tracker could not read ------------------------------------------

_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_TIME_GLOB = "[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]"


def _check_values(db: _Checked, report: CheckReport) -> None:
    with db.engine.connect() as connection:
        if report.has("items", "key", "status"):
            _check_statuses(connection, report)
        # PostgreSQL's column types refuse such values; SQLite stores whatever it is given.
        if db.is_sqlite:
            for table in Base.metadata.sorted_tables:
                if report.has(table.name):
                    _check_sqlite_values(connection, table, report)


def _check_statuses(connection: Connection, report: CheckReport) -> None:
    # The CHECK constraint on items.status can be dropped.
    unknown = connection.execute(
        text("SELECT id, key, status FROM items WHERE status IS NULL OR status NOT IN :known ORDER BY id").bindparams(
            bindparam("known", expanding=True)
        ),
        {"known": [status.value for status in Status]},
    )
    for row in unknown:
        report.add("check.unknown_status", key=row.key, value=_raw(row.status))


def _check_sqlite_values(connection: Connection, table: Table, report: CheckReport) -> None:
    """One pass over the table: each column's values must be of the form the tracker writes
    (dates as YYYY-MM-DD and real, times with microseconds, JSON that parses, whole numbers)."""
    quote = connection.dialect.identifier_preparer.quote
    columns = [
        column
        for column in table.columns
        if not column.primary_key and f"{table.name}.{column.name}" not in report.missing
    ]
    if not columns:
        return
    names = ", ".join(quote(column.name) for column in columns)
    tests = [_unreadable_sql(column, quote(column.name)) for column in columns]
    flags = ", ".join(f"({test}) AS bad_{index}" for index, test in enumerate(tests))
    rows = connection.execution_options(yield_per=PAGE).execute(
        text(
            f"SELECT rowid AS id, {names}, {flags} FROM {quote(table.name)}"  # rowid: reviewers have no id
            f" WHERE {' OR '.join(f'({test})' for test in tests)} ORDER BY rowid"
        )
    )
    for row in rows:
        values = row._mapping
        for index, column in enumerate(columns):
            if values[f"bad_{index}"]:
                report.add(
                    "check.unreadable", table=table.name, column=column.name, id=row.id, value=_raw(values[column.name])
                )


def _unreadable_sql(column, name: str) -> str:
    """An SQLite condition true for a value the tracker would not read back."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, DateTime):
        stamp = f"substr({name}, 1, 19)"
        good = (
            f"typeof({name}) = 'text' AND {name} GLOB '{_DATE_GLOB} {_TIME_GLOB}'"
            f" AND datetime({stamp}, '+0 days') IS {stamp} AND {name} >= '0001'"
        )
    elif isinstance(kind, Date):
        # date() with a modifier normalises 2016-02-30 to 2016-03-01: a real date is unchanged.
        good = (
            f"typeof({name}) = 'text' AND {name} GLOB '{_DATE_GLOB}'"
            f" AND date({name}, '+0 days') IS {name} AND {name} >= '0001'"
        )
    elif isinstance(kind, JSON):
        good = f"typeof({name}) = 'text' AND json_valid({name})"
    elif isinstance(kind, LargeBinary):
        good = f"typeof({name}) = 'blob'"
    elif isinstance(kind, Integer):
        good = f"typeof({name}) = 'integer'"
    elif isinstance(kind, String):
        good = f"typeof({name}) = 'text'"
    else:
        raise TypeError(f"no readability test for {column}")
    if column.nullable:
        return f"{name} IS NOT NULL AND NOT ({good})"
    return f"{name} IS NULL OR NOT ({good})"


# -- the history: its hash chain, and the items replayed from it ----------------

_HISTORY = 'SELECT id, item_id, version, at, "by", field, old, new, note, row_hash, {corrects} FROM changes ORDER BY id'
_ITEMS = "SELECT id, key, status, owner_zh, deadline, original_deadline, version, tracking, {progress} FROM items ORDER BY id"


class _Replay:
    """An item's state as its history tells it, one row at a time."""

    __slots__ = ("deadline", "first_id", "moved", "owner", "progress", "skipped_at", "status", "tracking", "version")

    def __init__(self, first_id: int) -> None:
        self.first_id = first_id
        self.version = 0
        self.skipped_at: int | None = None  # the first row whose version does not follow
        self.status: str | None = Status.NOT_STARTED.value
        self.owner: str | None = None  # the creation's owner is not in the history
        self.deadline: str | None = None
        self.moved = False
        self.tracking: str | None = "active"
        self.progress: str | None = None  # set by 0005 for items done before then, without a row

    def add(self, id: int, version: int, what: str, new: str | None) -> None:
        # Versions start at 1 and go up by one; the rows of one re-import share a version.
        allowed = (1,) if self.version == 0 else (self.version, self.version + 1)
        if version not in allowed and self.skipped_at is None:
            self.skipped_at = id
        self.version = version
        if what == "status":
            self.status = new
        elif what == "owner":
            self.owner = new
        elif what == "deadline":
            self.deadline, self.moved = new, True
        elif what in ("tracking", "review"):  # the owner's request, a reviewer's decision
            self.tracking = new
        elif what == "progress":
            self.progress = new


def _check_history(db: _Checked, report: CheckReport) -> None:
    if not (
        report.has("changes", "id", "item_id", "version", "at", "by", "field", "old", "new", "note", "row_hash")
        and report.has(
            "items", "id", "key", "status", "owner_zh", "deadline", "original_deadline", "version", "tracking"
        )
    ):
        return  # reported as missing already
    # One snapshot for both passes, so that a colleague saving meanwhile is not a mismatch.
    options = {} if db.is_sqlite else {"isolation_level": "REPEATABLE READ"}
    with db.engine.connect().execution_options(**options) as connection, connection.begin():
        replays = _read_history(connection, report)
        _compare_items(connection, replays, report)


def _read_history(connection: Connection, report: CheckReport) -> dict[int, _Replay]:
    verifier = chain.Verifier()
    replays: dict[int, _Replay] = {}
    # A database from before migration 0005 has no corrections.
    sql = _HISTORY.format(corrects="corrects" if report.has("changes", "corrects") else "NULL")
    rows = connection.execution_options(yield_per=PAGE).execute(text(sql))
    # Unpacked in the SELECT's order: reading ten columns by name costs 2.5 s a million rows.
    for id, item_id, version, at, by, what, old, new, note, stored, corrects in rows:
        verifier.add(stored, id, item_id, version, at, by, what, old, new, note, corrects)
        report.changes += 1
        if item_id is None:  # a change of reviewers or accounts: of no item, but in the chain
            if what not in ("reviewer", "account"):
                report.add("check.orphan_history", id=id, item_id="—")
            continue
        replay = replays.get(item_id)
        if replay is None:
            replay = replays[item_id] = _Replay(id)
        replay.add(id, version, what, new)
    if verifier.last_id is not None:
        report.last_id, report.last_hash = verifier.last_id, verifier.prev
    if verifier.broken:
        report.add("check.chain_broken", id=verifier.first_broken, count=verifier.broken)
    return replays


def _compare_items(connection: Connection, replays: dict[int, _Replay], report: CheckReport) -> None:
    sql = _ITEMS.format(progress="progress" if report.has("items", "progress") else "NULL AS progress")
    for item in connection.execution_options(yield_per=PAGE).execute(text(sql)):
        report.items += 1
        replay = replays.pop(item.id, None)
        if replay is None:
            report.add("check.no_history", key=item.key)
            continue
        if replay.skipped_at is not None:
            report.add("check.version_sequence", key=item.key, id=replay.skipped_at)
        for name, have, want in _replayed_fields(item, replay):
            if have != want:
                report.add(
                    "check.replay", key=item.key, field=t(f"field.{name}"), actual=_raw(have), expected=_raw(want)
                )
    for item_id, replay in replays.items():
        report.add("check.orphan_history", id=replay.first_id, item_id=item_id)


def _replayed_fields(item, replay: _Replay) -> list[tuple[str, object, object]]:
    """(field, the item's value, the value its history gives)."""
    fields: list[tuple[str, object, object]] = [
        ("version", item.version, replay.version),
        ("status", item.status, replay.status),
        ("tracking", item.tracking, replay.tracking),
    ]
    if replay.owner is not None:
        fields.append(("owner", item.owner_zh, replay.owner))
    if replay.progress is not None:
        fields.append(("progress", _raw_number(item.progress), replay.progress))
    # Never moved, the deadline is still the one the item was created (or last imported) with.
    expected = replay.deadline if replay.moved else _date_text(item.original_deadline)
    fields.append(("deadline", _date_text(item.deadline), expected))
    return fields


# -- 佐證資料: each stored file still what it was, each item's count what is in view ----------

_EVIDENCE_COUNTS = """SELECT i.key, i.evidence_count, count(v.id) FROM items i
    LEFT JOIN evidence v ON v.item_id = i.id AND v.retracted_by IS NULL
    GROUP BY i.id, i.key, i.evidence_count HAVING i.evidence_count <> count(v.id) ORDER BY i.id"""


def _check_files(db: _Checked, report: CheckReport) -> None:
    if not (report.has("blobs", "sha256", "content") and report.has("items", "evidence_count")):
        return  # before migration 0005, or reported as missing already
    with db.engine.connect() as connection:
        # One file at a time: a database of attachments never sits in memory at once.
        keys = [key for (key,) in connection.execute(text("SELECT sha256 FROM blobs ORDER BY sha256"))]
        for key in keys:
            content = connection.execute(text("SELECT content FROM blobs WHERE sha256 = :k"), {"k": key}).scalar()
            if hashlib.sha256(bytes(content or b"")).hexdigest() != key:
                report.add("check.file_changed", sha256=key)
        for key, stored, counted in connection.execute(text(_EVIDENCE_COUNTS)):
            report.add("check.evidence_count", key=key, actual=stored, expected=counted)


# -- helpers --------------------------------------------------------------------


def _raw_number(value: object) -> object:
    return str(value) if isinstance(value, int) else value


def _date_text(value: object) -> object:
    """A date as SQLite stores it (PostgreSQL hands back a date)."""
    return value.isoformat() if isinstance(value, date) else value


def _raw(value: object) -> str:
    """A stored value as it is (quotes show where text begins and ends), cut short."""
    if value is None:
        return t("word.none")
    shown = repr(value) if isinstance(value, str | bytes) else str(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _shown(value: object) -> object:
    return value if isinstance(value, int) else clean_line(str(value))


def _review_functions() -> dict[str, str]:
    """name -> the function as pg_get_functiondef prints it back, folded, with {schema}."""
    import importlib.util
    import re

    from tracker.resources import migrations_dir

    path = migrations_dir() / "versions" / "0003_review.py"
    spec = importlib.util.spec_from_file_location("tracker_migration_0003", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    found = {}
    for statement in migration.POSTGRES_REVIEW:
        match = re.match(
            r"\s*CREATE FUNCTION (\w+)\(\) RETURNS (\w+) LANGUAGE plpgsql( STABLE)? AS \$\$(.*)\$\$\s*$",
            statement,
            re.S,
        )
        if match:
            name, returns, stable, body = match.groups()
            head = f"CREATE OR REPLACE FUNCTION {{schema}}.{name}() RETURNS {returns} LANGUAGE plpgsql{stable or ''}"
            found[name] = _folded(f"{head} AS $function$ {body} $function$")
    return found


def _folded(sql: str) -> str:
    return " ".join(sql.split())


def _reason(exc: Exception) -> str:
    if isinstance(exc, TrackerError):
        return str(exc)
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
