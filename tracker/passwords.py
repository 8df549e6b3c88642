"""Password hashes for the web accounts: scrypt from the standard library (memory-hard).

A stored hash names its parameters and salt, `scrypt$n$r$p$salt$hash` (base64), so that a
later tracker can raise the cost and still check the old ones. Passwords are never stored,
logged or shown; checking compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# 2**15 x 8 x 128 bytes = 32 MiB of memory per check, ~0.1 s here: costly for a guesser.
N, R, P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
MIN_LENGTH = 10
MAX_LENGTH = 1024  # a megabyte "password" costs the server, not the guesser


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, N, R, P)
    return "$".join(("scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str | None) -> bool:
    """True only for the right password; with no stored hash it still spends the same time,
    so that the answer's speed does not tell whether the account exists."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        kind, n, r, p, salt, digest = (stored or "").split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        expected = base64.b64decode(digest)
        got = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        _derive(password, b"\0" * 16, N, R, P)
        return False
    return hmac.compare_digest(got, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
