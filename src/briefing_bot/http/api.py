"""The JSON routes, on FastAPI: ``POST /api/ask``, ``POST /api/brief`` and ``GET /api/health``.

Every error is ``{"error": "..."}``: 400 for an empty question or malformed JSON, 422 for a
body of the wrong shape (a history role other than user/assistant included), 415 unless the
body is ``application/json``, 401 without the login when one is set, 404/405 for other paths
and methods under ``/api``, 503 while the index cannot be used. Questions and corpus text never
reach the logs above debug level.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from briefing_bot.errors import BriefingBotError, IndexUnavailableError, InvalidQuestionError
from briefing_bot.http.auth import check_login
from briefing_bot.service import LOAD_WAIT_SECONDS, AssistantHolder, clean_history

if TYPE_CHECKING:
    from briefing_bot.answering.types import Answer
    from briefing_bot.assistant import Assistant

logger = logging.getLogger(__name__)

ROUTES = {"/api/ask": "POST", "/api/brief": "POST", "/api/health": "GET"}


def error(message: str, status: int, **headers: str) -> JSONResponse:
    """The API's one error shape."""
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


def add_api_routes(
    app: FastAPI,
    holder: AssistantHolder,
    *,
    auth: tuple[str, str] | None = None,
    load_wait: float = LOAD_WAIT_SECONDS,
) -> None:
    """Add the JSON routes (and JSON 404/405 for the rest of ``/api``) to ``app``."""

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return error(str(exc.detail), exc.status_code, **(exc.headers or {}))

    @app.middleware("http")
    async def no_sniffing(request: Request, call_next: Any) -> Any:
        # JSON answers carry corpus text verbatim (HTML included): never let a browser
        # reinterpret them as a page
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    def unauthorized() -> JSONResponse:
        return error(
            "authentication required", 401, **{"WWW-Authenticate": 'Basic realm="briefing-bot"'}
        )

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> JSONResponse:
        if not check_login(request.headers.get("authorization"), auth):
            return unauthorized()
        return JSONResponse(app.openapi())

    @app.get("/api/health")
    async def health(request: Request) -> JSONResponse:
        if not check_login(request.headers.get("authorization"), auth):
            return unauthorized()
        data = await run_in_threadpool(holder.health)  # it may ask a Chroma server
        return JSONResponse(data, status_code=200 if data["status"] == "ready" else 503)

    async def json_body(request: Request, what: str) -> dict[str, Any] | JSONResponse:
        """The request's JSON object, or the error response (login, media type, shape)."""
        if not check_login(request.headers.get("authorization"), auth):
            return unauthorized()
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            # a form or text/plain POST is what a foreign web page can send without CORS
            return error(f"send the {what} as application/json", 415)
        try:
            payload = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError):
            return error("the body must be a JSON object", 400)
        if not isinstance(payload, dict):
            return error("the body must be a JSON object", 422)
        return payload

    async def answered(route: str, work: Callable[[Assistant], Any]) -> Any:
        """``work`` on the loaded assistant in a worker thread; the library's errors become
        the documented JSON errors (a library's own message never reaches the client)."""
        try:
            assistant = await run_in_threadpool(holder.wait, load_wait)
            if assistant is None:
                return JSONResponse(
                    {"error": "the index is still loading; try again shortly", "status": "loading"},
                    status_code=503,
                    headers={"Retry-After": "5"},
                )
            return await run_in_threadpool(work, assistant)
        except InvalidQuestionError as exc:
            return error(str(exc), 400)
        except IndexUnavailableError as exc:
            return error(str(exc), 503)
        except BriefingBotError as exc:
            logger.warning("POST %s failed: %s", route, type(exc).__name__)
            return error(str(exc), 500)
        except Exception as exc:
            logger.error("POST %s failed: %s", route, type(exc).__name__)
            logger.debug("POST %s failed", route, exc_info=True)
            return error("internal error", 500)

    @app.post("/api/ask")
    async def ask(request: Request) -> JSONResponse:
        payload = await json_body(request, "question")
        if isinstance(payload, JSONResponse):
            return payload
        question = payload.get("question")
        if not isinstance(question, str):
            return error('"question" must be a string', 422)
        try:
            history = clean_history(payload.get("history"))
        except ValueError as exc:
            return error(str(exc), 422)
        if not question.strip():
            return error("the question is empty: type a question about the paper", 400)

        def work(assistant: Assistant) -> Answer:
            # a briefing request ("summarize…", "brief me on X") gets the briefing
            routed = assistant.briefing_answer(question, history)
            return routed if routed is not None else holder.ask(question, history)

        answer = await answered("/api/ask", work)
        if isinstance(answer, JSONResponse):
            return answer
        logger.info(
            "POST /api/ask answered in %.2f s (%d citations%s)",
            answer.seconds,
            len(answer.citations),
            ", abstained" if answer.abstained else "",
        )
        return JSONResponse(answer.to_dict())

    @app.post("/api/brief")
    async def brief(request: Request) -> JSONResponse:
        """``{"topic": str | null, "points": int | null, "doc_id": str | null, "rephrase":
        bool | null}`` → the ``briefing-bot brief --json`` object (every field optional: no
        topic briefs it all; ``rephrase`` null follows the server's answerer mode)."""
        payload = await json_body(request, "request")
        if isinstance(payload, JSONResponse):
            return payload
        topic, points, doc_id, rephrase = (
            payload.get(k) for k in ("topic", "points", "doc_id", "rephrase")
        )
        if topic is not None and not isinstance(topic, str):
            return error('"topic" must be a string or null', 422)
        if points is not None and (
            isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= 12
        ):
            return error('"points" must be a whole number from 1 to 12, or null', 422)
        if doc_id is not None and not isinstance(doc_id, str):
            return error('"doc_id" must be a string or null', 422)
        if rephrase is not None and not isinstance(rephrase, bool):
            return error('"rephrase" must be true, false or null', 422)
        briefing = await answered(
            "/api/brief",
            lambda a: a.brief(topic or None, points=points, doc_id=doc_id, rephrase=rephrase),
        )
        if isinstance(briefing, JSONResponse):
            return briefing
        logger.info(
            "POST /api/brief answered in %.2f s (%d points%s)",
            briefing.seconds,
            len(briefing.points),
            ", abstained" if briefing.abstained else "",
        )
        return JSONResponse(briefing.to_dict())

    # Anything else under /api answers here, in the API's shape, and never falls through to
    # whatever is mounted at "/" (the web chat): an unknown route is 404, a known route with
    # another method 405.
    @app.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        include_in_schema=False,
    )
    async def elsewhere(request: Request, rest: str) -> JSONResponse:
        path = f"/api/{rest}"
        if path in ROUTES:
            return error("method not allowed", 405, Allow=ROUTES[path])
        return error("not found", 404)
