"""`tracker serve` on PostgreSQL (issue 14): the web login is the database login.

A server of its own whose roles log in with passwords (scram-sha-256; the shared test server
trusts every local login). The password is checked by PostgreSQL, each UI process connects
as that login, and the database's own reviewer rule (migration 0003) decides a release.
"""

from __future__ import annotations

import asyncio
import re
import subprocess

import pytest

from tests.web_server import request, start_server, wait_for
from tracker.cli import run

pytestmark = pytest.mark.backends("postgresql")
ESCAPES = re.compile(rb"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]")


@pytest.fixture(scope="module")
def password_server():
    from postgres_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL could not be started: {exc}", pytrace=False)
    hba = server.data / "pg_hba.conf"
    rules = f"local all {server.user} trust\nlocal all all scram-sha-256\n"
    command = ["sh", "-c", f"printf '{rules}' > {hba}"]
    subprocess.run(["runuser", "-u", "postgres", "--", *command] if server.as_root else command, check=True)
    server._run("pg_ctl", "-D", str(server.data), "reload")
    yield server
    server.stop()


def _sql(server, database: str, *statements: str) -> None:
    import psycopg

    conninfo = server.url(database).replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _one(server, database: str, sql: str):
    import psycopg

    with psycopg.connect(server.url(database).replace("postgresql+psycopg", "postgresql")) as connection:
        return connection.execute(sql).fetchone()


@pytest.fixture
def tracker_db(password_server, request):
    name = "web_" + re.sub(r"\W", "_", request.node.name)[:40].lower()
    _sql(password_server, "postgres", f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    url = password_server.url(name)
    assert run(["--db", url, "init"]) == 0
    _sql(
        password_server,
        name,
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'web_staff') THEN"
        " CREATE ROLE web_staff LOGIN PASSWORD 'staff password 1'; END IF;"
        " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'web_chief') THEN"
        " CREATE ROLE web_chief LOGIN PASSWORD 'chief password 1' IN ROLE tracker_reviewer; END IF; END $$",
        "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO web_staff, web_chief",
        "GRANT DELETE ON reviewers TO web_chief",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO web_staff, web_chief",
    )
    assert run(["--db", url, "reviewers", "add", "web_chief"]) == 0  # the first, by the owner
    return name, url


def test_the_web_login_is_the_database_login(password_server, tracker_db, tmp_path):
    name, url = tracker_db
    server = start_server(url, tmp_path)  # the server's own connection is the tracker's owner
    try:
        wrong = request(f"{server.url}/login", {"name": "web_staff", "password": "not it"})
        unknown = request(f"{server.url}/login", {"name": "nobody", "password": "not it"})
        assert wrong[0] == unknown[0] == 401 and wrong[2] == unknown[2]
        # The owner's login is let in by pg_hba.conf without a password, and is a superuser: refused.
        assert request(f"{server.url}/login", {"name": "postgres", "password": "anything at all"})[0] == 401

        # Staff set a status through the UI: recorded under their database login.
        staff = _login(server, "web_staff", "staff password 1")
        asyncio.run(_keys(server.url, staff, ["s", "2", "registered", "\x13"]))
        assert wait_for(
            lambda: _one(password_server, name, "SELECT status FROM items WHERE number = 1")[0] == "in_progress"
        )
        assert _one(password_server, name, 'SELECT "by" FROM changes ORDER BY id DESC LIMIT 1')[0] == "web_staff"
        log = server.log.read_text()
        assert "staff password 1" not in log

        # A release: refused for staff by the database, made by the reviewer.
        _sql(password_server, name, "UPDATE items SET status = 'done', tracking = 'pending' WHERE number = 1")
        asyncio.run(_keys(server.url, staff, ["v", "1", "\x13"]))
        assert _one(password_server, name, "SELECT tracking FROM items WHERE number = 1")[0] == "pending"
        chief = _login(server, "web_chief", "chief password 1")
        asyncio.run(_keys(server.url, chief, ["v", "1", "\x13"]))
        assert wait_for(
            lambda: _one(password_server, name, "SELECT tracking FROM items WHERE number = 1")[0] == "released"
        )
        assert _one(password_server, name, 'SELECT "by" FROM changes ORDER BY id DESC LIMIT 1')[0] == "web_chief"
    finally:
        server.stop()
    assert not server.ui_processes()


def _login(server, name: str, password: str) -> str:
    status, _, body, cookies = request(f"{server.url}/login", {"name": name, "password": password})
    assert status == 303, body
    return cookies[0].split(";")[0].split("=", 1)[1]


async def _keys(url: str, token: str, keys: list[str]) -> str:
    import aiohttp

    seen = b""
    async with (
        aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
        client.ws_connect(f"{url}/ws?width=120&height=36") as websocket,
    ):
        while b"uclg16-1" not in ESCAPES.sub(b"", seen):
            message = await asyncio.wait_for(websocket.receive(), 30)
            seen += message.data if isinstance(message.data, bytes) else b""
        for key in keys:
            await websocket.send_json(["stdin", key])
            await asyncio.sleep(0.3)
        await asyncio.sleep(1.0)
    return ESCAPES.sub(b"", seen).decode("utf-8", "replace")


def test_a_role_that_may_no_longer_log_in_loses_its_web_session(password_server, tracker_db, tmp_path):
    name, url = tracker_db
    server = start_server(url, tmp_path, "--idle-minutes", "0.2")  # swept every 6 s
    try:
        token = _login(server, "web_staff", "staff password 1")
        assert request(f"{server.url}/", cookie=token)[0] == 200
        _sql(password_server, name, "ALTER ROLE web_staff NOLOGIN")
        assert wait_for(lambda: request(f"{server.url}/", cookie=token)[0] == 303, timeout=15)
        assert request(f"{server.url}/login", {"name": "web_staff", "password": "staff password 1"})[0] == 401
    finally:
        _sql(password_server, name, "ALTER ROLE web_staff LOGIN")
        server.stop()
