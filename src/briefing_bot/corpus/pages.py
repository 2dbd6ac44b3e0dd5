"""Printed page numbers of a text export: where a PDF converter left a page-number line at each
page break ("41" on its own line, with or without a running header beside it), each block of
text gets the page it was printed on, as the PDF reader gives each block its page.

Whether a number closes its page (a footer) or opens the next one (a header) is read from the
running header next to it: a number followed by the running header ends a page, one that
follows it starts a page. Without a running header a number is taken as a footer, where most
articles print it. An export without page numbers may still separate its pages by form feeds.
"""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import pairwise

from briefing_bot.corpus.layout import PAGE_NUMBER, is_furniture
from briefing_bot.corpus.markup import Block

_NUMBER = re.compile(r"\d+")


def _events(blocks: list[Block], repeated: Container[str]) -> list[tuple[str, int]]:
    """The document as ("number", n), ("header", 0) and ("text", block index) events, in
    order: the furniture lines :func:`layout.drop_furniture` drops, and the text between."""
    events: list[tuple[str, int]] = []

    def furniture(line: str) -> tuple[str, int]:
        if PAGE_NUMBER.match(line):
            return "number", int(_NUMBER.findall(line)[0])
        return "header", 0

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


def mark_pages(blocks: list[Block], repeated: Container[str], text: str = "") -> None:
    """Set each block's ``page`` from the page-number lines among ``blocks`` (before
    :func:`layout.drop_furniture` removes them), when there are at least two and they count
    up (mostly one at a time: a skipped page may be a full-page figure); else, where the
    export separates its pages by form feeds (``text``: what the blocks' offsets point
    into), the page's place in the file, as the PDF reader numbers pages."""
    events = _events(blocks, repeated)
    numbers = [n for kind, n in events if kind == "number"]
    steps = [b - a for a, b in pairwise(numbers)]
    if len(numbers) < 2 or any(s <= 0 for s in steps) or 2 * steps.count(1) < len(steps):
        if "\f" in text:
            for block in blocks:
                first = block.lines[0]  # a form feed may open the page's first line
                begins = block.start + len(first) - len(first.lstrip())
                block.page = text.count("\f", 0, begins) + 1
        return
    kinds = [kind for kind, _ in events]
    # a running header right after a number: the number was the foot of the page before it
    footer = sum(1 for a, b in pairwise(kinds) if (a, b) == ("number", "header"))
    header = sum(1 for a, b in pairwise(kinds) if (a, b) == ("header", "number"))
    if header > footer:
        page = numbers[0] - 1 if numbers[0] > 1 else None
        for kind, value in events:
            if kind == "number":
                page = value
            elif kind == "text":
                blocks[value].page = page
        return
    page = numbers[-1] + 1  # text after the last footer is on the next page
    for kind, value in reversed(events):
        if kind == "number":
            page = value
        elif kind == "text":
            blocks[value].page = page
