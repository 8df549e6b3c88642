"""列管 as the evaluation office runs it: an owner asks for release, a reviewer decides.

On SQLite and PostgreSQL alike; on PostgreSQL also with two real logins, where the
database itself refuses a staff login's release.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.domain import ConflictError, Decision, InputError, PermissionDenied, Status, Tracking
from tracker.storage import queries

from conftest import ROOT, TODAY, as_user, recorded

FIXTURE_010 = Path(__file__).parent / "data" / "tracker-0.1.0.sqlite3"


@pytest.fixture
def chief(service):
    """The section chief, the first reviewer; `service` stays a member of staff."""
    reviewer = as_user(service, "陳科長")
    reviewer.add_reviewer(recorded(service, "陳科長"))
    return reviewer


def _item(service, ref="3"):
    with service.db.read() as db:
        return queries.get_item(db, queries.resolve_item_id(db, ref))


def _fields(service, ref="3") -> list[tuple[str, str | None, str | None]]:
    with service.db.read() as db:
        return [(c.field, c.old, c.new) for c in queries.history(db, item_id=queries.resolve_item_id(db, ref))]


def test_closing_asks_for_release_and_the_wait_is_the_reviewers(service):
    row = service.set_status("1", Status.DONE, "已出席並連任")
    assert (row.status, row.tracking) == (Status.DONE, Tracking.PENDING)
    assert row.days_overdue(TODAY) is None  # due 2016-10-12, but the owner's part is done
    assert _fields(service, "1")[-3:] == [
        ("status", "not_started", "done"),
        ("tracking", "active", "pending"),
        ("progress", "0", "100"),  # 已完成 means 100%
    ]
    with service.db.read() as db:
        queue = queries.list_items(db, queries.ItemFilter(tracking=(Tracking.PENDING,)))
        overdue = queries.list_items(db, queries.ItemFilter(overdue_on=TODAY))
    assert [i.number for i in queue] == [1] and [i.number for i in overdue] == [2, 3]
    reopened = service.set_status("1", Status.IN_PROGRESS, "尚缺會議紀錄")  # the owner takes the request back
    assert reopened.tracking is Tracking.ACTIVE and reopened.days_overdue(TODAY) == 58


def test_a_reviewer_releases_and_the_item_is_closed(service, chief):
    service.set_status("3", Status.DONE, "已出席執委會")
    row = chief.review("3", Decision.RELEASE, "同意解除列管")
    assert (row.tracking, row.latest_review, row.version) == (Tracking.RELEASED, "同意解除列管", 3)
    with pytest.raises(InputError) as err:
        service.set_status("3", Status.IN_PROGRESS)
    assert err.value.key == "error.closed_item"
    for change in (
        lambda: service.move_deadline("3", date(2017, 12, 31), "改期"),
        lambda: service.assign("3", "新聞局", "改由新聞局"),
    ):  # the owner and deadline it was released on stay: the on-time record cannot be rewritten
        with pytest.raises(InputError) as err:
            change()
        assert err.value.key == "error.closed_item_change"
    assert service.add_note("3", "補充：會議紀錄已歸檔").version == 4  # notes stay possible


def test_a_return_needs_comments_and_reopens_the_work(service, chief):
    service.set_status("3", Status.DONE, "已出席")
    with pytest.raises(InputError) as err:
        chief.review("3", Decision.RETURN, "  ")
    assert err.value.key == "error.review_note_empty" and _item(service).tracking is Tracking.PENDING
    row = chief.review("3", Decision.RETURN, "請附會議紀錄與照片")
    assert (row.tracking, row.status, row.latest_review) == (Tracking.ACTIVE, Status.IN_PROGRESS, "請附會議紀錄與照片")
    assert _fields(service)[-2:] == [("review", "pending", "active"), ("status", "done", "in_progress")]
    service.set_status("3", Status.DROPPED, "會期已過，改以書面參與")
    on_hold = chief.review("3", Decision.RETURN, "請說明書面參與方式", Status.ON_HOLD)
    assert on_hold.status is Status.ON_HOLD
    service.set_status("3", Status.DONE, "已補件")
    with pytest.raises(InputError) as err:
        chief.review("3", Decision.RETURN, "x", Status.DONE)
    assert err.value.key == "error.return_status"


def test_a_reviewer_withdraws_with_a_reason(service, chief):
    with pytest.raises(InputError):
        chief.review("8", Decision.WITHDRAW, None)
    row = chief.review("8", Decision.WITHDRAW, "東亞青年運動會已停辦")
    assert row.tracking is Tracking.WITHDRAWN and row.days_overdue(date(2030, 1, 1)) is None
    with pytest.raises(InputError) as err:
        chief.review("8", Decision.WITHDRAW, "again")
    assert err.value.key == "error.already_closed"


@pytest.mark.backends("sqlite")  # on PostgreSQL names are logins: see the test with two logins below
def test_only_a_reviewer_decides_and_nothing_is_written_otherwise(service, chief):
    service.set_status("3", Status.DONE, "已出席")
    before = _fields(service)
    with pytest.raises(PermissionDenied) as err:
        service.review("3", Decision.RELEASE, "自己同意")
    assert err.value.exit_code == 4 and _fields(service) == before
    with pytest.raises(InputError) as err:
        chief.review("4", Decision.RELEASE, None)
    assert err.value.key == "error.not_pending"


@pytest.mark.backends("sqlite")
def test_reviewers_are_named_by_reviewers_and_never_run_out(service):
    staff, chief = service, as_user(service, "陳科長")
    assert chief.add_reviewer("陳科長") == "陳科長"  # the first: anyone may
    with pytest.raises(PermissionDenied):
        as_user(staff, "王小明").add_reviewer("王小明")
    assert chief.add_reviewer("研考會林專員") == "研考會林專員"
    assert chief.remove_reviewer("研考會林專員") == "研考會林專員"
    with pytest.raises(InputError) as err:
        chief.remove_reviewer("陳科長")
    assert err.value.key == "error.last_reviewer"
    assert [name for name, _at, _by in staff.reviewers()] == ["陳科長"]


def test_the_cli_round_conversation_and_json(run_cli, database):
    db = database.target
    assert run_cli("--db", db, "init").returncode == 0
    chief = ["--db", db, "--user", "陳科長"]
    staff = ["--db", db, "--user", "曹凱雯"]
    assert run_cli(*chief, "reviewers", "add", database.recorded("陳科長")).returncode == 0
    assert run_cli(*staff, "status", "3", "done", "--note", "已出席執委會").returncode == 0
    queue = json.loads(run_cli("--db", db, "list", "--tracking", "待審", "--format", "json").stdout)
    assert [(i["number"], i["tracking"], i["overdue"]) for i in queue] == [(3, "pending", False)]
    returned = run_cli(*chief, "review", "3", "return", "--note", "請附會議紀錄")
    assert returned.returncode == 0 and "繼續列管" in returned.stdout and "待審 → 列管中" in returned.stdout
    assert run_cli(*staff, "status", "3", "done", "--note", "已附會議紀錄").returncode == 0
    released = run_cli(*chief, "review", "3", "release", "--note", "同意")
    assert released.returncode == 0 and "解除列管" in released.stdout
    text = run_cli("--db", db, "show", "3").stdout
    rounds = text[text.index("辦理情形與審查意見") : text.index("異動紀錄")]
    kinds = re.findall("申請解除列管|繼續列管|同意解除列管", rounds)
    assert kinds == ["申請解除列管", "繼續列管", "申請解除列管", "同意解除列管"]
    assert "請附會議紀錄" in rounds and "列管狀態        解除列管" in text
    shown = json.loads(run_cli("--db", db, "show", "3", "--format", "json").stdout)
    assert (shown["tracking"], shown["level"], shown["latest_review"]) == ("released", "self", "同意")
    assert shown["status"] == "done" and shown["latest_note"] == "已附會議紀錄"
    check = run_cli("--db", db, "db", "check")
    assert check.returncode == 0, check.stderr


BAD = [
    (["review", "3", "release"], 2, "不是待審"),
    (["review", "3", "return"], 2, "審查意見"),
    (["review", "3", "approve"], 2, "release"),
    (["review", "3", "withdraw", "--note", "停辦", "--status", "on_hold"], 2, "--status 只能與退回"),
    (["list", "--tracking", "closed"], 2, "列管狀態"),
    (["list", "--level", "national"], 2, "列管層級"),
    (["reviewers", "remove", "陳科長"], 2, "最後一位"),
    (["reviewers", "add", ""], 2, "審查人姓名"),
]


@pytest.mark.parametrize(("args", "code", "words"), BAD, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_bad_review_input_exits_with_one_line_and_writes_nothing(run_cli, database, args, code, words):
    db = database.target
    assert run_cli("--db", db, "init").returncode == 0
    name = database.recorded("陳科長")
    assert run_cli("--db", db, "--user", "陳科長", "reviewers", "add", name).returncode == 0
    before = database.scalar("SELECT count(*) FROM changes")
    result = run_cli("--db", db, "--user", "陳科長", *[name if a == "陳科長" else a for a in args])
    assert result.returncode == code, result.stderr
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert database.scalar("SELECT count(*) FROM changes") == before


@pytest.mark.backends("sqlite")
def test_a_non_reviewer_gets_exit_4(run_cli, database):
    db = database.target
    assert run_cli("--db", db, "init").returncode == 0
    assert run_cli("--db", db, "--user", "陳科長", "reviewers", "add", "陳科長").returncode == 0
    assert run_cli("--db", db, "--user", "曹凱雯", "status", "3", "done", "--note", "已出席").returncode == 0
    result = run_cli("--db", db, "--user", "曹凱雯", "review", "3", "release")
    assert result.returncode == 4 and "不是審查人" in result.stderr
    stale = run_cli("--db", db, "--user", "陳科長", "review", "3", "release", "--if-version", "1")
    assert stale.returncode == 3


# ---------------------------------------------------------------------------
# PostgreSQL: the database itself holds the rule, against any client.


@pytest.mark.backends("postgresql")
def test_postgres_refuses_a_staff_login_whatever_the_client(postgres_server, database, run_cli):
    admin = sa.create_engine(postgres_server.url("postgres"), isolation_level="AUTOCOMMIT")
    name = database.url.split("@/")[1].split("?")[0]
    roles = ("kw_tsao", "kw_chen")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("CREATE ROLE kw_tsao LOGIN"))
            connection.execute(sa.text("CREATE ROLE kw_chen LOGIN IN ROLE tracker_reviewer"))
        assert run_cli("--db", database.target, "init").returncode == 0
        database.execute(
            "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO kw_tsao, kw_chen;"
            " GRANT DELETE ON reviewers TO kw_chen; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO kw_tsao, kw_chen"
        )
        staff, chief = postgres_server.url(name, user="kw_tsao"), postgres_server.url(name, user="kw_chen")
        # Even when listed as a reviewer, a login outside tracker_reviewer is refused by the database.
        for who in ("kw_chen", "kw_tsao"):
            assert run_cli("--db", chief, "reviewers", "add", who).returncode == 0
        assert run_cli("--db", staff, "status", "3", "done", "--note", "已出席").returncode == 0
        refused = run_cli("--db", staff, "review", "3", "release")
        assert refused.returncode == 4 and "tracker_reviewer" in refused.stderr
        with sa.create_engine(staff).connect() as connection, pytest.raises(DBAPIError, match="only a reviewer"):
            connection.execute(sa.text("UPDATE items SET tracking = 'released' WHERE number = 3"))
        assert database.scalar("SELECT tracking FROM items WHERE number = 3") == "pending"
        released = run_cli("--db", chief, "review", "3", "release", "--note", "同意")
        assert released.returncode == 0, released.stderr
        by = database.rows('SELECT "by", field FROM changes WHERE item_id = 3 ORDER BY id')[-4:]
        assert by == [
            ("kw_tsao", "status"),
            ("kw_tsao", "tracking"),
            ("kw_tsao", "progress"),
            ("kw_chen", "review"),
        ]  # the logins, not --user
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))  # for the fixture's own clean-up
            for role in roles:
                connection.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


# ---------------------------------------------------------------------------
# Upgrading a database made by the released 0.1.0


@pytest.mark.empty_database
def test_a_0_1_0_database_upgrades_with_everything_kept(database, run_cli, tmp_path):
    """The file the 0.1.0 code made (schema 0001); on PostgreSQL its rows are copied into a
    0001 schema first, so that both backends run the real migrations on the same data."""
    if database.is_sqlite:
        shutil.copyfile(FIXTURE_010, database.target)
    else:
        _copy_into_postgres_at_0001(database)
    before = database.rows('SELECT id, item_id, version, at, "by", field, old, new, note FROM changes ORDER BY id')
    assert len(before) == 15
    result = run_cli("--db", database.target, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = {i["number"]: i for i in json.loads(result.stdout)}
    assert {n: (i["status"], i["tracking"]) for n, i in items.items() if n in (1, 2, 3, 5)} == {
        1: ("done", "released"),
        2: ("dropped", "released"),
        3: ("in_progress", "active"),
        5: ("on_hold", "active"),
    }
    assert items[1]["version"] == 3 and items[3]["latest_note"] == "已聯繫 CityNet 秘書處"
    assert items[7]["owner"]["unit_zh"] == "農業局" and items[8]["deadline"] == "2017-02-28"
    after = database.rows('SELECT id, item_id, version, at, "by", field, old, new, note FROM changes ORDER BY id')
    assert after[:15] == before  # nothing changed, two rows added
    assert [(r[1], r[5], r[6], r[7]) for r in after[15:]] == [
        (1, "tracking", "active", "released"),
        (2, "tracking", "active", "released"),
    ]
    assert "審查流程建立前已結案" in after[15][8]
    check = run_cli("--db", database.target, "db", "check")
    assert check.returncode == 0, check.stderr


def _copy_into_postgres_at_0001(database) -> None:
    from alembic import command
    from alembic.config import Config

    from tracker.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    source = sa.create_engine(f"sqlite:///{FIXTURE_010}")
    with source.connect() as old, database.engine.begin() as new:
        for table in ("reports", "events", "items", "changes"):
            columns = [row[1] for row in old.execute(sa.text(f"PRAGMA table_info({table})"))]
            rows = [dict(zip(columns, row, strict=True)) for row in old.execute(sa.text(f"SELECT * FROM {table}"))]
            names = ", ".join(f'"{c}"' for c in columns)
            values = ", ".join(f"CAST(:{c} AS json)" if c == "supporting_units" else f":{c}" for c in columns)
            new.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({values})"), rows)
            new.execute(
                sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
    source.dispose()


def test_the_readme_documents_review(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in ("tracker review", "tracker reviewers", "--tracking", "tracker_reviewer", "解除列管"):
        assert words in readme, words


def test_a_conflict_names_follow_up_states_in_words(service):
    as_user(service, "王小明").set_status("3", Status.DONE, "已出席")
    with pytest.raises(ConflictError) as err:
        service.add_note("3", "late", expected_version=1)
    assert "列管中 → 待審" in str(err.value) and "active" not in str(err.value)
