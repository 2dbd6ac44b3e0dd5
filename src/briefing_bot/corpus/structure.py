"""The structural parser: blocks of text → sections, paragraphs, byline and endnotes.

It repairs what PDF text exports break: paragraphs cut by a page break are joined, an author
note between horizontal rules becomes metadata, list items become paragraphs of their own
(ordered ones keep their numbers), a table becomes a paragraph per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing_bot.corpus.endnotes import endnote_paragraph, parse_endnotes
from briefing_bot.corpus.markup import Block, clean_inline, is_table, split_list_items, table_rows
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.types import Endnote, Paragraph

# ---------------------------------------------------------------------------------------------
# The structural parser


@dataclass
class Parsed:
    title: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    endnotes: dict[int, Endnote] = field(default_factory=dict)


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# "By …", "Author: …", and a transcript's "Remarks by …" / "Testimony by …"
_BYLINE = re.compile(
    r"^(?:(?:remarks|speech|address|statement|testimony|lecture|written|prepared)\s+)?"
    r"(?:by|author:?)\s+(.{2,200})$",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"^(\*|_)(?!\1)[^*_\n]{20,400}\1$")
_ENDNOTES_HEADING = re.compile(r"^(?:end\s*notes|notes|footnotes|references)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$|[.!?][\"'”’)\]]*\s*(?:<sup>[\d,\s]+</sup>)$")


def _blocks(raw: str, start: int, page: int | None = None) -> list[Block]:
    """Runs of non-blank lines, with the source offset of each run."""
    blocks: list[Block] = []
    current: Block | None = None
    pos = 0
    for line in raw[start:].split("\n"):
        offset = start + pos
        pos += len(line) + 1
        if line.strip():
            if current is None:
                current = Block(offset, [line], page)
                blocks.append(current)
            elif _HEADING.match(line) or _RULE.match(line):
                # a heading or rule is a block of its own even without blank lines around it
                current = Block(offset, [line], page)
                blocks.append(current)
                current = None
            else:
                current.lines.append(line)
        else:
            current = None
    return blocks


def _plain_heading(text: str) -> str:
    return clean_inline(text, 0)[0].strip()


def parse_markdown(
    raw: str, *, start: int = 0, title: object = None, plain: bool = False
) -> Parsed:
    """Parse Markdown/plain text (after ``start``, the end of any front matter).

    ``plain`` (a .txt file): a first line that reads as a title (short, alone in its block,
    no closing punctuation) is the title, as a "# " heading would be in Markdown.
    """
    blocks = _blocks(raw, start)
    if plain and blocks and title is None and _reads_as_title(blocks[0]):
        first = blocks[0]
        blocks[0] = Block(first.start, ["# " + first.lines[0].strip()], first.page)
    return _parse_blocks(blocks, title=str(title) if title else None)


def _reads_as_title(block: Block) -> bool:
    line = block.lines[0].strip()
    return (
        len(block.lines) == 1
        and 3 <= len(line) <= 200
        and not _SENTENCE_END.search(line)
        and not _BYLINE.match(line)
    )


def parse_pages(pages: list[str]) -> Parsed:
    blocks: list[Block] = []
    offset = 0
    for number, text in enumerate(pages, start=1):
        page_text = text.replace("\r\n", "\n")
        page_blocks = _blocks(page_text, 0, page=number)
        for block in page_blocks:
            block.start += offset
        blocks.extend(_pdf_paragraphs(page_blocks))
        offset += len(page_text) + 2
    return _parse_blocks(blocks)


def _pdf_paragraphs(blocks: list[Block]) -> list[Block]:
    """pypdf gives one line per visual line and rarely blank lines: split a block into
    paragraphs where a line ends a sentence and is clearly shorter than its neighbours."""
    out: list[Block] = []
    for block in blocks:
        widths = sorted(len(line) for line in block.lines)
        typical = widths[len(widths) * 3 // 4] if widths else 0
        current = Block(block.start, [], block.page)
        pos = block.start
        for line in block.lines:
            if not current.lines:
                current.start = pos
            current.lines.append(line)
            pos += len(line) + 1
            if typical and len(line) < 0.7 * typical and _SENTENCE_END.search(line.rstrip()):
                out.append(current)
                current = Block(pos, [], block.page)
        if current.lines:
            out.append(current)
    return out


def _parse_blocks(blocks: list[Block], title: str | None = None) -> Parsed:
    parsed = Parsed()
    stack: list[tuple[int, str]] = []  # (heading level, heading text)
    title_level: int | None = None
    in_endnotes = False
    pending: list[tuple[Block, tuple[str, ...]]] = []  # paragraphs before page-break repair
    endnote_blocks: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        first = block.lines[0]
        heading = _HEADING.match(first) if len(block.lines) == 1 else None
        if heading:
            level, text = len(heading.group(1)), _plain_heading(heading.group(2))
            if not text:
                i += 1
                continue
            # the first heading is the title, unless the metadata names another title
            is_title = title is None or _plain_heading(title).casefold() == text.casefold()
            if parsed.title is None and not pending and not stack and is_title:
                parsed.title, title_level = text, level
            else:
                in_endnotes = bool(_ENDNOTES_HEADING.match(text))
                stack = [(lv, t) for lv, t in stack if lv < level]
                stack.append((level, text))
            i += 1
            continue
        if _RULE.match(first) and len(block.lines) == 1:
            # A short block after a rule (closed by a second rule or not) is an aside such as
            # the author note on the paper's first page: metadata, not body text.
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and len(nxt.raw) <= 400 and not _HEADING.match(nxt.lines[0]):
                parsed.notes.append(clean_inline(" ".join(nxt.lines), nxt.start)[0].strip())
                i += 2
                if i < len(blocks) and _RULE.match(blocks[i].lines[0]):
                    i += 1
                continue
            i += 1
            continue
        if parsed.byline is None and not pending and not stack and len(block.lines) == 1:
            byline = _BYLINE.match(first.strip())
            if byline:
                parsed.byline = _plain_heading(byline.group(1))
                i += 1
                continue
        if not pending and not stack and not in_endnotes and _ASIDE.match(block.raw.strip()):
            # A short all-italic paragraph before the text (a web page's author note or
            # standfirst, with no rules around it) is about the document, like the note above.
            parsed.notes.append(clean_inline(" ".join(block.lines), block.start)[0].strip())
            i += 1
            continue
        if in_endnotes:
            endnote_blocks.append(block)
        else:
            path = tuple(t for lv, t in stack if title_level is None or lv >= title_level)
            pending.append((block, path))
        i += 1
    parsed.paragraphs = _assemble_paragraphs(pending)
    parsed.endnotes = parse_endnotes(endnote_blocks)
    number = len(parsed.paragraphs)
    for note in parsed.endnotes.values():
        number += 1
        parsed.paragraphs.append(endnote_paragraph(note, number))
    return parsed


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _continues(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0].islower() or stripped[0] in ",;)")


def _assemble_paragraphs(pending: list[tuple[Block, tuple[str, ...]]]) -> list[Paragraph]:
    """Clean each block; join a block cut by a page break onto the one it continues."""
    merged: list[tuple[str, list[int], list[tuple[int, int]], tuple[str, ...], int | None]] = []
    prev_raw = ""
    for block, path in pending:
        if is_table(block):  # a table is one paragraph per row
            merged.extend((*row, path, block.page) for row in table_rows(block))
            prev_raw = "."
            continue
        # A list item block is one paragraph per item.
        items = split_list_items(block, keep_numbers=True)
        for item_start, item_text in items:
            text, offsets, markers = clean_inline(item_text, item_start)
            if not text.strip():
                continue
            if (
                merged
                and merged[-1][3] == path
                and not _ends_sentence(prev_raw)
                and (_continues(item_text) or prev_raw.rstrip().endswith("-"))
            ):
                p_text, p_offsets, p_markers, _, p_page = merged[-1]
                joiner = "" if p_text.endswith("-") else " "
                base = len(p_text) + len(joiner)
                merged[-1] = (
                    p_text + joiner + text,
                    p_offsets + ([p_offsets[-1] + 1] if joiner else []) + offsets,
                    p_markers + [(pos + base, n) for pos, n in markers],
                    path,
                    p_page,
                )
            else:
                merged.append((text, offsets, markers, path, block.page))
            prev_raw = item_text
    paragraphs = []
    for number, (text, offsets, markers, path, page) in enumerate(merged, start=1):
        paragraphs.append(
            Paragraph(
                number=number,
                section_path=path,
                text=text,
                sentences=split_sentences(text),
                markers=markers,
                source_span=(offsets[0], offsets[-1] + 1),
                page=page,
                offsets=offsets,
            )
        )
    return paragraphs


# Inline clean-up: endnote markers out (remembered), Markdown emphasis/links/escapes out,
# whitespace collapsed. Each kept character remembers its offset in the source file.
