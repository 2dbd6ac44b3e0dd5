"""Page layout repair for text that came out of a PDF (a ``.pdf`` file, or a ``.txt`` export).

A converter leaves what the printed page needed and a reader does not: running headers and
footers and page numbers between the two halves of a sentence, words hyphenated at a line
end, headings that are plain lines (no Markdown ``#``), a title and byline in one block, and
endnote markers that are plain digits after the punctuation ("… in 2023.7"). Everything here
works on :class:`~briefing_bot.corpus.markup.Block` lists before the structural parser and
decides from the document itself (what repeats, what its own vocabulary spells), never from a
list of a particular publication's furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from itertools import pairwise

from briefing_bot.corpus.markup import NOTES_HEADING, Block

# "12", "- 12 -", "Page 12", "12 of 40", "12/40"
PAGE_NUMBER = re.compile(
    r"^[\s\-–—]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*$", re.IGNORECASE
)
_NUMBERED_HEADING = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.))\s+(?P<text>\S.*)$"
)
_HEADING_END = re.compile(r"[.,;:!…]$|[.!]['\"”’)\]]$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over".split()
    + "per the to under up via vs with".split()
)
MAX_HEADING_WORDS = 14
MAX_SENTENCE_CASE_WORDS = 10


def _shape(line: str) -> str:
    """A line with its digits blurred, so "Review | 12" and "Review | 13" repeat as one."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def furniture_lines(lines: Iterable[str], *, min_repeats: int = 3, paged: bool = False) -> set[str]:
    """Shapes of the short lines that repeat through the document: running headers/footers.

    A line that ends a sentence or names a speaker ("(Applause.)", "QUESTION:") never counts.
    Unless the text is known to be ``paged`` (a PDF), a repeated line without a number counts
    only when the text shows page numbers of its own: a transcript may repeat a label.
    """
    lines = list(lines)
    notes = note_run_lines(lines)
    lines = [line for k, line in enumerate(lines) if line.strip() and k not in notes]
    counts = Counter(
        _shape(line)
        for line in lines
        if len(line.split()) <= MAX_HEADING_WORDS
        and not _ends_sentence(line)
        and not line.rstrip().endswith(":")
    )
    paged = paged or sum(1 for line in lines if PAGE_NUMBER.match(line)) >= 2
    return {shape for shape, n in counts.items() if n >= min_repeats and (paged or "#" in shape)}


# a page-foot note's first line in a text export: its number, a space, its text ("4    Q9 …")
NOTE_LINE = re.compile(r"^\s{0,3}(?P<n>\d{1,3})\s+(?=\S)")


def note_run_lines(lines: list[str]) -> set[int]:
    """Indices of the lines that open page-foot notes numbered in a run: a line "N text" right
    next to "N-1 …" or "N+1 …" (no blank line between). A short note ("46 Ibid.", "47 Q80
    [Jane Doe]") may repeat as often as a running header does, but a header is never one of a
    run of consecutively numbered lines."""
    numbers = [int(m.group("n")) if (m := NOTE_LINE.match(line)) else None for line in lines]
    found: set[int] = set()
    for k, n in enumerate(numbers):
        if n is None:
            continue
        before = numbers[k - 1] if k > 0 else None
        after = numbers[k + 1] if k + 1 < len(numbers) else None
        if before == n - 1 or after == n + 1:
            found.add(k)
    return found


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]]*\s*$", line))


def is_furniture(line: str, repeated: Container[str]) -> bool:
    return bool(PAGE_NUMBER.match(line)) or _shape(line) in repeated


def drop_furniture(blocks: list[Block], repeated: Container[str]) -> list[Block]:
    """Blocks without their page furniture: a block made only of furniture lines goes; a
    furniture line at the top or bottom of a block (where a page break put it) goes."""
    out: list[Block] = []
    for block in blocks:
        lines = list(block.lines)
        start = block.start
        while lines and is_furniture(lines[0], repeated):
            start += len(lines[0]) + 1
            lines.pop(0)
        while lines and is_furniture(lines[-1], repeated):
            lines.pop()
        if lines:
            out.append(Block(start, lines, block.page))
    return out


def reads_as_heading(line: str, *, any_case: bool = False) -> bool:
    """A short line, no closing punctuation, in title case ("2. Why the Fund Is Underspent",
    "II. …", "SUMMARY"); ``any_case`` (where the layout already says the line stands apart:
    a short line between paragraphs) also takes a sentence-case one ("A thin and ageing web")."""
    text = line.strip()
    if not text or len(text) > 120 or _HEADING_END.search(text):
        return False
    numbered = _NUMBERED_HEADING.match(text)
    body = numbered.group("text") if numbered else text
    words = _WORD.findall(body)
    if not words or len(body.split()) > MAX_HEADING_WORDS or not body[0].isupper():
        return False
    if any_case:
        return len(body.split()) <= MAX_SENTENCE_CASE_WORDS
    return text.isupper() or title_case(body)


def title_case(text: str) -> bool:
    """Whether most of a line's words (three in four, small words aside) are capitalised."""
    content = [w for w in _WORD.findall(text) if w.casefold() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return len(content) >= 1 and capitalised >= max(1, round(0.75 * len(content)))


def heading_level(line: str) -> int:
    """2 for a top-level heading, one deeper per level of its number ("2.1" → 3)."""
    numbered = _NUMBERED_HEADING.match(line.strip())
    if not numbered:
        return 2
    parts = [p for p in numbered.group("num").rstrip(".").split(".") if p]
    return min(6, 1 + len(parts))


def document_words(texts: Iterable[str]) -> set[str]:
    """The document's own spellings (lower case), hyphenated compounds included."""
    words: set[str] = set()
    for text in texts:
        # the two halves of a word split at a line end are not spellings of their own
        whole = re.sub(r"[A-Za-z]+-\n\s*[a-z]+", " ", text)
        for token in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", whole):
            lowered = token.casefold()
            words.add(lowered)
            words.update(lowered.split("-"))
    return words


# An endnote marker printed as plain digits: after a word's closing punctuation ("claims,4",
# "in Asia.12", "“…”3") or after a year's full stop ("in 2023.7 The…"); never after a digit
# otherwise, so "2.7 percent" and "1,500" stay numbers.
_PLAIN_MARKER = re.compile(
    r"(?:(?<=[A-Za-z%)\]”\"’'])(?:[.,;:!?][”\"’')\]]*|[”\"’')\]]+)|(?<=\b(?:19|20)\d\d)\.)"
    r"(?P<n>\d{1,3})(?=\s|$)"
)


# A marker glued to a figure that ends a sentence ("the median age is 57.46" for age 57 and
# note 46): read as a marker only when it is the very next note (``plain_markers``' ``after``).
_GLUED_MARKER = re.compile(r"(?<=\d)\.(?P<n>\d{1,3})(?=\s*$|\s+[A-Z“\"‘])")


def plain_markers(
    text: str, offsets: list[int], numbers: Container[int], after: int | None = None
) -> tuple[str, list[int], list[tuple[int, int]]]:
    """``text`` without its plain-digit endnote markers (only numbers the document's notes
    have), its offsets kept aligned, and the markers found as ``(position, number)``.
    ``after``: the last marker read before ``text``; a figure's decimals that are the next
    note's number and end a sentence ("57.46 " after note 45) are a marker too."""
    out: list[str] = []
    kept: list[int] = []
    markers: list[tuple[int, int]] = []
    pos = 0
    found = list(_PLAIN_MARKER.finditer(text))
    if after is not None:
        found = sorted([*found, *_GLUED_MARKER.finditer(text)], key=lambda m: m.start("n"))
    last = after
    for match in found:
        number = int(match.group("n"))
        if number not in numbers or match.start("n") < pos:
            continue
        if match.re is _GLUED_MARKER and (last is None or number != last + 1):
            continue
        last = number
        out.append(text[pos : match.start("n")])
        kept.extend(offsets[pos : match.start("n")])
        pos = match.end("n")
        markers.append((len(kept), number))  # kept has one offset per character kept
    out.append(text[pos:])
    kept.extend(offsets[pos:])
    return "".join(out), kept, markers


def split_lead_lines(block: Block, is_own_line: re.Pattern[str]) -> list[Block]:
    """A block whose lines include a byline (or another line matching ``is_own_line``)
    split so that line stands alone: a PDF export runs title, byline and text together."""
    return set_apart(block, lambda _j, line: bool(is_own_line.match(line.strip())), inherit=False)


def set_apart(
    block: Block,
    picks: Callable[[int, str], bool],
    *,
    level: Callable[[str], int | None] = lambda _line: None,
    inherit: bool = True,
) -> list[Block]:
    """``block`` cut so that each line ``picks`` (by its index and text) is a block of its
    own, with ``level(line)``; the runs between keep the block's level and kind if
    ``inherit``."""
    out: list[Block] = []

    def run(start: int) -> Block:
        if inherit:
            return Block(start, [], block.page, block.level, block.kind)
        return Block(start, [], block.page)

    current = run(block.start)
    pos = block.start
    for j, line in enumerate(block.lines):
        if picks(j, line):
            if current.lines:
                out.append(current)
            out.append(Block(pos, [line], block.page, level=level(line)))
            current = run(pos + len(line) + 1)
        else:
            current.lines.append(line)
        pos += len(line) + 1
    if current.lines:
        out.append(current)
    return out


def _line_key(text: str) -> str:
    return "".join(re.findall(r"[A-Za-z]", text))[-24:]


def paragraph_ends(lines: list[tuple[float, float, str]]) -> list[str]:
    """Keys of the lines after which a page leaves extra space: where a paragraph ends.

    ``lines`` are ``(baseline y, font size, text)`` top to bottom, as a PDF's text layer
    places them; a gap more than 1.3 times the usual line spacing is a paragraph break (PDFs
    that separate paragraphs by space rather than indent lose it in plain text extraction).
    """
    gaps = [a[0] - b[0] for a, b in pairwise(lines) if 0 < a[0] - b[0] < 3 * a[1]]
    if len(gaps) < 3:
        return []
    usual = sorted(gaps)[len(gaps) // 4]  # line spacing: most gaps, but not all, are lines
    return [
        _line_key(a[2]) for a, b in pairwise(lines) if a[0] - b[0] > 1.3 * usual and _line_key(a[2])
    ]


def insert_breaks(text: str, ends: list[str]) -> str:
    """``text`` (a page as pypdf extracts it) with a blank line after each line whose key is
    the next of ``ends``, matched in order (a line that matches none is left as it is)."""
    if not ends:
        return text
    out: list[str] = []
    pending = list(ends)
    for line in text.split("\n"):
        out.append(line)
        key = _line_key(line)
        if key and key in pending[:3]:
            del pending[: pending.index(key) + 1]
            out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Numbered headings in a text export

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def _numbers(line: str) -> list[int]:
    """The section numbers a numbered heading line starts with ("2.1 …" → [2, 1])."""
    found = _NUMBERED_HEADING.match(line.strip())
    if not found or not found.group("num")[0].isdigit():
        return []
    return [int(p) for p in found.group("num").rstrip(".").split(".") if p]


def _numbered_heading(line: str, section: int | None) -> bool:
    """Whether a line reads as a numbered heading in its place: a sub-heading ("2.1 The
    sequence of controls") of the section it is in, in any case; a top-level one ("3. …")
    in title case, or in any case when its number is the next section's."""
    numbers = _numbers(line)
    if not numbers or not reads_as_heading(line, any_case=True):
        return False
    if len(numbers) > 1:
        return numbers[0] == section
    return reads_as_heading(line) or (section is not None and numbers[0] == section + 1)


def _closed_number(line: str) -> bool:
    """Whether a line's number is closed by a full stop or bracket ("2. Fund …", "3) …"), as a
    list item's is: a heading's bare number ("1 Introduction") starts no list, so a numbered
    paragraph under it ("1. On 14 January …") does not make it a list item."""
    return bool(re.match(r"^\s*\d+[.)]\s", line))


def _listed(found: set[int], lines: list[tuple[Block, int]], text: list[str]) -> set[int]:
    """The lines of ``found`` that are a numbered list, not headings: two or more lines of one
    block in a row, numbered one after the other ("1   Example Council", "2   …"), with no text
    between them to head."""
    listed: set[int] = set()
    for k in sorted(found):
        if k + 1 not in found or lines[k][0] is not lines[k + 1][0]:
            continue
        here, after = _numbers(text[k]), _numbers(text[k + 1])
        if len(here) == len(after) and here[:-1] == after[:-1] and after[-1] == here[-1] + 1:
            listed.update((k, k + 1))
    return listed


def numbered_headings(blocks: list[Block]) -> list[Block]:
    """``blocks`` with their numbered headings marked (a ``level`` by the depth of the number),
    a heading line glued to a paragraph split off it (a short line after a sentence's end, a
    capital after it). A title-case rule misses a sentence-case sub-heading ("3.1 Thresholds
    and components"); the numbering tells it from a sentence that starts with a number (never
    alone on a short line) and from a numbered list (a list item beside it)."""
    # the usual width of a line of running text (a block of one line is a heading or such)
    widths = sorted(len(line.strip()) for b in blocks if len(b.lines) > 1 for line in b.lines)
    typical = widths[len(widths) * 3 // 4] if widths else 0
    lines = [(b, j) for b in blocks for j in range(len(b.lines))]
    text = [b.lines[j] for b, j in lines]
    found: set[int] = set()
    section: int | None = None
    for k, line in enumerate(text):
        block, j = lines[k]
        if j == 0 and NOTES_HEADING.match(line.strip()):
            break  # numbered notes follow
        if block.level is not None:
            seen = _numbers(line)  # a heading the layout already saw
            section = seen[0] if seen else section
            continue
        if not _numbered_heading(line, section):
            continue
        alone = len(block.lines) == 1
        if (
            not alone
            and not (
                # the number vouches for a line somewhat longer than an unnumbered heading's
                typical > 40
                and len(line.strip()) < 0.8 * typical
                # after a paragraph's end (a full stop, or a short last line) or another heading
                and (
                    j == 0
                    or _ends_sentence(block.lines[j - 1])
                    or len(block.lines[j - 1].strip()) < 0.7 * typical
                    or k - 1 in found
                )
                and (j + 1 == len(block.lines) or block.lines[j + 1].lstrip()[:1].isalnum())
            )
        ):
            continue
        if any(
            0 <= n < len(text)
            and n not in found
            and _LIST_ITEM.match(text[n])
            and _closed_number(line)
            for n in (k - 1, k + 1)
        ):
            continue  # "2. Fund …" between list items is one of them
        found.add(k)
        section = _numbers(line)[0]
    found -= _listed(found, lines, text)
    if not found:
        return blocks
    out: list[Block] = []
    first = 0  # the index of the block's first line among all lines

    def picks(j: int, _line: str) -> bool:
        return first + j in found

    for block in blocks:
        out.extend(set_apart(block, picks, level=heading_level))
        first += len(block.lines)
    return out


def lines_apart(blocks: list[Block], apart: Callable[[str], bool]) -> list[Block]:
    """``blocks`` with each line that ``apart`` picks set apart as a block of its own: a page
    number or running header that an export without blank lines left inside the text."""
    return [
        b
        for block in blocks
        for b in (
            set_apart(block, lambda _j, line: apart(line)) if len(block.lines) > 1 else [block]
        )
    ]


def runs_on(blocks: list[Block], *, lines: int = 12) -> bool:
    """Whether a text export left out the blank lines between its paragraphs: its usual
    block of text runs on for more lines than a paragraph has."""
    sizes = sorted(len(b.lines) for b in blocks if len(b.lines) > 1)
    return bool(sizes) and sizes[len(sizes) // 2] >= lines
