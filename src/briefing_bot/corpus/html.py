"""HTML pages → Markdown text (trafilatura), after the repairs the extractor needs.

An author note whose class says "author" is kept (the extractor drops it as boilerplate), as
are the article's own boxes, figure captions and dateline (:func:`_keep_boxes`), and
footnotes linked by anchors — the notes often sit in a list outside the article — become
markers in the text and a "Notes" section the structural parser reads. A content wrapper
inside the article is unwrapped, so the whole article is read, and the byline is kept, dated,
under the headline.
"""

from __future__ import annotations

import re
from typing import Any

from briefing_bot.corpus.dates import DATE
from briefing_bot.corpus.markup import NOTES_HEADING
from briefing_bot.corpus.turns import split_dated_byline
from briefing_bot.errors import DocumentError

# An anchor's text that is a note number: "1", "[3]", "(12)"
_NOTE_LABEL = re.compile(r"^[\[(]?(\d{1,3})[\])]?$")
# A byline: "By Jane Doe", "BY JANE DOE | 8 October 2026"
_BYLINE = re.compile(r"^(?i:by)\s+[A-Z]")
# What a byline sets between its parts: "By Jane Doe | 8 October 2026", "… · Vientiane · …"
_BYLINE_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s+[–—]\s+")
_BYLINE_DATE = re.compile(rf"^(?i:(?:published|updated|posted)(?:\s+on)?:?\s+)?(?P<date>{DATE})$")


def _prepare(html: str) -> tuple[str, str | None]:
    """``html`` made ready for extraction (author notes kept, linked footnotes inlined, the
    article whole, its byline kept), and the names its byline gives."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html, None
    changed = _keep_author_notes(root)
    changed = _inline_linked_notes(root) or changed
    container = _article(root)
    names = None
    if container is not None:
        changed = _keep_boxes(container) or changed
        if container.tag == "article":
            # (a page with no <article>: the extractor's next choices, if the wrapper went,
            # could be a smaller element than the wrapper)
            changed = _unwrap_content(root, container) or changed
        names = _keep_byline(container)
    if not changed and names is None:
        return html, None
    return lxml.html.tostring(root, encoding="unicode"), names


def _keep_author_notes(root: Any) -> bool:
    """Drop "author" from class and id names.

    trafilatura treats an element whose class says "author" (``<p class="author-note">``)
    as boilerplate, yet a think tank's author note is what "who wrote this?" is answered
    from; without the word it is judged as text like any other paragraph.
    """
    changed = False
    for element in root.iter():
        for attribute in ("class", "id"):
            value = element.get(attribute)
            if value and "author" in value.lower():
                element.set(attribute, re.sub(r"(?i)author", "writer", value))
                changed = True
    return changed


def _keep_boxes(article: Any) -> bool:
    """Keep what the article itself sets apart: a box (``<aside>``: "By the numbers", "Key
    facts"), a figure's caption and the line of dates and names under the headline
    (``<p class="meta">``).

    The extractor drops every ``<aside>``, every ``<figure>`` and an element whose class says
    "meta" as page furniture. Inside the article they are content; as plain ``<div>``/``<p>``
    they are judged like any other, so a box whose class says what furniture it is
    ("related", "share", "newsletter") still goes. Outside the article nothing changes.
    """
    changed = False
    for element in list(article.iter("aside", "figure", "figcaption")):
        if element.tag == "figure":
            element.drop_tag()  # its caption stays, its image goes as before
        else:
            element.tag = "div" if element.tag == "aside" else "p"
        changed = True
    for element in article.iter("p"):
        value = element.get("class")
        if value and re.search(r"(?i)\bmeta\b", value):
            element.set("class", re.sub(r"(?i)\bmeta\b", "dateline", value))
            changed = True
    return changed


def _article(root: Any) -> Any:
    """The element that holds the article: its ``<article>``, else its ``<main>``."""
    found = next(root.iter("article"), None)
    return found if found is not None else next(root.iter("main"), None)


def _unwrap_content(root: Any, article: Any) -> bool:
    """Unwrap a content wrapper inside ``article`` (``<div class="article-body">``).

    The extractor reads the first element whose class names it as content and nothing else:
    with the wrapper a CMS sets around the body, the title, byline, author note and notes
    around it in the article would be lost. Unwrapped, the article itself is that element.
    """
    try:
        from trafilatura.xpaths import BODY_XPATH
    except ImportError:  # another layout of the extractor: nothing to repair
        return False
    changed = False
    for _ in range(10):  # wrappers nest rarely more than once or twice
        found = next((s for s in BODY_XPATH[0](root) if s is not None), None)
        if found is None or found is article or article not in found.iterancestors():
            break
        found.drop_tag()
        changed = True
    return changed


def _keep_byline(article: Any) -> str | None:
    """The byline ("By Jane Doe | 8 October 2026") as one plain line under the headline,
    written as the structural parser reads a dated byline ("By Jane Doe, 8 October 2026").

    The extractor drops an element whose class says "byline" as boilerplate, and with it the
    date of the article; a byline set below a standfirst, or above the headline, is read
    where a byline stands. Parts that are neither the names nor the date (a dateline's place,
    a series name) are left out, as the extractor left out the whole line. Returns the names
    (None where the article has no byline).
    """
    import lxml.html

    found = None
    for element in article.iter("p", "div", "span", "address", "h2", "h3"):
        if element.tag in ("h2", "h3"):
            break
        text = " ".join(element.text_content().split())
        if (
            _BYLINE.match(text)
            and len(text) <= 200
            and not re.search(r"[.!?…]$", text)  # "By April, the ministry had agreed."
            and not any(child.tag in ("p", "div") for child in element.iterdescendants())
        ):
            found = element, text
            break
        if element.tag == "p" and len(text) > 400:
            return None  # the article's text has begun: no byline above it
    if found is None:
        return None
    element, text = found
    parts = _BYLINE_SEPARATOR.split(text)
    dates = [m.group("date") for part in parts[1:] if (m := _BYLINE_DATE.match(part))]
    if not dates:
        stamped = next(element.iter("time"), None)
        stamp = (stamped.get("datetime") or "")[:10] if stamped is not None else ""
        dates = [stamp] if re.fullmatch(r"\d{4}-\d\d-\d\d", stamp) else []
    line = lxml.html.fromstring("<p></p>")
    line.text = parts[0] + (f", {dates[0]}" if dates else "")
    heading = next(article.iter("h1"), None)
    parent = element.getparent()
    if heading is not None:
        heading.addnext(line)
    elif parent is not None:
        parent.insert(parent.index(element), line)
    else:
        return None
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text after it
    return split_dated_byline(re.sub(r"^(?i:by)\s+", "", parts[0]))[0].strip() or None


def _note_text(element: Any) -> str:
    """A note's text, its italics (a cited work's title) between ``_OPEN`` and ``_CLOSE``."""
    text = " ".join(_with_italics(element).split())
    text = re.sub(r"\s*\x03\s*\x04\s*", " ", text).strip()  # italics with nothing in them
    text = re.sub(r"^\^?\s*(?:\[?\d+\]?[.)]?\s+)?", "", text)  # its own number or back-link
    return re.sub(r"\s*[↑↩︎^]+\s*$", "", text)


_OPEN, _CLOSE = "\x03", "\x04"  # control characters no page's text holds


def _with_italics(element: Any, italic: bool = False) -> str:
    """``element``'s text content, each outermost italic element's between the marks."""
    inner = element.tag in ("i", "em") and not italic
    parts = [_OPEN] if inner else []
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):  # not a comment or processing instruction
            parts.append(_with_italics(child, italic or inner))
        parts.append(child.tail or "")
    if inner:
        parts.append(_CLOSE)
    return "".join(parts)


def _note_paragraph(number: int, text: str) -> Any:
    """``<p>N. text</p>``, its italic spans as ``<em>`` (which the extractor writes ``*…*``)."""
    import lxml.html

    paragraph = lxml.html.fromstring("<p></p>")
    pieces = re.split(f"{_OPEN}(.*?){_CLOSE}", f"{number}. {text}")
    paragraph.text = pieces[0].replace(_OPEN, "").replace(_CLOSE, "")
    for at in range(1, len(pieces), 2):
        em = lxml.html.fromstring("<em></em>")
        em.text = pieces[at]
        em.tail = pieces[at + 1].replace(_OPEN, "").replace(_CLOSE, "")
        paragraph.append(em)
    return paragraph


def _inline_linked_notes(root: Any) -> bool:
    """Footnotes linked by anchors ("…1997.<sup><a href="#fn1">1</a></sup>", "…[3]"), whose
    notes sit in a list the extractor treats as page furniture: each reference becomes a
    plain ``<sup>N</sup>`` marker and the notes a "Notes" section at the end of the main
    text, in the form the structural parser reads (``N. text``)."""
    targets: dict[str, int] = {}
    references = []
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        label = _NOTE_LABEL.match((anchor.text_content() or "").strip())
        if href.startswith("#") and len(href) > 1 and label:
            targets.setdefault(href[1:], int(label.group(1)))
            references.append(anchor)
    notes: list[tuple[int, str]] = []
    remove: list[Any] = []
    seen: set[int] = set()
    for note_id, number in sorted(targets.items(), key=lambda item: item[1]):
        found = root.xpath("//*[@id=$id]", id=note_id)
        if not found or id(found[0]) in seen:
            continue
        element = found[0]
        if element.tag == "a":  # an anchor placed inside the note: the note is its parent
            element = element.getparent()
        container = element.getparent()
        if element.tag == "li" and container is not None and container.tag in ("ol", "ul"):
            # the whole list is the notes, referenced or not, numbered as it shows them
            first = int(container.get("start") or 1) if container.tag == "ol" else 1
            for position, item in enumerate(container.findall("li")):
                seen.add(id(item))
                shown = targets.get(item.get("id") or "", first + position)
                notes.append((shown, _note_text(item)))
            remove.append(container)
            heading = container.getprevious()
            if heading is not None and NOTES_HEADING.match(heading.text_content().strip()):
                remove.append(heading)
        else:
            seen.add(id(element))
            notes.append((number, _note_text(element)))
            remove.append(element)
    notes = [(number, text) for number, text in notes if text]
    if len(notes) < 1:
        return False
    import lxml.html

    for anchor in references:
        label = _NOTE_LABEL.match((anchor.text_content() or "").strip())
        marker = lxml.html.fromstring(f"<sup>{label.group(1) if label else ''}</sup>")
        marker.tail = anchor.tail
        parent = anchor.getparent()
        if parent is not None and parent.tag == "sup" and len(parent) == 1 and not parent.text:
            # <sup><a>1</a></sup>: the <sup> itself becomes the marker
            grand = parent.getparent()
            marker.tail = (anchor.tail or "") + (parent.tail or "")
            if grand is not None:
                grand.replace(parent, marker)
                continue
        if parent is not None:
            parent.replace(anchor, marker)
    for element in remove:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    main = next(iter(root.iter("article")), None)
    if main is None:
        main = next(iter(root.iter("main")), None)
    if main is None:
        main = root.find("body")
    if main is None:
        return True
    section = lxml.html.fromstring("<section><h2>Notes</h2></section>")
    for number, text in sorted(dict(notes).items()):
        section.append(_note_paragraph(number, text))
    main.append(section)
    return True


def html_to_markdown(html: str) -> tuple[str, dict[str, Any]]:
    import trafilatura

    html, byline = _prepare(html)
    # the date from the page's markup only: a date guessed from the text ("In March 2026 …")
    # is often not the article's, and a dated byline in the text gives it
    info = trafilatura.extract_metadata(html, extensive=False)
    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_links=False,
        favor_recall=True,
    )
    if not text:
        raise DocumentError("no main text found in HTML")
    meta: dict[str, Any] = {}
    if info is not None:
        for key in ("title", "author", "date", "url", "sitename"):
            value = getattr(info, key, None)
            if value:
                meta["publisher" if key == "sitename" else key] = value
    if byline:  # the names the page shows over those the extractor guesses
        meta["author"] = byline
    return text, meta
