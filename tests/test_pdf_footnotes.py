"""PDF footnotes at the foot of the page, superscript markers, a starred byline, bullet glyphs.

The PDFs are written here, a few lines of text operators each (pypdf cannot write text and
reportlab is no dependency): each line is a text object of runs, each run with its own size
and rise, as a word processor or reportlab sets a superscript marker or a footnote.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.types import ParsedDocument

Run = tuple[float, str, float]  # size, text, rise
Line = tuple[float, float, list[Run]]  # x, y, runs
FIXTURES = Path(__file__).parent / "fixtures"


def _body(size: float, text: str) -> list[Run]:
    return [(size, text, 0)]


def _pdf_bytes(pages: list[list[Line]], title: str = "") -> bytes:
    return _fixture().runs_pdf(pages, title)  # type: ignore[no-any-return]


def _fixture() -> Any:
    """``tests/fixtures/make_pdf.py``, which writes a PDF's objects and cross-references."""
    spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(tmp_path: Path, pages: list[list[Line]], name: str = "doe-signals.pdf") -> ParsedDocument:
    (tmp_path / name).write_bytes(_pdf_bytes(pages))
    return load_document(tmp_path / name, tmp_path)


def _marker(number: str) -> Run:
    return (7, number, 3)  # smaller and raised: a superscript


COVER: list[Line] = [
    (72, 780, _body(18, "Signals Under Strain")),
    (72, 757, _body(11, "Why the power grid needs a clock of its own")),
    (72, 735, [(12, "Jane Doe", 0), (9, "*", 3)]),
    (72, 720, _body(9, "Example Institute · Report No. 4 · May 2026")),
]

PAGE_ONE: list[Line] = [
    *COVER,
    (72, 690, _body(12, "Introduction")),
    (
        72,
        670,
        _body(10, "The grid takes its time from satellites in orbit, and a cheap jammer can"),
    ),
    (
        72,
        656,
        [(10, "take that time away for hours over a wide area of the country.", 0), _marker("1")],
    ),
    (72, 636, _body(10, "Operators keep clocks of their own at most of their sites, but many of")),
    (72, 622, _body(10, "those clocks drift within a few hours, and after that the whole")),
    (72, 110, [(6, "*", 3), (8, " Jane Doe is a senior fellow at the Example Institute.", 0)]),
    (
        72,
        96,
        [
            (6, "1", 3),
            (8, " Example Agency, “Timing Report” (2025), https://example.org/timing-", 0),
        ],
    ),
    (72, 86.5, _body(8, "report.")),
    (290, 40, _body(8, "1")),
]

PAGE_TWO: list[Line] = [
    (72, 780, _body(10, "network starts to lose its sync and calls begin to drop across the")),
    (
        72,
        766,
        [(10, "region within the day, as operators found in a test last year.", 0), _marker("2")],
    ),
    (72, 746, _body(10, "Regulators have been slow to act on this, and most of them still treat")),
    (72, 732, _body(10, "it as a problem for pilots and ships rather than for the grid itself")),
    (72, 718, _body(10, "and the networks that keep the lights on across the whole country.")),
    (72, 110, [(6, "2", 3), (8, " Author interview with John Roe, Example City, 3 May 2026.", 0)]),
    (290, 40, _body(10, "2")),  # a page number at the size of the text
]


def test_page_foot_notes_are_the_documents_notes_and_markers_link_them(tmp_path: Path) -> None:
    doc = _load(tmp_path, [PAGE_ONE, PAGE_TWO])
    body = [p for p in doc.paragraphs if p.kind == "body"]
    texts = [p.text for p in body]
    assert not any("Example Agency" in t or "Author interview" in t for t in texts)
    assert sorted(doc.endnotes) == [1, 2]
    # a note's lines join; a line broken after a hyphen (a URL here) joins without a space
    assert doc.endnotes[1].text.endswith("https://example.org/timing-report.")
    assert doc.endnotes[1].sources[0].title == "Timing Report"
    first = body[0]
    assert first.text.endswith("over a wide area of the country.")
    assert first.sentence_endnotes(*first.sentences[-1]) == [1]
    # the paragraph the page break cut is whole again, the notes no longer between its halves
    second = body[1]
    assert "the whole network starts to lose its sync" in second.text
    assert second.text.endswith("as operators found in a test last year.")
    assert [n for _, n in second.markers] == [2]
    notes = [p for p in doc.paragraphs if p.kind == "endnote"]
    assert [p.section_path for p in notes] == [("Endnotes", "Note 1"), ("Endnotes", "Note 2")]


def test_a_starred_byline_its_author_note_and_the_subtitle(tmp_path: Path) -> None:
    doc = _load(tmp_path, [PAGE_ONE, PAGE_TWO])
    assert doc.title == "Signals Under Strain"
    assert doc.metadata["author"] == "Jane Doe"
    assert doc.metadata["subtitle"] == "Why the power grid needs a clock of its own"
    assert doc.metadata["publication"].startswith("Example Institute · Report No. 4")
    assert doc.author_note == "Jane Doe is a senior fellow at the Example Institute."
    about = doc.paragraphs[0]
    assert about.kind == "about"
    assert "Why the power grid needs a clock of its own" in about.text
    assert "Jane Doe is a senior fellow" in about.text
    body = [p for p in doc.paragraphs if p.kind == "body"]
    assert all(p.section_path == ("Introduction",) for p in body)
    assert not any("senior fellow" in p.text or "Report No. 4" in p.text for p in body)


def test_small_type_at_the_foot_that_no_marker_cites_stays_text(tmp_path: Path) -> None:
    # a source line under a figure at the foot of the page, in small type, numbered like a
    # note; and a number in the text set at the text's size: neither is a note nor a marker
    page: list[Line] = [
        (72, 780, _body(18, "Signals Under Strain")),
        (72, 740, _body(10, "The grid takes its time from satellites in orbit, and a jammer can")),
        (
            72,
            726,
            [
                (10, "take it away for hours over a wide area of the country in 2023.", 0),
                (10, "4", 0),
            ],
        ),
        (72, 706, _body(10, "Operators keep clocks of their own at most of their sites, but many")),
        (72, 692, _body(10, "of those clocks drift within a few hours and must then be reset.")),
        (72, 110, [(6, "4", 3), (8, " Figures for sites in the north of the country, 2025.", 0)]),
    ]
    doc = _load(tmp_path, [page, [(72, 780, _body(10, "More text here."))]])
    assert doc.endnotes == {}
    texts = " ".join(p.text for p in doc.paragraphs if p.kind == "body")
    assert "Figures for sites in the north" in texts
    assert not any(p.markers for p in doc.paragraphs)


def test_a_bullet_glyph_without_unicode_is_a_list_item(tmp_path: Path) -> None:
    page: list[Line] = [
        (72, 780, _body(18, "Signals Under Strain")),
        (
            72,
            740,
            _body(10, "The findings of the review are these three, in the order of their weight:"),
        ),
        (
            76,
            720,
            [
                (10, "\x7f", 0),
                (10, " Reported jamming doubled between 2023 and 2025 in the north.", 0),
            ],
        ),
        (
            76,
            706,
            [(10, "\x7f", 0), (10, " Most mobile masts take their time from satellites alone.", 0)],
        ),
        (
            76,
            692,
            [
                (10, "\x7f", 0),
                (10, " No country has a backup that lasts more than a day or two.", 0),
            ],
        ),
        (
            72,
            672,
            _body(10, "Each of them is taken up in turn in the sections of the report below."),
        ),
    ]
    doc = _load(tmp_path, [page])
    texts = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert not any("\x7f" in t for t in texts)
    assert "Reported jamming doubled between 2023 and 2025 in the north." in texts
    assert "Most mobile masts take their time from satellites alone." in texts


def test_a_small_raised_number_no_note_answers_stays_text(tmp_path: Path) -> None:
    # "km²" set as a smaller raised 2: a unit's power, not a marker, in a document without notes
    page: list[Line] = [
        (72, 780, _body(18, "Signals Under Strain")),
        (
            72,
            740,
            [(10, "The jammers cover an area of 300 km", 0), (7, "2", 3), (10, " of sea.", 0)],
        ),
        (
            72,
            726,
            _body(10, "Operators keep clocks of their own at most of their sites, and reset them."),
        ),
    ]
    doc = _load(tmp_path, [page])
    texts = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert any("an area of 300 km2 of sea." in t for t in texts)
    assert not any(p.markers for p in doc.paragraphs)


def test_a_footnote_that_runs_onto_the_next_page_is_one_note(tmp_path: Path) -> None:
    page_one = [line for line in PAGE_ONE if line[1] not in (96, 86.5)] + [
        (72, 96, [(6, "1", 3), (8, " Example Agency, “Timing Report” (2025), a figure the", 0)])
    ]
    page_two = [
        *PAGE_TWO[:5],
        (72, 124, _body(8, "operators dispute.")),
        *PAGE_TWO[5:],
    ]
    doc = _load(tmp_path, [page_one, page_two])
    assert (
        doc.endnotes[1].text
        == "Example Agency, “Timing Report” (2025), a figure the operators dispute."
    )
    assert doc.endnotes[2].text.startswith("Author interview with John Roe")
    assert not any("dispute" in p.text for p in doc.paragraphs if p.kind == "body")
    # a page whose foot holds only the rest of the note before
    page_two_alone = [
        PAGE_TWO[0],
        (72, 766, _body(10, "region within the day, as operators found in a test last year.")),
        *PAGE_TWO[2:5],
        (72, 110, _body(8, "operators dispute.")),
        PAGE_TWO[-1],
    ]
    doc = _load(tmp_path, [page_one, page_two_alone], name="doe-alone.pdf")
    assert list(doc.endnotes) == [1] and doc.endnotes[1].text.endswith("the operators dispute.")
    assert not any("dispute" in p.text for p in doc.paragraphs if p.kind == "body")
