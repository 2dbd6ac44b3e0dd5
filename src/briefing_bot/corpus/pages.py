"""Printed page numbers of a text export: where a PDF converter left a page-number line at each
page break ("41" on its own line, with or without a running header beside it), each block of
text gets the page it was printed on, as the PDF reader gives each block its page.

Whether a number closes its page (a footer) or opens the next one (a header) is read from the
running header next to it: a number followed by the running header ends a page, one that
follows it starts a page. Without a running header a number is taken as a footer, where most
articles print it. A running head may carry the number itself ("42 Journal of …"): a head,
unless the text ends with one (a foot). An export without page numbers may still separate its
pages by form feeds.
"""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import pairwise

from briefing_bot.corpus.layout import PAGE_NUMBER, is_furniture
from briefing_bot.corpus.markup import Block

_NUMBER = re.compile(r"\d+")
# a running head that carries the page number: "42 Journal of …", "… Review | 43"
_HEAD_NUMBER = re.compile(r"^\s*(\d{1,4})\s+\S|\S\s+(\d{1,4})\s*$")


def _events(blocks: list[Block], repeated: Container[str]) -> list[tuple[str, int]]:
    """The document as ("number", n), ("header", n or -1: a running header and the number
    at one of its ends) and ("text", block index) events, in order: the furniture lines
    :func:`layout.drop_furniture` drops, and the text between."""
    events: list[tuple[str, int]] = []

    def furniture(line: str) -> tuple[str, int]:
        if PAGE_NUMBER.match(line):
            return "number", int(_NUMBER.findall(line)[0])
        found = _HEAD_NUMBER.search(line)
        return "header", int(found.group(1) or found.group(2)) if found else -1

    for index, block in enumerate(blocks):
        lines = list(block.lines)
        tail: list[tuple[str, int]] = []
        while lines and is_furniture(lines[0], repeated):
            events.append(furniture(lines.pop(0)))
        while lines and is_furniture(lines[-1], repeated):
            tail.insert(0, furniture(lines.pop()))
        if lines:
            events.append(("text", index))
        events.extend(tail)
    return events


def _counts_up(numbers: list[int]) -> bool:
    """At least two numbers, rising, mostly by one (a skipped page may be a full-page figure)."""
    steps = [b - a for a, b in pairwise(numbers)]
    return len(numbers) >= 2 and all(s > 0 for s in steps) and 2 * steps.count(1) >= len(steps)


def _assign(blocks: list[Block], marks: list[tuple[str, int]], *, footer: bool) -> None:
    """Pages from ("mark", n) and ("text", i) events: a footer's number is its text's page
    (the text after the last one is on the next page), a header's the text after it."""
    numbers = [n for kind, n in marks if kind == "mark"]
    if footer:
        page: int | None = numbers[-1] + 1
        for kind, value in reversed(marks):
            if kind == "mark":
                page = value
            else:
                blocks[value].page = page
        return
    page = numbers[0] - 1 if numbers[0] > 1 else None
    for kind, value in marks:
        if kind == "mark":
            page = value
        else:
            blocks[value].page = page


def mark_pages(blocks: list[Block], repeated: Container[str], text: str = "") -> None:
    """Set each block's ``page`` from the page-number lines among ``blocks`` (before
    :func:`layout.drop_furniture` removes them), when they count up (:func:`_counts_up`);
    else from a running head's number (a head, unless the text ends with one: a foot); else,
    where the export separates its pages by form feeds (``text``: what the blocks' offsets
    point into), the page's place in the file, as the PDF reader numbers pages."""
    events = _events(blocks, repeated)
    if _counts_up([n for kind, n in events if kind == "number"]):
        kinds = [kind for kind, _ in events]
        # a running header right after a number: the number was the foot of the page before
        footer = sum(1 for a, b in pairwise(kinds) if (a, b) == ("number", "header"))
        header = sum(1 for a, b in pairwise(kinds) if (a, b) == ("header", "number"))
        marks = [("mark" if kind == "number" else kind, n) for kind, n in events]
        _assign(blocks, [m for m in marks if m[0] != "header"], footer=header <= footer)
    elif _counts_up([n for kind, n in events if kind == "header" and n >= 0]):
        marks = [("mark", n) if kind == "header" else (kind, n) for kind, n in events]
        marks = [m for m in marks if m[0] != "number" and m[1] >= 0]
        _assign(blocks, marks, footer=marks[-1][0] == "mark")
    elif "\f" in text:
        for block in (blocks[n] for kind, n in events if kind == "text"):
            first = block.lines[0]  # a form feed may open the page's first line
            begins = block.start + len(first) - len(first.lstrip())
            block.page = text.count("\f", 0, begins) + 1
