"""A journal article PDF: affiliation under the byline, raised markers, a "Notes" list at the
end with short repeats and "Ibid.", and a table set in columns under its caption.

The PDFs are written here, a few lines of text operators each (reportlab is no dependency):
each line is a text object of runs with its own size and rise, and each table cell a text
object at its column's x offset, as a typesetter places them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from briefing_bot.corpus.endnotes import parse_endnotes
from briefing_bot.corpus.markup import Block
from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.types import ParsedDocument

Run = tuple[float, str, float]  # size, text, rise
Line = tuple[float, float, list[Run]]  # x, y, runs
FIXTURES = Path(__file__).parent / "fixtures"


def _fixture() -> Any:
    spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf_bytes(pages: list[list[Line]]) -> bytes:
    return _fixture().runs_pdf(pages, "")  # type: ignore[no-any-return]


def _load(tmp_path: Path, pages: list[list[Line]]) -> ParsedDocument:
    path = tmp_path / "doe-harbours.pdf"
    path.write_bytes(_pdf_bytes(pages))
    return load_document(path, tmp_path)


def _text(size: float, text: str) -> list[Run]:
    return [(size, text, 0)]


def _marker(number: str) -> Run:
    return (7, number, 3)  # smaller and raised: a superscript


FRONT: list[Line] = [
    (72, 780, _text(18, "Harbours Under Strain")),
    (72, 750, [(12, "Jane Doe", 0), (9, "*", 3)]),
    (72, 736, _text(10, "Example Institute for Ports, Harbour Quarter, Example City")),
    (72, 712, _text(9.5, "Abstract. Small harbours handle more of the region's trade than the")),
    (
        72,
        700,
        _text(9.5, "statistics suggest, and they are the first to close when a storm comes."),
    ),
    (72, 680, _text(9.5, "Keywords: harbours; storms; trade")),
    (72, 650, _text(12, "1. Introduction")),
    (72, 630, _text(10, "Traffic through the small harbours doubled over the decade, and the")),
    (
        72,
        616,
        [(10, "harbour board recorded its first surplus in 2020–21.", 0), _marker("1")],
    ),
    (72, 602, _text(10, "The new basin covers 40 hectares of sheltered water, and it is")),
    (72, 588, [(10, "the largest on the coast, and it opened last spring.", 0), _marker("2")]),
    (72, 568, _text(10, "Storms closed the harbours on twelve days last winter, more than in any")),
    (
        72,
        554,
        [(10, "other year since records began, and cost the owners dearly.", 0), _marker("3")],
    ),
    (
        72,
        110,
        [(6, "*", 3), (8, " Jane Doe is a senior fellow at the Example Institute for Ports.", 0)],
    ),
    (290, 40, _text(9, "1")),
]

NOTES: list[Line] = [
    (72, 780, _text(12, "Notes")),
    (
        72,
        760,
        _text(
            9,
            "1. Example Harbour Board, “Harbour Statistics, 2015–2025: Annual Review” "
            "(Example City: EHB, May 2025), 4, https://example.org/ehb/review.",
        ),
    ),
    (72, 746, _text(9, "2. Ibid., 7.")),
    (72, 732, _text(9, "3. EHB, “Harbour Statistics,” 12–14.")),
    (290, 40, _text(9, "2")),
]


def test_a_raised_marker_after_a_year_range_links_its_endnote(tmp_path: Path) -> None:
    doc = _load(tmp_path, [FRONT, NOTES])
    body = [p for p in doc.paragraphs if p.kind == "body"]
    first = next(p for p in body if p.text.startswith("Traffic through"))
    assert "surplus in 2020–21. The new basin" in first.text
    assert "2020–21.1" not in first.text
    assert 1 in [n for _, n in first.markers]
    assert sorted(n for p in body for _, n in p.markers) == [1, 2, 3]


def test_the_affiliation_under_the_byline_is_no_section(tmp_path: Path) -> None:
    doc = _load(tmp_path, [FRONT, NOTES])
    assert (
        doc.metadata["affiliation"] == "Example Institute for Ports, Harbour Quarter, Example City"
    )
    assert doc.metadata["author"] == "Jane Doe"
    paths = {p.section_path for p in doc.paragraphs}
    assert ("Example Institute for Ports, Harbour Quarter, Example City",) not in paths
    abstract = next(p for p in doc.paragraphs if p.text.startswith("Small harbours"))
    assert abstract.section_path == ("Abstract",)
    about = next(p for p in doc.paragraphs if p.kind == "about")
    assert "Example Institute for Ports, Harbour Quarter" in about.text


def test_ibid_and_a_shortened_repeat_resolve_to_the_full_citation(tmp_path: Path) -> None:
    doc = _load(tmp_path, [FRONT, NOTES])
    full = doc.endnotes[1].sources[0]
    assert full.title == "Harbour Statistics, 2015–2025: Annual Review"
    assert full.url == "https://example.org/ehb/review"
    assert doc.endnotes[2].sources == (full,)  # "Ibid., 7."
    assert doc.endnotes[3].sources == (full,)  # "EHB, “Harbour Statistics,” 12–14."
    assert doc.endnotes[3].text == "EHB, “Harbour Statistics,” 12–14."


def test_a_page_after_a_short_title_is_no_publisher() -> None:
    notes, _ = parse_endnotes(
        [
            Block(
                0,
                [
                    "1. Jane Doe and John Roe, “Ports of Call: A Survey,” Example Papers 3 "
                    "(Example City: EP, 2025), https://example.org/ports."
                ],
            ),
            Block(0, ["2. Doe and Roe, “Ports of Call,” 9."]),
            Block(0, ["3. Roe, “Harbour Dues in Practice,” 2009."]),
            Block(0, ["4. Smith, “Ports of Call,” 9."]),
        ]
    )
    assert notes[2].sources == notes[1].sources
    assert notes[1].publisher is not None and notes[1].publisher.startswith("Jane Doe and John Roe")
    # a year after a title is its date, not a page
    assert notes[3].date == "2009"
    # another author's work of the same short title is not the one cited before
    assert notes[4].sources[0].url is None
    assert notes[4].publisher == "Smith"


def _row(y: float, cells: list[str]) -> list[Line]:
    """A table row: each cell a text object of its own at its column's x offset."""
    return [(x, y, _text(9, cell)) for x, cell in zip((110, 224, 292), cells, strict=True)]


TABLE_PAGE: list[Line] = [
    (72, 780, _text(10, "Traffic fell in every harbour in the year of the storms and recovered")),
    (72, 766, _text(10, "only slowly in the two years that followed, as the table shows.")),
    (72, 740, _text(9.5, "Table 1. Ships calling at three harbours, 2024–2025")),
    *_row(720, ["Harbour", "2024", "2025"]),
    *_row(706, ["North Quay", "312", "401"]),
    *_row(692, ["South Basin", "264", "338"]),
    (72, 670, _text(8.5, "Source: Example Harbour Board, annual returns.")),
    (
        72,
        640,
        _text(10, "The owners of the smaller harbours have asked for help with the repairs,"),
    ),
    (72, 626, _text(10, "and the board has promised to answer them before the end of the year.")),
]


def test_a_table_set_in_columns_is_read_as_rows_under_its_caption(tmp_path: Path) -> None:
    doc = _load(tmp_path, [FRONT, TABLE_PAGE, NOTES])
    body = [p for p in doc.paragraphs if p.kind == "body"]
    caption = "Table 1. Ships calling at three harbours, 2024–2025"
    rows = [p for p in body if p.section_path[-1:] == (caption,)]
    assert [p.text for p in rows] == [
        "Harbour: North Quay; 2024: 312; 2025: 401",
        "Harbour: South Basin; 2024: 264; 2025: 338",
    ]
    # the caption is the rows' heading, not glued to the paragraph before the table
    before = next(p for p in body if p.text.startswith("Traffic fell"))
    assert before.text.endswith("as the table shows.")
    assert not any("Table 1." in p.text or "312 401" in p.text for p in body)
    assert any(p.text == "Source: Example Harbour Board, annual returns." for p in body)
