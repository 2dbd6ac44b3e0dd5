"""The structural parser: blocks of text → sections, paragraphs, byline and endnotes.

It repairs what PDF text exports break: paragraphs cut by a page break are joined, an author
note between horizontal rules becomes metadata, list items become paragraphs of their own
(ordered ones keep their numbers), a table becomes a paragraph per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing_bot.corpus.apparatus import (
    BYLINE,
    STARRED_NAME,
    YEAR,
    about_author,
    author_line,
    author_note,
    is_note_heading,
    lowercase_words,
    names_author,
    names_series,
    reads_as_dateline,
    reads_as_title,
    section_label,
    short_line,
    starred_note,
    title_text,
)
from briefing_bot.corpus.authordate import with_aliases, with_citations
from briefing_bot.corpus.endnotes import endnote_paragraph, parse_endnotes
from briefing_bot.corpus.layout import (
    document_words,
    drop_furniture,
    furniture_lines,
    heading_level,
    is_furniture,
    lines_apart,
    numbered_headings,
    reads_as_heading,
    runs_on,
    split_lead_lines,
)
from briefing_bot.corpus.linebreaks import pdf_paragraphs, run_on_paragraphs
from briefing_bot.corpus.markup import (
    FOOTNOTE_DEF,
    NOTES_HEADING,
    Block,
    clean_inline,
    footnote_numbers,
)
from briefing_bot.corpus.pagefoot import (
    contents_levels,
    page_foot_notes,
    running_title,
    title_block,
    without_contents,
)
from briefing_bot.corpus.pages import mark_pages
from briefing_bot.corpus.paragraphs import (
    assemble_paragraphs,
    with_plain_markers,
)
from briefing_bot.corpus.tables import is_caption, is_table
from briefing_bot.corpus.turns import (
    QUESTION,
    interviewee,
    mark_turns,
    split_dated_byline,
)
from briefing_bot.corpus.types import Endnote, Paragraph

# ---------------------------------------------------------------------------------------------
# The structural parser


@dataclass
class Parsed:
    title: str | None = None
    byline: str | None = None
    publication: str | None = None  # a journal or series line ("… Vol. 9, No. 2 (2026)")
    kicker: str | None = None  # a section label above the headline
    date: str | None = None  # from a dated byline ("Interview by Jane Doe, 2 April 2026")
    interviewee: str | None = None  # a Q&A transcript's interviewee, where it says who
    affiliation: str | None = None  # the author's institute, on a line under the byline
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    endnotes: dict[int, Endnote] = field(default_factory=dict)


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_BOLD_LINE = re.compile(r"^\s{0,3}(?:\*\*|__)([^*_]{2,100})(?:\*\*|__)\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:={3,}|-{3,})\s*$")
_ASIDE = re.compile(r"^(\*|_)(?!\1)[^*_\n]{20,400}\1$")
_ENDNOTES_HEADING = NOTES_HEADING
_AFFILIATION = "affiliation"  # a Block kind: the line under a byline that names her institute


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
            elif (
                len(current.lines) == 1
                and _SETEXT.match(line)
                and not _RULE.match(current.lines[0])
            ):
                # "Title" over "=====" (or "-----") is a heading, not text and a rule
                level = "#" if line.strip()[0] == "=" else "##"
                current.lines = [f"{level} {current.lines[0].strip()}"]
                current = None
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
    raw: str, *, start: int = 0, title: object = None, plain: bool = False, author: object = None
) -> Parsed:
    """Parse Markdown/plain text (after ``start``, the end of any front matter).

    ``plain`` (a .txt file): a first line that reads as a title (short, alone in its block,
    no closing punctuation) is the title, as a "# " heading would be in Markdown.
    """
    blocks = _blocks(_unquote(raw), start)
    if not plain:
        mark_turns(blocks)
        _mark_bold_headings(blocks)
    words = None
    foot_notes: list[Block] = []
    titled = False  # a cover's title found by the running head
    title_at = 0  # where it starts
    if plain:
        # a .txt file is often a PDF's text export: repair its page layout first
        repeated = furniture_lines(raw[start:].split("\n"))
        # a page break inside a run of text (a year alone on its line is more likely a value)
        blocks = lines_apart(
            blocks, lambda line: is_furniture(line, repeated) and not YEAR.fullmatch(line.strip())
        )
        mark_pages(blocks, repeated, raw)
        blocks, foot_notes = page_foot_notes(blocks, repeated)
        blocks, contents = without_contents(blocks)
        running = title_block(blocks, running_title(raw[start:].split("\n"), repeated), repeated)
        titled = title is None and running is not None and running > 0
        title_at = blocks[running].start if titled and running is not None else 0
        blocks = drop_furniture(blocks, repeated)
        at = next((i for i, b in enumerate(blocks) if titled and b.start == title_at), None)
        titled = at is not None
        if at is not None:
            # a cover: the publisher's name above the title the running head repeats. The title
            # goes first, as a heading; the lines above it follow as text, one line a block
            head = blocks[at]
            blocks[: at + 1] = [
                Block(head.start, ["# " + title_text(head)], head.page),
                *(Block(b.start, [title_text(b)], b.page) for b in blocks[:at]),
            ]
        if blocks:
            blocks[:1] = [
                b
                for lead in split_lead_lines(blocks[0], BYLINE)
                for b in split_lead_lines(lead, STARRED_NAME)
            ]
        if runs_on(blocks):
            blocks = run_on_paragraphs(blocks)
        blocks = numbered_headings(blocks)
        _mark_headings(blocks, single_lines=True)
        contents_levels(blocks, contents)
        for block in blocks[1:] if titled else []:
            if block.start > title_at:
                break
            block.level = None  # the cover's lines above its title: text, not headings
        words = document_words([raw[start:]])
    if plain and blocks and title is None and not titled and reads_as_title(blocks[0]):
        first = blocks[0]
        # a text export may already mark it as a heading ("## Title", the seed's form)
        heading = re.sub(r"^#{1,6}\s+", "", title_text(first))
        blocks[0] = Block(first.start, ["# " + heading], first.page)
    parsed = _parse_blocks(
        blocks, title=str(title) if title else None, words=words, notes=foot_notes
    )
    _author_note_at_end(parsed, parsed.byline or (str(author) if author else None))
    if any(p.kind == QUESTION for p in parsed.paragraphs):
        asked_at = next(i for i, p in enumerate(parsed.paragraphs) if p.kind == QUESTION)
        standfirst = [p.text for p in parsed.paragraphs[:asked_at]]
        byline = parsed.byline or (str(author) if author else None)
        parsed.interviewee = interviewee(parsed.notes, standfirst, byline)
    return parsed


def _author_note_at_end(parsed: Parsed, author: str | None) -> None:
    """ "Jane Doe is the paper's correspondent." as the last body paragraph (where a news page
    puts it) is the author note, not part of the article's last section."""
    body = [p for p in parsed.paragraphs if p.kind == "body"]
    if not body or not author or len(body) < 3:
        return
    last = body[-1]
    if about_author(Block(0, [last.text]), author):
        parsed.notes.append(last.text)
        parsed.paragraphs = [p for p in parsed.paragraphs if p is not last]
        for number, para in enumerate(parsed.paragraphs, start=1):
            para.number = number


def _unquote(raw: str) -> str:
    """Blockquote markers ("> ") blanked out, so a quoted summary box parses as text, lists and
    headings; blanks of the same length keep every offset into the file."""
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), raw)


def _mark_bold_headings(blocks: list[Block]) -> None:
    """A line that is all bold ("**Summary**") stands for a heading in many exports: a
    sub-heading of the section it is in."""
    for i, block in enumerate(blocks):
        if len(block.lines) == 1 and block.kind is None:
            bold = _BOLD_LINE.match(block.lines[0])
            # a bold "By Jane Doe" is the byline, not a heading; a bold "Table 2. …" over a
            # table is the table's caption (its rows' section), not the rest of the section's
            if (
                bold
                and reads_as_heading(bold.group(1), any_case=True)
                and not BYLINE.match(bold.group(1).strip())
                and not (
                    is_caption(bold.group(1).strip())
                    and i + 1 < len(blocks)
                    and is_table(blocks[i + 1])
                )
            ):
                block.level = 6


def _mark_headings(blocks: list[Block], *, single_lines: bool, typical: int = 0) -> None:
    """Plain lines that read as headings get a level (up to an endnotes heading: after it,
    short lines are notes). ``single_lines``: only a block of one line can be a heading.
    ``typical``: the usual line length of a PDF page; a line much shorter than it that stands
    alone may be a sentence-case heading. Lines before a byline are the title and front
    matter, not headings."""
    byline_at = next((i for i, b in enumerate(blocks[:5]) if names_author(b.lines[0])), -1)
    _headings(blocks, byline_at, single_lines=single_lines, typical=typical)
    if byline_at >= 0:
        _mark_affiliation(blocks, byline_at + 1)


def _headings(blocks: list[Block], byline_at: int, *, single_lines: bool, typical: int) -> None:
    for i, block in enumerate(blocks):
        if i <= byline_at or (
            # a dated line right after the byline is a journal or series line, not a heading
            i <= byline_at + 2 and len(block.lines) == 1 and YEAR.search(block.lines[0])
        ):
            continue
        line = block.lines[0].strip()
        if block.level is not None and _ENDNOTES_HEADING.match(line):
            return
        if block.level is not None or (single_lines and len(block.lines) != 1):
            continue
        if _HEADING.match(line) or _RULE.match(line) or BYLINE.match(line):
            continue
        if _ENDNOTES_HEADING.match(line):
            block.level = 2
            return
        short = len(line) < 0.6 * typical
        if i + 1 < len(blocks) and reads_as_heading(line, any_case=short):
            block.level = heading_level(line)


def _mark_affiliation(blocks: list[Block], at: int) -> None:
    """The line right under a byline that reads as a heading but heads nothing (the abstract
    after it names its own section, or another heading follows at once) is the author's
    affiliation ("Example Institute for Policy, Example City"): front matter, not a section."""
    level = blocks[at].level if at + 1 < len(blocks) else None
    if level is None or len(blocks[at].lines) != 1:
        return
    line, after = blocks[at].lines[0].strip(), blocks[at + 1]
    if _numbered(line) or _ENDNOTES_HEADING.match(line):
        return
    heads_nothing = section_label(after) is not None or (
        after.level is not None and after.level <= level
    )
    if heads_nothing:
        blocks[at].level, blocks[at].kind = None, _AFFILIATION


def _numbered(line: str) -> bool:
    return heading_level(line) != 2 or bool(re.match(r"^\d+\.?\s", line))


def parse_pages(pages: list[str]) -> Parsed:
    texts = [text.replace("\r\n", "\n") for text in pages]
    # a header or footer repeats on every page (two pages are enough to tell, in a short file)
    lines = [line for text in texts for line in text.split("\n")]
    repeated = furniture_lines(lines, min_repeats=min(3, max(2, len(texts))), paged=True)
    blocks: list[Block] = []
    offset = 0
    for number, page_text in enumerate(texts, start=1):
        page_blocks = drop_furniture(_blocks(page_text, 0, page=number), repeated)
        for block in page_blocks:
            block.start += offset
        if number == 1:
            page_blocks[:4] = [
                b for lead in page_blocks[:4] for b in split_lead_lines(lead, BYLINE)
            ]
        in_notes = any(_ENDNOTES_HEADING.match(b.lines[0].strip()) for b in blocks if b.lines)
        blocks.extend(pdf_paragraphs(page_blocks, headings=not in_notes))
        offset += len(page_text) + 2
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    blocks = numbered_headings(blocks)
    _mark_headings(blocks, single_lines=True, typical=widths[len(widths) * 3 // 4] if widths else 0)
    # The title: the first page's lead lines before a byline, or its first heading lines
    # (it may wrap onto two lines); a dated series or journal line is not part of it.
    byline_at = next((i for i, b in enumerate(blocks[:5]) if names_author(b.lines[0])), 0)
    lead = 0
    while (
        lead < len(blocks)
        and blocks[lead].page == 1
        and (lead < byline_at or (not byline_at and blocks[lead].level is not None))
        and len(blocks[lead].lines) <= 3
        and not YEAR.search(blocks[lead].raw)
    ):
        lead += 1
    if lead:
        first = blocks[0]
        title = " ".join(line.strip() for block in blocks[:lead] for line in block.lines)
        blocks[:lead] = [Block(first.start, [title], first.page, level=1)]
    return _parse_blocks(blocks, words=document_words(texts))


def _parse_blocks(
    blocks: list[Block],
    title: str | None = None,
    words: set[str] | None = None,
    notes: list[Block] | None = None,
) -> Parsed:
    """``notes``: a text export's page-foot notes (:func:`pagefoot.page_foot_notes`), one
    numbered item each, read with the notes of its notes section."""
    parsed = Parsed()
    stack: list[tuple[int, str]] = []  # (heading level, heading text)
    title_level: int | None = None
    in_endnotes = False
    pending: list[tuple[Block, tuple[str, ...]]] = []  # paragraphs before page-break repair
    endnote_blocks: list[Block] = list(notes or [])
    in_about = False  # under an "About the author" heading
    lowercase: set[str] | None = None  # the document's lower-case words, read when needed
    byline_mark: str | None = None  # the footnote mark on a byline ("Jane Doe*")
    i = 0
    while i < len(blocks):
        block = blocks[i]
        first = block.lines[0]
        heading = _HEADING.match(first) if len(block.lines) == 1 else None
        # the front matter: nothing read yet but a line or two (a kicker, a journal line)
        front = not stack and len(pending) <= 2 and all(short_line(b) for b, _ in pending)
        if heading or block.level is not None:
            level, text = (
                (len(heading.group(1)), _plain_heading(heading.group(2)))
                if heading
                else (block.level or 2, _plain_heading(first))
            )
            if not text:
                i += 1
                continue
            in_about = is_note_heading(text)
            if in_about:
                i += 1
                continue
            # the first heading is the title, unless the metadata names another title
            is_title = title is None or _plain_heading(title).casefold() == text.casefold()
            if parsed.title is None and front and is_title:
                # a kicker above the headline ("Energy · Long read") is not body text; a dated
                # series line there ("Research Briefing No. 3 | 1 May 2026") is the publication,
                # and so is a numbered one ("Policy Brief No. 41")
                dateline = next(
                    (b for b, _ in pending if reads_as_dateline(b) or names_series(b)), None
                )
                if dateline is not None and parsed.publication is None:
                    parsed.publication = clean_inline(dateline.lines[0], 0)[0].strip()
                parsed.kicker = (
                    " · ".join(
                        clean_inline(" ".join(b.lines), 0)[0].strip()
                        for b, _ in pending
                        if b is not dateline
                    )
                    or None
                )
                pending.clear()
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
            if nxt is not None and _HEADING.match(nxt.lines[0]):
                nxt = None
            # an author note may be longer than an aside ("*Author note.* Jane Doe is …")
            aside = author_note(nxt, after_rule=True) if nxt is not None else None
            if nxt is not None and (aside is not None or len(nxt.raw) <= 400):
                parsed.notes.append(aside or clean_inline(" ".join(nxt.lines), 0)[0].strip())
                i += 2
                if i < len(blocks) and _RULE.match(blocks[i].lines[0]):
                    i += 1
                continue
            i += 1
            continue
        if parsed.byline is None and front and len(block.lines) == 1:
            line = _plain_heading(first) if _BOLD_LINE.match(first) else first.strip()
            byline = BYLINE.match(line) or STARRED_NAME.match(line)
            if byline:
                # "Jane Doe*": the mark opens her author note, wherever the page put it
                byline_mark = line[-1] if line[-1] in "*†" else None
                name, date = split_dated_byline(_plain_heading(byline.group(1)).rstrip("*† "))
                parsed.byline = name
                parsed.date = date
                i += 1
                continue
            if parsed.title and not pending and short_line(block):
                # "Jane Doe, Example Institute — Working Paper No. 3, May 2026": a byline
                # without "By"; what follows the author's affiliation is the series line
                if lowercase is None:
                    lowercase = lowercase_words(b.raw for b in blocks)
                credited = author_line(first, lowercase)
                if credited:
                    parsed.byline = credited[0]
                    parsed.publication = parsed.publication or credited[1]
                    i += 1
                    continue
        if block.kind == _AFFILIATION and parsed.byline and not stack:
            parsed.affiliation = clean_inline(first, block.start)[0].strip()
            i += 1
            continue
        if not pending and not stack and not in_endnotes and _ASIDE.match(block.raw.strip()):
            # A short all-italic paragraph before the text (a web page's author note or
            # standfirst, with no rules around it) is about the document, like the note above.
            parsed.notes.append(clean_inline(" ".join(block.lines), block.start)[0].strip())
            i += 1
            continue
        if front and parsed.title and parsed.publication is None and reads_as_dateline(block):
            # a dated line in the front matter is the journal or series, not body text
            parsed.publication = clean_inline(first, block.start)[0].strip()
            i += 1
            continue
        if front and about_author(block, parsed.byline):
            # "Jane Doe is a senior fellow at …" right after the byline "By Jane Doe": the
            # author note, where no rule or italics mark it (a PDF's text layer has neither)
            parsed.notes.append(clean_inline(" ".join(block.lines), block.start)[0].strip())
            i += 1
            continue
        starred = starred_note(block, parsed.byline, byline_mark)
        if starred:
            parsed.notes.append(starred)
            i += 1
            continue
        # also among the notes: a paper's labelled author note may follow its references
        own_note = author_note(block) if not in_about else None
        if in_about or own_note:
            # "*Author note.* Jane Doe is …" (or anything under "About the author")
            parsed.notes.append(own_note or clean_inline(" ".join(block.lines), 0)[0].strip())
            i += 1
            continue
        if in_endnotes or FOOTNOTE_DEF.match(first):
            # a Markdown footnote definition is a note wherever it stands
            endnote_blocks.append(block)
        else:
            run_in = section_label(block) if not stack else None
            if run_in:
                # "**Abstract.** This paper …": the label names the section it opens
                label, block = run_in
                stack = [(_next_heading_level(blocks, i), label)]
            path = tuple(t for lv, t in stack if title_level is None or lv >= title_level)
            pending.append((block, path))
        i += 1
    labels = [
        found.group("label")
        for b in endnote_blocks
        for line in b.lines
        if (found := FOOTNOTE_DEF.match(line))
    ]
    footnotes = footnote_numbers(labels) if labels else None
    parsed.endnotes, references = parse_endnotes(endnote_blocks, footnotes)
    parsed.paragraphs = assemble_paragraphs(pending, words, footnotes, notes=parsed.endnotes)
    if words is not None and parsed.endnotes and not any(p.markers for p in parsed.paragraphs):
        # a PDF export prints markers as plain digits ("… in 2023.7"): the notes say which
        read: list[Paragraph] = []
        last: int | None = None  # the last marker read: a glued one must be the next note
        for para in parsed.paragraphs:
            read.append(with_plain_markers(para, parsed.endnotes, last))
            last = read[-1].markers[-1][1] if read[-1].markers else last
        parsed.paragraphs = read
    if references and not any(p.markers for p in parsed.paragraphs):
        # no markers at all: an author–date document cites its references by name and year
        # (or by the abbreviation it gives an organisation: "(Example Observatory [EO], 2025)")
        references = with_aliases(references, [p.text for p in parsed.paragraphs])
        parsed.paragraphs = [with_citations(p, references) for p in parsed.paragraphs]
    number = len(parsed.paragraphs)
    for note in parsed.endnotes.values():
        number += 1
        parsed.paragraphs.append(endnote_paragraph(note, number))
    return parsed


def _next_heading_level(blocks: list[Block], i: int) -> int:
    """The level of the first heading after ``blocks[i]`` (2 where none follows): a section
    a run-in label opens sits beside the sections that follow it."""
    for block in blocks[i + 1 :]:
        heading = _HEADING.match(block.lines[0]) if len(block.lines) == 1 else None
        if heading:
            return len(heading.group(1))
        if block.level is not None:
            return block.level
    return 2
