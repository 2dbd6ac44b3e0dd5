"""Who may connect: the optional login (HTTP basic auth on the JSON routes) and whether an
address only accepts local connections."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import secrets

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
