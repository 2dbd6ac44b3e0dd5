"""Source blocks and inline Markdown/HTML markup: clean text, offsets, endnote markers."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass


@dataclass
class Block:
    start: int  # source offset of the first character
    lines: list[str]
    page: int | None = None
    level: int | None = None  # a heading the layout repair recognised (no Markdown "#")
    kind: str | None = None  # a paragraph kind other than body ("question": a turn)

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)


# The heading of a document's notes
NOTES_HEADING = re.compile(
    r"^(?:end\s*notes|notes|footnotes|references|reference list|bibliography|works cited)$",
    re.IGNORECASE,
)
# A URL in a note: "<https://…>", a Markdown link's target "[text](https://…)", or bare
URL = re.compile(r"<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://[^\s>)\]]+)")


def url_of(found: re.Match[str]) -> str:
    """The address a :data:`URL` match holds."""
    return found.group(1) or found.group(2) or found.group(3)


# A Markdown footnote definition line, "[^label]: text"
FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]{1,40})\]:\s*")

_INLINE = re.compile(
    r"<sup>\s*(?P<sup>[\d,\s–-]+?)\s*</sup>"
    r"|\[\^(?P<footnote>[^\]\s]{1,40})\](?!:)"
    r"|\[(?P<bracket>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\](?![(:\[])"
    r"|\[(?P<link>[^\]]*)\]\((?P<href>[^)\s]*)\)"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!<>])"
    r"|(?P<emph>\*{1,3})"
    r"|(?<=[A-Za-z])(?P<hyphen>-\n[ \t]*)(?=[a-z])"
    r"|(?P<space>\s+)"
)
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"^[a-z]+")


def keep_hyphen(left: str, right: str, words: Container[str]) -> bool:
    """Whether "left-⏎right" is a hyphenated compound ("long-⏎term") rather than one word the
    line end split ("prepared-⏎ness"): decided by how the document spells it elsewhere."""
    left, right = left.casefold(), right.casefold()
    if left + right in words:
        return False
    if f"{left}-{right}" in words:
        return True
    return left in words and right in words and len(left) > 2 and len(right) > 2


def footnote_numbers(labels: list[str]) -> dict[str, int]:
    """Markdown footnote labels in order of definition → note numbers: a numeric label keeps
    its number, a named one ("[^smith]") takes the next free number."""
    numbers = {label: int(label) for label in labels if label.isdigit()}
    next_free = max(numbers.values(), default=0)
    for label in labels:
        if label not in numbers:
            next_free += 1
            numbers[label] = next_free
    return numbers


def footnote_number(label: str, footnotes: dict[str, int] | None) -> int | None:
    """The note number of a footnote label: as ``footnotes`` maps it, else a numeric label's
    own number (None for a named label no definition numbers)."""
    return (footnotes or {}).get(label, int(label) if label.isdigit() else None)


def bracket_numbers(inner: str) -> list[int]:
    """The note numbers of a bracketed marker's inside: "3" → [3], "3, 5" → [3, 5],
    "3–5" → [3, 4, 5] (a range is spelled out only when short and ascending)."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", inner.strip()):
        ends = [int(n) for n in re.split(r"\s*[–-]\s*", part) if n]
        if len(ends) == 2 and 0 < ends[1] - ends[0] <= 20:
            numbers.extend(range(ends[0], ends[1] + 1))
        else:
            numbers.extend(ends)
    return numbers


def clean_inline(
    text: str,
    base: int,
    *,
    words: Container[str] | None = None,
    footnotes: dict[str, int] | None = None,
    notes: Container[int] | None = None,
) -> tuple[str, list[int], list[tuple[int, int]]]:
    """Text without markup, each character's source offset, and endnote markers (``<sup>N``
    or a Markdown footnote reference ``[^label]``, numbered by ``footnotes``).

    ``notes`` (the numbers of the document's notes section) makes a bracketed number a
    marker too ("… in 2022.[4]", "[2, 3]", "[5–7]"), when every number in it is a note's: a
    bracketed year or an editor's "[sic]" stays text.

    ``words`` (a PDF export's own vocabulary) repairs a word hyphenated at a line end:
    "prepared-⏎ness" becomes "preparedness", "long-⏎term" stays "long-term". Without it the
    line break is a space, as in Markdown.
    """
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
        # a marker sits where the clean text has reached: one offset per character emitted
        if kind == "sup":
            markers.extend((len(offsets), n) for n in bracket_numbers(match.group("sup")))
        elif kind == "footnote":
            number = footnote_number(match.group("footnote"), footnotes)
            if number is not None:
                markers.append((len(offsets), number))
        elif kind == "bracket":
            numbers = bracket_numbers(match.group("bracket"))
            if notes is None or not all(n in notes for n in numbers):
                for piece in re.finditer(r"\s+|\S+", match.group(0)):
                    at = base + match.start() + piece.start()
                    emit(" " if piece.group().isspace() else piece.group(), at)
            else:
                if out and out[-1].endswith(" "):
                    # "as reported [1]." reads "as reported." without its marker
                    out[-1] = out[-1][:-1]
                    offsets.pop()
                markers.extend((len(offsets), n) for n in numbers)
        elif kind in ("link", "href"):
            emit(match.group("link"), base + match.start("link"))
        elif kind == "esc":
            emit(match.group("esc"), base + match.start("esc"))
        elif kind == "hyphen":
            left = _WORD_BEFORE.search(text, 0, match.start())
            right = _WORD_AFTER.match(text[match.end() :])
            if words is None:
                emit("- ", base + match.start())
            elif left and right and keep_hyphen(left.group(), right.group(), words):
                emit("-", base + match.start())
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


def split_list_items(block: Block, *, keep_numbers: bool = False) -> list[tuple[int, str]]:
    """The items of a list block (one per marker), with their source offsets.

    ``keep_numbers`` keeps an ordered item's own number ("3. Fund the …"): a text that
    later says "recommendations 1 and 6" or a reader asking for "the third" needs it.
    """
    if not LIST_ITEM.match(block.lines[0]):
        return [(block.start, block.raw)]
    items: list[tuple[int, list[str]]] = []
    pos = block.start
    for line in block.lines:
        marker = LIST_ITEM.match(line)
        if marker:
            begin = marker.end()
            if keep_numbers and line.lstrip()[:1].isdigit():
                begin = len(line) - len(line.lstrip())
            items.append((pos + begin, [line[begin:]]))
        elif items:
            items[-1][1].append(line)
        pos += len(line) + 1
    return [(start, "\n".join(lines)) for start, lines in items]
