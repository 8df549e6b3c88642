"""A real `tracker serve` on 127.0.0.1 for the web tests: a fresh database with accounts,
the server in its own process, and helpers to find the UI processes it started."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tracker.cli import run

PASSWORD = "correct horse 1"
TODAY = "2016-12-09"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_database(path: Path, accounts: dict[str, str] | None = None, reviewers: tuple[str, ...] = ()) -> Path:
    assert run(["--db", str(path), "init"]) == 0
    for name in reviewers:
        assert run(["--db", str(path), "--user", name, "reviewers", "add", name]) == 0
    admin = reviewers[0] if reviewers else "admin"
    for name, password in (accounts or {"alice": PASSWORD}).items():
        stdin = sys.stdin
        try:
            import io

            sys.stdin = io.StringIO(password + "\n")
            assert run(["--db", str(path), "--user", admin, "users", "add", name, "--password-stdin"]) == 0
        finally:
            sys.stdin = stdin
    return path


@dataclass
class Server:
    db: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    args: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ui_processes(self) -> list[int]:
        """The UI processes this server started (its children running tracker.web.child)."""
        return children_running(self.process.pid, "tracker.web.child")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def children_running(parent: int, needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        state = stat.rsplit(")", 1)[1].split()[0]
        if ppid == parent and needle in command and state != "Z":
            found.append(int(entry.name))
    return found


def processes_running(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if needle in command:
                    found.append(int(entry.name))
    return found


def start_server(db: Path, tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Server:
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    environment = {**os.environ, "TRACKER_TODAY": TODAY, **(env or {})}
    args = [sys.executable, "-m", "tracker", "--db", str(db), "serve", "--port", str(port), *extra]
    process = subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=environment)
    server = Server(db, port, process, log, args)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{server.url}/login", timeout=2) as response:
            if response.status == 200:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("the server did not start: " + log.read_text())


def wait_for(test, timeout: float = 10.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = test()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(
    url: str,
    data: dict[str, str] | None = None,
    *,
    cookie: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str, list[str]]:
    """One request, redirects not followed: status, headers, body, Set-Cookie lines."""
    from urllib.parse import urlencode

    body = urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    if cookie:
        req.add_header("Cookie", f"tracker_session={cookie}")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(req, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    text = response.read().decode("utf-8", "replace")
    cookies = response.headers.get_all("Set-Cookie") or []
    return response.status, dict(response.headers), text, cookies


def login(server: Server, name: str = "alice", password: str = PASSWORD) -> str:
    status, _, body, cookies = request(f"{server.url}/login", {"name": name, "password": password})
    assert status == 303, body
    token = cookies[0].split(";")[0].split("=", 1)[1]
    return token
