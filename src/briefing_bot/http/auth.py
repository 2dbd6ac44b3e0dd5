"""Who may connect: the optional login (HTTP basic auth on the JSON routes, Gradio's login
form on the page), failed logins slowed down per client, and whether an address only accepts
local connections."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from briefing_bot.http.limits import ASGIApp, Message, Receive, Scope, Send, send_json

# Host names a server bound to loopback answers to.
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``"USER:PASS"`` → ``(user, password)``; None or "" → None.

    Raises:
        ValueError: no colon, or an empty user or password.
    """
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("auth must be USER:PASSWORD (both non-empty)")
    return user, password


def read_auth_file(path: Path) -> tuple[str, str]:
    """``USER:PASSWORD`` from the first line of a file (``serve --auth-file``).

    Raises:
        ValueError: unreadable, or not ``USER:PASSWORD``.
    """
    try:
        first = path.read_text(encoding="utf-8").splitlines()[:1]
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the auth file {path}: {exc}") from None
    login = parse_auth(first[0].strip() if first else "")
    if login is None:
        raise ValueError(f"the auth file {path} is empty; write USER:PASSWORD on its first line")
    return login


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """``(user, password)`` from an ``Authorization: Basic …`` header, else None."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def check_login(header: str | None, auth: tuple[str, str] | None) -> bool:
    """Whether the ``Authorization`` header carries the login (always, without one)."""
    if auth is None:
        return True
    given = basic_credentials(header)
    if given is None:
        return False
    user_ok = secrets.compare_digest(given[0].encode(), auth[0].encode())
    pass_ok = secrets.compare_digest(given[1].encode(), auth[1].encode())
    return user_ok and pass_ok


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LoginThrottle:
    """After ``limit`` failed logins from one client address within ``window`` seconds, that
    client's login attempts get 429 until the window has passed: a password can't be guessed
    at network speed. A failure is a 401 to a request that carried credentials, or a refused
    login form (Gradio's ``POST /login``); a success forgets the client's failures. At most
    ``max_clients`` addresses are remembered (the oldest forgotten first), so memory stays
    bounded whoever connects."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int = 10,
        window: float = 60.0,
        max_clients: int = 4096,
        login_paths: tuple[str, ...] = ("/login", "/login/"),
    ):
        self.app = app
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self.login_paths = login_paths
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(client, []) if now - t < self.window]
        if times:
            self._failures[client] = times
        else:
            self._failures.pop(client, None)
        return times

    def _fail(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            self._failures[client] = [*times[-(self.limit - 1) :], now]
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

    def _succeed(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _wait(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
        if len(times) < self.limit:
            return 0.0
        return max(0.0, self.window - (now - times[-self.limit]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = str((scope.get("client") or ("?", 0))[0])
        headers = dict(scope.get("headers") or [])
        is_login = scope.get("path") in self.login_paths and scope.get("method") == "POST"
        attempt = is_login or b"authorization" in headers
        if attempt and (wait := self._wait(client)):
            await send_json(
                send,
                429,
                {"error": f"too many failed logins; try again in {int(wait) + 1} s"},
                {"retry-after": str(int(wait) + 1)},
            )
            return

        async def watch(message: Message) -> None:
            if attempt and message["type"] == "http.response.start":
                status = int(message["status"])
                if status == 401 or (is_login and status in (400, 401, 403)):
                    self._fail(client)
                elif status < 400:
                    self._succeed(client)
            await send(message)

        await self.app(scope, receive, watch)
