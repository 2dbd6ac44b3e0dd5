"""Word documents (.docx) → Markdown text for the structural parser (python-docx).

Headings come from paragraph styles ("Title", "Heading N"), list items from list styles or
numbering, tables become pipe tables, and Word footnotes and endnotes become Markdown
footnotes (``[^3]`` in the text, ``[^3]: …`` at the end), so the parser links them per
sentence as it does any other document's notes. Offsets point into that Markdown text.

Two marks of emphasis carry meaning the parser reads, and are kept as Markdown: italics in
note text (``*Title*``, a cited work's title) and a paragraph set all in bold (``**…**``, an
interviewer's question or a sub-heading). The paragraph right under the title in the
"Subtitle" style, or set all in italics (a report's one-sentence standfirst), is the
document's subtitle: metadata, as a PDF's subtitle is, not the opening of its text.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

from briefing_bot.corpus.markup import NOTES_HEADING, bracket_numbers
from briefing_bot.errors import DocumentError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNPACKED = 200_000_000
MAX_SUBTITLE_WORDS = 60  # a longer italic paragraph under the title is text, not a subtitle
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_NOTE_NUMBER = re.compile(r"^\[?(\d{1,3})[.)\]]\s")
_MARKER_TEXT = re.compile(r"^\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*$")


def docx_to_markdown(path: Path) -> tuple[str, dict[str, Any]]:
    """The document as Markdown, and its title/author from the file's properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(f"corrupt or unreadable Word file: {exc}") from exc
    if unpacked > MAX_UNPACKED:
        # a zip bomb, or a file far beyond any paper: refuse before inflating it
        raise DocumentError(f"Word file unpacks to {unpacked:,} bytes (limit {MAX_UNPACKED:,})")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"corrupt or unreadable Word file: {exc}") from exc
    except Exception as exc:  # lxml and zip errors on damaged files
        raise DocumentError(f"corrupt or unreadable Word file: {type(exc).__name__}") from exc
    meta: dict[str, Any] = {}
    props = document.core_properties
    if props.title:
        meta["title"] = props.title.strip()
    if props.author:
        meta["author"] = props.author.strip()
    styles = _Styles(document)
    notes = {
        **_notes(document, "footnotes", "", styles),
        **_notes(document, "endnotes", "e", styles),
    }
    blocks: list[str] = []
    cited: list[str] = []
    numbering: dict[str, int] = {}
    elements = list(document.element.body.iterchildren())
    numbers, note_paragraphs = _notes_section(elements)
    in_notes_section = {id(element) for element in note_paragraphs}
    after_title = False  # the last paragraph with text was the title
    for element in elements:
        if element.tag == f"{_W}p":
            in_notes = id(element) in in_notes_section
            italics = styles if in_notes else None
            text = _paragraph_text(element, cited, numbers, italics=italics)
            if text.strip():
                if after_title and "subtitle" not in meta and _subtitle(element, text, styles):
                    meta["subtitle"] = " ".join(text.split())
                    after_title = False
                    continue
                after_title = _style_name(element) == "title"
                bold = not in_notes and styles.all_bold(element)
                blocks.append(_markdown_line(element, text, numbering, bold=bold))
        elif element.tag == f"{_W}tbl":
            blocks.append(_table(element, cited, numbers))
            after_title = False
    definitions = [
        f"[^{label}]: {notes[label]}" for label in dict.fromkeys(cited) if label in notes
    ]
    if definitions:
        blocks.append("\n".join(definitions))
    return "\n\n".join(blocks) + "\n", meta


class _Styles:
    """Bold and italic as a run shows them: its own formatting, else its character style's,
    else its paragraph style's (each style with what it inherits)."""

    def __init__(self, document: Any) -> None:
        own: dict[str, tuple[bool | None, bool | None, str | None]] = {}
        for style in document.styles.element.iter(f"{_W}style"):
            based = style.find(f"{_W}basedOn")
            rpr = style.find(f"{_W}rPr")
            own[style.get(f"{_W}styleId") or ""] = (
                _flag(rpr, "b"),
                _flag(rpr, "i"),
                based.get(f"{_W}val") if based is not None else None,
            )
        self._flags: dict[str, tuple[bool | None, bool | None]] = {}
        for style_id in own:
            bold = italic = None
            seen: set[str] = set()
            current: str | None = style_id
            while current in own and current not in seen and (bold is None or italic is None):
                seen.add(current)
                b, i, current = own[current]
                bold = b if bold is None else bold
                italic = i if italic is None else italic
            self._flags[style_id] = (bold, italic)

    def _style(self, element: Any, path: str, which: int) -> bool | None:
        ref = element.find(path) if element is not None else None
        if ref is None:
            return None
        return self._flags.get(ref.get(f"{_W}val") or "", (None, None))[which]

    def run_flags(self, run: Any, paragraph: Any) -> tuple[bool, bool]:
        """(bold, italic) of a run (``w:r``) in its paragraph (``w:p``)."""
        rpr = run.find(f"{_W}rPr") if run is not None else None
        flags = []
        for which, name in enumerate(("b", "i")):
            value = _flag(rpr, name)
            if value is None:
                value = self._style(rpr, f"{_W}rStyle", which)
            if value is None:
                value = self._style(paragraph, f"{_W}pPr/{_W}pStyle", which)
            flags.append(bool(value))
        return flags[0], flags[1]

    def all_bold(self, paragraph: Any) -> bool:
        """Whether every run of visible text in the paragraph is bold (a superscript note
        number aside)."""
        runs = {
            id(t.getparent()): t.getparent()
            for t in paragraph.iter(f"{_W}t")
            if (t.text or "").strip() and not _superscript(t.getparent())
        }
        return bool(runs) and all(self.run_flags(r, paragraph)[0] for r in runs.values())

    def all_italic(self, paragraph: Any) -> bool:
        """Whether every run of visible text in the paragraph is italic."""
        runs = {
            id(t.getparent()): t.getparent()
            for t in paragraph.iter(f"{_W}t")
            if (t.text or "").strip() and not _superscript(t.getparent())
        }
        return bool(runs) and all(self.run_flags(r, paragraph)[1] for r in runs.values())


def _subtitle(element: Any, text: str, styles: _Styles) -> bool:
    """Whether a paragraph right under the title is its subtitle: in the "Subtitle" style,
    or a short paragraph set all in italics with no note reference in it."""
    if _style_name(element) == "subtitle":
        return True
    if _HEADING_STYLE.match(_style_name(element)) or element.find(f"{_W}pPr/{_W}numPr") is not None:
        return False
    return (
        len(text.split()) <= MAX_SUBTITLE_WORDS
        and "[^" not in text
        and "<sup>" not in text
        and styles.all_italic(element)
    )


def _flag(rpr: Any, name: str) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:i w:val="0"/>``) as set, or None when not set."""
    found = rpr.find(f"{_W}{name}") if rpr is not None else None
    if found is None:
        return None
    return found.get(f"{_W}val", "true").casefold() not in ("0", "false", "off")


def _notes(document: Any, kind: str, prefix: str, styles: _Styles) -> dict[str, str]:
    """Footnote (or endnote) id → its text, italics as ``*…*``, from the package part that
    holds them."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == f"/word/{kind}.xml":
            from lxml import etree

            root = etree.fromstring(part.blob)
            tag = "footnote" if kind == "footnotes" else "endnote"
            notes = {}
            for note in root.iter(f"{_W}{tag}"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                paragraphs = [_paragraph_text(p, [], italics=styles) for p in note.iter(f"{_W}p")]
                text = " ".join(" ".join(paragraphs).split())
                if text:
                    notes[prefix + str(note.get(f"{_W}id"))] = text
            return notes
    return {}


def _notes_section(elements: list[Any]) -> tuple[set[int], list[Any]]:
    """The numbers of a notes section typed into the text ("Notes", then "1. …", "2. …" or a
    numbered list): what a superscript number in the text may cite; and its paragraphs."""
    numbers: set[int] = set()
    paragraphs: list[Any] = []
    in_notes = False
    counter = 0
    for element in elements:
        if element.tag != f"{_W}p":
            continue
        text = " ".join("".join(t.text or "" for t in element.iter(f"{_W}t")).split())
        if _HEADING_STYLE.match(_style_name(element)) or _style_name(element) == "title":
            in_notes = bool(NOTES_HEADING.match(text))
            counter = 0
        elif in_notes and text:
            paragraphs.append(element)
            typed = _NOTE_NUMBER.match(text)
            if typed:
                numbers.add(int(typed.group(1)))
            elif element.find(f"{_W}pPr/{_W}numPr") is not None:
                counter += 1
                numbers.add(counter)
    return numbers, paragraphs


def _superscript(run: Any) -> bool:
    align = run.find(f"{_W}rPr/{_W}vertAlign") if run is not None else None
    return align is not None and align.get(f"{_W}val") == "superscript"


def _paragraph_text(
    element: Any,
    cited: list[str],
    numbers: set[int] | None = None,
    *,
    italics: _Styles | None = None,
) -> str:
    """A paragraph's text in reading order, note references as ``[^id]`` and superscript
    note numbers as ``<sup>n</sup>`` (when the notes section has every number in them).

    ``italics`` (note text): italic runs as ``*…*``, a literal asterisk escaped."""
    out: list[tuple[str, bool]] = []  # (text, italic)
    raised: list[str] = []  # superscript text not yet written out

    def flush() -> None:
        text = "".join(raised)
        found = bracket_numbers(text) if _MARKER_TEXT.match(text) else []
        if found and all(n in (numbers or ()) for n in found):
            out.append((f"<sup>{text.strip()}</sup>", False))
        else:
            out.append((text, False))
        raised.clear()

    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t" and _superscript(node.getparent()):
            raised.append(node.text or "")
            continue
        if raised and tag in (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}p"):
            flush()
        if tag == f"{_W}t":
            if italics is None:
                out.append((node.text or "", False))
            else:
                italic = italics.run_flags(node.getparent(), element)[1]
                out.append(((node.text or "").replace("*", "\\*"), italic))
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            out.append((" ", False))
        elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            label = ("e" if tag.endswith("endnoteReference") else "") + str(node.get(f"{_W}id"))
            cited.append(label)
            out.append((f"[^{label}]", False))
    if raised:
        flush()
    return _with_italics(out)


def _with_italics(pieces: list[tuple[str, bool]]) -> str:
    """The pieces joined, each run of italic text as ``*…*`` (its outer spaces outside)."""
    parts: list[str] = []
    for italic, group in itertools.groupby(pieces, key=lambda piece: piece[1]):
        text = "".join(piece for piece, _ in group)
        core = text.strip()
        if italic and core:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = f"{lead}*{core}*{trail}"
        parts.append(text)
    return "".join(parts)


def _markdown_line(
    element: Any, text: str, numbering: dict[str, int], *, bold: bool = False
) -> str:
    """The paragraph as a Markdown line: a heading, a list item, or text (``bold``: all of it
    bold, as ``**…**``)."""
    style = _style_name(element)
    text = " ".join(text.split())
    if style == "title":
        return "# " + text
    heading = _HEADING_STYLE.match(style)
    if heading:
        return "#" * min(6, int(heading.group(1)) + 1) + " " + text
    numbered = element.find(f"{_W}pPr/{_W}numPr") is not None
    if "list number" in style or (numbered and "bullet" not in style):
        list_id = _num_id(element)
        numbering[list_id] = numbering.get(list_id, 0) + 1
        return f"{numbering[list_id]}. {text}"
    if "list" in style or numbered:
        return "- " + text
    # a line that would read as Markdown syntax is text here
    text = re.sub(r"^([#>]|[-*+](?=\s))", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)
    return f"**{text}**" if bold else text


def _style_name(element: Any) -> str:
    style = element.find(f"{_W}pPr/{_W}pStyle")
    value = style.get(f"{_W}val") if style is not None else ""
    # style ids drop the space of their names ("Heading1", "ListNumber")
    return re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", value or "").casefold()


def _num_id(element: Any) -> str:
    num = element.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    return str(num.get(f"{_W}val")) if num is not None else "style"


def _table(element: Any, cited: list[str], numbers: set[int]) -> str:
    rows = []
    for row in element.iter(f"{_W}tr"):
        cells = [
            " ".join(_paragraph_text(cell, cited, numbers).split()).replace("|", "/")
            for cell in row.iter(f"{_W}tc")
        ]
        rows.append("| " + " | ".join(cells) + " |")
    if len(rows) > 1:
        width = rows[0].count("|") - 1
        rows.insert(1, "|" + " --- |" * width)
    return "\n".join(rows)
