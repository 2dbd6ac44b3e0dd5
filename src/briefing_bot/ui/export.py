"""The conversation as a Markdown briefing: each question, its answer and its references."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing_bot.text import shorten
from briefing_bot.ui.render import safe_url


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
            lines.append(f"> {shorten(c.get('text', ''), 600)}")
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
                lines.append(f">  ↳ endnote {note.get('number')}: {label}{link}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_briefing(folder: Path, turns: Sequence[dict[str, Any]], title: str) -> str:
    """Write :func:`briefing_markdown` to a new file in ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"briefing-{stamp}.md"
    path.write_text(briefing_markdown(turns, title), encoding="utf-8")
    return str(path)
