"""The HTTP API: FastAPI JSON routes, body limits, login and Host checks.

No Gradio here: :func:`create_api` gives a working JSON server on its own, and
:mod:`briefing_bot.app` mounts the web chat beside it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI

from briefing_bot.http.api import add_api_routes, error
from briefing_bot.http.auth import (
    LOCAL_HOSTS,
    LoginThrottle,
    check_login,
    is_loopback,
    parse_auth,
    read_auth_file,
)
from briefing_bot.http.limits import (
    MAX_ASK_BYTES,
    MAX_BODY_BYTES,
    BodyLimit,
    ClosedPaths,
    HostCheck,
    PageHeaders,
)
from briefing_bot.service import LOAD_WAIT_SECONDS, AssistantHolder


def api_app(
    holder: AssistantHolder,
    *,
    auth: tuple[str, str] | None = None,
    load_wait: float = LOAD_WAIT_SECONDS,
    on_shutdown: Callable[[], None] | None = None,
) -> FastAPI:
    """A FastAPI app with the JSON routes; it starts loading ``holder`` when served, and when
    the server stops closes it (the assistants it opened) and calls ``on_shutdown`` (before
    uvicorn re-raises a SIGTERM)."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        holder.start()
        yield
        holder.close()
        if on_shutdown is not None:
            on_shutdown()

    # the OpenAPI schema is served by add_api_routes, behind the login when there is one
    app = FastAPI(
        title="briefing-bot", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    add_api_routes(app, holder, auth=auth, load_wait=load_wait)
    app.state.holder = holder
    return app


def guard(
    app: Any,
    *,
    max_ask_bytes: int = MAX_ASK_BYTES,
    max_body_bytes: int = MAX_BODY_BYTES,
    allowed_hosts: list[str] | None = None,
    closed_paths: list[str] | None = None,
    page_headers: dict[str, str] | None = None,
    throttle_logins: bool = False,
) -> Any:
    """``app`` behind the body-size limits and, when given, the Host check, routes closed
    (``closed_paths`` prefixes answer 404), headers added to HTML pages and failed logins
    throttled per client."""
    guarded: Any = BodyLimit(
        app, max_body_bytes, {"/api/ask": max_ask_bytes, "/api/brief": max_ask_bytes}
    )
    if page_headers:
        guarded = PageHeaders(guarded, page_headers)
    if closed_paths:
        guarded = ClosedPaths(guarded, closed_paths)
    if throttle_logins:
        guarded = LoginThrottle(guarded)
    if allowed_hosts:
        guarded = HostCheck(guarded, allowed_hosts)
    return guarded


def create_api(
    holder: AssistantHolder, *, auth: tuple[str, str] | None = None, **limits: Any
) -> Any:
    """The JSON API alone, guarded: what ``briefing_bot.app`` serves without the web chat."""
    return guard(api_app(holder, auth=auth), throttle_logins=auth is not None, **limits)


__all__ = [
    "LOCAL_HOSTS",
    "MAX_ASK_BYTES",
    "MAX_BODY_BYTES",
    "BodyLimit",
    "ClosedPaths",
    "HostCheck",
    "LoginThrottle",
    "PageHeaders",
    "add_api_routes",
    "api_app",
    "check_login",
    "create_api",
    "error",
    "guard",
    "is_loopback",
    "parse_auth",
    "read_auth_file",
]
