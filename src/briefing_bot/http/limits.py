"""ASGI middleware for the edges of every request: body size limits, JSON bodies that every
route can parse, and accepted Host names.

Each answers in the API's error shape, ``{"error": "..."}``, before the app sees the request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_ASK_BYTES = 64 * 1024  # POST /api/ask bodies
MAX_BODY_BYTES = 2 * 1024 * 1024  # every other request body (Gradio's queue carries the chat)


class BodyLimit:
    """Refuse request bodies over a size limit with 413, whether the size is declared
    (Content-Length) or streamed (chunked), and JSON bodies no route could parse with 400.

    The body is read here, up to the limit, before the app sees the request: the app never
    starts on a body it would have to abandon halfway. A JSON body (``application/json``) must
    parse: JSON nested thousands deep or a number of thousands of digits is refused here, for
    Gradio's routes as for ours, instead of failing deep inside a route as a 500. A lone
    surrogate escape (``"\\ud800"``, valid JSON but not text) reaches the app as U+FFFD, so
    no tokenizer or encoder downstream meets it.
    """

    def __init__(self, app: ASGIApp, default: int, limits: dict[str, int] | None = None):
        self.app = app
        self.default = default
        self.limits = limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope.get("path", ""), self.default)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_json(send, 400, {"error": "invalid Content-Length"})
                return
            if int(declared) > limit:
                await send_json(send, 413, _too_large(limit))
                return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(body) > limit:
                await send_json(send, 413, _too_large(limit))
                return
        if body and _is_json(scope):
            try:
                fixed = _checked_json(bytes(body))
            except ValueError as exc:
                await send_json(send, 400, {"error": f"the body is not valid JSON ({exc})"})
                return
            if fixed is not None:
                body = bytearray(fixed)
                headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-length"]
                scope = {**scope, "headers": [*headers, (b"content-length", b"%d" % len(body))]}
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app(scope, replay, send)


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_json(scope: Scope) -> bool:
    raw = dict(scope.get("headers") or []).get(b"content-type", b"")
    media = raw.split(b";")[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


def _checked_json(body: bytes) -> bytes | None:
    """None when ``body`` is fine as it is; the body with lone surrogates replaced by U+FFFD
    when it had any.

    Raises:
        ValueError: the body does not parse (bad syntax, bytes that aren't UTF-8, nesting too
            deep, a number too long to convert).
    """
    try:
        # strict UTF-8 first: json.loads alone would read encoded surrogates as text
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deep") from None
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    except ValueError as exc:  # e.g. int() of a 5,000-digit number
        raise ValueError(str(exc).split(";")[0]) from None
    if not _SURROGATE_ESCAPE.search(body):
        return None
    return json.dumps(_replace_surrogates(data), ensure_ascii=False).encode("utf-8")


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    return value


class HostCheck:
    """Accept only requests whose ``Host`` names one of ``allowed`` (any port); others get
    400 ``{"error": "invalid Host header"}``. A server on loopback uses this so a web page
    cannot reach it through DNS rebinding."""

    def __init__(self, app: ASGIApp, allowed: list[str]):
        self.app = app
        self.allowed = {h.lower() for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if _host_name(raw) not in self.allowed:
                if scope["type"] == "http":
                    await send_json(send, 400, {"error": "invalid Host header"})
                else:
                    await send({"type": "websocket.close", "code": 1008})
                return
        await self.app(scope, receive, send)


class ClosedPaths:
    """Answer 404 ``{"error": "not found"}`` for every path under one of ``prefixes``: routes
    a mounted framework offers that this app never uses (Gradio's file uploads), so that no
    web page can use them either."""

    def __init__(self, app: ASGIApp, prefixes: list[str]):
        self.app = app
        self.prefixes = tuple(prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith(self.prefixes):
            await send_json(send, 404, {"error": "not found"})
            return
        await self.app(scope, receive, send)


class PageHeaders:
    """Add ``headers`` (a Content-Security-Policy…) to every HTML response."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]):
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                kind = dict(headers).get(b"content-type", b"")
                if kind.startswith(b"text/html"):
                    names = {k.lower() for k, _ in headers}
                    headers += [(k, v) for k, v in self.headers if k not in names]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _host_name(header: str) -> str:
    """``"127.0.0.1:7860"`` → ``"127.0.0.1"``; ``"[::1]:80"`` → ``"[::1]"``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _too_large(limit: int) -> dict[str, str]:
    return {"error": f"request body too large (limit {limit // 1024} KB)"}


async def send_json(
    send: Send, status: int, data: dict[str, Any], extra: dict[str, str] | None = None
) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
