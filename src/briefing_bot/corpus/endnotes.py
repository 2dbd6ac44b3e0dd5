"""The endnote registry: each note's text, the works it cites, their URLs and dates."""

from __future__ import annotations

import re

from briefing_bot.corpus.authordate import (
    Reference,
    as_notes,
    is_entry,
    parse_reference,
    split_entries,
)
from briefing_bot.corpus.dates import search_date
from briefing_bot.corpus.markup import (
    FOOTNOTE_DEF,
    LIST_ITEM,
    URL,
    Block,
    clean_inline,
    footnote_number,
    split_list_items,
    url_of,
)
from briefing_bot.corpus.references import (
    is_page_locator,
    publication_block,
    short_form_source,
    shortened_source,
    split_top_level,
    unquoted_source,
)
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.types import Endnote, Paragraph, Source

# "1.", "[1]", "<sup>1</sup>", and "1\\." as an HTML extractor escapes it
_ENDNOTE_ITEM = re.compile(r"^\s*(?:[-*+]\s*)?(?:<sup>\s*(\d+)\s*</sup>|\[?(\d+)\\?[.)\]]?)\s*")
_IBID = re.compile(r"^\s*ibid\b", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"[“\"](.+?)[,.]?[”\"]")


def _footnote_items(block: Block) -> list[str]:
    """A block of Markdown footnote definitions, one item per "[^label]:" line (a line that
    does not start one continues the previous item)."""
    items: list[str] = []
    for line in block.lines:
        if FOOTNOTE_DEF.match(line) or not items:
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def parse_endnotes(
    blocks: list[Block], footnotes: dict[str, int] | None = None
) -> tuple[dict[int, Endnote], dict[int, Reference]]:
    """The notes of a notes section, by number, and those of them that are entries of an
    author–date reference list (numbered after the others), by number."""
    items: list[tuple[int, str]] = []
    for block in blocks:
        if FOOTNOTE_DEF.match(block.lines[0]):
            items.extend((0, text) for text in _footnote_items(block))
            continue
        for _start, text in (
            # the item's own number is the note's number ("1. Ministry of …")
            split_list_items(block, keep_numbers=True)
            if LIST_ITEM.match(block.lines[0])
            else [(block.start, raw) for raw in _entries(block.raw)]
        ):
            items.append((0, text))
    notes: dict[int, Endnote] = {}
    references = []  # an author–date reference list's entries, which carry no number
    for _, text in items:
        definition = FOOTNOTE_DEF.match(text)
        match = definition or _ENDNOTE_ITEM.match(text)
        if not match:
            if (reference := parse_reference(text)) is not None:
                references.append(reference)
            continue
        if definition:
            found = footnote_number(definition.group("label"), footnotes)
            if found is None:
                continue
            number = found
        else:
            number = int(match.group(1) or match.group(2))
        body = text[match.end() :]
        clean = clean_inline(URL.sub(url_of, body), 0)[0]
        notes[number] = Endnote(number=number, text=clean, sources=parse_sources(body))
    _inherit_repeated_sources(notes)
    first = max(notes, default=0) + 1
    numbered = {first + i: ref for i, ref in enumerate(references)}
    notes.update(as_notes(numbered))
    return dict(sorted(notes.items())), numbered


def _entries(raw: str) -> list[str]:
    """A block as its notes: one, or an author–date list's entries, one per line."""
    return split_entries(raw) if is_entry(raw) else [raw]


def parse_sources(body: str) -> tuple[Source, ...]:
    """The works one endnote's raw text cites, one per ";"-separated citation: a quoted
    title's, else an unquoted reference's (:mod:`briefing_bot.corpus.references`)."""
    sources = []
    for part in split_top_level(body):
        title_match = _QUOTED_TITLE.search(part)
        url_match = URL.search(part)
        url = None
        if url_match:
            url = url_of(url_match).rstrip(".,;")
            url = url.replace("\\_", "_")
        if not title_match:
            span = url_match.span() if url_match else None
            found = unquoted_source(part, url, span)  # None for commentary
            if found:
                sources.append(found)
            continue
        title = clean_inline(title_match.group(1), 0)[0].strip().rstrip(",")
        before = clean_inline(part[: title_match.start()], 0)[0].strip().rstrip(",").strip()
        after = part[title_match.end() :]
        if url_match and url_match.start() >= title_match.end():
            after = part[title_match.end() : url_match.start()]
        after_clean = clean_inline(after, 0)[0].strip(" ,.")
        if is_page_locator(after_clean):
            after_clean = ""  # "Author, “Short Title,” 4.": a page, not a publisher
        block = publication_block(after_clean, before)  # '"Title" (City: Publisher, Date)'
        if block is not None:
            sources.append(Source(title=title, publisher=block[0], date=block[1], url=url))
            continue
        date_match = search_date(after_clean)
        date = date_match.group("date") if date_match else None
        rest = after_clean[: date_match.start()] if date_match else after_clean
        # a bracketed date's opening bracket is the date's: "…, no. 2 (2025)"
        publisher = rest.rstrip(" ,.(").strip(" ,.") or None
        if publisher and publisher.count("(") > publisher.count(")"):
            # the date closed a bracket the publisher opened: "Working Paper 31 (Lisbon:
            # LCHE, 2025)" leaves "Working Paper 31, Lisbon: LCHE", not a bracket never shut
            head, _, tail = publisher.rpartition("(")
            publisher = f"{head.rstrip(' ,')}, {tail.strip()}"
        if publisher and before:
            publisher = f"{before}; {publisher}"
        elif before:
            publisher = before
        sources.append(Source(title=title, publisher=publisher, date=date, url=url))
    return tuple(sources)


def _inherit_repeated_sources(notes: dict[int, Endnote]) -> None:
    """A short repeat citation ("ibid."-style: same title, no date or URL) takes the details
    of the full citation it repeats; "Ibid." cites what the note before it cites, and an
    unquoted short form ("Author, Main Title.") the earlier work it names."""
    full: dict[str, Source] = {}
    previous: tuple[Source, ...] = ()
    cited: list[Source] = []  # every full citation so far, for short forms to name
    for number in sorted(notes):
        note = notes[number]
        if not note.sources:
            repeated = _repeated(note.text, previous, cited)
            if repeated:
                note = Endnote(number=number, text=note.text, sources=repeated)
        sources = []
        for src in note.sources:
            key = (src.title or "").casefold()
            if key not in full and src.url is None and src.date is None:
                # "Author, “Main Title,” 4.": the full citation it shortens, whole
                shortened = shortened_source(src, cited)
                if shortened is not None:
                    sources.append(shortened)
                    continue
            if key in full and (src.url is None or src.date is None):
                base = full[key]
                sources.append(
                    Source(
                        title=src.title,
                        publisher=src.publisher or base.publisher,
                        date=src.date or base.date,
                        url=src.url or base.url,
                    )
                )
                continue
            if key and src.url:
                full[key] = src
            if key and (src.url or src.date):
                cited.append(src)
            sources.append(src)
        previous = tuple(sources)
        notes[number] = Endnote(number=number, text=note.text, sources=previous)


def _repeated(text: str, previous: tuple[Source, ...], works: list[Source]) -> tuple[Source, ...]:
    """The works a note without a citation of its own repeats (empty when none)."""
    if _IBID.match(text):
        return previous
    found = [short_form_source(part, works) for part in split_top_level(text)]
    return tuple(src for src in found if src) if all(found) else ()


def endnote_paragraph(note: Endnote, number: int) -> Paragraph:
    # Endnotes are indexed too, so questions about the sources themselves can find them.
    text = note.text
    return Paragraph(
        number=number,
        section_path=("Endnotes", f"Note {note.number}"),
        text=text,
        sentences=split_sentences(text),
        markers=[(len(text), note.number)],
        source_span=(0, 0),
        kind="endnote",
    )
