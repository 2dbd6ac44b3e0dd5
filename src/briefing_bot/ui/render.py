"""The HTML and Markdown the web chat shows, as pure functions of ``Answer.to_dict()`` objects.

Corpus text is untrusted. Everything shown from it is HTML-escaped (and, in chat bubbles,
Markdown-escaped as well, so the chat's Markdown renderer sees plain text); links are only ever
http(s) URLs. No Gradio here: these are tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from briefing_bot.briefing.types import split_label
from briefing_bot.corpus.turns import QUESTION
from briefing_bot.service import plural
from briefing_bot.text import shorten

if TYPE_CHECKING:
    from briefing_bot.chunking import Chunk

CONTEXT_PARAGRAPHS = 2  # paragraphs shown before and after a cited passage

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


REWORDED_NOTE = "reworded by the local model; checked against the cited passage"
# marks a point the generative mode rewrote: its words are the model's, not the source's
REWORDED_TAG = f'<span class="bb-reworded" title="{esc(REWORDED_NOTE)}">reworded</span>'


def briefing_text(
    briefing: dict[str, Any],
    *,
    escape: Callable[[str], str] = md_text,
    reworded: str = f" {REWORDED_TAG}",
    markers: str = "**{}**",
) -> str:
    """A briefing (``Briefing.to_dict()``) as Markdown: bold title, the bottom line, one
    bullet per point, each with its [n] markers; corpus text through ``escape``, a point's
    document label with the title in italics, and ``reworded`` after a point the local model
    reworded. The defaults are the chat's (text escaped for its renderer, the markers bold, a
    tag whose tooltip says the rewrite was checked); the Markdown download passes its own."""

    def line(point: dict[str, Any]) -> str:
        label, text = split_label(str(point.get("text", "")), str(point.get("source") or ""))
        lead = ""
        if label is not None:
            author = f" ({escape(label.author)})" if label.author else ""
            lead = f"*{escape(label.name)}*{author}: "
        tag = reworded if point.get("rephrased") is True else ""
        marks = "".join(f"\\[{escape(str(n))}\\]" for n in point.get("citations") or [])
        return f"{lead}{escape(text)}{tag} {markers.format(marks) if marks else ''}".rstrip()

    lines = [f"**{escape(str(briefing.get('title') or 'Briefing'))}**", ""]
    if briefing.get("abstained"):
        first = str(briefing.get("briefing", "")).split("\n\n")
        lines += [escape(first[1] if len(first) > 1 else ""), ""]
        if briefing.get("points"):
            lines += ["Nearest passages:", ""]
    elif briefing.get("bottom_line"):
        lines += [f"*Bottom line:* {line(briefing['bottom_line'])}", ""]
    lines += [f"- {line(p)}" for p in briefing.get("points") or []]
    return "\n".join(lines).rstrip()


def answer_bubble(answer: dict[str, Any]) -> str:
    """The chat bubble of an answer: escaped text, bold [n] markers, a short source line."""
    if isinstance(answer.get("briefing"), dict):  # says itself what it does not cover
        text = briefing_text(answer["briefing"])
    else:
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
        f"{md_text(section) + ': ' if section else ''}{' · '.join(items)}"
        for section, items in groups
    )


def endnote_html(note: dict[str, Any]) -> str:
    """One endnote the cited passage rests on: publisher, “title”, date, link."""
    parts = [esc(p) for p in (note.get("publisher"),) if p]
    if note.get("title"):
        parts.append(f"“{esc(note['title'])}”")
    if note.get("date"):
        parts.append(esc(note["date"]))
    label = ", ".join(parts) if parts else esc(shorten(note.get("text", ""), 300))
    url = safe_url(note.get("url"))
    link = f" {link_html(url, shorten(url, 70))}" if url else ""
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
        f'<div class="bb-loc" title="{esc(citation.get("locator", ""))}">'
        f"{esc(citation.get('locator', ''))}</div>"
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
    head = f'<div class="bb-q">Sources for “{esc(shorten(turn.get("question", ""), 120))}”</div>'
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


def _flow(kind: str) -> str:
    # an interviewer's question and the answer after it are one reading flow: an answer's
    # context shows the question it answers (marked as a turn), unlike notes or front matter
    return "body" if kind == QUESTION else kind


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
            kind = para.get("kind", "body")
            if _flow(kind) != _flow(chunk.kind) and not first <= n <= last:
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
            turn = " bb-turn" if kind == QUESTION else ""
            body.append(
                f'<p class="{"bb-cited" if cited else "bb-para"}{turn}">'
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
        # a note may cite several works: list each (the first one is the note's own label)
        works = [w for w in entry.get("sources") or [] if isinstance(w, dict)] or [entry]
        labels = [_work_label(w) for w in works]
        label = labels[0] or esc(shorten(entry.get("text", ""), 400))
        also = "".join(f'<div class="bb-reg-also">also: {lab}</div>' for lab in labels[1:] if lab)
        urls = dict.fromkeys(u for u in (safe_url(w.get("url")) for w in works) if u)
        link = "".join(f'<div class="bb-reg-url">{link_html(u)}</div>' for u in urls)
        citing = entry.get("citing_passages") or []
        items = "".join(
            f'<li><span class="bb-loc">{esc(p.get("locator", ""))}</span> '
            f"“{esc(shorten(p.get('sentence', ''), 300))}”</li>"
            for p in citing
        )
        cited = (
            f"<details><summary>Cited by {plural(len(citing), 'passage')}</summary>"
            f"<ul>{items}</ul></details>"
            if citing
            else '<div class="bb-muted">No indexed passage cites it.</div>'
        )
        out.append(
            f'<div class="bb-reg-note" id="bb-note-{esc(entry.get("number"))}">'
            f'<span class="bb-num">{esc(entry.get("number"))}</span> {label}{also}{link}'
            f"{cited}{_held_html(entry)}</div>"
        )
    out.append("</div></div>")
    return "".join(out)


def _held_html(entry: dict[str, Any]) -> str:
    """The copies of a note's works held in the corpus (original or archived, partial), and
    each claim citing the note beside the closest passage of the work (escaped)."""
    held = "".join(
        f'<div class="bb-reg-held">In the corpus as {esc(h.get("doc_id"))}: '
        f"{esc(h.get('copy', ''))}</div>"
        for h in entry.get("in_corpus") or []
    )
    rows = []
    for c in entry.get("beside") or []:
        where = f" ({esc(c['passage_locator'])})" if c.get("passage_locator") else ""
        said = (
            f"“{esc(shorten(c['passage'], 300))}”" if c.get("passage") else "no passage to compare"
        )
        weak = " — weakly supported: check the claim" if c.get("weak") else ""
        rows.append(
            f'<li class="bb-beside{" bb-weak" if c.get("weak") else ""}">'
            f'<span class="bb-loc">{esc(c.get("locator", ""))}</span> '
            f"“{esc(shorten(c.get('claim', ''), 300))}”"
            f'<div class="bb-reg-source">{esc(c.get("source_title") or c.get("source_doc"))}'
            f"{where} says: {said} "
            f'<span class="bb-muted">similarity {float(c.get("score") or 0):.2f}{weak}</span>'
            "</div></li>"
        )
    if not rows:
        return held
    return (
        f"{held}<details open><summary>Claims beside the source</summary>"
        f'<ul class="bb-beside-list">{"".join(rows)}</ul></details>'
    )


def _work_label(work: dict[str, Any]) -> str:
    """“Title”, publisher, date of one cited work, escaped ("" when it has none of them)."""
    parts = [f"“{esc(work['title'])}”"] if work.get("title") else []
    parts += [esc(work[k]) for k in ("publisher", "date") if work.get(k)]
    return ", ".join(parts)


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
