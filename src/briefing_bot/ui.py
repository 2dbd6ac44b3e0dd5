"""The web chat: a Gradio app over one :class:`Assistant`, and the HTML it shows.

Corpus text is untrusted. Everything this module shows from it is HTML-escaped (and, in chat
bubbles, Markdown-escaped as well, so the chat's Markdown renderer sees plain text); links are
only ever http(s) URLs. The pure functions here (``*_html``, ``answer_bubble``,
``briefing_markdown``, ``limit_sources``) take the JSON-ready ``Answer.to_dict()`` objects the
page keeps in its state, so they are tested without a browser.
"""

from __future__ import annotations

import html
import importlib.util
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from briefing_bot.config import Settings

# Gradio must not phone home (the app is offline); set before gradio is imported.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from briefing_bot.errors import BriefingBotError, IndexUnavailableError, InvalidQuestionError

if TYPE_CHECKING:
    from briefing_bot.answering.types import Answer, Answerer
    from briefing_bot.assistant import Assistant
    from briefing_bot.chunking import Chunk

logger = logging.getLogger(__name__)

TITLE = "Briefing bot"
EXAMPLES = [
    "What are the four types of cooperation the paper identifies?",
    "What is the Minerals Security Partnership?",
    "What does the paper say about biotechnology cooperation?",
    "How has cooperation on space and cyber developed?",
]
MODES = ("grounded", "generative")
CONTEXT_PARAGRAPHS = 2  # paragraphs shown before and after a cited passage
LOAD_WAIT_SECONDS = 600.0  # how long a question waits for the index to load

# ---------------------------------------------------------------------------------------------
# Loading the assistant in the background


class AssistantHolder:
    """Loads the assistant once per process, in a background thread, and reports progress.

    The page and the HTTP routes share one holder: they show its status while the index
    loads (or builds) and wait on it before answering.
    """

    def __init__(self, load: Callable[[Callable[[str], None]], Assistant], settings: Settings):
        self._load = load
        self.settings = settings
        self._ready = threading.Event()
        self._start_lock = threading.Lock()
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._answerers: dict[str, Answerer] = {}
        self._chunk_map: dict[str, Chunk] | None = None
        self._registry: str | None = None
        self.assistant: Assistant | None = None
        self.error: str | None = None
        self.message = "Starting…"

    @classmethod
    def from_settings(cls, settings: Settings) -> AssistantHolder:
        """A holder that opens (building when needed) the index ``settings`` name."""

        def load(say: Callable[[str], None]) -> Assistant:
            from briefing_bot.assistant import Assistant

            def progress(stage: str, done: int, total: int) -> None:
                say(f"Building the index: {stage} {done}/{total} passages…")

            return Assistant.load(settings=settings, message=say, progress=progress)

        return cls(load, settings)

    @classmethod
    def of(cls, assistant: Assistant) -> AssistantHolder:
        """A holder around an assistant that is already loaded."""
        holder = cls(lambda _say: assistant, assistant.settings)
        holder._finish(assistant)
        return holder

    def start(self) -> None:
        """Start loading in a background thread (once; later calls do nothing)."""
        with self._start_lock:
            if self._thread is not None or self._ready.is_set():
                return
            self.message = "Opening the index…"
            self._thread = threading.Thread(target=self._run, name="assistant-loader", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            assistant = self._load(self._say)
            self._say("Preparing the answerer…")
            _ = assistant.answerer  # built here so the first question does not pay for it
        except BriefingBotError as exc:
            self._fail(str(exc))
        except Exception as exc:  # the page must show *something*; details go to the log
            logger.exception("loading the assistant failed")
            self._fail(f"unexpected {type(exc).__name__}; see the server log")
        else:
            self._finish(assistant)

    def _say(self, text: str) -> None:
        self.message = text

    def _fail(self, reason: str) -> None:
        self.error = reason
        self.message = f"The index could not be loaded: {reason}"
        self._ready.set()

    def _finish(self, assistant: Assistant) -> None:
        self.assistant = assistant
        chunks = len(assistant.index.chunks)
        docs = len(assistant.documents())
        self.message = f"Ready: {_plural(docs, 'document')}, {_plural(chunks, 'passage')} indexed."
        self._ready.set()

    @property
    def state(self) -> str:
        """``loading``, ``ready`` or ``error``."""
        if not self._ready.is_set():
            return "loading"
        return "error" if self.error else "ready"

    def wait(self, timeout: float | None = None) -> Assistant | None:
        """The assistant once loaded; None if still loading after ``timeout`` seconds.

        Raises:
            IndexUnavailableError: loading failed.
        """
        if not self._ready.wait(timeout):
            return None
        if self.assistant is None:
            raise IndexUnavailableError(self.error or "the index could not be loaded")
        return self.assistant

    def health(self) -> dict[str, Any]:
        """Status and index counts, as ``GET /api/health`` returns them."""
        data: dict[str, Any] = {"status": self.state, "loaded": self.assistant is not None}
        if self.assistant is not None:
            data["documents"] = len(self.assistant.documents())
            data["chunks"] = len(self.assistant.index.chunks)
            data["answerer"] = self.assistant.settings.answerer
        else:
            data["message"] = self.message
        return data

    # -- answering

    def answerer(self, mode: str) -> Answerer:
        """The answerer for ``mode`` (``grounded`` or ``generative``), made once."""
        assistant = self.wait(0)
        if assistant is None:
            raise IndexUnavailableError("the index is still loading")
        with self._lock:
            found = self._answerers.get(mode)
            if found is not None:
                return found
            if mode == assistant.settings.answerer:
                made = assistant.answerer
            elif mode == "grounded":
                from briefing_bot.answer import GroundedAnswerer

                made = GroundedAnswerer(assistant)
            elif mode == "generative" and generative_available(assistant.settings):
                from briefing_bot.generative import GenerativeAnswerer

                made = GenerativeAnswerer(assistant, self.answerer("grounded"))
            else:
                raise InvalidQuestionError(f"answer mode {mode!r} is not available")
            self._answerers[mode] = made
            return made

    def ask(
        self, question: str, history: Sequence[dict[str, str]] = (), mode: str | None = None
    ) -> Answer:
        """Answer with the answerer for ``mode`` (the configured one by default)."""
        assistant = self.wait(0)
        if assistant is None:
            raise IndexUnavailableError("the index is still loading")
        mode = mode or assistant.settings.answerer
        answer = self.answerer(mode).answer(question, list(history))
        answer.mode = mode
        return answer

    def chunk(self, chunk_id: str) -> Chunk | None:
        if self.assistant is None:
            return None
        with self._lock:
            if self._chunk_map is None:
                self._chunk_map = {c.id: c for c in self.assistant.chunks()}
            return self._chunk_map.get(chunk_id)

    def registry_html(self) -> str:
        """The Sources tab, rendered once."""
        if self.assistant is None:
            return '<p class="bb-muted">The source registry appears once the index is loaded.</p>'
        with self._lock:
            if self._registry is None:
                from briefing_bot.sources import source_registry

                self._registry = registry_html(source_registry(self.assistant))
            return self._registry


def generative_available(settings: Settings) -> bool:
    """Whether the generative answerer can run here: its module, and a model to run."""
    if importlib.util.find_spec("briefing_bot.generative") is None:
        return False
    remote = settings.llm.startswith(("http://", "https://"))
    return remote or importlib.util.find_spec("transformers") is not None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------------------------------------
# Escaping


def esc(text: object) -> str:
    """HTML-escape untrusted text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None. Not escaped."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlparse(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ch in '<>"`' for ch in url):
        return None
    return url


def link_html(url: object, label: object | None = None) -> str:
    """An escaped link when ``url`` is http(s); escaped plain text otherwise."""
    safe = safe_url(url)
    text = esc(label if label is not None else url)
    if safe is None:
        return text
    return f'<a href="{esc(safe)}" target="_blank" rel="noopener noreferrer nofollow">{text}</a>'


# Every ASCII punctuation character Markdown (or Gradio's LaTeX/emoji extensions) could read
# as syntax. Backslash escapes are standard CommonMark; ``<``, ``>``, ``&`` and quotes are
# left to html.escape, whose entities Markdown renders as the literal characters.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")
_MARKERS_ESCAPED = re.compile(r"\\\[\d+\\\](?:[ ,]*\\\[\d+\\\])*")  # "\[1\] \[2\]"


def md_text(text: str) -> str:
    """Untrusted text as Markdown that renders as exactly that text."""
    return esc(_MD_SPECIAL.sub(r"\\\1", text))


def highlight(text: str, spans: Sequence[Sequence[int]]) -> str:
    """``text`` escaped, with the character ``spans`` wrapped in ``<mark>``."""
    clean: list[tuple[int, int]] = []
    for span in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(0, span[0]), min(len(text), span[1])
        if start >= end:
            continue
        if clean and start <= clean[-1][1]:
            clean[-1] = (clean[-1][0], max(clean[-1][1], end))
        else:
            clean.append((start, end))
    out, pos = [], 0
    for start, end in clean:
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _find_spans(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for raw in needles:
        needle = raw.strip()
        at = text.find(needle) if needle else -1
        if at >= 0:
            spans.append((at, at + len(needle)))
    return spans


# ---------------------------------------------------------------------------------------------
# Answers and their sources


def limit_sources(answer: dict[str, Any], k: int) -> dict[str, Any]:
    """``answer`` (an ``Answer.to_dict()``) with at most ``k`` sources.

    Citations are numbered in order of first use, so keeping the first ``k`` keeps a prefix
    of the answer: sentences that cite only later sources are dropped, and markers of dropped
    sources are removed from sentences that keep another one.
    """
    citations = answer.get("citations") or []
    if k < 1 or len(citations) <= k:
        return answer
    kept = [c for c in citations if int(c["number"]) <= k]
    text = answer.get("answer", "")
    parts = []
    # a segment ends with its marker(s), e.g. "… in 2023 [2]" or "… cites X [3]."
    for segment in re.split(r"(?<=\])(?=\s)|(?<=\]\.)(?=\s)", text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", segment)]
        if numbers and all(n > k for n in numbers):
            continue
        parts.append(re.sub(r"\s*\[(\d+)\]", lambda m: "" if int(m[1]) > k else m[0], segment))
    text = "".join(parts).strip() or text
    return {**answer, "answer": text, "citations": kept}


def answer_bubble(answer: dict[str, Any]) -> str:
    """The chat bubble of an answer: escaped text, bold [n] markers, a short source line."""
    text = _MARKERS_ESCAPED.sub(lambda m: f"**{m[0]}**", md_text(answer.get("answer", "")))
    if answer.get("abstained") and not re.search(r"(?:doesn't|does not) cover", text):
        text = f"**Not covered by the paper.** {text}"
    citations = answer.get("citations") or []
    if citations:
        label = "Nearest passage" if answer.get("abstained") else "Sources"
        text += f"\n\n*{label}: {_source_line(citations)}*"
    if answer.get("notice"):
        text += f"\n\n*({md_text(answer['notice'])})*"
    return text


def _source_line(citations: Sequence[dict[str, Any]]) -> str:
    """ "Section: [1] ¶ 20 · [2] ¶ 21; Other section: [3] ¶ 4", Markdown-escaped."""
    groups: list[tuple[str, list[str]]] = []
    for c in citations:
        section, _, where = str(c.get("locator", "")).rpartition("; ")
        item = f"\\[{c['number']}\\] {md_text(where)}"
        if groups and groups[-1][0] == section:
            groups[-1][1].append(item)
        else:
            groups.append((section, [item]))
    return "; ".join(
        f"{md_text(_shorten(section, 70)) + ': ' if section else ''}{' · '.join(items)}"
        for section, items in groups
    )


def endnote_html(note: dict[str, Any]) -> str:
    """One endnote the cited passage rests on: publisher, “title”, date, link."""
    parts = [esc(p) for p in (note.get("publisher"),) if p]
    if note.get("title"):
        parts.append(f"“{esc(note['title'])}”")
    if note.get("date"):
        parts.append(esc(note["date"]))
    label = ", ".join(parts) if parts else esc(_shorten(note.get("text", ""), 300))
    url = safe_url(note.get("url"))
    link = f" {link_html(url, _shorten(url, 70))}" if url else ""
    return (
        f'<li><span class="bb-note-num">Endnote {esc(note.get("number"))}</span> {label}{link}</li>'
    )


def citation_html(citation: dict[str, Any], active: bool = False) -> str:
    """A source card: number, document, locator, the passage with its supporting sentences
    highlighted, and the endnotes it rests on. Clicking it opens the passage in context."""
    number = int(citation["number"])
    classes = "bb-cite bb-active" if active else "bb-cite"
    passage = highlight(citation.get("text", ""), citation.get("highlights") or [])
    notes = "".join(endnote_html(n) for n in citation.get("endnotes") or [])
    notes_html = f'<ul class="bb-notes">{notes}</ul>' if notes else ""
    return (
        f'<div class="{classes}" data-cite="{number}" role="button" tabindex="0" '
        f'title="Show this passage in context">'
        f'<div class="bb-cite-head"><span class="bb-num">{number}</span>'
        f'<span class="bb-doc">{esc(citation.get("source", ""))}</span></div>'
        f'<div class="bb-loc">{esc(citation.get("locator", ""))}</div>'
        f'<div class="bb-passage">{passage}</div>{notes_html}'
        f'<div class="bb-open">Show in context →</div></div>'
    )


def sources_html(turn: dict[str, Any] | None, active: int | None = None) -> str:
    """The side panel for one turn: its question and numbered source cards."""
    if not turn or not turn.get("answer"):
        return (
            '<div class="bb-panel-empty">Sources of the selected answer appear here, with the '
            "supporting sentences highlighted. Click one to read it in context.</div>"
        )
    answer = turn["answer"]
    citations = answer.get("citations") or []
    head = f'<div class="bb-q">Sources for “{esc(_shorten(turn.get("question", ""), 120))}”</div>'
    if not citations:
        return head + '<div class="bb-panel-empty">This answer cites no passage.</div>'
    note = ""
    if answer.get("abstained"):
        note = (
            '<div class="bb-abstain">The paper does not answer this question; this is the '
            "nearest passage, not an answer.</div>"
        )
    cards = "".join(citation_html(c, active == int(c["number"])) for c in citations)
    return f"{head}{note}{cards}"


def context_html(documents: dict[str, Any], chunk: Chunk | None, citation: dict[str, Any]) -> str:
    """The cited passage in its document: the paragraphs around it, the cited ones marked and
    their supporting sentences highlighted, then the endnotes it rests on."""
    number = esc(citation.get("number"))
    title = esc(citation.get("source", ""))
    head = (
        f'<div class="bb-ctx-head"><span class="bb-num">{number}</span> {title}'
        f'<div class="bb-loc">{esc(citation.get("locator", ""))}</div></div>'
    )
    text = citation.get("text", "")
    needles = [text[s:e] for s, e in citation.get("highlights") or []]
    doc = documents.get(chunk.doc_id) if chunk is not None else None
    paragraphs = (doc or {}).get("paragraphs") or []
    body = []
    if chunk is not None and paragraphs:
        first, last = chunk.paragraph, chunk.paragraph_end
        section: tuple[str, ...] | None = None
        for para in paragraphs:
            n = int(para.get("number", -1))
            if not first - CONTEXT_PARAGRAPHS <= n <= last + CONTEXT_PARAGRAPHS:
                continue
            if para.get("kind", "body") != chunk.kind and not first <= n <= last:
                continue
            path = tuple(para.get("section_path") or ())
            if path != section:
                section = path
                if path:
                    body.append(f'<div class="bb-ctx-section">{esc(" › ".join(path))}</div>')
            cited = first <= n <= last
            ptext = para.get("text", "")
            inner = highlight(ptext, _find_spans(ptext, needles)) if cited else esc(ptext)
            page = f" · p. {esc(para['page'])}" if para.get("page") is not None else ""
            body.append(
                f'<p class="{"bb-cited" if cited else "bb-para"}">'
                f'<span class="bb-pnum">¶ {n}{page}</span>{inner}</p>'
            )
    if not body:  # the document registry lacks it (index from another version): the passage
        body.append(f'<p class="bb-cited">{highlight(text, citation.get("highlights") or [])}</p>')
    notes = "".join(endnote_html(n) for n in citation.get("endnotes") or [])
    notes_html = f'<div class="bb-ctx-notes">Rests on:<ul class="bb-notes">{notes}</ul></div>'
    return f'<div class="bb-context">{head}{"".join(body)}{notes_html if notes else ""}</div>'


def registry_html(registry: Sequence[dict[str, Any]]) -> str:
    """The Sources tab: every endnote of every document, with the passages citing it."""
    if not registry:
        return '<p class="bb-muted">The corpus documents cite no sources (no endnotes).</p>'
    out: list[str] = ['<div class="bb-registry">']
    current = None
    for entry in registry:
        if entry.get("doc_id") != current:
            if current is not None:
                out.append("</div>")
            current = entry.get("doc_id")
            out.append(f'<div class="bb-reg-doc"><h3>{esc(entry.get("document") or current)}</h3>')
        parts = [f"“{esc(entry['title'])}”"] if entry.get("title") else []
        parts += [esc(entry[k]) for k in ("publisher", "date") if entry.get(k)]
        label = ", ".join(parts) if parts else esc(_shorten(entry.get("text", ""), 400))
        url = safe_url(entry.get("url"))
        link = f'<div class="bb-reg-url">{link_html(url)}</div>' if url else ""
        citing = entry.get("citing_passages") or []
        items = "".join(
            f'<li><span class="bb-loc">{esc(p.get("locator", ""))}</span> '
            f"“{esc(_shorten(p.get('sentence', ''), 300))}”</li>"
            for p in citing
        )
        cited = (
            f"<details><summary>Cited by {_plural(len(citing), 'passage')}</summary>"
            f"<ul>{items}</ul></details>"
            if citing
            else '<div class="bb-muted">No indexed passage cites it.</div>'
        )
        out.append(
            f'<div class="bb-reg-note" id="bb-note-{esc(entry.get("number"))}">'
            f'<span class="bb-num">{esc(entry.get("number"))}</span> {label}{link}{cited}</div>'
        )
    out.append("</div></div>")
    return "".join(out)


def _shorten(text: object, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------------------------------------
# The conversation


def chat_messages(turns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Chatbot value (messages format) for the conversation so far."""
    messages: list[dict[str, Any]] = []
    for turn in turns:
        messages.append({"role": "user", "content": md_text(turn.get("question", ""))})
        if turn.get("answer") is not None:
            messages.append({"role": "assistant", "content": answer_bubble(turn["answer"])})
        else:
            pending = turn.get("pending") or "Searching the paper…"
            messages.append({"role": "assistant", "content": f"*{md_text(pending)}*"})
    return messages


def history_of(turns: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The chat history ``Assistant.ask`` takes: plain questions and answer texts."""
    history = []
    for turn in turns:
        if turn.get("answer") is None or turn["answer"].get("error"):
            continue
        history.append({"role": "user", "content": turn.get("question", "")})
        history.append({"role": "assistant", "content": turn["answer"].get("answer", "")})
    return history


def briefing_markdown(turns: Sequence[dict[str, Any]], title: str = "Briefing") -> str:
    """The conversation as a Markdown briefing: each question, its answer, its references."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {title}",
        "",
        f"*{stamp}. Answers quote the indexed documents; [n] marks the reference each "
        "sentence comes from.*",
    ]
    number = 0
    for turn in turns:
        answer = turn.get("answer")
        if answer is None or answer.get("error"):
            continue
        number += 1
        lines += ["", f"## {number}. {turn.get('question', '')}", "", answer.get("answer", "")]
        if answer.get("notice"):
            lines += ["", f"*({answer['notice']})*"]
        citations = answer.get("citations") or []
        if citations:
            lines += ["", "**References**", ""]
        for c in citations:
            lines.append(f"[{c['number']}] *{c.get('source', '')}*, {c.get('locator', '')}.  ")
            lines.append(f"> {_shorten(c.get('text', ''), 600)}")
            for note in c.get("endnotes") or []:
                label = ", ".join(
                    p
                    for p in (
                        note.get("publisher"),
                        f"“{note['title']}”" if note.get("title") else None,
                        note.get("date"),
                    )
                    if p
                ) or _shorten(note.get("text", ""), 300)
                url = safe_url(note.get("url"))
                link = f" <{url}>" if url else ""
                lines.append(f">  ↳ endnote {note.get('number')}: {label}{link}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def clean_history(value: object) -> list[dict[str, str]]:
    """A chat history from a client: ``[{"role": "user"|"assistant", "content": str}]``.

    Raises:
        ValueError: it has another shape.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("history must be a list of {role, content} messages")
    history = []
    for item in value:
        if (
            not isinstance(item, dict)
            or item.get("role") not in ("user", "assistant", "system")
            or not isinstance(item.get("content"), str)
        ):
            raise ValueError(
                'each history message must be {"role": "user"|"assistant", "content": str}'
            )
        history.append({"role": str(item["role"]), "content": str(item["content"])})
    return history


# ---------------------------------------------------------------------------------------------
# The page

CSS = """
.bb-status { font-size: 0.95em; padding-top: 6px; text-align: right; }
.bb-dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%;
  margin-right: 7px; background: #9ca3af; }
.bb-ready .bb-dot { background: #16a34a; }
.bb-loading .bb-dot { background: #f59e0b; animation: bb-pulse 1s infinite alternate; }
.bb-error { color: #b91c1c; }
.bb-error .bb-dot { background: #dc2626; }
@keyframes bb-pulse { from { opacity: 1; } to { opacity: 0.3; } }
.bb-panel-empty, .bb-muted { color: var(--body-text-color-subdued); font-size: 0.95em; }
.bb-q { font-weight: 600; margin: 0 0 8px 0; }
.bb-abstain { background: var(--background-fill-secondary); border-left: 3px solid #d97706;
  padding: 6px 10px; margin-bottom: 10px; font-size: 0.92em; }
.bb-cite { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; margin-bottom: 10px; cursor: pointer;
  background: var(--background-fill-primary); }
.bb-cite:hover, .bb-cite:focus { border-color: var(--color-accent); outline: none; }
.bb-cite.bb-active { border-color: var(--color-accent); box-shadow: 0 0 0 1px var(--color-accent); }
.bb-cite-head { font-weight: 600; line-height: 1.35; }
.bb-num { display: inline-block; min-width: 1.5em; text-align: center; margin-right: 6px;
  border-radius: 4px; background: var(--color-accent); color: white; font-size: 0.85em;
  font-weight: 600; padding: 0 4px; }
.bb-loc { color: var(--body-text-color-subdued); font-size: 0.88em; margin-top: 2px; }
.bb-passage { margin: 6px 0 4px 0; line-height: 1.5; font-size: 0.93em; }
.bb-cite mark, .bb-context mark { background: rgba(250, 204, 21, 0.45); color: inherit;
  padding: 0 1px; border-radius: 2px; }
.bb-notes { margin: 4px 0 0 0; padding-left: 18px; font-size: 0.87em;
  color: var(--body-text-color-subdued); }
.bb-notes a { word-break: break-all; }
.bb-note-num { font-weight: 600; }
.bb-open { font-size: 0.82em; color: var(--color-accent); margin-top: 4px; }
.bb-context { font-size: 0.93em; line-height: 1.55; }
.bb-ctx-head { font-weight: 600; margin-bottom: 8px; }
.bb-ctx-section { font-weight: 600; font-size: 0.88em; margin: 10px 0 4px 0;
  color: var(--body-text-color-subdued); }
.bb-context p { margin: 0 0 8px 0; }
.bb-context p.bb-para { color: var(--body-text-color-subdued); }
.bb-context p.bb-cited { border-left: 3px solid var(--color-accent); padding-left: 8px; }
.bb-pnum { font-size: 0.8em; color: var(--body-text-color-subdued); margin-right: 6px; }
.bb-ctx-notes { font-size: 0.9em; margin-top: 6px; }
.bb-reg-doc h3 { margin: 8px 0; }
.bb-reg-note { border-bottom: 1px solid var(--border-color-primary); padding: 8px 0;
  line-height: 1.45; }
.bb-reg-url { font-size: 0.88em; word-break: break-all; }
.bb-reg-note details { font-size: 0.9em; margin-top: 4px; }
.bb-reg-note li { margin-bottom: 4px; }
"""

# Clicks on a source card reach Python as a "click" event carrying the card's number.
_CARD_JS = """
const open = (ev) => {
  const card = ev.target.closest('[data-cite]');
  if (!card || !element.contains(card)) return;
  if (ev.type === 'keydown' && ev.key !== 'Enter' && ev.key !== ' ') return;
  ev.preventDefault();
  trigger('click', {cite: card.dataset.cite});
};
element.addEventListener('click', open);
element.addEventListener('keydown', open);
"""

# Bring the cited paragraph into view whenever the context panel changes.
_CONTEXT_JS = """
watch('value', () => {
  const cited = element.querySelector('.bb-cited');
  let box = cited && cited.parentElement;
  while (box && box !== document.body) {
    const style = getComputedStyle(box);
    if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (!cited || !box || box === document.body) return;  // never scroll the page itself
  const top = cited.getBoundingClientRect().top - box.getBoundingClientRect().top;
  box.scrollTop += top - 40;
});
"""


def theme() -> Any:
    """The page's theme: system fonts only (nothing is fetched from the internet)."""
    return gr.themes.Default(
        primary_hue="indigo",
        neutral_hue="slate",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )


def _write_briefing(folder: Path, turns: Sequence[dict[str, Any]], title: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"briefing-{stamp}.md"
    path.write_text(briefing_markdown(turns, title), encoding="utf-8")
    return str(path)


def build_app(holder: AssistantHolder, *, title: str = TITLE) -> gr.Blocks:
    """The chat page, the Sources tab and the ``/ask`` Gradio API endpoint.

    The caller mounts it (``briefing_bot.server``) and starts ``holder``; the page shows the
    loading status until the assistant is ready.
    """
    settings = holder.settings
    downloads = Path(tempfile.mkdtemp(prefix="briefing-bot-"))
    show_modes = generative_available(settings)

    def status_text() -> str:
        return (
            f'<div class="bb-status bb-{holder.state}"><span class="bb-dot"></span>'
            f"{esc(holder.message)}</div>"
        )

    def refresh() -> tuple[str, str, Any]:
        loading = holder.state == "loading"
        return status_text(), holder.registry_html(), gr.Timer(active=loading)

    def respond(
        question: str, turns: list[dict[str, Any]], k: float, mode: str | None
    ) -> Iterator[tuple[Any, ...]]:
        question = (question or "").strip()
        if not question:
            gr.Info("Type a question about the paper first, or pick an example.")
            yield question, turns, chat_messages(turns), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = history_of(turns)
        turn: dict[str, Any] = {"question": question, "answer": None}
        pending = [*turns, turn]
        yield "", turns, chat_messages(pending), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        started = time.monotonic()
        try:
            while holder.wait(1.0) is None:
                if time.monotonic() - started > LOAD_WAIT_SECONDS:
                    raise IndexUnavailableError("the index is taking too long to load")
                turn["pending"] = f"{holder.message} Your question will be answered next."
                yield "", turns, chat_messages(pending), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            turn.pop("pending", None)
            answer = holder.ask(question, history, mode if show_modes else None)
            data = limit_sources(answer.to_dict(), int(k))
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
        documents = holder.assistant.documents() if holder.assistant else {}
        titles = [str(d.get("title", "")) for d in documents.values()]
        heading = f"Briefing: {titles[0]}" if len(titles) == 1 else "Briefing"
        path = _write_briefing(downloads, done, heading)
        yield (
            "",
            done,
            chat_messages(done),
            sources_html(done[-1]),
            len(done) - 1,
            gr.DownloadButton(value=path, visible=True),
            '<div class="bb-panel-empty">Click a source to read it in context.</div>',
        )

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
        documents = holder.assistant.documents() if holder.assistant else {}
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
            gr.DownloadButton(value=None, visible=False),
            '<div class="bb-panel-empty">Click a source to read it in context.</div>',
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
            if holder.wait(LOAD_WAIT_SECONDS) is None:
                raise gr.Error("the index is still loading; try again shortly")
            return holder.ask(question, messages).to_dict()
        except BriefingBotError as exc:
            raise gr.Error(str(exc)) from None

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
                        examples=[{"text": q} for q in EXAMPLES],
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
                    with gr.Row():
                        clear_btn = gr.Button("New conversation", size="sm")
                        download = gr.DownloadButton(
                            "Download briefing (.md)",
                            size="sm",
                            visible=False,
                            elem_id="bb-download",
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
                        js_on_load=_CARD_JS,
                        container=True,
                        padding=True,
                        label="Sources",
                        show_label=True,
                        max_height=400,
                    )
                    context = gr.HTML(
                        '<div class="bb-panel-empty">Click a source to read it in context.</div>',
                        elem_id="bb-context",
                        container=True,
                        padding=True,
                        label="In context",
                        show_label=True,
                        max_height=330,
                        js_on_load=_CONTEXT_JS,
                    )
            with gr.Tab("Sources", id="sources"):
                gr.Markdown(
                    "Every source the documents cite (their endnotes), with the passages that "
                    "cite each one."
                )
                registry = gr.HTML(holder.registry_html(), elem_id="bb-registry", js_on_load=None)
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
