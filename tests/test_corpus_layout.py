"""Page layout repair: a PDF, or a .txt export of one, parses with its structure."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_bot.corpus.layout import (
    document_words,
    drop_furniture,
    furniture_lines,
    heading_level,
    insert_breaks,
    paragraph_ends,
    plain_markers,
    reads_as_heading,
)
from briefing_bot.corpus.markup import Block, clean_inline, footnote_numbers, keep_hyphen
from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.types import Paragraph, ParsedDocument

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "Global Health Policy Review | Vol. 9, No. 2"

EXPORT = f"""Paying for the Next Pandemic
By Jane Doe and John Roe

Jane Doe is a fellow at the Example Institute. John Roe is a professor.

1. Introduction

The fund was created in 2022 with pledges of about USD 2 billion from
donor governments, but disbursement has been slow because of prepared-
ness gaps in recipient countries.3 Only a third of the money had been
spent by 2024, a long-
term problem.1

{HEADER}
12

The second paragraph starts here and continues across the page

{HEADER}
13

break into this line. Preparedness matters, as does long-term funding.

2. Why the Fund Is Underspent

There are three reasons. First, the grants are 2.3 times too small. Second, the
process is slow.

{HEADER}
14

Notes

1. A. Author, "A Report," Example Press, 2023, https://example.org/a.
3. B. Author, "Another Report," Example Press, 2024, https://example.org/b.
"""


def _body(doc: ParsedDocument) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.kind == "body"]


def test_a_text_export_of_a_pdf_parses_with_its_structure(tmp_path: Path) -> None:
    path = tmp_path / "doe-pandemic.txt"
    path.write_text(EXPORT, encoding="utf-8")
    doc = load_document(path, tmp_path)
    assert doc.title == "Paying for the Next Pandemic"
    assert doc.metadata["author"] == "Jane Doe and John Roe"
    assert doc.author_note is not None and doc.author_note.startswith("Jane Doe is a fellow")
    body = _body(doc)
    assert [p.section_path for p in body] == [
        ("1. Introduction",),
        ("1. Introduction",),
        ("2. Why the Fund Is Underspent",),
    ]
    first, second, third = (p.text for p in body)
    # hyphenation at a line end: one word, unless the document spells it as a compound
    assert "preparedness gaps" in first and "a long-term problem." in first
    # the running header and page numbers are gone; the paragraph they cut is whole again
    assert second == (
        "The second paragraph starts here and continues across the page break into this line. "
        "Preparedness matters, as does long-term funding."
    )
    assert HEADER not in " ".join(p.text for p in doc.paragraphs)
    # plain-digit markers are endnote references; "2.3 times" is a number
    assert "countries. Only" in first and first.endswith("problem.")
    assert [n for _, n in body[0].markers] == [3, 1]
    assert body[0].sentence_endnotes(*body[0].sentences[0]) == [3]
    assert "2.3 times" in third and not body[2].markers
    assert sorted(doc.endnotes) == [1, 3]
    # every character still maps to the source file
    for para in body:
        start, end = para.sentences[0]
        src = EXPORT[para.source_offset(start) : para.source_offset(end - 1) + 1]
        assert src.split()[0] == para.text[start:end].split()[0]


def _make_pdf() -> Callable[[list[list[str]], str], bytes]:
    spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pdf_bytes


def test_a_pdf_with_running_headers_plain_headings_and_notes(tmp_path: Path) -> None:
    pages = [
        [
            "Pacific Cable Brief",
            "Cables Under the Pacific",
            "By Ana Lima",
            "Ana Lima is a senior fellow at the Example Centre.",
            "Repair ships are scarce, and a cut cable can take weeks to mend.4 The region",
            "has three repair ships for more than forty cables.",
            "Why Repair Capacity Matters",
            "Operators share the ships under a regional agreement signed in 2019, which",
            "covers maintenance but not security.",
            "1",
        ],
        [
            "Pacific Cable Brief",
            "Notes",
            '4. C. Author, "Repair Ships," Example Press, 2024.',
            "2",
        ],
    ]
    (tmp_path / "lima-cables.pdf").write_bytes(_make_pdf()(pages, ""))
    doc = load_document(tmp_path / "lima-cables.pdf", tmp_path)
    assert doc.title == "Cables Under the Pacific"
    assert doc.metadata["author"] == "Ana Lima"
    assert doc.author_note == "Ana Lima is a senior fellow at the Example Centre."
    body = _body(doc)
    assert body[0].section_path == ()
    assert body[0].text.startswith("Repair ships are scarce, and a cut cable can take weeks")
    assert [n for _, n in body[0].markers] == [4]
    assert body[1].section_path == ("Why Repair Capacity Matters",)
    assert body[1].text.endswith("covers maintenance but not security.")
    assert list(doc.endnotes) == [4] and "Repair Ships" in doc.endnotes[4].text


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("2. Why the Fund Is Underspent", True),
        ("Introduction", True),
        ("RECOMMENDATIONS", True),
        ("II. The Case for Pooling", True),
        ("The fund was created in 2022 with pledges", False),
        ("1. Fund the secretariat", False),
        ("Thank you.", False),
        ("(Applause.)", False),
        ("a lower-case line", False),
    ],
)
def test_reads_as_heading(line: str, heading: bool) -> None:
    assert reads_as_heading(line) is heading


def test_heading_levels_follow_the_numbering() -> None:
    assert heading_level("Introduction") == 2
    assert heading_level("2. Why") == 2
    assert heading_level("2.1 How") == 3


def test_furniture_is_what_repeats_and_page_numbers() -> None:
    lines = ["Review | 12", "text.", "Review | 13", "(Applause.)", "Review | 14", "(Applause.)"]
    lines.append("(Applause.)")
    repeated = furniture_lines(lines)
    assert "review | #" in repeated and "(applause.)" not in repeated
    # a repeated label without numbers is furniture only where the text shows page numbers
    labels = ["MINISTER", "text.", "MINISTER", "text.", "MINISTER", "QUESTION:"] * 2
    assert furniture_lines(labels) == set()
    assert furniture_lines([*labels, "12", "13"]) == {"minister"}
    assert furniture_lines(labels, paged=True) == {"minister"}
    blocks = [Block(0, ["Page 3", "Body text."]), Block(20, ["- 4 -"])]
    kept = drop_furniture(blocks, repeated)
    assert [b.lines for b in kept] == [["Body text."]] and kept[0].start == len("Page 3") + 1


def test_hyphens_at_line_ends_follow_the_documents_spelling() -> None:
    words = document_words(["preparedness long-term state owned", "prepared-\nness"])
    assert "ness" not in words
    assert not keep_hyphen("prepared", "ness", words)
    assert keep_hyphen("long", "term", words)
    assert keep_hyphen("state", "owned", words)
    text, offsets, _ = clean_inline("prepared-\nness and long-\nterm", 10, words=words)
    assert text == "preparedness and long-term"
    assert offsets[len("prepared")] == 10 + len("prepared-\n")
    assert clean_inline("prepared-\nness", 0)[0] == "prepared- ness"  # Markdown: unchanged


def test_plain_markers_only_for_the_documents_notes() -> None:
    text = "Costs rose 2.7 percent to 1,500 in 2023.7 Critics said so,4 and “no”,12 more."
    clean, offsets, markers = plain_markers(text, list(range(len(text))), {4, 7, 12})
    assert clean == "Costs rose 2.7 percent to 1,500 in 2023. Critics said so, and “no”, more."
    assert [n for _, n in markers] == [7, 4, 12]
    assert len(offsets) == len(clean) and clean[markers[0][0] - 1] == "."
    assert plain_markers(text, list(range(len(text))), {99})[0] == text


def test_an_article_front_matter_starred_author_and_journal_line(tmp_path: Path) -> None:
    path = tmp_path / "roe-article.txt"
    path.write_text(
        "Paying Before the Next Outbreak\n\nJohn Roe*\n\n"
        "Global Health Policy Review, Vol. 9, No. 2 (2026), pp. 11-15\n\n"
        "* John Roe is a senior fellow at the Example Institute.\n\n"
        "Abstract\n\nThe fund spends slowly. See Vol. 9 of the review for the data.\n",
        encoding="utf-8",
    )
    doc = load_document(path, tmp_path)
    assert doc.metadata["author"] == "John Roe"
    assert doc.author_note == "John Roe is a senior fellow at the Example Institute."
    assert doc.metadata["publication"].startswith("Global Health Policy Review, Vol. 9")
    (body,) = _body(doc)
    assert body.section_path == ("Abstract",)
    assert [body.text[a:b] for a, b in body.sentences] == [
        "The fund spends slowly.",
        "See Vol. 9 of the review for the data.",
    ]


def test_a_pdf_paragraph_break_shown_only_by_space_is_kept(tmp_path: Path) -> None:
    long_line = "and this paragraph's last line is as long as any other line in the text."
    pages = [
        [
            "Repair Ships in the Pacific",
            "By Ana Lima",
            "",
            "The first paragraph is about ships and runs over two full lines of text here,",
            long_line,
            "",
            "The second paragraph starts after a blank line, which only the layout shows,",
            "and it ends here with a sentence of its own that is also quite long indeed.",
            "",
            "A third paragraph closes the short page with one more line of body text here.",
        ]
    ]
    (tmp_path / "lima-ships.pdf").write_bytes(_make_pdf()(pages, ""))
    doc = load_document(tmp_path / "lima-ships.pdf", tmp_path)
    body = _body(doc)
    assert [p.text.split()[:2] for p in body] == [
        ["The", "first"],
        ["The", "second"],
        ["A", "third"],
    ]
    assert body[0].text.endswith(long_line)


def test_paragraph_ends_are_gaps_wider_than_the_usual_spacing() -> None:
    lines = [(700.0, 11.0, "one"), (685.0, 11.0, "two."), (663.0, 11.0, "three")]
    lines += [(648.0, 11.0, "four"), (633.0, 11.0, "five.")]
    assert paragraph_ends(lines) == ["two"]
    assert insert_breaks("one\ntwo.\nthree\nfour", ["two"]) == "one\ntwo.\n\nthree\nfour"
    assert insert_breaks("one\ntwo.", []) == "one\ntwo."


def test_markdown_footnotes_are_endnotes(tmp_path: Path) -> None:
    (tmp_path / "doe-water.md").write_text(
        "# Water for Farms\n\nBy Jane Doe\n\n"
        "The basin lost 20 percent of its inflows since 2000.[^1] Allocations were cut "
        "twice.[^smith] A price is not a note: [^ not a ref].\n\n"
        '[^1]: Basin Authority, "Inflows Report," 2024, https://example.org/a.\n'
        '[^smith]: J. Smith, "Allocation Statement," Ministry of Water, 2023,\n'
        "    https://example.org/b.\n",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "doe-water.md", tmp_path)
    (body,) = _body(doc)
    # a one-line dated paragraph right after the byline is body text, not a journal line
    assert "publication" not in doc.metadata
    assert body.text.startswith("The basin lost 20 percent of its inflows since 2000. Alloc")
    assert [n for _, n in body.markers] == [1, 2]
    assert body.sentence_endnotes(*body.sentences[1]) == [2]
    assert sorted(doc.endnotes) == [1, 2]
    assert doc.endnotes[2].url == "https://example.org/b"
    assert doc.endnotes[1].sources[0].title == "Inflows Report"


def test_footnote_numbers_keep_numeric_labels() -> None:
    assert footnote_numbers(["2", "smith", "1", "x"]) == {"2": 2, "1": 1, "smith": 3, "x": 4}


def test_setext_headings_are_headings_not_rules(tmp_path: Path) -> None:
    (tmp_path / "doe-farms.md").write_text(
        "Water for Farms\n===============\n\nBy Jane Doe\n\nIntroduction\n------------\n\n"
        "The basin lost water. It was dry.\n",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "doe-farms.md", tmp_path)
    assert doc.title == "Water for Farms" and doc.metadata["author"] == "Jane Doe"
    (body,) = _body(doc)
    assert body.section_path == ("Introduction",) and body.text.startswith("The basin")
    assert doc.author_note is None


def test_quoted_summary_box_bold_subheading_and_a_kicker_above_the_title(tmp_path: Path) -> None:
    (tmp_path / "roe-water.md").write_text(
        "Energy · Long read\n\n# Water for Farms\n\nBy John Roe\n\n"
        "> **Summary**\n>\n> - Caps must come first.\n> - Meters must come second.\n\n"
        "## Introduction\n\nThe basin lost water.\n",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "roe-water.md", tmp_path)
    assert doc.title == "Water for Farms" and doc.metadata["kicker"] == "Energy · Long read"
    body = _body(doc)
    assert [(p.section_path, p.text) for p in body] == [
        (("Summary",), "Caps must come first."),
        (("Summary",), "Meters must come second."),
        (("Introduction",), "The basin lost water."),
    ]
    # offsets still point into the file, past the blanked quote markers
    raw = (tmp_path / "roe-water.md").read_text(encoding="utf-8")
    caps = body[0]
    assert raw[caps.source_offset(0) : caps.source_offset(len(caps.text))] == caps.text
