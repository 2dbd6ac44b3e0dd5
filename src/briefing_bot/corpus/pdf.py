"""Reading a PDF: pypdf's text layer, with what the type on the page says about it.

pypdf's plain extraction loses what a reader sees at a glance; the text visitor knows each
run's font size and baseline, and that is enough to put some of it back:

* a gap wider than the usual line spacing, or a change of type size (a byline over a series
  line), is a break between blocks;
* lines in smaller type below the body at the foot of a page, each note starting with a number
  the page's markers cite, are footnotes: taken out of the text flow (so a paragraph cut by
  the page break rejoins) and made the document's numbered notes; a note that stops
  mid-sentence goes on at the top of the next page's foot; a note starred from a name
  ("Jane Doe*") is the author note;
* a run of digits set smaller than the text it touches ("… in 2023.⁷") is a note marker when
  the footnotes have that number, kept as ``<sup>7</sup>`` so the structural parser links it
  (a small "2" no note answers stays text: "km²");
* a bullet glyph the font does not map to Unicode (a control character) becomes a list dash.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from briefing_bot.corpus.apparatus import STARRED_NAME
from briefing_bot.corpus.endnotes import endnote_paragraph, parse_endnotes
from briefing_bot.corpus.layout import insert_breaks, is_furniture, paragraph_ends
from briefing_bot.corpus.markup import NOTES_HEADING, Block
from briefing_bot.corpus.structure import Parsed, parse_pages
from briefing_bot.errors import DocumentError

_MARKER = re.compile(r"^\s*(?P<num>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[*†‡])\s*$")
# a footnote's own number at the start of its first line, where it is not set apart in type
_PLAIN_NOTE = re.compile(r"^\s*(?P<num>\d{1,3}|[*†‡])\.?\s+(?=\S)")
_SMALLER = 0.9  # a marker's size against the text it follows; a note's against the body's
_BULLETS = "•▪●◦"
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*$")  # a note that ends a sentence ends there
_SIZE_STEP = 1.15  # a change of type size that sets two lines apart
_CHAR_WIDTH = 0.55  # a character's usual width against its type size, to tell where a run ends
_CELL_GAP = 1.5  # space between two runs of a line, in type sizes, that makes them cells
_ALIGNED = 3.0  # points: how far a cell may start from its column's left edge


@dataclass
class _Run:
    text: str
    y: float
    size: float
    x: float = 0.0


@dataclass
class _Line:
    y: float
    size: float  # the largest run's size
    runs: list[_Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class _Page:
    runs: list[_Run]
    lines: list[_Line]
    text: str  # pypdf's own extraction, for a page whose runs do not add up to it


@dataclass
class PdfText:
    """A PDF's text: its pages (notes out of the flow, markers as ``<sup>``), its page-foot
    notes by number, the notes starred from a name (author notes), and the title set in
    the first page's largest type."""

    meta: dict[str, Any]
    pages: list[str]
    footnotes: dict[int, str] = field(default_factory=dict)
    author_notes: list[str] = field(default_factory=list)
    display_title: str | None = None


def _page_runs(page: Any) -> _Page:
    runs: list[_Run] = []
    lines: list[_Line] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        y = tm[5] * (cm[3] or 1) + cm[5]
        x = tm[4] * (cm[0] or 1) + cm[4]
        size = size * abs(cm[3] or 1)
        run = _Run(text, y, size, x)
        runs.append(run)
        if not text.strip():
            return
        # a superscript (raised, smaller) stays on its line
        if lines and abs(y - lines[-1].y) <= 0.5 * max(size, lines[-1].size):
            lines[-1].runs.append(run)
            if size > lines[-1].size:
                lines[-1].y, lines[-1].size = y, size
        else:
            lines.append(_Line(y, size, [run]))

    text = page.extract_text(visitor_text=visit) or ""
    return _Page(runs, lines, text)


def _body_size(pages: list[_Page]) -> float:
    """The size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for run in page.runs:
            sizes[round(run.size, 1)] += len(run.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _numbers(marker: str) -> list[str]:
    """A marker's note labels: "3" → ["3"], "3, 5" → ["3", "5"], "3–5" → ["3", "4", "5"]."""
    labels: list[str] = []
    for part in re.split(r"\s*,\s*", marker.strip()):
        ends = [int(n) for n in re.split(r"\s*[–-]\s*", part) if n.isdigit()]
        if len(ends) == 2 and 0 < ends[1] - ends[0] <= 20:
            labels.extend(str(n) for n in range(ends[0], ends[1] + 1))
        elif ends:
            labels.extend(str(n) for n in ends)
        else:
            labels.append(part)
    return labels


def _markers(page: _Page) -> dict[int, list[str]]:
    """The page's note markers, by run index: a run of digits set smaller than the text
    right before it on the same line, touching it; or such a star or dagger after a name
    ("Jane Doe*": the author note's marker)."""
    found: dict[int, list[str]] = {}
    index = {id(run): i for i, run in enumerate(page.runs)}
    for line in page.lines:
        for before, run in pairwise(line.runs):
            match = _MARKER.match(run.text)
            if (
                match
                and run.size < _SMALLER * before.size
                and before.text.strip()
                and not before.text[-1].isspace()
                and (match.group("num")[0].isdigit() or STARRED_NAME.match(line.text.strip()))
            ):
                found[index[id(run)]] = _numbers(match.group("num"))
    return found


def _note_start(line: _Line, cited: set[str]) -> tuple[str, int] | None:
    """A footnote's first line: (its number, how many runs its number takes), when the line
    starts with a number (or star) the page's text cites, as a run of its own (set smaller
    than the note's text, or spaced from it) or as the line's first word."""
    first, rest = line.runs[0], line.runs[1:]
    match = _MARKER.match(first.text)
    if match:
        apart = rest and (
            first.size < _SMALLER * max(run.size for run in rest)
            or first.text[-1:].isspace()
            or rest[0].text[:1].isspace()
        )
        return (match.group("num"), 1) if apart and match.group("num") in cited else None
    plain = _PLAIN_NOTE.match(line.text)
    return (plain.group("num"), 0) if plain and plain.group("num") in cited else None


def _foot_notes(
    page: _Page, body: float, cited: set[str], *, carry: bool = False
) -> tuple[list[_Line], list[tuple[str, list[_Line]]]]:
    """The page's footnotes, top to bottom: runs of lines in smaller type than the body,
    below every line of body-size type, each note opening with a number the page cites.

    ``carry`` (the previous page's last note stops mid-sentence): the small type at the top
    of the page's foot, before its first note or without one, continues that note; those
    lines come first.
    """
    lines = sorted(page.lines, key=lambda line: -line.y)

    def small(line: _Line) -> bool:
        return line.size < _SMALLER * body and not is_furniture(line.text.strip(), ())

    def top_of_run(at: int) -> int:
        while (
            at and small(lines[at - 1]) and lines[at - 1].y - lines[at].y <= 2 * lines[at - 1].size
        ):
            at -= 1
        return at

    start = next(
        (i for i, line in enumerate(lines) if small(line) and _note_start(line, cited)), None
    )
    if start is None:
        end = len(lines)
        while end and is_furniture(lines[end - 1].text.strip(), ()):
            end -= 1
        if not carry or not end or not small(lines[end - 1]):
            return [], []
        top = top_of_run(end - 1)
        return (lines[top:end], []) if top else ([], [])
    if start and NOTES_HEADING.match(lines[start - 1].text.strip()):
        return [], []  # a notes section under its heading: endnotes, read as such
    below = [other for other in lines[start + 1 :] if not is_furniture(other.text.strip(), ())]
    if any(other.size >= _SMALLER * body for other in below):
        return [], []  # body text below it: not at the page's foot
    notes: list[tuple[str, list[_Line]]] = []
    previous = lines[start]
    for other in lines[start:]:
        # a footer or page number further down is not part of the notes
        if not small(other) or previous.y - other.y > 2 * previous.size:
            break
        begun = _note_start(other, cited)
        if begun is not None:
            notes.append((begun[0], [other]))
        else:
            notes[-1][1].append(other)
        previous = other
    top = top_of_run(start) if carry else start
    return lines[top:start], notes


def _joined(parts: list[str]) -> str:
    """Lines of a note as one text (a line broken after a hyphen joins without a space: a URL
    or a compound)."""
    text = ""
    for raw in parts:
        part = " ".join(raw.split())
        if not text:
            text = part
        elif text.endswith("-") and part[:1].islower():
            text += part
        else:
            text += " " + part
    return text


def _note_text(label: str, lines: list[_Line]) -> str:
    """A footnote's text, without its number."""
    first = lines[0]
    start = _note_start(first, {label})
    skip = start[1] if start else 0
    text = _joined(["".join(run.text for run in first.runs[skip:])] + [x.text for x in lines[1:]])
    if not skip:
        text = _PLAIN_NOTE.sub("", text, count=1)
    return text.strip()


def _is_bullet(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) == 1 and (
        stripped in _BULLETS or unicodedata.category(stripped) in ("Cc", "Co")
    )


def _cells(line: _Line) -> list[_Run]:
    """A line's runs as table cells, left to right: each run set well apart from the one
    before it (a gap of more than a word space), or [] when the line is running text."""
    runs = sorted((run for run in line.runs if run.text.strip()), key=lambda run: run.x)
    if len(runs) < 2:
        return []
    for left, right in pairwise(runs):
        end = left.x + _CHAR_WIDTH * left.size * len(left.text.strip())
        if right.x - end < _CELL_GAP * left.size:
            return []
    return runs


def _tables(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of three or more lines (a header and two rows at least) set as cells in the same
    columns: the page's tables, whose rows plain extraction flattens into one line."""
    found: list[list[_Line]] = []
    current: list[_Line] = []
    columns: list[float] = []

    def aligned(cells: list[_Run]) -> bool:
        return all(any(abs(c.x - x) <= _ALIGNED for x in columns) for c in cells)

    for line in lines:
        cells = _cells(line)
        if cells and current and aligned(cells):
            current.append(line)
            continue
        if len(current) >= 3:
            found.append(current)
        current, columns = ([line], [c.x for c in cells]) if cells else ([], [])
    if len(current) >= 3:
        found.append(current)
    return found


def _pipe_table(rows: list[_Line], columns: list[float]) -> str:
    """A table's lines as a pipe table (its first line the header), for the structural
    parser to read as rows (:mod:`briefing_bot.corpus.tables`)."""

    def cells(line: _Line) -> list[str]:
        out = [""] * len(columns)
        for run in _cells(line):
            at = min(range(len(columns)), key=lambda k: abs(columns[k] - run.x))
            out[at] = " ".join(f"{out[at]} {run.text}".split()).replace("|", "/")
        return out

    lines = [cells(rows[0]), ["---"] * len(columns), *(cells(row) for row in rows[1:])]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _set_tables(page: _Page, lines: list[_Line]) -> set[int]:
    """The page's tables written as pipe tables in place of their runs, each a block of its
    own; the ids of the lines they took."""
    taken: set[int] = set()
    for table in _tables(lines):
        columns = sorted({round(run.x, 1) for line in table for run in _cells(line)})
        merged: list[float] = []
        for x in columns:  # one column per left edge, within the alignment tolerance
            if not merged or x - merged[-1] > _ALIGNED:
                merged.append(x)
        written = _pipe_table(table, merged)
        runs = {id(run) for line in table for run in line.runs}
        first = next(run for run in page.runs if id(run) in runs)
        for run in page.runs:
            if id(run) in runs:
                run.text = ""
        first.text = "\n\n" + written + "\n\n"
        taken.update(id(line) for line in table)
    return taken


def _page_text(
    page: _Page, markers: dict[int, list[str]], notes: list[tuple[str, list[_Line]]]
) -> str:
    """The page's text without its footnotes, markers as ``<sup>N</sup>``, and a blank line
    where the page leaves a gap between paragraphs."""
    dropped = {id(run) for _, lines in notes for line in lines for run in line.runs}
    starts = {id(line.runs[0]) for line in page.lines}
    for i, run in enumerate(page.runs):
        if id(run) in dropped:
            continue
        if i in markers:
            end = run.text[len(run.text.rstrip()) :]
            run.text = f"<sup>{','.join(markers[i])}</sup>{end}"
        elif id(run) in starts and _is_bullet(run.text):
            run.text = run.text.replace(run.text.strip(), "-")
    lines = [line for line in page.lines if id(line.runs[0]) not in dropped]
    index = {id(run): i for i, run in enumerate(page.runs)}
    for line, after in pairwise(lines):
        # a change of type size between two lines (a byline over a series line) is a break
        # between blocks, as a gap is
        if max(line.size, after.size) <= _SIZE_STEP * min(line.size, after.size):
            continue
        at = index[id(after.runs[0])]
        before = "".join([run.text for run in page.runs[:at] if run.text][-2:])
        if before.endswith("\n") and not before.endswith("\n\n"):
            after.runs[0].text = "\n" + after.runs[0].text
    in_tables = _set_tables(page, lines)
    text = "".join(run.text for run in page.runs if id(run) not in dropped)
    return insert_breaks(text, _paragraph_ends([x for x in lines if id(x) not in in_tables]))


def _paragraph_ends(lines: list[_Line]) -> list[str]:
    return paragraph_ends([(line.y, line.size, line.text) for line in lines])


def _endnote_numbers(pages: list[_Page]) -> set[int]:
    """The numbers of the notes listed under the document's last notes heading ("Notes",
    "Endnotes"): what a raised marker in the text may cite besides the page-foot notes."""
    lines = [line.text.strip() for page in pages for line in page.lines]
    start = max((k for k, text in enumerate(lines) if NOTES_HEADING.match(text)), default=None)
    if start is None:
        return set()
    found = (_PLAIN_NOTE.match(text) for text in lines[start + 1 :])
    return {int(m.group("num")) for m in found if m and m.group("num").isdigit()}


def read_pdf(path: Path) -> PdfText:
    """A PDF's text and notes; raises :class:`DocumentError` when it can't be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [_page_runs(page) for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF: {exc}") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise DocumentError(f"corrupt or unreadable PDF: {type(exc).__name__}: {exc}") from exc
    meta: dict[str, Any] = {}
    if info is not None:
        if info.title:
            meta["title"] = str(info.title)
        if info.author:
            meta["author"] = str(info.author)
    body = _body_size(pages)
    out = PdfText(meta=meta, pages=[])
    found = []
    last: int | None = None  # the number of the note that ends the previous page
    for page in pages:
        # the runs are what pypdf joins into the page's text; where they are not (a pypdf
        # that rewrites its output), the page is read as pypdf extracts it
        exact = "".join(run.text for run in page.runs) == page.text
        markers = _markers(page) if exact else {}
        cited = {label for labels in markers.values() for label in labels}
        carry = last is not None and not _ENDS.search(out.footnotes[last])
        continued, notes = _foot_notes(page, body, cited, carry=carry)
        if continued and last is not None:
            out.footnotes[last] = _joined([out.footnotes[last], *(x.text for x in continued)])
            notes = [("", continued), *notes]
        found.append((exact, markers, notes))
        for label, lines in notes:
            if not label:
                continue
            text = _note_text(label, lines)
            if label.isdigit():
                out.footnotes.setdefault(int(label), text)
                last = int(label)
            elif text:
                out.author_notes.append(text)
    answered = set(out.footnotes) | _endnote_numbers(pages)
    for page, (exact, markers, notes) in zip(pages, found, strict=True):
        if not exact:
            out.pages.append(insert_breaks(page.text, _paragraph_ends(page.lines)))
            continue
        # only a marker the notes (page-foot or listed at the end) answer is one: a small "2"
        # elsewhere is a unit's power or a subscript ("km2", "CO2"), and stays text
        linked = {
            at: labels
            for at, labels in markers.items()
            if all(label.isdigit() and int(label) in answered for label in labels)
        }
        out.pages.append(_page_text(page, linked, notes))
    if not any(p.strip() for p in out.pages):
        raise DocumentError("PDF has no extractable text (scanned image?)")
    if pages and pages[0].lines:
        top = max(line.size for line in pages[0].lines)
        title = [line.text for line in pages[0].lines if line.size == top]
        out.display_title = " ".join(" ".join(title).split()) or None
    return out


def parse_pdf(path: Path) -> tuple[dict[str, Any], Parsed]:
    """A PDF's metadata and its parse, its page-foot notes as the document's notes."""
    pdf = read_pdf(path)
    parsed = parse_pages(pdf.pages)
    meta = dict(pdf.meta)
    shown = pdf.display_title
    rest = parsed.title[len(shown) :] if shown and parsed.title else ""
    if shown and parsed.title and parsed.title.startswith(shown) and rest.strip(" :—–-"):
        # the title block ran on into a subtitle set in smaller type
        meta["subtitle"] = rest.strip(" :—–-")
        parsed.title = shown
    parsed.notes[:0] = pdf.author_notes
    if pdf.footnotes:
        blocks = [Block(0, [f"{n}. {text}"]) for n, text in sorted(pdf.footnotes.items())]
        notes, _ = parse_endnotes(blocks)
        parsed.endnotes = {**parsed.endnotes, **notes}
        number = len(parsed.paragraphs)
        for note in notes.values():
            number += 1
            parsed.paragraphs.append(endnote_paragraph(note, number))
    return meta, parsed
