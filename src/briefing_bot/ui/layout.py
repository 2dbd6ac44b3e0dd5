"""The web chat's page: a Gradio app over one :class:`AssistantHolder`.

The page's CSS and JavaScript are files under ``ui/static/``, read at run time; the HTML it
shows comes from :mod:`briefing_bot.ui.render`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

# Gradio must not phone home (the app is offline); set before gradio is imported.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from briefing_bot.briefing.requests import (
    BriefRequest,
    clean_topic,
    parse_request,
    requested_points,
)
from briefing_bot.errors import BriefingBotError, IndexUnavailableError, InvalidQuestionError
from briefing_bot.service import (
    LOAD_WAIT_SECONDS,
    MODES,
    AssistantHolder,
    clean_history,
    generative_available,
)
from briefing_bot.ui.export import download_link
from briefing_bot.ui.render import (
    chat_messages,
    context_html,
    esc,
    history_of,
    limit_sources,
    md_text,
    registry_html,
    sources_html,
)

logger = logging.getLogger(__name__)

TITLE = "Briefing bot"
EMPTY_CONTEXT = '<div class="bb-panel-empty">Click a source to read it in context.</div>'


@lru_cache(maxsize=8)
def static_text(name: str) -> str:
    """A file of ``briefing_bot/ui/static/`` (package data), as text."""
    return (resources.files("briefing_bot.ui") / "static" / name).read_text(encoding="utf-8")


def css() -> str:
    """The page's own stylesheet."""
    return static_text("style.css")


def registry_panel(holder: AssistantHolder) -> str:
    """The Sources tab's HTML (a note while the index loads)."""
    registry = holder.source_registry()
    if registry is None:
        return '<p class="bb-muted">The source registry appears once the index is loaded.</p>'
    return registry_html(registry)


def theme() -> Any:
    """The page's theme: system fonts only (nothing is fetched from the internet)."""
    return gr.themes.Default(
        primary_hue="indigo",
        neutral_hue="slate",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )


def build_app(holder: AssistantHolder, *, title: str = TITLE) -> gr.Blocks:
    """The chat page, the Sources tab and the ``/ask`` Gradio API endpoint.

    The caller mounts it (``briefing_bot.server``) and starts ``holder``; the page shows the
    loading status until the assistant is ready.
    """
    settings = holder.settings
    show_modes = generative_available(settings)

    def status_text() -> str:
        return (
            f'<div class="bb-status bb-{holder.state}"><span class="bb-dot"></span>'
            f"{esc(holder.message)}</div>"
        )

    def refresh() -> tuple[str, str, Any]:
        loading = holder.state == "loading"
        return status_text(), registry_panel(holder), gr.Timer(active=loading)

    def answer_data(
        question: str,
        history: list[dict[str, str]],
        k: float,
        mode: str | None,
        brief: str | None,
    ) -> dict[str, Any]:
        """The turn's answer. A briefing (asked for in words, or with "Brief me" on the topic
        ``brief``) keeps all its sources, and its structure under ``"briefing"``."""
        assistant = holder.wait(0)
        if brief is not None:
            request: BriefRequest | None = BriefRequest(
                clean_topic(brief), points=requested_points(brief)
            )
        else:
            request = parse_request(question)
        if request is not None and assistant is not None:
            # the answer-mode switch, where shown, decides whether its points are reworded
            rephrase = mode == "generative" if show_modes and mode else None
            briefing = assistant.brief(request.topic, points=request.points, rephrase=rephrase)
            return {**briefing.to_answer(question).to_dict(), "briefing": briefing.to_dict()}
        answer = holder.ask(question, history, mode if show_modes else None)
        return limit_sources(answer.to_dict(), int(k))

    def brief_me(
        topic: str, turns: list[dict[str, Any]], k: float, mode: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """The "Brief me" action: a briefing on the topic typed beside it, or on everything."""
        topic = (topic or "").strip()
        label = f"Brief me on {topic}" if clean_topic(topic) else "Brief me"
        yield from respond(label, turns, k, mode, brief=topic)

    def respond(
        question: str,
        turns: list[dict[str, Any]],
        k: float,
        mode: str | None,
        brief: str | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        # Gradio applies a generator's last outputs once more when its event ends, and under
        # load that came seconds after they were shown: it blanked the source the reader had
        # opened meanwhile, emptied the question they were typing and dropped the card they
        # had picked. So what the reader can change after sending is set once, early: the
        # question box and the context panel are cleared when the question is sent, the
        # sources panel (and which turn it shows) comes with the answer, and the run's last
        # outputs leave everything alone.
        question = (question or "").strip()
        if not question:
            gr.Info("Type a question about the paper first, or pick an example.")
            yield (gr.skip(),) * 7  # nothing changes (nor when this event ends, late)
            return
        history = history_of(turns)
        turn: dict[str, Any] = {"question": question, "answer": None}
        pending = [*turns, turn]
        yield "", turns, chat_messages(pending), gr.skip(), gr.skip(), gr.skip(), EMPTY_CONTEXT
        started = time.monotonic()
        try:
            while holder.wait(1.0) is None:
                if time.monotonic() - started > LOAD_WAIT_SECONDS:
                    raise IndexUnavailableError("the index is taking too long to load")
                turn["pending"] = f"{holder.message} Your question will be answered next."
                yield gr.skip(), turns, chat_messages(pending), *(gr.skip(),) * 4
            turn.pop("pending", None)
            data = answer_data(question, history, k, mode, brief)
        except InvalidQuestionError as exc:
            data = {"answer": f"Error: {exc}", "citations": [], "error": True}
        except BriefingBotError as exc:
            data = {"answer": f"Could not answer: {exc}", "citations": [], "error": True}
        except Exception as exc:  # shown in the chat, never as a stack trace on the page
            logger.error("answering failed: %s", type(exc).__name__)
            logger.debug("answering failed", exc_info=True)
            data = {
                "answer": "Something went wrong while answering; see the server log.",
                "citations": [],
                "error": True,
            }
        done = [*turns, {"question": question, "answer": data}]
        documents = holder.documents()
        titles = [str(d.get("title", "")) for d in documents.values()]
        heading = f"Briefing: {titles[0]}" if len(titles) == 1 else "Briefing"
        messages, link = chat_messages(done), download_link(done, heading)
        yield gr.skip(), done, messages, sources_html(done[-1]), len(done) - 1, link, gr.skip()
        # the end, re-applied late, changes nothing: a question typed, a card picked, a source
        # opened or another turn (a "Brief me" sent meanwhile) since the answer appeared stay
        yield (gr.skip(),) * 7

    def select_turn(turns: list[dict[str, Any]], evt: gr.SelectData) -> tuple[str, int]:
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn = min(max(int(index) // 2, 0), max(len(turns) - 1, 0))
        return sources_html(turns[turn] if turns else None), turn

    def open_citation(
        turns: list[dict[str, Any]], selected: int, evt: gr.EventData
    ) -> tuple[str, str]:
        data = getattr(evt, "_data", None) or {}
        try:
            number = int(str(data.get("cite")))
            turn = turns[selected]
            citation = next(c for c in turn["answer"]["citations"] if c["number"] == number)
        except (TypeError, ValueError, IndexError, KeyError, StopIteration):
            return gr.skip(), gr.skip()
        documents = holder.documents()
        chunk = holder.chunk(citation.get("chunk_id", ""))
        return sources_html(turn, number), context_html(documents, chunk, citation)

    def pick_example(evt: gr.SelectData) -> str:
        value = evt.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)

    def clear() -> tuple[Any, ...]:
        return (
            [],
            [],
            sources_html(None),
            0,
            "",
            EMPTY_CONTEXT,
        )

    def ask_api(question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """Answer a question about the paper: the answer text with [n] markers, whether it
        abstained, and its citations (passage, document, locator, endnotes, highlights)."""
        try:
            messages = clean_history(history)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        if not isinstance(question, str) or not question.strip():
            raise gr.Error("the question is empty: type a question about the paper")
        try:
            assistant = holder.wait(LOAD_WAIT_SECONDS)
            if assistant is None:
                raise gr.Error("the index is still loading; try again shortly")
            routed = assistant.briefing_answer(question, messages)  # "summarize…": a briefing
            return (routed or holder.ask(question, messages)).to_dict()
        except BriefingBotError as exc:
            raise gr.Error(str(exc)) from None
        except gr.Error:
            raise
        except Exception as exc:  # never a library's own message (a tokenizer's) to the client
            logger.error("the /ask endpoint failed: %s", type(exc).__name__)
            logger.debug("the /ask endpoint failed", exc_info=True)
            raise gr.Error("internal error; see the server log") from None

    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        turns = gr.State([])
        selected = gr.State(0)
        with gr.Row(equal_height=False):
            gr.Markdown(f"## {md_text(title)}", elem_id="bb-title")
            status = gr.HTML(status_text(), elem_id="bb-status", js_on_load=None)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=380):
                    chatbot = gr.Chatbot(
                        elem_id="bb-chat",
                        label="Conversation",
                        height=540,
                        sanitize_html=True,
                        render_markdown=True,
                        latex_delimiters=[],
                        allow_tags=False,
                        buttons=["copy", "copy_all"],
                        feedback_options=None,
                        placeholder=(
                            "**Ask about the paper.** Every answer quotes the paper and "
                            "cites the passage; pick an example to start."
                        ),
                        examples=[{"text": q} for q in settings.ui_examples],
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            elem_id="bb-question",
                            placeholder="Ask a question about the paper…",
                            show_label=False,
                            lines=1,
                            max_lines=6,
                            max_length=settings.max_question_chars,
                            scale=5,
                            autofocus=True,
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="bb-send")
                    with gr.Row(equal_height=True):
                        topic_box = gr.Textbox(
                            elem_id="bb-topic",
                            placeholder="Topic (optional): leave empty for the whole paper",
                            show_label=False,
                            lines=1,
                            max_length=settings.max_question_chars,
                            scale=5,
                        )
                        brief_btn = gr.Button("Brief me", scale=1, elem_id="bb-brief")
                    with gr.Row():
                        clear_btn = gr.Button("New conversation", size="sm")
                        # the briefing travels inside the link (a data: URL): no transcript is
                        # ever written to the server's disk or served from Gradio's file cache
                        download = gr.HTML(
                            "", elem_id="bb-download-box", js_on_load=None, container=False
                        )
                    with gr.Accordion("Settings", open=False):
                        top_k = gr.Slider(
                            1,
                            10,
                            value=min(settings.top_k, 10),
                            step=1,
                            label="Sources per answer (at most)",
                        )
                        mode = gr.Radio(
                            list(MODES),
                            value=settings.answerer,
                            label="Answers",
                            info="grounded: the paper's own sentences; generative: a local "
                            "model's wording, still cited",
                            visible=show_modes,
                        )
                with gr.Column(scale=2, min_width=320):
                    sources = gr.HTML(
                        sources_html(None),
                        elem_id="bb-sources",
                        js_on_load=static_text("cards.js"),
                        container=True,
                        padding=True,
                        label="Sources",
                        show_label=True,
                        max_height=400,
                    )
                    context = gr.HTML(
                        EMPTY_CONTEXT,
                        elem_id="bb-context",
                        container=True,
                        padding=True,
                        label="In context",
                        show_label=True,
                        max_height=330,
                        js_on_load=static_text("context.js"),
                    )
            with gr.Tab("Sources", id="sources"):
                gr.Markdown(
                    "Every source the documents cite (their endnotes), with the passages that "
                    "cite each one."
                )
                registry = gr.HTML(registry_panel(holder), elem_id="bb-registry", js_on_load=None)
        timer = gr.Timer(1.0, active=True)

        outputs = [box, turns, chatbot, sources, selected, download, context]
        ask_args: dict[str, Any] = {
            "fn": respond,
            "inputs": [box, turns, top_k, mode],
            "outputs": outputs,
            "api_visibility": "private",
            "concurrency_limit": 4,
            "show_progress": "minimal",
        }
        box.submit(**ask_args)
        send.click(**ask_args)
        brief_args = {**ask_args, "fn": brief_me, "inputs": [topic_box, turns, top_k, mode]}
        brief_args["outputs"] = [topic_box, *outputs[1:]]
        brief_btn.click(**brief_args)
        topic_box.submit(**brief_args)
        chatbot.example_select(pick_example, None, box, api_visibility="private", queue=False).then(
            **ask_args
        )
        chatbot.select(select_turn, [turns], [sources, selected], api_visibility="private")
        sources.click(
            open_citation, [turns, selected], [sources, context], api_visibility="private"
        )
        clear_btn.click(
            clear,
            None,
            [turns, chatbot, sources, selected, download, context],
            api_visibility="private",
        )
        timer.tick(refresh, None, [status, registry, timer], api_visibility="private")
        demo.load(refresh, None, [status, registry, timer], api_visibility="private")
        gr.api(ask_api, api_name="ask", concurrency_limit=4)
    return demo
