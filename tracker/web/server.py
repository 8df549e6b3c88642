"""The web server of `tracker serve`: a login in front of textual-serve's terminal.

Routes: GET/POST /login (the only ones open without a session), POST /logout, GET / (the
page holding the UI), GET /ws (one UI process per connection), GET /download/{key} (only the
session's own downloads), GET /static/... (textual-serve's script, styles and font).

The session decides who the UI is: its process is started with `--user ACCOUNT`, and the
browser only ever sends key presses and sizes down the websocket.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tracker.i18n import normalise_lang, t
from tracker.web.pages import app_page, login_page
from tracker.web.sessions import Session, SessionStore, Throttle

log = logging.getLogger("tracker.web")

COOKIE = "tracker_session"
ADDRESS_PARALLEL = 4  # passwords checked at once for one address (an office behind one NAT)
STOP_SECONDS = 5.0  # a UI process that does not quit when asked is killed after this
OPEN_PATHS = frozenset({"/login", "/favicon.ico"})
# The child's environment: what the browser could never set, and what must not leak into it.
DROPPED_ENV = ("TRACKER_USER", "PGPASSWORD", "PGUSER", "PGPASSFILE", "TRACKER_DB")


# Who logged in, and what their UI processes need beyond the name (on PostgreSQL the password
# the database login takes, kept in the server's memory for the session and nowhere else).
Login = tuple[str, dict[str, str]]


@dataclass
class WebOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    public_url: str | None = None
    idle_seconds: float = 30 * 60
    sweep_seconds: float = 10.0
    font_size: int = 16

    @property
    def url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def secure(self) -> bool:
        return self.url.startswith("https://")


def clear_text_warning(host: str, public_url: str | None) -> bool:
    """Listening beyond this machine without HTTPS in front: passwords would cross the network."""
    local = host in {"127.0.0.1", "localhost", "::1"}
    return not local and not (public_url or "").lower().startswith("https://")


class UIProcess(AppService):
    """textual-serve's AppService, started with an argument list and the session's user
    (never a shell), stopped for good: a process that does not quit is killed and reaped."""

    def __init__(self, argv: list[str], env: dict[str, str], session: Session, **kwargs: Any) -> None:
        super().__init__(argv[0], **kwargs)
        self.argv = argv
        self.env = env
        self.session = session

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        for name in DROPPED_ENV:
            environment.pop(name, None)
        environment.update(self.env)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def stop(self) -> None:
        """Ask the UI to quit, close its input (its reader thread would otherwise wait on it
        and hold the process), and kill it if it is still there after STOP_SECONDS."""
        process, task = self._process, self._task
        self._task = None
        if task is not None:
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
                await self.send_meta({"type": "quit"})
            with contextlib.suppress(Exception):
                self.stdin.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
        if process is not None:
            if process.returncode is None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(process.wait(), 0.5 if task is not None else 0)
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
        if task is not None and not task.done():
            task.cancel()

    async def on_meta(self, data: bytes) -> None:
        import json

        meta = json.loads(data)
        if meta.get("type") == "deliver_file_start" and "key" in meta:
            self.session.downloads.add(str(meta["key"]))  # this session's, and no one else's
        elif meta.get("type") == "open_url":
            return  # the UI never sends the browser elsewhere
        await super().on_meta(data)


class TrackerServer:
    def __init__(
        self,
        *,
        check_login: Callable[[str, str], Login | None],
        login_facts: Callable[[str], dict[str, str]],
        enabled_accounts: Callable[[], set[str]] | None,
        child_argv: Callable[[Session], list[str]],
        options: WebOptions,
        throttle: Throttle | None = None,
        default_lang: str = "zh-TW",
    ) -> None:
        self.check_login = check_login
        self.login_facts = login_facts
        self.enabled_accounts = enabled_accounts
        self.child_argv = child_argv
        self.options = options
        self.sessions = SessionStore(options.idle_seconds)
        self.throttle = throttle or Throttle()
        self.default_lang = default_lang
        self.download_manager = DownloadManager()
        self.processes: set[UIProcess] = set()
        import textual_serve

        self.static_path = Path(textual_serve.__file__).parent / "static"
        self._sweeper: asyncio.Task[None] | None = None
        self._trying: Counter[str] = Counter()  # names and addresses whose password is being checked now

    # -- the application -------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/login", self.login_form),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.get("/download/{key}", self.download),
                web.get("/static/{path:.*}", self.static),
            ]
        )
        app.on_response_prepare.append(self._harden)
        app.on_startup.append(self._start_sweeper)
        app.on_shutdown.append(self._shutdown)
        return app

    def run(self, print_line: Callable[[str], None] = print) -> None:
        if not log.handlers and not logging.getLogger().handlers:
            # Logins, logouts and UI processes on standard error (the journal under systemd);
            # never a password, a token, or a name that failed to log in.
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)
        print_line(t("web.serving", url=self.options.url))
        web.run_app(
            self.make_app(),
            host=self.options.host,
            port=self.options.port,
            print=None,
            access_log=None,
            shutdown_timeout=STOP_SECONDS,
        )

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        if request.path not in OPEN_PATHS:
            session = self.sessions.get(request.cookies.get(COOKIE), touch=request.path == "/")
            if session is None:
                if request.method == "GET" and request.path == "/":
                    stale = COOKIE in request.cookies  # a session that ended while the page was away
                    raise web.HTTPSeeOther(self._path("login") + ("?ended=idle" if stale else ""))
                raise web.HTTPUnauthorized(text="login required\n")
            request["session"] = session
        return await handler(request)

    async def _harden(self, request: web.Request, response: web.StreamResponse) -> None:
        """On every answer, the refusals and redirects too (aiohttp's on_response_prepare)."""
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")  # "no-referrer" makes forms send Origin: null
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cache-Control", "no-store")
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        )
        if self.options.secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")

    def _path(self, name: str) -> str:
        base = urlsplit(self.options.url).path.rstrip("/")
        return f"{base}/{name}"

    # -- login and logout --------------------------------------------------------
    def _lang(self, request: web.Request, asked: str | None = None) -> str:
        for value in (asked, request.query.get("lang")):
            if value:
                with contextlib.suppress(ValueError):
                    return normalise_lang(value)
        accepted = request.headers.get("Accept-Language", "")
        for part in accepted.split(","):
            code = part.split(";")[0].strip().lower()
            if code.startswith("zh"):
                return "zh-TW"
            if code.startswith("en"):
                return "en"
        return self.default_lang

    def _address(self, request: web.Request) -> str:
        """Who is trying: behind the README's proxy (a public URL, a request from this machine)
        the address nginx passes in X-Real-IP, else the connection's own."""
        remote = request.remote or "?"
        forwarded = request.headers.get("X-Real-IP", "").strip()
        if forwarded and self.options.public_url and remote in {"127.0.0.1", "::1"}:
            return forwarded[:64]
        return remote

    async def _login_page(self, lang: str, *, status: int = 200, message: str = "", note: str = "") -> web.Response:
        facts = await asyncio.get_running_loop().run_in_executor(None, self.login_facts, lang)
        page = login_page(lang=lang, message=message, note=note, **facts)
        return web.Response(text=page, content_type="text/html", charset="utf-8", status=status)

    async def login_form(self, request: web.Request) -> web.Response:
        lang = self._lang(request)
        note = ""
        if request.query.get("ended") == "logout":
            note = t("web.logged_out", lang)
        elif request.query.get("ended") == "idle":
            note = t("web.expired", lang)
        return await self._login_page(lang, note=note)

    def _same_origin(self, request: web.Request) -> bool:
        """A form or websocket from another site is refused (SameSite covers the cookie; this
        covers the login form itself, which has no session yet)."""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            return origin is None
        allowed = {_origin(self.options.url), f"{request.scheme}://{request.host}"}
        return origin in allowed

    async def login(self, request: web.Request) -> web.Response:
        form = await request.post()
        lang = self._lang(request, str(form.get("lang", "")))
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="cross-site request refused\n")
        name = str(form.get("name", ""))[:200].strip()
        password = str(form.get("password", ""))
        address = self._address(request)
        keys = (f"name:{name.casefold()}", f"addr:{address}")
        wait = self.throttle.wait(*keys)
        # One try at a time per name, a few per address: no racing the count with parallel requests.
        if self._trying[keys[0]] or self._trying[keys[1]] >= ADDRESS_PARALLEL:
            wait = max(wait, 1.0)
        if wait > 0:
            message = t("web.slow_down", lang, seconds=int(wait + 0.999))
            response = await self._login_page(lang, status=429, message=message)
            response.headers["Retry-After"] = str(int(wait + 0.999))
            return response
        loop = asyncio.get_running_loop()
        self._trying.update(keys)
        try:
            found = await loop.run_in_executor(None, self.check_login, name, password)
        finally:
            self._trying.subtract(keys)
            self._trying += Counter()  # drops the zeros
        if found is None:
            self.throttle.failed(*keys)
            log.info("login refused from %s", address)  # never the password, nor the name tried
            return await self._login_page(lang, status=401, message=t("web.refused", lang))
        self.throttle.succeeded(keys[0])
        user, child_env = found
        token, session = self.sessions.create(user, lang)
        session.child_env = dict(child_env)  # in memory only, for this session's UI processes
        log.info("login: %s from %s", user, address)
        response = web.HTTPSeeOther(self._path(""))
        self._set_cookie(response, token)
        raise response

    def _set_cookie(self, response: web.StreamResponse, token: str) -> None:
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=self.options.secure,
            path=urlsplit(self.options.url).path or "/",
        )

    async def logout(self, request: web.Request) -> web.Response:
        session: Session = request["session"]
        form = await request.post()
        if not session.check_csrf(str(form.get("csrf", ""))) or not self._same_origin(request):
            raise web.HTTPForbidden(text="cross-site request refused\n")
        ended = self.sessions.end(request.cookies.get(COOKIE))
        if ended is not None:
            log.info("logout: %s", ended.user)
            await self._close(ended)
        response = web.HTTPSeeOther(self._path("login") + "?ended=logout")
        response.del_cookie(COOKIE, path=urlsplit(self.options.url).path or "/")
        raise response

    # -- the UI ------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.Response:
        session: Session = request["session"]
        base = self.options.url
        ws_url = ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1] + "/ws"
        page = app_page(
            lang=session.lang,
            title=t("web.title", session.lang),
            user=session.user,
            csrf=session.csrf,
            websocket_url=ws_url,
            static_url=f"{self._path('static')}/",
            font_size=self.options.font_size,
        )
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def static(self, request: web.Request) -> web.StreamResponse:
        wanted = (self.static_path / request.match_info["path"]).resolve()
        if not wanted.is_relative_to(self.static_path.resolve()) or not wanted.is_file():
            raise web.HTTPNotFound()
        response = web.FileResponse(wanted)
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        session: Session = request["session"]
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="cross-site request refused\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        width = _number(request.query.get("width"), 80)
        height = _number(request.query.get("height"), 24)
        await websocket.prepare(request)
        env = {**session.child_env, "TRACKER_WEB": "1", "TRACKER_WEB_PARENT": str(os.getpid())}
        process = UIProcess(
            self.child_argv(session),
            env,
            session,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        session.sockets.add(websocket)
        self.processes.add(process)
        try:
            await process.start(width, height)
            log.info("UI process %s for %s", process.pid, session.user)
            await self._relay(websocket, process, session)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("UI process failed")
        finally:
            session.sockets.discard(websocket)
            await process.stop()
            self.processes.discard(process)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, process: UIProcess, session: Session) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                session.last_seen = self.sessions.clock()  # a key press is what keeps a session alive
                await process.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await process.set_terminal_size(_number(data.get("width"), 80), _number(data.get("height"), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await process.blur()
            elif kind == "focus":
                await process.focus()

    async def download(self, request: web.Request) -> web.StreamResponse:
        session: Session = request["session"]
        key = request.match_info["key"]
        if key not in session.downloads:
            raise web.HTTPNotFound()
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        session.downloads.discard(key)
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = _attachment(meta.file_name)
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- ending sessions -------------------------------------------------------------
    async def _close(self, session: Session) -> None:
        for websocket in list(session.sockets):
            with contextlib.suppress(Exception):
                await websocket.close()

    async def sweep(self) -> None:
        """End idle sessions and those of accounts no longer enabled, with their UI processes."""
        ended = self.sessions.expired()
        if self.enabled_accounts is not None:
            try:
                enabled = await asyncio.get_running_loop().run_in_executor(None, self.enabled_accounts)
            except Exception:
                log.exception("could not read the accounts")
            else:
                ended += self.sessions.end_where(lambda session: session.user not in enabled)
        for session in ended:
            log.info("session ended: %s", session.user)
            await self._close(session)

    async def _start_sweeper(self, app: web.Application) -> None:
        async def every() -> None:
            while True:
                await asyncio.sleep(min(self.options.sweep_seconds, self.options.idle_seconds / 2))
                try:
                    await self.sweep()
                except Exception:
                    log.exception("sweep failed")

        self._sweeper = asyncio.create_task(every())

    async def _shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        for session in self.sessions.all():
            await self._close(session)
        await asyncio.gather(*(process.stop() for process in list(self.processes)), return_exceptions=True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _number(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 1000 else default


def _attachment(name: str) -> str:
    from urllib.parse import quote

    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def child_command(db: str, user: str, lang: str) -> list[str]:
    """The UI process's arguments: the database, the account as the user, the language."""
    return [sys.executable, "-m", "tracker.web.child", db, user, lang]
