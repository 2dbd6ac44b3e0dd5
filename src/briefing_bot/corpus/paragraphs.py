"""Body paragraphs from source blocks: inline clean-up, page-break repair, list items and
table rows as paragraphs of their own, pull quotes dropped, plain-digit markers read."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import replace
from typing import Any

from briefing_bot.corpus.layout import plain_markers
from briefing_bot.corpus.markup import (
    LIST_ITEM,
    Block,
    clean_inline,
    keep_hyphen,
    split_list_items,
)
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.tables import is_caption, is_table, read_table
from briefing_bot.corpus.types import Endnote, Paragraph

SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$|[.!?][\"'”’)\]]*\s*(?:<sup>[\d,\s–-]+</sup>)$")


# text, offsets, markers, section path, page, kind
_Merged = tuple[str, list[int], list[tuple[int, int]], tuple[str, ...], int | None, str]


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()))


def _continues(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0].islower() or stripped[0] in ",;)")


def _cut_at_page_end(text: str, page: int | None, next_page: int | None) -> bool:
    """Whether a paragraph stops mid-sentence at a page's foot ("… and the" on one page, "European
    Commission, …" on the next): a sentence cut by the page break, though the next page opens
    with a capital. A list item or a caption that ends without a full stop is not cut."""
    return (
        page is not None
        and next_page is not None
        and next_page != page
        and bool(re.search(r"[a-z,]$", text.rstrip()))
        and len(text.split()) >= 8
        and not LIST_ITEM.match(text)
        and not is_caption(text.strip())
    )


def with_plain_markers(
    paragraph: Paragraph, notes: dict[int, Endnote], after: int | None = None
) -> Paragraph:
    """``paragraph`` with its plain-digit markers read (``after``: the last marker before it,
    see :func:`~briefing_bot.corpus.layout.plain_markers`)."""
    text, offsets, markers = plain_markers(paragraph.text, paragraph.offsets, notes, after)
    if not markers:
        return paragraph
    return replace(
        paragraph,
        text=text,
        offsets=offsets,
        markers=markers,
        sentences=split_sentences(text),
        source_span=(offsets[0], offsets[-1] + 1),
    )


def _plain_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _without_pull_quotes(merged: list[Any]) -> list[Any]:
    """Drop a paragraph that repeats a sentence of another one word for word (a magazine's
    pull quote) and the short attribution line right after it ("Jane Doe, Example Centre")."""
    plain = [_plain_words(item[0]) for item in merged]
    kept: list[Any] = []
    dropped = False
    for i, item in enumerate(merged):
        text = item[0]
        if dropped and len(text.split()) <= 10 and not ends_sentence(text):
            dropped = False
            continue
        dropped = (
            len(plain[i].split()) >= 8
            and len(text) <= 400
            and any(
                i != j and len(other) > len(plain[i]) and plain[i] in other
                for j, other in enumerate(plain)
            )
        )
        if not dropped:
            kept.append(item)
    return kept


def _tables_apart(
    pending: list[tuple[Block, tuple[str, ...]]],
) -> list[tuple[Block, tuple[str, ...]]]:
    """The blocks, a line set right above a table with no blank line between ("Table 2.
    Costs by country" then "| Country | … |") a block of its own; a caption set right
    under a table that has none above it (the caption over no other table) moved above it."""
    out: list[tuple[Block, tuple[str, ...]]] = []
    for block, path in pending:
        head = block.lines[0]
        rest = replace(block, start=block.start + len(head) + 1, lines=block.lines[1:])
        if not head.lstrip().startswith("|") and is_table(rest):
            out += [(replace(block, lines=[head]), path), (rest, path)]
        else:
            out.append((block, path))
    for i in range(len(out) - 1):
        (table, path), (below, below_path) = out[i], out[i + 1]
        if (
            is_table(table)
            and below_path == path
            and _caption_block(below)
            and not (i + 2 < len(out) and is_table(out[i + 2][0]))
            and not (i and _caption_block(out[i - 1][0]))
            and read_table(table).caption is None
        ):
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _caption_block(block: Block) -> bool:
    """A block that is a table's caption line alone ("Table 2: Costs by country", in
    italics or bold or not)."""
    if len(block.lines) != 1 or block.kind is not None or block.lines[0].lstrip().startswith("|"):
        return False
    text, _, markers = clean_inline(block.lines[0], block.start)
    return not markers and is_caption(text.strip())


def assemble_paragraphs(
    pending: list[tuple[Block, tuple[str, ...]]],
    words: set[str] | None = None,
    footnotes: dict[str, int] | None = None,
    notes: Container[int] | None = None,
) -> list[Paragraph]:
    """Clean each block; join a block cut by a page break onto the one it continues.

    ``notes``: the numbers of the document's notes, which bracketed markers ("[4]") may cite.
    A block's ``kind`` (a question turn) is its paragraph's; such a block is never joined.
    """
    merged: list[_Merged] = []
    prev_raw = ""
    prev_kind: str | None = None
    prev_page: int | None = None
    caption_at: int | None = None  # where in ``merged`` a caption line was just put
    tables = 0
    rows_of: dict[int, int] = {}  # a table row's place in ``merged`` → its table's number
    for block, path in _tables_apart(pending):
        kind = block.kind or "body"
        if is_table(block):  # a table is one paragraph per row, under its caption
            table = read_table(block, notes=notes)
            caption = table.caption
            if caption is None and caption_at == len(merged) - 1 and merged[-1][3] == path:
                caption = merged.pop()[0]  # "Table 2. Costs by country" over the table
            where = (*path, caption) if caption else path
            tables += 1
            for row in table.rows:
                rows_of[len(merged)] = tables
                merged.append((*row, where, block.page, kind))
            prev_raw, prev_kind, prev_page, caption_at = ".", kind, block.page, None
            continue
        before = len(merged)
        # A list item block is one paragraph per item.
        items = split_list_items(block, keep_numbers=True)
        for item_start, item_text in items:
            text, offsets, markers = clean_inline(
                item_text, item_start, words=words, footnotes=footnotes, notes=notes
            )
            if not text.strip():
                continue
            if (
                merged
                and merged[-1][3] == path
                and kind == prev_kind == "body"
                and not ends_sentence(prev_raw)
                and (
                    _continues(item_text)
                    or prev_raw.rstrip().endswith("-")
                    or _cut_at_page_end(prev_raw, prev_page, block.page)
                )
            ):
                p_text, p_offsets, p_markers, _, p_page, _ = merged[-1]
                joiner = "" if p_text.endswith("-") else " "
                if joiner == "" and words is not None:
                    # a word hyphenated across the page break: one word unless a compound
                    left = re.search(r"[A-Za-z]+(?=-$)", p_text)
                    right = re.match(r"[a-z]+", text)
                    if left and right and not keep_hyphen(left.group(), right.group(), words):
                        p_text, p_offsets = p_text[:-1], p_offsets[:-1]
                base = len(p_text) + len(joiner)
                merged[-1] = (
                    p_text + joiner + text,
                    p_offsets + ([p_offsets[-1] + 1] if joiner else []) + offsets,
                    p_markers + [(pos + base, n) for pos, n in markers],
                    path,
                    p_page,
                    kind,
                )
            else:
                merged.append((text, offsets, markers, path, block.page, kind))
            prev_raw, prev_kind, prev_page = item_text, kind, block.page
        caption_at = None
        if len(merged) == before + 1 and not merged[-1][2] and is_caption(merged[-1][0]):
            caption_at = before
    table_of = {id(merged[i]): n for i, n in rows_of.items()}
    merged = _without_pull_quotes(merged)
    paragraphs = []
    for number, item in enumerate(merged, start=1):
        text, offsets, markers, path, page, kind = item
        paragraphs.append(
            Paragraph(
                number=number,
                section_path=path,
                text=text,
                sentences=split_sentences(text),
                markers=markers,
                source_span=(offsets[0], offsets[-1] + 1),
                page=page,
                kind=kind,
                offsets=offsets,
                table=table_of.get(id(item)),
            )
        )
    return paragraphs
