"""The conversation as a Markdown briefing: each question, its answer and its references.

Questions, answers and corpus text are untrusted, and a Markdown viewer renders raw HTML and
links: every piece of them goes through :func:`md_plain` (HTML escaped, no link or image
syntax), and the only links are endnote URLs that :func:`safe_url` accepts (http and https).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing_bot.text import shorten
from briefing_bot.ui.render import safe_url

_MD_ACTIVE = re.compile(r"([\\\[\]`])")


def md_plain(text: object) -> str:
    """Untrusted text as inert Markdown that still reads naturally in the file: ``&``, ``<``
    and ``>`` as entities (no HTML), ``[``, ``]``, backticks and backslashes escaped (no link,
    image, reference or code syntax), on one line."""
    flat = " ".join(("" if text is None else str(text)).split())
    escaped = _MD_ACTIVE.sub(r"\\\1", flat)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        question, text = md_plain(turn.get("question", "")), md_plain(answer.get("answer", ""))
        lines += ["", f"## {number}. {question}", "", text]
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


def write_briefing(folder: Path, turns: Sequence[dict[str, Any]], title: str) -> str:
    """Write :func:`briefing_markdown` to a new file in ``folder``, readable by this user
    only (0600); return its path."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"briefing-{stamp}.md"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(briefing_markdown(turns, title))
    return str(path)
