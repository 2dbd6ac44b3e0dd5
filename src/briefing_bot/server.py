"""One web server: the Gradio chat at ``/`` and JSON routes under ``/api``, on FastAPI.

Routes:
    ``GET /`` — the chat page; ``/gradio_api/...`` — Gradio's own API, with the ``/ask``
    endpoint (``gradio_client.Client(url).predict(question, api_name="/ask")``).
    ``POST /api/ask`` — ``{"question": str, "history": [{"role", "content"}]}`` → the
    ``briefing-bot ask --json`` object; 400 for an empty question or malformed JSON, 422 for a
    body of the wrong shape, 413 for a body over ``max_body_bytes``, 503 while the index
    cannot be used.
    ``GET /api/health`` — ``{"status": "ready"|"loading"|"error", "loaded", "documents",
    "chunks"}``; 200 when ready, 503 otherwise.

The assistant loads in a background thread when the server starts, so the page comes up at
once and shows the loading status. With ``auth`` set, the page asks for a login (Gradio's) and
the JSON routes take the same user and password as HTTP basic auth. Questions and corpus text
never reach the logs above debug level.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from briefing_bot.config import Settings, get_settings
from briefing_bot.errors import BriefingBotError, IndexUnavailableError, InvalidQuestionError
from briefing_bot.ui import CSS, LOAD_WAIT_SECONDS, AssistantHolder, build_app, clean_history, theme

if TYPE_CHECKING:
    from briefing_bot.assistant import Assistant

logger = logging.getLogger(__name__)

MAX_ASK_BYTES = 64 * 1024  # POST /api/ask bodies
MAX_BODY_BYTES = 2 * 1024 * 1024  # every other request body (Gradio's queue carries the chat)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: refuse request bodies over a size limit with 413 and a JSON message,
    whether the size is declared (Content-Length) or streamed (chunked).

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
                await _send_json(send, 400, {"error": "invalid Content-Length"})
                return
            if int(declared) > limit:
                await _send_json(send, 413, _too_large(limit))
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
                await _send_json(send, 413, _too_large(limit))
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app(scope, replay, send)


def _too_large(limit: int) -> dict[str, str]:
    return {"error": f"request body too large (limit {limit // 1024} KB)"}


async def _send_json(send: Send, status: int, data: dict[str, Any]) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


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


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def create_app(
    settings: Settings | None = None,
    *,
    assistant: Assistant | None = None,
    holder: AssistantHolder | None = None,
    auth: tuple[str, str] | None = None,
    max_ask_bytes: int = MAX_ASK_BYTES,
    max_body_bytes: int = MAX_BODY_BYTES,
    load_wait: float = LOAD_WAIT_SECONDS,
    allowed_hosts: list[str] | None = None,
) -> Any:
    """The FastAPI app (wrapped in the body-size limit) serving the chat and the JSON API.

    Args:
        settings: Where the corpus and index are; from the environment by default.
        assistant: An assistant already loaded (tests); else one is loaded in the background
            when the server starts.
        holder: A holder to share (overrides ``settings``/``assistant``).
        auth: ``(user, password)`` required by the page and the JSON routes.
        max_ask_bytes: Largest ``POST /api/ask`` body.
        max_body_bytes: Largest body of any other request.
        load_wait: Seconds a JSON request waits for the index to load before a 503.
        allowed_hosts: Host headers accepted (all when None). A server on loopback accepts
            only local names, so a web page cannot reach it through DNS rebinding.
    """
    if holder is None:
        if assistant is not None:
            holder = AssistantHolder.of(assistant)
        else:
            holder = AssistantHolder.from_settings(settings or get_settings())
    bot = holder

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        bot.start()
        yield

    app = FastAPI(title="briefing-bot", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.middleware("http")
    async def no_sniffing(request: Request, call_next: Any) -> Any:
        # JSON answers carry corpus text verbatim (HTML included): never let a browser
        # reinterpret them as a page
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    def unauthorized() -> JSONResponse:
        return JSONResponse(
            {"error": "authentication required"},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="briefing-bot"'},
        )

    def authorized(request: Request) -> bool:
        if auth is None:
            return True
        given = _basic_credentials(request.headers.get("authorization"))
        if given is None:
            return False
        user_ok = secrets.compare_digest(given[0].encode(), auth[0].encode())
        pass_ok = secrets.compare_digest(given[1].encode(), auth[1].encode())
        return user_ok and pass_ok

    @app.get("/api/health")
    async def health(request: Request) -> JSONResponse:
        if not authorized(request):
            return unauthorized()
        data = bot.health()
        return JSONResponse(data, status_code=200 if data["status"] == "ready" else 503)

    @app.post("/api/ask")
    async def ask(request: Request) -> JSONResponse:
        if not authorized(request):
            return unauthorized()
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            # a form or text/plain POST is what a foreign web page can send without CORS
            return JSONResponse(
                {"error": "send the question as application/json"}, status_code=415
            )
        raw = await request.body()
        try:
            payload = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=422)
        question = payload.get("question")
        if not isinstance(question, str):
            return JSONResponse({"error": '"question" must be a string'}, status_code=422)
        try:
            history = clean_history(payload.get("history"))
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        if not question.strip():
            return JSONResponse(
                {"error": "the question is empty: type a question about the paper"},
                status_code=400,
            )
        try:
            if await run_in_threadpool(bot.wait, load_wait) is None:
                return JSONResponse(
                    {"error": "the index is still loading; try again shortly", "status": "loading"},
                    status_code=503,
                    headers={"Retry-After": "5"},
                )
            answer = await run_in_threadpool(bot.ask, question, history)
        except InvalidQuestionError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except IndexUnavailableError as exc:
            return JSONResponse({"error": str(exc)}, status_code=503)
        except BriefingBotError as exc:
            logger.warning("POST /api/ask failed: %s", type(exc).__name__)
            return JSONResponse({"error": str(exc)}, status_code=500)
        except Exception as exc:
            logger.error("POST /api/ask failed: %s", type(exc).__name__)
            logger.debug("POST /api/ask failed", exc_info=True)
            return JSONResponse({"error": "internal error"}, status_code=500)
        logger.info(
            "POST /api/ask answered in %.2f s (%d citations%s)",
            answer.seconds,
            len(answer.citations),
            ", abstained" if answer.abstained else "",
        )
        return JSONResponse(answer.to_dict())

    demo = build_app(bot)
    app = gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth=auth,
        auth_message="Sign in to the briefing bot.",
        footer_links=["api"],
        run_history=False,
        max_file_size="1mb",
        ssr_mode=False,
        show_error=True,
        mcp_server=False,
        theme=theme(),
        css=CSS,
    )
    app.state.holder = bot
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return BodyLimit(app, max_body_bytes, {"/api/ask": max_ask_bytes})


def serve(
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    settings: Settings | None = None,
    auth: tuple[str, str] | None = None,
    log_level: str = "info",
) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    from briefing_bot.cli.serve import is_loopback

    local = ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = create_app(settings, auth=auth, allowed_hosts=local if is_loopback(host) else None)
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)
