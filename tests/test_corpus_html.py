"""HTML pages: linked footnotes, a kicker, pull quotes and an author note at the end."""

from __future__ import annotations

from pathlib import Path

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
