"""The conversation as a Markdown briefing: each question, its answer and its references.

Questions, answers and corpus text are untrusted, and a Markdown viewer renders raw HTML and
links: every piece of them goes through :func:`md_plain` (HTML escaped, no link or image
syntax), and the only links are endnote URLs that :func:`safe_url` accepts (http and https).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from briefing_bot.text import shorten
from briefing_bot.ui.render import REWORDED_NOTE, briefing_text, safe_url

_MD_ACTIVE = re.compile(r"([\\\[\]`])")


def md_plain(text: object) -> str:
    """Untrusted text as inert Markdown that still reads naturally in the file: ``&``, ``<``
    and ``>`` as entities (no HTML), ``[``, ``]``, backticks and backslashes escaped (no link,
    image, reference or code syntax), on one line."""
    flat = " ".join(("" if text is None else str(text)).split())
    escaped = _MD_ACTIVE.sub(r"\\\1", flat)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


REWORDED_MARK = "\u2020"  # a dagger, as a footnote mark


def briefing_lines(briefing: dict[str, Any]) -> list[str]:
    """A briefing turn (``Briefing.to_dict()``) as Markdown lines (:func:`briefing_text`, its
    text made inert by :func:`md_plain`); a point the local model reworded carries
    :data:`REWORDED_MARK`, explained in a note under the points."""
    text = briefing_text(briefing, escape=md_plain, reworded=REWORDED_MARK, markers="{}")
    lines = text.splitlines()
    points = [briefing.get("bottom_line") or {}, *(briefing.get("points") or [])]
    if any(p.get("rephrased") is True for p in points):
        lines += ["", f"{REWORDED_MARK} {REWORDED_NOTE.capitalize()}."]
    return lines


def briefing_markdown(turns: Sequence[dict[str, Any]], title: str = "Briefing") -> str:
    """The conversation as a Markdown briefing: each question, its answer, its references."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {md_plain(title)}",
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
        question = md_plain(turn.get("question", ""))
        lines += ["", f"## {number}. {question}", ""]
        briefing = answer.get("briefing")
        if isinstance(briefing, dict):
            lines += briefing_lines(briefing)
        else:
            lines.append(md_plain(answer.get("answer", "")))
        if answer.get("notice"):
            lines += ["", f"*({md_plain(answer['notice'])})*"]
        citations = answer.get("citations") or []
        if citations:
            lines += ["", "**References**", ""]
        for c in citations:
            source, locator = md_plain(c.get("source", "")), md_plain(c.get("locator", ""))
            lines.append(f"\\[{md_plain(c['number'])}\\] *{source}*, {locator}.  ")
            lines.append(f"> {md_plain(shorten(c.get('text', ''), 600))}")
            for note in c.get("endnotes") or []:
                label = ", ".join(
                    p
                    for p in (
                        note.get("publisher"),
                        f"“{note['title']}”" if note.get("title") else None,
                        note.get("date"),
                    )
                    if p
                ) or shorten(note.get("text", ""), 300)
                url = safe_url(note.get("url"))
                link = f" <{url}>" if url else ""
                number_ = md_plain(note.get("number"))
                lines.append(f">  ↳ endnote {number_}: {md_plain(label)}{link}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def download_link(turns: Sequence[dict[str, Any]], title: str) -> str:
    """HTML for a link that downloads :func:`briefing_markdown` as a file. The briefing is in
    the link itself (a ``data:`` URL): it is never written to the server's disk."""
    data = base64.b64encode(briefing_markdown(turns, title).encode("utf-8")).decode("ascii")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return (
        f'<a id="bb-download" class="bb-download" download="briefing-{stamp}.md" '
        f'href="data:text/markdown;charset=utf-8;base64,{data}">Download briefing (.md)</a>'
    )
