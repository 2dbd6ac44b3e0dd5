"""Tables: a pipe table (Markdown's, or one the HTML or Word reader wrote) → one clean line
per data row, each value labelled by its column's header.

A row read on its own (as a sentence is cited) keeps what each figure is: "Indicator:
Transit voyages; 2021: 85; 2025: 94". The header row is no row of its own: it labels the
others. A caption the readers set as the table's first row (one filled cell over the
header) is the table's caption, not its header.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from briefing_bot.corpus.markup import Block, clean_inline
from briefing_bot.corpus.sentences import LABEL_KINDS, LABEL_NUMBER

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# a table's caption written as a line of text: "Table 2. Costs by country", "Exhibit 3: …"
# (its number has a digit: "Table A." is no caption)
_CAPTION = re.compile(rf"^(?:Table|Exhibit)\s+(?=[A-Z]?\d){LABEL_NUMBER}\s*[.:–—-]\s+\S")
# any labelled element's caption, in any case: "Figure 3: …", "CHART 2. …", "Box 1 – …"
_LABEL_CAPTION = re.compile(
    rf"^\s*{LABEL_KINDS}\s+(?=[A-Z]?\d){LABEL_NUMBER}\s*[.:–—-]\s+\S", re.IGNORECASE
)
# an empty cell in a column without a header keeps its place, so the values after it do
_EMPTY = "–"
Cleaned = tuple[str, list[int], list[tuple[int, int]]]


@dataclass
class Table:
    """A table's caption (where it has one) and its data rows, each a clean line with every
    character's source offset (a label's are its header cell's) and its endnote markers."""

    caption: str | None
    rows: list[Cleaned]


def is_caption(text: str) -> bool:
    """Whether a line of text is a table's caption ("Table 2. Costs by country")."""
    return len(text) <= 200 and "\n" not in text and bool(_CAPTION.match(text))


def is_label_caption(text: str) -> bool:
    """Whether a line is the caption of a table, figure, chart, box… ("Figure 3: Costs")."""
    return _LABEL_CAPTION.match(text) is not None


def is_table(block: Block) -> bool:
    """A pipe table: every line starts with "|" and the second is the header rule."""
    return (
        len(block.lines) >= 3
        and all(line.lstrip().startswith("|") for line in block.lines)
        and bool(_TABLE_RULE.match(block.lines[1]))
    )


def _cells(line: str, start: int) -> list[tuple[int, str]]:
    """Each cell of a table line with its source offset (outer pipes dropped)."""
    cells: list[tuple[int, str]] = []
    body_start = line.index("|") + 1
    body = line[body_start:].rstrip()
    body = body[:-1] if body.endswith("|") else body
    pos = 0
    for piece in body.split("|"):
        cells.append((start + body_start + pos, piece))
        pos += len(piece) + 1
    return cells


def _caption(lines: list[tuple[str, int]]) -> bool:
    """Whether the first line is a caption over the header: one filled cell, and the line
    after the rule fills more; the HTML reader sets a second rule under that header, the
    Word reader writes a title merged across the columns as one cell."""
    if len(lines) < 4:
        return False
    first = _cells(*lines[0])
    header = _cells(*lines[2])
    filled = sum(1 for _, text in first if text.strip())
    return (
        filled == 1
        and sum(1 for _, text in header if text.strip()) >= 2
        and (bool(_TABLE_RULE.match(lines[3][0])) or len(first) < len(header))
    )


def read_table(block: Block, *, notes: Container[int] | None = None) -> Table:
    """The caption and data rows of a pipe table (see the module docstring). ``notes``: the
    numbers of the document's notes, which bracketed markers in a cell may cite."""
    lines: list[tuple[str, int]] = []
    at = block.start
    for line in block.lines:
        lines.append((line, at))
        at += len(line) + 1
    caption = None
    header, rest = lines[0], lines[2:]
    if _caption(lines):
        found = next(cell for cell in _cells(*lines[0]) if cell[1].strip())
        caption = clean_inline(found[1], found[0])[0]
        header, rest = lines[2], lines[3:]
    body = [line for line in rest if not _TABLE_RULE.match(line[0])]
    if not body:  # a header alone: its cells are the table's text
        body, header = [header], ("|", header[1])
    headers = [clean_inline(text, at) for at, text in _cells(*header)]
    rows = [_row(line, at, headers, notes) for line, at in body]
    return Table(caption, [row for row in rows if row[0]])


def _row(line: str, at: int, headers: list[Cleaned], notes: Container[int] | None) -> Cleaned:
    """One data row, each value after its header ("2021: 85"); an empty cell is left out
    where its header says which value is which, and is "–" where no header does."""
    cells: list[tuple[int, Cleaned, Cleaned]] = []  # offset, value, label
    for column, (cell_at, raw) in enumerate(_cells(line, at)):
        label = headers[column] if column < len(headers) else ("", [], [])
        cells.append((cell_at, clean_inline(raw, cell_at, notes=notes), label))
    filled = [i for i, (_, value, _) in enumerate(cells) if value[0]]
    text: list[str] = []
    offsets: list[int] = []
    markers: list[tuple[int, int]] = []
    for cell_at, value, label in cells[: filled[-1] + 1] if filled else []:
        if not value[0] and label[0]:
            continue
        shown = value if value[0] else (_EMPTY, [cell_at], [])
        pieces: list[tuple[str, list[int]]] = []
        if text:
            pieces.append(("; ", [cell_at, cell_at]))
        if label[0]:
            pieces += [(label[0], label[1]), (": ", [cell_at, cell_at])]
        for piece, piece_offsets in pieces:
            text.append(piece)
            offsets.extend(piece_offsets)
        base = sum(len(t) for t in text)
        markers.extend((base + p, n) for p, n in shown[2])
        text.append(shown[0])
        offsets.extend(shown[1])
    return "".join(text), offsets, markers
