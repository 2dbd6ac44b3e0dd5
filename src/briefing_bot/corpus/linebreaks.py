"""Paragraphs from text that lost its blank lines: a PDF page as pypdf extracts it, or a text
export that runs its paragraphs together. A paragraph ends where a line ends a sentence and is
clearly shorter than its neighbours; a short heading-like line between paragraphs is a heading.
"""

from __future__ import annotations

from briefing_bot.corpus.apparatus import BYLINE, names_author, reads_as_dateline
from briefing_bot.corpus.layout import heading_level, lines_apart, reads_as_heading
from briefing_bot.corpus.markup import LIST_ITEM, NOTES_HEADING, Block
from briefing_bot.corpus.paragraphs import SENTENCE_END, ends_sentence


def run_on_paragraphs(blocks: list[Block]) -> list[Block]:
    """A text export without blank lines between paragraphs, split as a PDF page is (after
    the front matter up to a byline); its notes heading set apart, no headings among notes."""
    byline_at = next((i for i, b in enumerate(blocks[:5]) if names_author(b.lines[0])), -1)
    blocks = lines_apart(blocks, lambda line: bool(NOTES_HEADING.match(line.strip())))
    notes_at = next(
        (i for i, b in enumerate(blocks) if NOTES_HEADING.match(b.lines[0].strip())),
        len(blocks),
    )
    lead = blocks[: byline_at + 1]
    body = blocks[byline_at + 1 : notes_at]
    if body:
        # the front matter's own lines (a journal line, "Abstract") open the first block
        first, k = body[0], 0
        while k + 1 < len(first.lines) and (
            reads_as_dateline(Block(0, [first.lines[k]])) or reads_as_heading(first.lines[k])
        ):
            k += 1
        pos = first.start
        for line in first.lines[:k]:
            lead.append(Block(pos, [line], first.page))
            pos += len(line) + 1
        body[0] = Block(pos, first.lines[k:], first.page)
    body = pdf_paragraphs(body)
    return [*lead, *body, *pdf_paragraphs(blocks[notes_at:], headings=False)]


def pdf_paragraphs(blocks: list[Block], *, headings: bool = True) -> list[Block]:
    """pypdf gives one line per visual line and rarely blank lines: split a block into
    paragraphs where a line ends a sentence and is clearly shorter than its neighbours, and
    set apart a heading line (``headings``: not among the notes)."""
    out: list[Block] = []
    for block in blocks:
        widths = sorted(len(line) for line in block.lines)
        typical = widths[len(widths) * 3 // 4] if widths else 0
        current = Block(block.start, [], block.page)
        pos = block.start
        for i, line in enumerate(block.lines):
            if not current.lines:
                current.start = pos
            after = block.lines[i + 1].lstrip() if i + 1 < len(block.lines) else ""
            short = typical > 40 and len(line.strip()) < 0.6 * typical
            if (
                headings
                and not BYLINE.match(line.strip())
                and (not current.lines or SENTENCE_END.search(current.lines[-1].rstrip()))
                and short
                and reads_as_heading(line, any_case=True)
                and not after[:1].islower()
            ):
                # a heading line between paragraphs: a block of its own
                if current.lines:
                    out.append(current)
                out.append(Block(pos, [line], block.page, level=heading_level(line)))
                pos += len(line) + 1
                current = Block(pos, [], block.page)
                continue
            if current.lines and LIST_ITEM.match(line) and ends_sentence(current.lines[-1]):
                # "… should:" then "1. Fund …": the list starts a block (one paragraph per item)
                out.append(current)
                current = Block(pos, [], block.page)
            current.lines.append(line)
            pos += len(line) + 1
            if typical and len(line) < 0.7 * typical and SENTENCE_END.search(line.rstrip()):
                out.append(current)
                current = Block(pos, [], block.page)
        if current.lines:
            out.append(current)
    return out
