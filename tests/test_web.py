"""`tracker serve` at the HTTP level (issue 14): a real server on 127.0.0.1, started here.

The login page says only the tracker's name, the report in view and the date; every other
route asks for a session; sessions end at logout and when idle; wrong passwords are slowed
down per account and per address and never say whether the name exists; each websocket's
UI process ends with it, and with the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import time

import pytest

from tests.web_server import (
    PASSWORD,
    login,
    make_database,
    request,
    start_server,
    wait_for,
)
from tracker.cli import run

pytest.importorskip("aiohttp")
pytestmark = pytest.mark.backends("sqlite")


@pytest.fixture
def db(tmp_path):
    return make_database(tmp_path / "web.sqlite3", {"alice": PASSWORD, "bob": "another pass 2"})


@pytest.fixture
def server(db, tmp_path):
    server = start_server(db, tmp_path)
    yield server
    server.stop()
    assert not server.ui_processes()


def _history(db, what="account"):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT item_id, by, field, old, new, note FROM changes WHERE field = ? ORDER BY id", (what,)
        ).fetchall()


# -- the login page ------------------------------------------------------------------


def test_the_login_page_says_the_name_the_report_and_the_date_in_the_users_language(server):
    status, headers, page, _ = request(f"{server.url}/login", headers={"Accept-Language": "zh-TW,zh;q=0.9"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "建議事項列管追蹤" in page and "檢視中的報告" in page and "105/12/09" in page
    assert 'lang="zh-Hant-TW"' in page
    _, _, english, _ = request(f"{server.url}/login", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "Recommendation follow-up tracker" in english and "Report in view" in english and "2016-12-09" in english
    for page_text in (page, english):
        assert "uclg16" not in page_text and "Bogot" not in page_text  # nothing of the items before login
        assert "alice" not in page_text
        assert "http://" not in page_text and "https://" not in page_text  # nothing from outside hosts


def test_the_first_visit_goes_to_the_login_page(server):
    status, headers, _, _ = request(f"{server.url}/")
    assert status == 303 and headers["Location"] == "/login"


# -- passwords -------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(server):
    wrong = request(f"{server.url}/login", {"name": "alice", "password": "not the password"})
    unknown = request(f"{server.url}/login", {"name": "nobody", "password": "not the password"})
    assert wrong[0] == unknown[0] == 401
    assert "帳號或密碼不正確" in wrong[2]
    assert wrong[2] == unknown[2]
    assert not wrong[3] and not unknown[3]  # no cookie
    assert "not the password" not in server.log.read_text()


def test_a_disabled_account_cannot_log_in_and_its_session_ends(db, tmp_path):
    server = start_server(db, tmp_path, "--idle-minutes", "0.2")  # sweeps every 6 s
    try:
        token = login(server, "bob", "another pass 2")
        assert request(f"{server.url}/", cookie=token)[0] == 200
        assert run(["--db", str(db), "--user", "admin", "users", "disable", "bob"]) == 0
        refused = request(f"{server.url}/login", {"name": "bob", "password": "another pass 2"})
        assert refused[0] == 401 and "帳號或密碼不正確" in refused[2]
        assert wait_for(lambda: request(f"{server.url}/", cookie=token)[0] == 303, timeout=10)
    finally:
        server.stop()


def test_wrong_passwords_are_slowed_per_account_and_per_address(db, tmp_path):
    server = start_server(db, tmp_path, "--public-url", "https://tracker.example.tw")
    try:
        # Behind the README's proxy the address is the one nginx passes on.
        def attempt(name, password, address):
            return request(
                f"{server.url}/login",
                {"name": name, "password": password},
                headers={"X-Real-IP": address, "Origin": "https://tracker.example.tw"},
            )

        for number in range(5):
            assert attempt("alice", "wrong", f"10.0.0.{number}")[0] == 401  # five addresses, one account
        slowed = attempt("alice", PASSWORD, "10.0.0.99")  # even the right password must wait
        assert slowed[0] == 429 and "秒後再試" in slowed[2] and int(slowed[1]["Retry-After"]) >= 1
        assert attempt("bob", "another pass 2", "10.0.0.99")[0] == 303  # another account is not slowed

        for number in range(5):
            assert attempt(f"guess{number}", "wrong", "10.9.9.9")[0] == 401  # one address, five names
        from_there = attempt("bob", "another pass 2", "10.9.9.9")
        assert from_there[0] == 429
        unknown = attempt("nobody-at-all", "wrong", "10.1.1.1")
        for number in range(5):
            attempt("nobody-at-all", "wrong", f"10.1.1.{number + 2}")
        assert attempt("nobody-at-all", "wrong", "10.1.2.1")[0] == 429  # an unknown name slows alike
        assert unknown[0] == 401

        time.sleep(1.1)  # the first wait is a second
        assert attempt("alice", PASSWORD, "10.0.0.99")[0] == 303
    finally:
        server.stop()


# -- sessions -------------------------------------------------------------------------------


def test_the_session_cookie_is_httponly_and_samesite_strict(server):
    status, _, _, cookies = request(f"{server.url}/login", {"name": "alice", "password": PASSWORD})
    assert status == 303
    flags = [part.strip().lower() for part in cookies[0].split(";")]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert "secure" not in flags  # plain http on this machine
    token = cookies[0].split(";")[0].split("=", 1)[1]
    assert len(token) >= 40


def test_the_cookie_is_secure_behind_https(db, tmp_path):
    server = start_server(db, tmp_path, "--public-url", "https://tracker.example.tw/")
    try:
        status, _, _, cookies = request(
            f"{server.url}/login",
            {"name": "alice", "password": PASSWORD},
            headers={"Origin": "https://tracker.example.tw"},
        )
        assert status == 303
        assert "secure" in [part.strip().lower() for part in cookies[0].split(";")]
    finally:
        server.stop()


def test_a_login_form_from_another_site_is_refused(server):
    status, _, _, cookies = request(
        f"{server.url}/login", {"name": "alice", "password": PASSWORD}, headers={"Origin": "https://evil.example"}
    )
    assert status == 403 and not cookies


ROUTES = ["/", "/static/js/textual.js", "/static/css/xterm.css", "/download/abc123"]


def test_every_ui_route_is_refused_without_a_session(server):
    for path in ROUTES:
        status, headers, body, _ = request(f"{server.url}{path}")
        assert status in (303, 401), path
        assert "textual" not in body.lower() or status == 303, path
        if status == 303:
            assert headers["Location"].startswith("/login")
        status, *_ = request(f"{server.url}{path}", cookie="made-up-token")
        assert status in (303, 401), path
    assert request(f"{server.url}/logout", {"csrf": "x"})[0] == 401
    assert asyncio.run(_websocket_status(server.url, None)) == 401
    assert asyncio.run(_websocket_status(server.url, "made-up-token")) == 401
    assert not server.ui_processes()


def test_with_a_session_the_page_loads_only_from_this_server(server):
    token = login(server)
    status, headers, page, _ = request(f"{server.url}/", cookie=token)
    assert status == 200 and "alice" in page
    assert "googleapis" not in page and "https://" not in page
    assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-store"
    assert request(f"{server.url}/static/js/textual.js", cookie=token)[0] == 200
    assert request(f"{server.url}/static/../server.py", cookie=token)[0] == 404
    assert request(f"{server.url}/download/not-mine", cookie=token)[0] == 404


def test_logout_ends_the_session_and_its_ui_processes(server):
    token = login(server)
    _, _, page, _ = request(f"{server.url}/", cookie=token)
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    async def scenario():
        import aiohttp

        async with (
            aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
            client.ws_connect(f"{server.url}/ws?width=80&height=24") as websocket,
        ):
            first = await asyncio.wait_for(websocket.receive(), 20)
            assert first.type == aiohttp.WSMsgType.BINARY
            assert len(server.ui_processes()) == 1
            assert request(f"{server.url}/logout", {"csrf": "wrong"}, cookie=token)[0] == 403
            status, headers, _, cookies = request(f"{server.url}/logout", {"csrf": csrf}, cookie=token)
            assert status == 303 and headers["Location"] == "/login?ended=logout"
            assert any("tracker_session=" in line for line in cookies)
            async for _ in websocket:  # the server closes it
                pass

    asyncio.run(scenario())
    assert wait_for(lambda: not server.ui_processes())
    for path in ROUTES:
        assert request(f"{server.url}{path}", cookie=token)[0] in (303, 401)
    assert asyncio.run(_websocket_status(server.url, token)) == 401
    assert "已登出" in request(f"{server.url}/login?ended=logout")[2]


def test_an_idle_session_expires(db, tmp_path):
    server = start_server(db, tmp_path, "--idle-minutes", "0.05")  # three seconds
    try:
        token = login(server)
        assert request(f"{server.url}/static/css/xterm.css", cookie=token)[0] == 200
        time.sleep(3.5)
        status, headers, _, _ = request(f"{server.url}/", cookie=token)
        assert status == 303 and headers["Location"] == "/login?ended=idle"
        assert "閒置過久" in request(f"{server.url}/login?ended=idle")[2]
    finally:
        server.stop()


def test_an_idle_session_closes_its_open_tab_and_ends_its_ui_process(db, tmp_path):
    server = start_server(db, tmp_path, "--idle-minutes", "0.05")  # three seconds, swept every 1.5 s
    try:
        token = login(server)

        async def scenario():
            import aiohttp

            async with (
                aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
                client.ws_connect(f"{server.url}/ws") as websocket,
            ):
                await asyncio.wait_for(websocket.receive(), 20)
                assert len(server.ui_processes()) == 1
                started = time.monotonic()
                async for _ in websocket:  # the screen's frames, then the server closes it
                    pass
                return time.monotonic() - started

        waited = asyncio.run(scenario())
        assert 1.0 < waited < 10
        assert wait_for(lambda: not server.ui_processes())
        assert request(f"{server.url}/", cookie=token)[0] == 303
    finally:
        server.stop()


def test_key_presses_keep_a_session_alive_and_wrong_passwords_wait_longer_each_time():
    from tracker.web.sessions import SessionStore, Throttle

    now = [0.0]
    store = SessionStore(idle_seconds=10, clock=lambda: now[0])
    token, session = store.create("alice", "en")
    now[0] = 9
    assert store.get(token) is session  # a request counts as activity
    now[0] = 18
    assert store.get(token) is session
    now[0] = 29
    assert store.get(token) is None and store.expired() == [session]
    assert store.get("made-up") is None and "alice" in repr(session) and token not in repr(session)

    throttle = Throttle(free=2, first_wait=1, cap=4, clock=lambda: now[0])
    throttle.failed("name:a", "addr:x")
    assert throttle.wait("name:a") == 0
    throttle.failed("name:a", "addr:x")
    assert throttle.wait("name:a") == 1 and throttle.wait("addr:x") == 1 and throttle.wait("name:b") == 0
    for _ in range(5):
        throttle.failed("name:a")
    assert throttle.wait("name:a") == 4  # capped
    throttle.succeeded("name:a")
    assert throttle.wait("name:a") == 0 and throttle.wait("addr:x") == 1


def test_a_websocket_from_another_site_is_refused(server):
    token = login(server)
    assert asyncio.run(_websocket_status(server.url, token, origin="https://evil.example")) == 403
    assert not server.ui_processes()


# -- UI processes -------------------------------------------------------------------------


def test_closing_the_tab_ends_its_ui_process(server):
    token = login(server)

    async def scenario():
        import aiohttp

        async with aiohttp.ClientSession(cookies={"tracker_session": token}) as client:
            sockets = [await client.ws_connect(f"{server.url}/ws?width=100&height=30") for _ in range(2)]
            for websocket in sockets:
                await asyncio.wait_for(websocket.receive(), 20)
            assert len(server.ui_processes()) == 2
            await sockets[0].close()
            assert await asyncio.to_thread(wait_for, lambda: len(server.ui_processes()) == 1)
            await sockets[1].close()

    asyncio.run(scenario())
    assert wait_for(lambda: not server.ui_processes())


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_no_ui_process_outlives_the_server(server, how):
    from tests.web_server import processes_running

    token = login(server)

    async def scenario():
        import aiohttp

        async with (
            aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
            client.ws_connect(f"{server.url}/ws") as websocket,
        ):
            await asyncio.wait_for(websocket.receive(), 20)
            started = server.ui_processes()
            assert len(started) == 1
            server.stop(how)
            return started

    started = asyncio.run(scenario())
    marker = f"tracker.web.child sqlite:///{server.db}"
    assert wait_for(lambda: not [pid for pid in processes_running(marker) if pid in started], timeout=10)


async def _websocket_status(url: str, token: str | None, origin: str | None = None) -> int:
    import aiohttp

    cookies = {"tracker_session": token} if token else {}
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession(cookies=cookies) as client:
        try:
            async with client.ws_connect(f"{url}/ws", headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


# -- accounts -------------------------------------------------------------------------------


def test_accounts_are_hashed_and_their_changes_are_in_the_history(db, capsys, monkeypatch):
    import io

    with sqlite3.connect(db) as connection:
        (stored,) = connection.execute("SELECT password_hash FROM users WHERE name = 'alice'").fetchone()
    assert stored.startswith("scrypt$32768$8$1$") and PASSWORD not in stored
    monkeypatch.setattr("sys.stdin", io.StringIO("a new password\n"))
    assert run(["--db", str(db), "--user", "admin", "users", "passwd", "alice", "--password-stdin"]) == 0
    assert run(["--db", str(db), "--user", "admin", "users", "disable", "alice"]) == 0
    assert run(["--db", str(db), "--user", "admin", "users", "enable", "alice"]) == 0
    out = capsys.readouterr()
    assert "a new password" not in out.out + out.err
    assert _history(db) == [
        (None, "admin", "account", None, "alice", None),
        (None, "admin", "account", None, "bob", None),
        (None, "admin", "account", "alice", "alice", None),
        (None, "admin", "account", "alice", None, None),
        (None, "admin", "account", None, "alice", None),
    ]
    assert run(["--db", str(db), "db", "check"]) == 0  # the chain holds, account rows included


def test_short_passwords_and_a_second_account_of_one_name_are_refused(db, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert run(["--db", str(db), "users", "add", "carol", "--password-stdin"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough pass\n"))
    assert run(["--db", str(db), "users", "add", "alice", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "密碼須為 10–1024 字元" in err and "帳號 alice 已存在" in err


def test_once_there_are_reviewers_only_a_reviewer_manages_accounts(tmp_path, monkeypatch, capsys):
    import io

    db = make_database(tmp_path / "r.sqlite3", {"chief": PASSWORD}, reviewers=("chief",))
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough pass\n"))
    assert run(["--db", str(db), "--user", "staff", "users", "add", "chief2", "--password-stdin"]) == 4
    assert "只有審查人" in capsys.readouterr().err
    assert run(["--db", str(db), "--user", "chief", "users", "disable", "chief"]) == 0


def test_listening_beyond_this_machine_without_https_warns():
    from tracker.web.server import clear_text_warning

    assert clear_text_warning("0.0.0.0", None)
    assert clear_text_warning("0.0.0.0", "http://tracker.example.tw")
    assert not clear_text_warning("0.0.0.0", "https://tracker.example.tw")
    assert not clear_text_warning("127.0.0.1", None)


def test_serve_on_all_addresses_says_so(db, tmp_path):
    server = start_server(db, tmp_path, "--host", "0.0.0.0")
    try:
        time.sleep(0.3)
    finally:
        server.stop()
    log = server.log.read_text()
    assert "密碼將以明文經過網路" in log


def test_in_the_browser_the_ui_neither_reads_nor_writes_the_servers_files(server):
    """Attaching a file, saving a document and intake name paths on the server: refused there
    (the export is offered as a download instead: tests/test_web_browser.py)."""
    import re

    escapes = re.compile(rb"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]")
    token = login(server)

    async def scenario(key: str, said: str = "瀏覽器中不能讀寫") -> str:
        import aiohttp

        seen = b""
        async with (
            aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
            client.ws_connect(f"{server.url}/ws?width=120&height=36") as websocket,
        ):
            while b"uclg16-1" not in escapes.sub(b"", seen):
                seen += (await asyncio.wait_for(websocket.receive(), 20)).data or b""
            await websocket.send_json(["stdin", key])
            deadline = time.monotonic() + 5
            while said.encode() not in escapes.sub(b"", seen) and time.monotonic() < deadline:
                with contextlib.suppress(TimeoutError):
                    seen += (await asyncio.wait_for(websocket.receive(), 1)).data or b""
        return escapes.sub(b"", seen).decode("utf-8", "replace")

    for key in ("a", "g"):
        assert "瀏覽器中不能讀寫" in asyncio.run(scenario(key)), key
    assert "瀏覽器版不提供讀入報告" in asyncio.run(scenario("i", "瀏覽器版不提供讀入報告"))  # intake's own guard


def test_the_login_decides_who_changes_are_recorded_as_whatever_the_servers_environment(db, tmp_path):
    """TRACKER_USER (and --user) on the server never reach a UI process: the account does."""
    import re

    server = start_server(db, tmp_path, env={"TRACKER_USER": "mallory"})
    escapes = re.compile(rb"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]")
    try:
        token = login(server, "bob", "another pass 2")

        async def scenario():
            import aiohttp

            seen = b""
            async with (
                aiohttp.ClientSession(cookies={"tracker_session": token}) as client,
                client.ws_connect(f"{server.url}/ws?width=120&height=36") as websocket,
            ):
                while b"uclg16-1" not in escapes.sub(b"", seen):
                    seen += (await asyncio.wait_for(websocket.receive(), 20)).data or b""
                for key in ("s", "2", "registered", "\x13"):  # \x13: ctrl+s
                    await websocket.send_json(["stdin", key])
                    await asyncio.sleep(0.3)

        asyncio.run(scenario())

        def last():
            with sqlite3.connect(db) as connection:
                return connection.execute('SELECT field, new, "by" FROM changes ORDER BY id DESC LIMIT 1').fetchone()

        assert wait_for(lambda: last() == ("status", "in_progress", "bob")), last()
    finally:
        server.stop()
