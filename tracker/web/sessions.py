"""Login sessions and the slowing down of wrong passwords (no Textual, no aiohttp here)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _digest(token: str) -> str:
    # The store keys sessions by a digest: a look-up's timing says nothing about the tokens.
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(repr=False)
class Session:
    user: str
    lang: str
    csrf: str
    created: float
    last_seen: float
    sockets: set[Any] = field(default_factory=set)  # the open websockets, closed when the session ends
    downloads: set[str] = field(default_factory=set)  # delivery keys its UI processes offered
    child_env: dict[str, str] = field(default_factory=dict, repr=False)  # what its UI processes need

    def __repr__(self) -> str:  # never the token, the CSRF value or a password in a log
        return f"Session(user={self.user!r})"

    def check_csrf(self, given: str | None) -> bool:
        return hmac.compare_digest(self.csrf, given or "")


class SessionStore:
    """In memory only: a server restart logs everyone out (and no token is ever on disk)."""

    def __init__(self, idle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}

    def create(self, user: str, lang: str) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(user, lang, secrets.token_urlsafe(24), now, now)
        self._sessions[_digest(token)] = session
        return token, session

    def get(self, token: str | None, *, touch: bool = True) -> Session | None:
        if not token:
            return None
        session = self._sessions.get(_digest(token))
        if session is None:
            return None
        now = self.clock()
        if now - session.last_seen > self.idle_seconds:
            return None  # expired; the sweep closes its sockets
        if touch:
            session.last_seen = now
        return session

    def end(self, token: str | None) -> Session | None:
        return self._sessions.pop(_digest(token), None) if token else None

    def end_where(self, test: Callable[[Session], bool]) -> list[Session]:
        ended = [key for key, session in self._sessions.items() if test(session)]
        return [self._sessions.pop(key) for key in ended]

    def expired(self) -> list[Session]:
        now = self.clock()
        return self.end_where(lambda session: now - session.last_seen > self.idle_seconds)

    def all(self) -> list[Session]:
        return list(self._sessions.values())


class Throttle:
    """Wrong passwords slow down what they were tried with, an account name or an address:
    after `free` failures each next try waits twice as long (1 s, 2 s, 4 s … up to `cap`).
    A name that does not exist is throttled just the same, so the wait tells nothing."""

    def __init__(
        self, free: int = 5, first_wait: float = 1.0, cap: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free = free
        self.first_wait = first_wait
        self.cap = cap
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}

    def wait(self, *keys: str) -> float:
        """Seconds to wait before any of `keys` may try again (0: now)."""
        now = self.clock()
        longest = 0.0
        for key in keys:
            count, at = self._failures.get(key, (0, 0.0))
            if count >= self.free:
                delay = min(self.cap, self.first_wait * 2 ** (count - self.free))
                longest = max(longest, at + delay - now)
        return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, now)
        if len(self._failures) > 100_000:  # an address sweep cannot fill the memory
            oldest = sorted(self._failures.items(), key=lambda entry: entry[1][1])[:50_000]
            for key, _ in oldest:
                del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
