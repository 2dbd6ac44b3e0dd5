"""Page-foot notes, contents pages and the running title of a plain-text export of a PDF.

A PDF-to-text converter keeps each page's footnotes where the page printed them: at its foot,
between the last body line and the next page's running header, so a paragraph cut by the page
break goes on after them. Read here from the document's own structure (never from a list of a
publication's furniture): the page breaks are the running header/footer and page-number lines
(:func:`layout.furniture_lines`), a note opens with its number ("4    Q9 [Jane Doe]"), the notes
of a page count up by one and on from the previous page's, and the page's text cites most of
them with plain-digit markers ("… around”.4"). A numbered list at a page's foot ("1 Example
Council", "2 …") is cited by nothing and stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from itertools import pairwise

from briefing_bot.corpus.layout import NOTE_LINE, PAGE_NUMBER, is_furniture
from briefing_bot.corpus.markup import Block

# a contents line: a title, dotted leaders and a page number ("2 Funding ......... 7")
_ENTRY = re.compile(
    r"^(?P<indent>\s*)(?P<title>\S.*?)\s*(?:(?:\.\s?){4,}|(?:\s\.){3,})\s*\d{1,4}\s*$"
)
# a running head that carries the page number at one end: "6   Title", "Title   7"
_HEAD_NUMBER = re.compile(r"^\s*\d{1,4}\s+|\s+\d{1,4}\s*$")


def _break(block: Block, repeated: Container[str]) -> bool:
    """A page break: a block of page furniture only (running header or footer, page number)."""
    return all(is_furniture(line, repeated) for line in block.lines)


def _note_numbers(block: Block) -> list[int] | None:
    """The numbers of the notes a block holds, in order (a line that opens none continues the
    note before it); None if its first line opens no note."""
    numbers = [int(m.group("n")) for line in block.lines if (m := NOTE_LINE.match(line))]
    if not NOTE_LINE.match(block.lines[0]):
        return None
    return numbers


def _cited(number: int, text: str) -> bool:
    """Whether ``text`` has a plain-digit marker ``number``: glued to a word, a closing
    punctuation mark or quote, or a figure's full stop ("… in 2024.7", "is 57.46")."""
    return bool(re.search(rf"[A-Za-z%)\]”\"’'.,;:!?]{number}(?!\d)", text))


def page_foot_notes(
    blocks: list[Block], repeated: Container[str]
) -> tuple[list[Block], list[Block]]:
    """``blocks`` without their page-foot notes, and the notes, one block per note as a
    numbered item ("4. Q9 [Jane Doe]") at the note's place in the file.

    The notes of a page are the blocks right before its break (a running header or footer, a
    page number, or the end of the text) that open with a note number, numbered one after the
    other from one past the previous page's last note (or from 1), at least half of them cited
    by the page's own text. Where a text has no page furniture, nothing is taken."""
    breaks = [i for i, block in enumerate(blocks) if _break(block, repeated)]
    if not breaks:
        return blocks, []
    taken: set[int] = set()
    notes: list[Block] = []
    last = 0
    start = 0
    for end in [*breaks, len(blocks)]:
        page = list(range(start, end))
        start = end + 1
        at = len(page)
        numbers: list[int] = []
        while at > 0:
            found = _note_numbers(blocks[page[at - 1]])
            if not found or (numbers and found[-1] + 1 != numbers[0]):
                break
            numbers[:0] = found
            at -= 1
        if not numbers or at == 0:
            continue  # a page of notes alone is not a page's foot
        if any(b - a != 1 for a, b in pairwise(numbers)):
            continue
        if numbers[0] != last + 1 and numbers[0] != 1:
            continue
        body = "\n".join(line for i in page[:at] for line in blocks[i].lines)
        if 2 * sum(1 for n in numbers if _cited(n, body)) < len(numbers):
            continue
        last = numbers[-1]
        for i in page[at:]:
            taken.add(i)
            notes.extend(_as_items(blocks[i]))
    if not taken:
        return blocks, []
    return [b for i, b in enumerate(blocks) if i not in taken], notes


def _as_items(block: Block) -> list[Block]:
    """A block of notes as one numbered item per note, its wrapped lines joined."""
    items: list[Block] = []
    pos = block.start
    for line in block.lines:
        opened = NOTE_LINE.match(line)
        if opened:
            text = f"{opened.group('n')}. {line[opened.end() :].strip()}"
            items.append(Block(pos, [text], block.page))
        elif items:
            items[-1].lines[0] += " " + line.strip()
        pos += len(line) + 1
    return items


def without_contents(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """``blocks`` without a table of contents (a block of three or more lines, most of them a
    title, dotted leaders and a page number: it repeats the headings, which the text has), and
    its entries as ``(depth, title)``: depth 0 for the least indented titles, 1 for the next.
    Only where the text after it spells at least half its titles, so a list of other things
    with dotted leaders (prices, figures) stays."""
    kept: list[Block] = []
    entries: list[tuple[int, str]] = []
    spelt = [_spelt(block) for block in blocks]
    for i, block in enumerate(blocks):
        found = [m for line in block.lines if (m := _ENTRY.match(line))]
        later = set(spelt[i + 1 :])
        if (
            len(block.lines) >= 3
            and 3 * len(found) >= 2 * len(block.lines)
            and 2 * sum(1 for m in found if _spelt_title(m.group("title")) in later) >= len(found)
        ):
            entries.extend((len(m.group("indent").expandtabs(4)), m.group("title")) for m in found)
        else:
            kept.append(block)
    indents = sorted({indent for indent, _ in entries})
    return kept, [(indents.index(indent), " ".join(t.split())) for indent, t in entries]


def _spelt_title(text: str) -> str:
    return " ".join(text.split()).casefold()


def _spelt(block: Block) -> str:
    """A short block's text as a heading would spell it (its lines joined); "" for a long one."""
    if len(block.lines) > 3 or any(len(line) > 120 for line in block.lines):
        return ""
    return _spelt_title(" ".join(block.lines))


def contents_levels(blocks: list[Block], entries: list[tuple[int, str]]) -> None:
    """Headings as the contents page lists them: a block of up to three short lines that spells
    the next entries' title (in order) is a heading, two levels below the title per depth of
    indent ("2 Funding" at level 2, its indented "Grants" at 3), its lines joined as one. A
    heading the contents leaves out (a sitting's date under "Formal minutes") is one level
    below the listed heading it follows."""
    at = 0
    listed: int | None = None  # the level of the last listed heading
    for block in blocks:
        text = _spelt(block)
        ahead = range(at, min(at + 3, len(entries)))
        match = next((j for j in ahead if text and _spelt_title(entries[j][1]) == text), None)
        if match is None:
            if block.level is not None and listed is not None and block.level <= listed:
                block.level = listed + 1
            continue
        block.lines = [" ".join(" ".join(block.lines).split())]
        block.level = listed = 2 + entries[match][0]
        at = match + 1


def running_title(lines: list[str], repeated: Container[str]) -> str | None:
    """The text of the running header or footer that repeats most, its page number left out
    ("6     Running on Empty" → "Running on Empty"); None where there is none."""
    heads = Counter(
        " ".join(_HEAD_NUMBER.sub(" ", line).split())
        for line in lines
        if line.strip() and not PAGE_NUMBER.match(line) and is_furniture(line, repeated)
    )
    return heads.most_common(1)[0][0] if heads else None


def title_block(blocks: list[Block], running: str | None, repeated: Container[str]) -> int | None:
    """The index of the first page's block that spells the running title, wrapped or not (a
    cover puts the publisher's name above the title; the running head repeats the title)."""
    if not running or len(running.split()) < 2:
        return None
    wanted = running.casefold()
    for i, block in enumerate(blocks):
        if _break(block, repeated):
            return None  # the first page ended
        if len(block.lines) <= 3 and " ".join(" ".join(block.lines).split()).casefold() == wanted:
            return i
    return None
