"""Source blocks and inline Markdown/HTML markup: clean text, offsets, endnote markers."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Block:
    start: int  # source offset of the first character
    lines: list[str]
    page: int | None = None

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)


_INLINE = re.compile(
    r"<sup>\s*(?P<sup>[\d,\s–-]+?)\s*</sup>"
    r"|\[(?P<link>[^\]]*)\]\((?P<href>[^)\s]*)\)"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!<>])"
    r"|(?P<emph>\*{1,3})"
    r"|(?P<space>\s+)"
)


def clean_inline(text: str, base: int) -> tuple[str, list[int], list[tuple[int, int]]]:
    out: list[str] = []
    offsets: list[int] = []
    markers: list[tuple[int, int]] = []
    pos = 0

    def emit(chunk: str, at: int) -> None:
        out.append(chunk)
        offsets.extend(range(at, at + len(chunk)))

    for match in _INLINE.finditer(text):
        if match.start() > pos:
            emit(text[pos : match.start()], base + pos)
        kind = match.lastgroup
        if kind == "sup":
            length = sum(len(piece) for piece in out)
            for number in re.findall(r"\d+", match.group("sup")):
                markers.append((length, int(number)))
        elif kind in ("link", "href"):
            emit(match.group("link"), base + match.start("link"))
        elif kind == "esc":
            emit(match.group("esc"), base + match.start("esc"))
        elif kind == "space":
            emit(" ", base + match.start())
        pos = match.end()
    if pos < len(text):
        emit(text[pos:], base + pos)
    joined = "".join(out)
    # trim, keeping offsets and marker positions aligned
    lead = len(joined) - len(joined.lstrip())
    trimmed = joined.strip()
    offsets = offsets[lead : lead + len(trimmed)]
    markers = [(max(0, min(p - lead, len(trimmed))), n) for p, n in markers]
    return trimmed, offsets, markers


# ---------------------------------------------------------------------------------------------
# Sentences


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def split_list_items(block: Block) -> list[tuple[int, str]]:
    if not LIST_ITEM.match(block.lines[0]):
        return [(block.start, block.raw)]
    items: list[tuple[int, list[str]]] = []
    pos = block.start
    for line in block.lines:
        marker = LIST_ITEM.match(line)
        if marker:
            items.append((pos + marker.end(), [line[marker.end() :]]))
        elif items:
            items[-1][1].append(line)
        pos += len(line) + 1
    return [(start, "\n".join(lines)) for start, lines in items]
