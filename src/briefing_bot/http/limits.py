"""ASGI middleware for the edges of every request: body size limits and accepted Host names.

Both answer in the API's error shape, ``{"error": "..."}``, before the app sees the request.
"""

from __future__ import annotations

import json
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
    (Content-Length) or streamed (chunked).

    The body is read here, up to the limit, before the app sees the request: the app never
    starts on a body it would have to abandon halfway.
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
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app(scope, replay, send)


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


def _host_name(header: str) -> str:
    """``"127.0.0.1:7860"`` → ``"127.0.0.1"``; ``"[::1]:80"`` → ``"[::1]"``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _too_large(limit: int) -> dict[str, str]:
    return {"error": f"request body too large (limit {limit // 1024} KB)"}


async def send_json(send: Send, status: int, data: dict[str, Any]) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
