"""HTML pages: linked footnotes, a kicker, pull quotes, an author note at the end, a body
wrapper inside the article and a dated byline."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot.corpus.readers import load_document

PAGE = """<html><head><title>Grid Deals in Asia</title>
<meta name="author" content="Jane Doe"></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article>
<p class="kicker">Energy · Long read</p>
<h1>Grid Deals in Asia</h1>
<p class="byline">By Jane Doe</p>
<h2>Background</h2>
<p>The grid was first proposed by regional leaders in 1997.<sup><a href="#fn1">1</a></sup>
Laos now exports 200 megawatts to Singapore.<sup><a href="#fn2">2</a></sup></p>
<blockquote><p>Laos now exports 200 megawatts to Singapore, a first for the region's grid.</p>
<cite>Ana Lima, Example Centre</cite></blockquote>
<p>Officials call it a milestone.<a href="#cite-3">[3]</a> Laos now exports 200 megawatts to
Singapore, a first for the region's grid, and wants to sell more.</p>
<h2>Outlook</h2>
<p>Ministers meet in October to discuss a framework for trading power across borders.</p>
<p>They are expected to agree on common rules for access to transmission lines.</p>
<p>Jane Doe is the Review's Southeast Asia correspondent.</p>
</article>
<section class="footnotes"><h2>Notes</h2><ol>
<li id="fn1">ASEAN, "Plan of Action," 1997, <a href="https://example.org/a">link</a>.</li>
<li id="fn2">EMA, "Import Licences," 2024.</li>
<li id="cite-3"><a href="#r3">^</a> ADB, "Grid Report," 2025.</li>
</ol></section>
<footer>Copyright 2026</footer>
</body></html>
"""


def test_an_html_page_with_linked_notes_kicker_and_pull_quote(tmp_path: Path) -> None:
    (tmp_path / "grid.html").write_text(PAGE, encoding="utf-8")
    doc = load_document(tmp_path / "grid.html", tmp_path)
    assert doc.title == "Grid Deals in Asia"
    assert doc.metadata["kicker"] == "Energy · Long read"
    assert doc.author_note == "Jane Doe is the Review's Southeast Asia correspondent."
    body = [p for p in doc.paragraphs if p.kind == "body"]
    texts = [p.text for p in body]
    assert texts[0].startswith("The grid was first proposed") and "Energy" not in texts[0]
    assert body[0].section_path == ("Background",)
    assert [n for _, n in body[0].markers] == [1, 2]
    # the pull quote and its attribution are gone; the sentence stays where it belongs
    assert not any(t.startswith("Ana Lima") for t in texts)
    assert sum("a first for the region's grid" in t for t in texts) == 1
    assert [n for _, n in body[1].markers] == [3] and "[3]" not in body[1].text
    assert sorted(doc.endnotes) == [1, 2, 3]
    assert doc.endnotes[3].text.startswith("ADB")
    assert doc.endnotes[1].sources[0].title == "Plan of Action"


INTERVIEW_PAGE = """<html><head><title>Rivers and the Law of Silt</title></head><body>
<article><h1>Rivers and the Law of Silt</h1>
<p>By Jane Roe</p>
<p>The first paragraph talks about rivers, the silt they carry, and the dams that hold it
back from the delta below.<sup><a href="#fn1">1</a></sup></p>
<p><strong>Why does silt matter for the delta?</strong></p>
<p>It builds the land. Without it the coast retreats every year, and farmers lose fields to
the sea as the delta sinks.<sup><a href="#fn2">2</a></sup></p>
<p><b>What should governments do?</b></p>
<p>They should agree a basin-wide target and hold every dam to it, with a monitor.</p>
</article>
<ol class="footnotes">
<li id="fn1">Ann Smith, <em>Silt and Power in Great Rivers</em>, Riverside Press, 2021.</li>
<li id="fn2">Bo Lee, <i>The <b>Sinking</b> Delta</i>, Delta Books, March 2020.
<a href="#r2">↩</a></li></ol>
</body></html>
"""


def test_an_html_interview_bold_questions_and_italic_note_titles(tmp_path: Path) -> None:
    """Whole-paragraph <strong>/<b> questions are interview turns; an <em>/<i> title in a
    linked note names the cited work, and the note reads without the marks."""
    (tmp_path / "roe.html").write_text(INTERVIEW_PAGE, encoding="utf-8")
    doc = load_document(tmp_path / "roe.html", tmp_path)
    turns = [p.text for p in doc.paragraphs if p.kind == "question"]
    assert turns == ["Why does silt matter for the delta?", "What should governments do?"]
    assert [(s.title, s.date) for s in doc.endnotes[1].sources] == [
        ("Silt and Power in Great Rivers", "2021")
    ]
    assert [s.title for s in doc.endnotes[2].sources] == ["The Sinking Delta"]
    assert (
        doc.endnotes[1].text == "Ann Smith, Silt and Power in Great Rivers, Riverside Press, 2021."
    )
    assert doc.endnotes[2].text == "Bo Lee, The Sinking Delta, Delta Books, March 2020."
    assert not any("*" in p.text for p in doc.paragraphs)


_TEXT = (
    "The river carried {n} million tonnes of silt a year before the dams were built, and the"
    " delta grew with it.<sup><a href='#n{n}'>{n}</a></sup> Fishers and farmers alike depended"
    " on the floods that brought it down from the hills each monsoon."
)


def _wrapped_page(byline: str, *, wrapper: str | None = "article-body") -> str:
    """A whole page as a think tank's CMS saves it: menus, the article with a series label,
    a byline, the body (inside a content wrapper), an author note and linked notes after it."""
    body = "".join(f"<h2>Part {n}</h2><p>{_TEXT.format(n=n)}</p>" for n in (1, 2, 3))
    if wrapper:
        body = f"<div class='{wrapper}'>{body}</div>"
    notes = "".join(f"<li id='n{n}'>River Office, Silt Survey {n}, 2025.</li>" for n in (1, 2, 3))
    return (
        "<html><head><title>Silt and Power | Example Institute</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/research'>Research</a></nav></header>"
        "<main><article class='brief'><p class='series'>Policy Brief No. 7</p>"
        f"<h1>Silt and Power</h1>{byline}{body}"
        "<div class='author-bio'><p><em>Jane Doe is a senior fellow at the Example Institute"
        " in Lisbon.</em></p></div>"
        f"<section class='notes'><h2>Notes</h2><ol>{notes}</ol></section></article>"
        "<aside class='related'><h2>Related</h2><ul><li><a href='/x'>Other brief</a></li>"
        "</ul></aside></main><footer><p>Copyright 2026 Example Institute</p></footer>"
        "</body></html>"
    )


@pytest.mark.parametrize("wrapper", ["article-body", "entry-content", "post-content"])
def test_a_body_wrapper_inside_the_article_loses_neither_notes_nor_author_note(
    tmp_path: Path, wrapper: str
) -> None:
    """The extractor reads only the first element a content class names: with the body in a
    CMS wrapper, the author note and the notes after it were dropped."""
    page = _wrapped_page("<p class='byline'>By Jane Doe</p>", wrapper=wrapper)
    (tmp_path / "silt.html").write_text(page, encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    assert sorted(doc.endnotes) == [1, 2, 3]
    assert doc.endnotes[2].text == "River Office, Silt Survey 2, 2025."
    assert doc.author_note == "Jane Doe is a senior fellow at the Example Institute in Lisbon."
    body = [p for p in doc.paragraphs if p.kind == "body"]
    assert [p.section_path for p in body] == [("Part 1",), ("Part 2",), ("Part 3",)]
    assert [[n for _, n in p.markers] for p in body] == [[1], [2], [3]]
    assert not any("Related" in p.text or "Copyright" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    "byline",
    [
        "<p class='byline'>By <a href='/experts/doe'>Jane Doe</a> | "
        "<time datetime='2026-05-03'>3 May 2026</time></p>",
        "<p class='byline'>By <a href='/experts/doe'>Jane Doe</a> | 3 May 2026</p>",
        "<p class='byline'>By Jane Doe, 3 May 2026</p>",
        "<div class='meta'><span>By Jane Doe</span> · <span>Lisbon</span> · "
        "<span>Published 3 May 2026</span></div>",
    ],
)
def test_the_byline_keeps_its_date(tmp_path: Path, byline: str) -> None:
    """The extractor drops a "byline" element as boilerplate, and the article's date with it;
    the date is the publication date, in the metadata and the passage about the document."""
    (tmp_path / "silt.html").write_text(_wrapped_page(byline, wrapper=None), encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    assert doc.metadata["author"] == "Jane Doe"
    assert doc.metadata["date"] == "3 May 2026"
    about = doc.paragraphs[0]
    assert about.kind == "about" and about.text.split("\n")[1] == "By Jane Doe, 3 May 2026"
    assert not any("Jane Doe" in p.text for p in doc.paragraphs if p.kind == "body")


def test_a_numbered_series_label_above_the_headline_is_the_publication(tmp_path: Path) -> None:
    """ "Policy Brief No. 7" names the series the document is published in, not a section
    of the site ("Energy · Long read", a kicker)."""
    page = _wrapped_page("<p>By Jane Doe</p>", wrapper=None)
    (tmp_path / "silt.html").write_text(page, encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    assert doc.metadata["publication"] == "Policy Brief No. 7"
    assert "kicker" not in doc.metadata


def test_a_byline_below_the_standfirst_is_read_as_the_byline(tmp_path: Path) -> None:
    """A news page sets the byline under its standfirst: it is still the byline, and a date
    the page only mentions in its text ("In March 2026 …") is not the article's."""
    standfirst = " ".join(["Three decades after the first plans, power crosses the border."] * 3)
    text = " ".join(["In March 2026 the board approved a loan for the line to the border."] * 3)
    more = " ".join(["The loan comes with conditions on the accounts of the grid company."] * 3)
    page = (
        "<html><body><main><article><h1>Wires Across the Water</h1>"
        f"<p class='dek'>{standfirst}</p>"
        "<p class='byline'>By Jane Doe · VIENTIANE · 14 September 2026</p>"
        f"<h2>Loans</h2><p>{text}</p><p>{more}</p></article></main></body></html>"
    )
    (tmp_path / "grid.html").write_text(page, encoding="utf-8")
    doc = load_document(tmp_path / "grid.html", tmp_path)
    assert doc.metadata["date"] == "14 September 2026"
    assert doc.paragraphs[0].text.split("\n")[1] == "By Jane Doe, 14 September 2026"
    assert [p.text for p in doc.paragraphs if p.kind == "body"] == [standfirst, text, more]


def test_a_paragraph_opening_with_by_is_no_byline(tmp_path: Path) -> None:
    """ "By April, …" is a sentence of the text, left where it stands."""
    standfirst = " ".join(["Three decades after the first plans, the river carries less silt."] * 3)
    opening = "By April, the ministry had agreed to publish the survey."
    text = " ".join(["The river carried less silt each year after the dams were built."] * 3)
    page = (
        f"<html><body><article><h1>Silt</h1><p>{standfirst}</p>"
        f"<p>{opening}</p><p>{text}</p></article></body></html>"
    )
    (tmp_path / "silt.html").write_text(page, encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    assert [p.text for p in doc.paragraphs if p.kind == "body"] == [standfirst, opening, text]


BOXED = """<html><head><title>Freight at the Border</title></head><body>
<nav><a href="/">Home</a></nav>
<main><article>
<h1>Freight at the Border</h1>
<p class="meta">Summary of a workshop held in Graz on 3 March 2025 · Rapporteur: Ida Berg</p>
<h2>Findings</h2>
<p>Participants agreed that border stops are the main delay for international trains.</p>
<aside class="stat-box"><h3>By the numbers</h3><ul>
<li><strong>16.8%</strong> – rail's share of inland freight, 2023</li></ul></aside>
<figure><img src="/a.jpg" alt="a train"><figcaption>Figure 1. A train waits at the border
station.</figcaption></figure>
<p>Several participants called for shorter stops at internal borders.</p>
<aside class="related-links"><h3>Related</h3><ul><li><a href="/x">Ports in 2024</a></li>
</ul></aside>
</article></main>
<aside class="sidebar"><p>Subscribe to our newsletter for weekly updates.</p></aside>
</body></html>
"""


def test_the_articles_own_boxes_captions_and_dateline_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "boxed.html"
    path.write_text(BOXED, encoding="utf-8")
    doc = load_document(path, tmp_path)
    text = "\n".join([doc.metadata.get("byline", ""), *(p.text for p in doc.paragraphs)])
    boxed = [p for p in doc.paragraphs if "16.8%" in p.text]  # the box inside the article
    assert boxed and boxed[0].section_path[-1] == "By the numbers"
    assert "Figure 1. A train waits" in text  # a figure's caption
    assert "Rapporteur: Ida Berg" in text  # the line of dates and names under the headline
    assert "Ports in 2024" not in text  # a box whose class says "related" is still furniture
    assert "newsletter" not in text  # outside the article nothing changes
