"""Parsing the paper: structure, page-break repair, author note, endnotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing_bot.corpus import (
    corpus_files,
    load_document,
    parse_markdown,
    split_sentences,
)
from briefing_bot.errors import CorpusError, DocumentError
from tests.conftest import PAPER


@pytest.fixture(scope="module")
def paper():
    return load_document(PAPER, PAPER.parent)


def _body(paper):
    return [p for p in paper.paragraphs if p.kind == "body"]


def test_metadata_from_front_matter_and_author_note(paper) -> None:
    assert paper.title == "From Security Alliance to Comprehensive Technology-Centered Partnership"
    assert paper.metadata["author"] == "Scott Snyder"
    assert paper.metadata["publication"] == "Korea Policy"
    assert "Korea Economic Institute of America" in paper.metadata["publisher"]
    assert paper.author_note == (
        "Scott Snyder is the President and CEO of the Korea Economic Institute of America (KEI)."
    )
    # the note is metadata, not glued into a body paragraph
    assert not any("President and CEO" in p.text for p in _body(paper))


def test_section_paths(paper) -> None:
    paths = {p.section_path for p in _body(paper)}
    assert () in paths  # the opening paragraphs
    assert any(
        path and path[0].startswith("Categories of Technology-Driven Cooperation") for path in paths
    )
    fourth = next(p for p in _body(paper) if p.text.startswith("A fourth type of cooperation"))
    assert fourth.section_path == (
        "Categories of Technology-Driven Cooperation Within the Global Comprehensive "
        "Strategic Alliance",
    )
    coalition = next(p for p in _body(paper) if p.text.startswith("First, will the United States"))
    assert coalition.section_path[-1] == "Maintaining a Technology-Centered Like-Minded Coalition"
    # headings lose their Markdown emphasis
    assert all("*" not in part for p in paper.paragraphs for part in p.section_path)


@pytest.mark.parametrize(
    "joined",
    [
        "parallels with US space infrastructure and priorities, and prospects for expanding",
        "whether to develop a nuclear-powered submarine",
        "the implementation of export controls or other curbs",
        "Both the establishment of AUKUS",
        "enhanced export control and inward investment regulations",
        "short of forging an integrated response",
        "Pillar Two, and the possible development of a multilateral approach",
    ],
)
def test_page_breaks_repaired(paper, joined: str) -> None:
    assert any(joined in p.text for p in _body(paper))


def test_every_sentence_of_the_paper_is_whole_in_some_paragraph(paper) -> None:
    body = _body(paper)
    for p in body:
        for start, end in p.sentences:
            sentence = p.text[start:end]
            assert sentence[0].isupper() or sentence[0] in '“"', sentence
            assert re.search(r"[.?!”\"]$", sentence), sentence
    # "U.S." does not end a sentence
    assert any(
        "the U.S. Terminal High Altitude Air Defense (THAAD) system" in p.text[s:e]
        for p in body
        for s, e in p.sentences
    )


def test_endnote_markers_linked_and_removed(paper) -> None:
    texts = " ".join(p.text for p in paper.paragraphs)
    assert "<sup>" not in texts
    dozen = next(p for p in _body(paper) if "at least a dozen new institutionalized" in p.text)
    sentence = next((s, e) for s, e in dozen.sentences if "at least a dozen" in dozen.text[s:e])
    assert dozen.sentence_endnotes(*sentence) == [4]
    all_markers = sorted(n for p in _body(paper) for _, n in p.markers)
    assert all_markers == [1, 2, 3, 4, 5, 6, 7, 8]


def test_endnote_registry(paper) -> None:
    notes = paper.endnotes
    assert sorted(notes) == list(range(1, 9))
    assert notes[1].title == "South Korea: Background and U.S. Relations"
    assert notes[1].publisher == "Congressional Research Service"
    assert notes[1].date == "October 25, 2024"
    assert notes[1].url == "https://crsreports.congress.gov/product/pdf/IF/IF10165"
    assert notes[4].date == "April 26, 2023" and notes[4].publisher == "The White House"
    assert notes[2].sources == ()  # commentary, not a citation
    assert len(notes[3].sources) == 2
    assert notes[3].sources[1].url.endswith("check_logged_in=1")
    # the short repeat citation inherits the full citation's details
    assert notes[6].url == notes[5].url and notes[6].date == "December 8, 2023"


def test_source_spans_point_into_the_file(paper) -> None:
    raw = PAPER.read_text(encoding="utf-8")
    for p in _body(paper):
        start, end = p.source_span
        source = re.sub(r"<sup>\d+</sup>|\*", "", raw[start:end])
        assert " ".join(source.split()) == p.text, p.number


def test_sentence_splitter_keeps_abbreviations() -> None:
    text = "The U.S. Terminal system was deployed. It mattered. Dr. Kim agreed."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "The U.S. Terminal system was deployed.",
        "It mattered.",
        "Dr. Kim agreed.",
    ]


def test_plain_markdown_without_front_matter() -> None:
    parsed = parse_markdown(
        "# Title\n\nBy Jane Doe\n\n## Part\n\nOne sentence here. And\n\nanother one.\n"
    )
    assert parsed.title == "Title" and parsed.byline == "Jane Doe"
    assert [p.text for p in parsed.paragraphs] == ["One sentence here. And another one."]
    assert parsed.paragraphs[0].section_path == ("Part",)


def test_missing_corpus_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        corpus_files(tmp_path / "nope")


def test_bad_files_raise_document_error(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    for name in ("empty.md", "binary.txt", "broken.pdf"):
        with pytest.raises(DocumentError):
            load_document(tmp_path / name, tmp_path)


def test_non_utf8_text_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 policy in Seoul is a topic.".encode("cp1252"))
    doc = load_document(tmp_path / "latin.txt", tmp_path)
    assert "Café policy" in doc.paragraphs[-1].text


def test_links_out_of_the_corpus_are_not_followed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "inside.md").write_text("# In\n\nText.\n")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nDo not index.\n")
    (corpus / "link.md").symlink_to(secret)
    (corpus / "alias.md").symlink_to(corpus / "inside.md")
    assert [p.name for p in corpus_files(corpus)] == ["alias.md", "inside.md"]


def test_an_ordered_list_keeps_its_numbers_and_a_table_reads_row_by_row() -> None:
    """The numbers serve "recommendations 1 and 6" and "the third one"; a table row cited on
    its own needs to say what each figure is."""
    raw = (
        "# Title\n\n## Findings\n\n"
        "We propose two steps:\n\n1. Fund the rescue centres.\n2. Share the tracking data.\n\n"
        "| Indicator | 2021 | 2025 |\n|---|---|---|\n| Transit voyages | 85 | 94 |\n"
        "| Cargo (million tonnes) | 2.0 | 3.1<sup>4</sup> |\n"
    )
    parsed = parse_markdown(raw)
    texts = [p.text for p in parsed.paragraphs]
    assert "1. Fund the rescue centres." in texts and "2. Share the tracking data." in texts
    assert "Indicator: Transit voyages; 2021: 85; 2025: 94" in texts
    row = next(p for p in parsed.paragraphs if p.text.startswith("Indicator: Cargo"))
    assert row.text == "Indicator: Cargo (million tonnes); 2021: 2.0; 2025: 3.1"
    assert row.markers == [(len(row.text), 4)]  # the note marker stays with its cell
    # every character of a value maps back to the source; labels map to their header cell
    for para in parsed.paragraphs:
        assert len(para.offsets) == len(para.text)
    value_at = row.text.index("3.1")
    assert raw[row.offsets[value_at] : row.offsets[value_at] + 3] == "3.1"
    label_at = row.text.index("2025")
    assert raw[row.offsets[label_at] : row.offsets[label_at] + 4] == "2025"


def test_html_notes_in_an_ordered_list_are_endnotes(tmp_path: Path) -> None:
    """A web page's "Notes" <ol> (numbers only implied by the list) is the endnote registry."""
    body = " ".join(["The basin lost half its sediment over two decades of dam building."] * 3)
    html = (
        "<html><head><title>Silt</title></head><body><nav>Home | About</nav><article>"
        "<h1>Silt</h1><p>By A. Writer</p>"
        f"<h2>Findings</h2><p>{body}<sup><a href='#fn1'>1</a></sup></p><p>{body}</p>"
        "<h2>Notes</h2><ol><li id='fn1'>River Office, \"Sediment Flux,\" June 2025, "
        "<a href='https://example.org/flux'>https://example.org/flux</a>.</li>"
        "<li id='fn2'>The author counts a dam as built once construction began.</li></ol>"
        "</article></body></html>"
    )
    (tmp_path / "silt.html").write_text(html, encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    assert sorted(doc.endnotes) == [1, 2]
    assert doc.endnotes[1].text.startswith("River Office")
    assert [s.url for s in doc.endnotes[1].sources] == ["https://example.org/flux"]


def test_an_html_author_note_with_an_author_class_is_kept(tmp_path: Path) -> None:
    """Extraction libraries drop class="author-…" blocks as boilerplate; the author note is
    what "who wrote this?" is answered from."""
    body = " ".join(["The basin lost half its sediment over two decades of dam building."] * 4)
    html = (
        "<html><body><nav>Home | About</nav><article><h1>Silt</h1><p>By A. Writer</p>"
        "<p class='author-note'><em>A. Writer is a senior fellow at the River Centre.</em></p>"
        f"<h2>Findings</h2><p>{body}</p><p>{body}</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )
    (tmp_path / "silt.html").write_text(html, encoding="utf-8")
    doc = load_document(tmp_path / "silt.html", tmp_path)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "senior fellow at the River Centre" in text
    assert "Subscribe" not in text


def test_a_plain_text_transcript_has_its_title_and_speaker(tmp_path: Path) -> None:
    """A .txt file has no "#": a lone first line without closing punctuation is the title,
    and "Remarks by …" is a byline like "By …"."""
    body = " ".join(["We will publish every algorithm the state uses by the end of 2027."] * 3)
    (tmp_path / "speech.txt").write_text(
        f"Serving People First\n\nRemarks by Ana Costa, Minister, Porto, 12 March 2026\n\n{body}\n",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "speech.txt", tmp_path)
    assert doc.title == "Serving People First"
    assert str(doc.metadata["author"]).startswith("Ana Costa")
    assert [p.text for p in doc.paragraphs[1:]] == [body]  # neither line is body text
    (tmp_path / "notes.txt").write_text(f"{body}\n\n{body}\n", encoding="utf-8")
    assert load_document(tmp_path / "notes.txt", tmp_path).title == "Notes"  # no title line


def test_a_short_italic_paragraph_before_the_text_is_about_the_document() -> None:
    """A web page's author note comes as an italic paragraph, without the rules around it."""
    raw = (
        "# Silt\n\nBy A. Writer\n\n*A. Writer is a senior fellow at the River Centre.*\n\n"
        "## Findings\n\nThe basin lost half its sediment.\n\n*An italic line in the text stays.*\n"
    )
    parsed = parse_markdown(raw)
    assert parsed.notes == ["A. Writer is a senior fellow at the River Centre."]
    assert [p.text for p in parsed.paragraphs] == [
        "The basin lost half its sediment.",
        "An italic line in the text stays.",
    ]
