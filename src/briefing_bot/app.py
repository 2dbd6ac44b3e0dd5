"""One web server: the Gradio chat at ``/`` and the JSON API under ``/api``, on FastAPI.

Routes:
    ``GET /`` — the chat page; ``/gradio_api/...`` — Gradio's own API, with the ``/ask``
    endpoint (``gradio_client.Client(url).predict(question, api_name="/ask")``).
    ``POST /api/ask``, ``GET /api/health`` — see :mod:`briefing_bot.http.api`.

The assistant loads in a background thread when the server starts, so the page comes up at
once and shows the loading status. With ``auth`` set, the page asks for a login (Gradio's) and
the JSON routes take the same user and password as HTTP basic auth.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from briefing_bot.config import Settings, get_settings
from briefing_bot.http import LOCAL_HOSTS, api_app, guard, is_loopback
from briefing_bot.http.limits import MAX_ASK_BYTES, MAX_BODY_BYTES
from briefing_bot.service import LOAD_WAIT_SECONDS, AssistantHolder

if TYPE_CHECKING:
    from briefing_bot.assistant import Assistant


# Gradio routes this app never uses; open, any web page could post files to a local server
# (uploads need no login without --auth) or use it as a proxy.
CLOSED_GRADIO_ROUTES = [
    "/gradio_api/upload",  # also /upload_progress
    "/gradio_api/process_recording",
    "/gradio_api/proxy=",
    "/gradio_api/stream/",
    "/gradio_api/vibe-",
    "/gradio_api/undo-vibe-edit",
    "/gradio_api/run-history/",
    "/gradio_api/dev/",
]

# The page loads nothing from elsewhere and is framed by nobody. Gradio's page needs inline
# scripts and styles (its config is an inline script) and eval for js_on_load handlers;
# connect-src/img-src 'self' still keep any injected markup from sending data elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


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
    on_shutdown: Callable[[], None] | None = None,
) -> Any:
    """The ASGI app serving the chat and the JSON API, behind the body-size limits.

    Args:
        settings: Where the corpus and index are; from the environment by default.
        assistant: An assistant already loaded (tests); else one is loaded in the background
            when the server starts.
        holder: A holder to share (overrides ``settings``/``assistant``).
        auth: ``(user, password)`` required by the page and the JSON routes.
        max_ask_bytes: Largest ``POST /api/ask`` body.
        max_body_bytes: Largest body of any other request.
        load_wait: Seconds a JSON request waits for the index to load before a 503.
        allowed_hosts: Host names accepted (all when None). A server on loopback accepts
            only local names, so a web page cannot reach it through DNS rebinding.
        on_shutdown: Called when the server stops.
    """
    import gradio as gr

    from briefing_bot.ui import build_app, css, theme

    if holder is None:
        if assistant is not None:
            holder = AssistantHolder.of(assistant)
        else:
            holder = AssistantHolder.from_settings(settings or get_settings())
    app = api_app(holder, auth=auth, load_wait=load_wait, on_shutdown=on_shutdown)
    app = gr.mount_gradio_app(
        app,
        build_app(holder),
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
        css=css(),
    )
    app.state.holder = holder
    return guard(
        app,
        max_ask_bytes=max_ask_bytes,
        max_body_bytes=max_body_bytes,
        allowed_hosts=allowed_hosts,
        closed_paths=CLOSED_GRADIO_ROUTES,
        page_headers=PAGE_HEADERS,
        throttle_logins=auth is not None,
    )


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

    private = _private_gradio_temp()

    def remove_private() -> None:
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)

    try:
        app = create_app(
            settings,
            auth=auth,
            allowed_hosts=LOCAL_HOSTS if is_loopback(host) else None,
            on_shutdown=remove_private,
        )
        uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)
    finally:  # uvicorn ends a SIGTERM by re-raising it: the lifespan removed it already
        remove_private()


def _private_gradio_temp() -> str | None:
    """Point Gradio's file cache at a new folder only this user can read (0700), removed when
    the server stops; unless GRADIO_TEMP_DIR says otherwise. Set before Gradio is imported:
    it reads the variable then. The app keeps no transcript there (downloads are data: links),
    but whatever Gradio itself caches stays private and short-lived."""
    if os.environ.get("GRADIO_TEMP_DIR"):
        return None
    folder = tempfile.mkdtemp(prefix="briefing-bot-gradio-")
    os.environ["GRADIO_TEMP_DIR"] = folder
    return folder
