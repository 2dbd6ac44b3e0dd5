"""A full journal article exported from PDF to text: a title wrapped over two lines, a starred
byline with its author note at the foot of the first page, page-number lines with a running
header at each break, numbered sections and sentence-case sub-sections beside a numbered list,
and notes that name no publisher."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from briefing_bot.corpus.markup import Block
from briefing_bot.corpus.pages import mark_pages
from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.types import ParsedDocument

HEADER = "Review of Harbour Studies | Vol. 3, No. 1"
FIXTURES = Path(__file__).parent / "fixtures"


def _article() -> str:
    filler = (
        "The harbour board met four times in the spring and agreed on little beyond the\n"
        "timetable for the next round of talks with the shipping lines and the city.\n"
    )
    return f"""Tides of Trade: How Three Port Authorities Share the Dredging Bill
and What It Costs the Fishing Towns

Ana Lindgren*

Review of Harbour Studies, Vol. 3, No. 1 (2025), pp. 7-9

1. Introduction

The three ports agreed to share their dredging bill in 2021, after a decade of
quarrels about who should pay for the channel that all of them use every day.1
{filler}
* Ana Lindgren is a research fellow at the Coastal Policy Centre in Bergen. She
thanks the harbour masters who spoke to her.

7

{HEADER}

The agreement set a formula that weighs each port's tonnage against the depth
it needs, and it has held through two changes of government in each country.
{filler}
2. The Dredging Formula

2.1 How the shares were set

The first shares followed the tonnage of 2019, which favoured the largest port
{filler}
2.2 Costs to the smaller ports
The smaller ports pay less in total but more for each tonne, because the channel
they need is as deep as the one the largest port needs for its ships.2
{filler}
8

{HEADER}

3. Recommendations

The boards should do three things before the formula is next reviewed in 2027.

1. Publish the formula

2. Cap the smaller ports' share

3. Review it every year

4. A Common Voice?

2.5 million tonnes passed through the smallest port last year, a record that
its board expects to beat again in the coming season.

Notes

1. Harbour Council, Dredging Accounts, Full Year 2021, 4 March 2022,
https://www.example.org/dredging-accounts
2. Ibid.
"""


def _load(tmp_path: Path, text: str, name: str = "lindgren-tides.txt") -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path)


def _body(doc: ParsedDocument) -> list[tuple[str, str, int | None]]:
    return [
        (" / ".join(p.section_path), p.text, p.page) for p in doc.paragraphs if p.kind == "body"
    ]


def test_a_title_wrapped_over_two_lines_is_one_title(tmp_path: Path) -> None:
    doc = _load(tmp_path, _article())
    assert doc.title == (
        "Tides of Trade: How Three Port Authorities Share the Dredging Bill "
        "and What It Costs the Fishing Towns"
    )
    assert doc.metadata["author"] == "Ana Lindgren"
    assert doc.metadata["publication"].startswith("Review of Harbour Studies, Vol. 3")
    assert all(section for section, _, _ in _body(doc))  # no front matter left as body text


def test_a_title_the_export_marks_as_a_heading_keeps_no_hashes(tmp_path: Path) -> None:
    """The seed's form: blank lines, then "## Title" and "By …" (no front matter)."""
    text = (
        "\n\n\n## Tides of Trade: Three Ports and the Dredging Bill\n\n \nBy Ana Lindgren\n\n"
        "The three ports agreed to share their dredging bill in 2021.\n\n"
        "## Background\n\nThe channel silts up every winter.\n"
    )
    doc = _load(tmp_path, text)
    assert doc.title == "Tides of Trade: Three Ports and the Dredging Bill"
    assert doc.metadata["author"] == "Ana Lindgren"


def test_a_sentence_ending_first_block_is_no_title(tmp_path: Path) -> None:
    text = "The ports met in May.\nThey agreed on a formula.\n\nMore text follows here.\n"
    assert _load(tmp_path, text).title == "Lindgren tides"


def test_the_starred_author_note_at_the_foot_of_page_one_is_about_the_document(
    tmp_path: Path,
) -> None:
    doc = _load(tmp_path, _article())
    assert doc.metadata["author_note"].startswith("Ana Lindgren is a research fellow")
    assert not any("research fellow" in text for _, text, _ in _body(doc))
    about = doc.paragraphs[0]
    assert about.kind == "about" and "Ana Lindgren is a research fellow" in about.text


def test_a_star_without_the_starred_byline_is_body_text(tmp_path: Path) -> None:
    text = _article().replace("Ana Lindgren*", "By Ana Lindgren")
    body = [t for _, t, _ in _body(_load(tmp_path, text))]
    assert any(t.startswith("Ana Lindgren is a research fellow") for t in body)


def test_numbered_sub_headings_in_sentence_case_are_headings(tmp_path: Path) -> None:
    sections = {section: text for section, text, _ in _body(_load(tmp_path, _article()))}
    assert "1. Introduction" in sections
    assert "2. The Dredging Formula / 2.1 How the shares were set" in sections
    # a heading glued to its paragraph (no blank line after it) is split off it
    glued = sections["2. The Dredging Formula / 2.2 Costs to the smaller ports"]
    assert glued.startswith("The smaller ports pay less")


def test_numbered_list_items_and_number_led_lines_stay_text(tmp_path: Path) -> None:
    body = _body(_load(tmp_path, _article()))
    items = [(s, t) for s, t, _ in body if t[:3] in ("1. ", "2. ", "3. ")]
    assert [t for _, t in items] == [
        "1. Publish the formula",
        "2. Cap the smaller ports' share",
        "3. Review it every year",
    ]
    assert all(s.endswith("3. Recommendations") for s, _ in items)
    # the next section's title-case heading, then a sentence that opens with a number
    last = body[-1]
    assert last[0].endswith("4. A Common Voice?") and last[1].startswith("2.5 million tonnes")


def test_printed_page_numbers_reach_the_paragraphs(tmp_path: Path) -> None:
    pages = {text[:20]: page for _, text, page in _body(_load(tmp_path, _article()))}
    assert pages["The three ports agre"] == 7
    assert pages["The agreement set a "] == 8
    assert pages["The smaller ports pa"] == 8
    assert pages["1. Publish the formu"] == 9  # after the last footer: the next page


def test_a_number_under_the_running_header_opens_its_page() -> None:
    lines = ["Intro text here.", HEADER, "12", "Body on twelve.", HEADER, "13", "On thirteen."]
    blocks = [Block(i * 40, [line]) for i, line in enumerate(lines)]
    mark_pages(blocks, {"review of harbour studies | vol. #, no. #"})
    assert [b.page for b in blocks if b.lines[0].startswith(("Intro", "Body", "On"))] == [
        11,
        12,
        13,
    ]


def test_numbers_that_do_not_count_up_are_no_pages(tmp_path: Path) -> None:
    text = "Report\n\nFirst part of the text.\n\n12\n\nSecond part.\n\n4\n\nThird part.\n"
    assert {p.page for p in _load(tmp_path, text).paragraphs} == {None}


def test_a_note_without_a_publisher_keeps_its_title_whole(tmp_path: Path) -> None:
    doc = _load(tmp_path, _article())
    work = doc.endnotes[1].sources[0]
    assert work.title == "Dredging Accounts, Full Year 2021"
    assert work.publisher == "Harbour Council"
    assert doc.endnotes[2].sources == (work,)  # "Ibid." repeats it


def test_a_list_item_numbered_like_the_next_section_stays_in_the_list(tmp_path: Path) -> None:
    text = (
        "Port Notes\n\n1. Introduction\n\nThe ports disagree on two points.\n\n"
        "1. Who pays for dredging\n\n2. Who sets the depth\n\nBoth matter to the towns.\n\n"
        "2. The Formula\n\nThe formula weighs tonnage against depth.\n"
    )
    body = _body(_load(tmp_path, text))
    assert ("1. Introduction", "2. Who sets the depth", None) in body
    assert body[-1][0] == "2. The Formula"


def test_a_sentence_cut_by_the_page_break_is_joined_before_a_capital(tmp_path: Path) -> None:
    text = (
        "Port Notes\n\nThe dredging bill is shared by the three ports and by the\n\n3\n\n"
        f"{HEADER}\n\nEuropean Commission, which pays a fifth of it.\n\n"
        "1. Publish the formula for every port and the\n\n4\n\n"
        f"{HEADER}\n\nThe boards agreed.\n\n5\n\n{HEADER}\n\nThe end.\n"
    )
    body = [(t, page) for _, t, page in _body(_load(tmp_path, text))]
    assert body[0] == (
        "The dredging bill is shared by the three ports and by the European Commission, "
        "which pays a fifth of it.",
        3,
    )
    assert body[-2] == ("The boards agreed.", 5)  # a list item is not continued


def test_form_feeds_number_the_pages_of_an_export_without_page_numbers(tmp_path: Path) -> None:
    text = (
        "Port Notes\n\nThe first page has this paragraph.\n\n"
        "\fThe second page opens here.\n\nAnd goes on.\n\f\nThe third page.\n"
    )
    body = [(t, page) for _, t, page in _body(_load(tmp_path, text))]
    assert body == [
        ("The first page has this paragraph.", 1),
        ("The second page opens here.", 2),
        ("And goes on.", 2),
        ("The third page.", 3),
    ]


def test_a_starred_byline_right_under_the_wrapped_title(tmp_path: Path) -> None:
    text = _article().replace("Fishing Towns\n\nAna Lindgren*", "Fishing Towns\nBy Ana Lindgren†")
    text = text.replace("* Ana Lindgren is", "† Ana Lindgren is")
    doc = _load(tmp_path, text)
    assert doc.title.endswith("What It Costs the Fishing Towns")
    assert doc.metadata["author"] == "Ana Lindgren"
    assert doc.metadata["author_note"].startswith("Ana Lindgren is a research fellow")
    text = _article().replace("Fishing Towns\n\nAna Lindgren*", "Fishing Towns\nAna Lindgren*")
    assert _load(tmp_path, text, "b.txt").metadata["author"] == "Ana Lindgren"


def test_an_export_without_blank_lines_between_paragraphs(tmp_path: Path) -> None:
    para = (
        "The three harbour boards have argued about the channel for a decade and more, and\n"
        "each of them has asked the others to pay a larger share of the cost of dredging it\n"
        "every spring before the ships arrive.\n"
    )
    pages = [
        "Tides of Trade: How Three Port Authorities Share the Dredging Bill\nAna Lindgren*\n"
        f"Review of Harbour Studies, Vol. 3, No. 1 (2025)\nAbstract\n{para}1. Introduction\n"
        f"{para}{para}* Ana Lindgren is a research fellow at the Coastal Policy Centre.\n7\n",
        f"{HEADER}\n{para}2. The Dredging Formula\n2.1 How the shares were first set\n{para}"
        f"{para}2.2 Costs to the smaller ports\n{para}{para}8\n",
        f"{HEADER}\n3. The Boards Should Agree on a Formula\n{para}{para}{para}9\n",
        f"{HEADER}\n{para}{para}Notes\n1. Harbour Council, Dredging Accounts, 4 March 2022,\n"
        "https://www.example.org/dredging-accounts\n",
    ]
    doc = _load(tmp_path, "".join(pages))
    assert doc.title == "Tides of Trade: How Three Port Authorities Share the Dredging Bill"
    assert doc.metadata["author_note"].startswith("Ana Lindgren is a research fellow")
    body = _body(doc)
    assert [(s, page) for s, _, page in body] == [
        ("Abstract", 7),
        ("1. Introduction", 7),
        ("1. Introduction", 7),
        ("1. Introduction", 8),
        ("2. The Dredging Formula / 2.1 How the shares were first set", 8),
        ("2. The Dredging Formula / 2.1 How the shares were first set", 8),
        ("2. The Dredging Formula / 2.2 Costs to the smaller ports", 8),
        ("2. The Dredging Formula / 2.2 Costs to the smaller ports", 8),
        *[("3. The Boards Should Agree on a Formula", 9)] * 3,
        *[("3. The Boards Should Agree on a Formula", 10)] * 2,
    ]
    assert all(text.startswith("The three harbour") for _, text, _ in body)
    assert doc.endnotes[1].sources[0].title == "Dredging Accounts"


def _pages_of(lines: list[str], repeated: set[str]) -> list[int | None]:
    blocks = [Block(i * 40, [line]) for i, line in enumerate(lines)]
    mark_pages(blocks, repeated)
    return [b.page for b in blocks if b.lines[0].endswith(".")]


def test_a_running_head_that_carries_the_page_number() -> None:
    heads = {"# review of harbour studies", "review of harbour studies #"}
    head = [
        "On page one.",
        "12 Review of Harbour Studies",
        "On twelve.",
        "Review of Harbour Studies 13",
    ]
    assert _pages_of([*head, "On thirteen."], heads) == [11, 12, 13]
    # a number at the foot of each page: the text ends with one
    foot = [
        "On eleven.",
        "Review of Harbour Studies 11",
        "On twelve.",
        "12 Review of Harbour Studies",
    ]
    assert _pages_of(foot, heads) == [11, 12]
    # a constant number (a volume) is no page number
    assert _pages_of(
        ["A.", "Review of Harbour Studies 3", "B.", "Review of Harbour Studies 3"], heads
    ) == [
        None,
        None,
    ]


def test_a_pdf_with_long_sentence_case_numbered_sub_headings(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    line = "The three harbour boards have argued about the channel for a decade or more"
    pages = [
        [
            "Harbour Review",
            "Tides of Trade and the Dredging Bill",
            "By Ana Lindgren",
            "1. The Dredging Formula",
            line + ",",
            "and agreed on little.",
            "1.1 How the shares were set after the first long survey",
            line + ",",
            "and agreed on little.",
            "1",
        ],
        ["Harbour Review", line + ",", "and agreed on little again.", "2"],
    ]
    (tmp_path / "lindgren.pdf").write_bytes(module.pdf_bytes(pages, ""))
    body = _body(load_document(tmp_path / "lindgren.pdf", tmp_path))
    assert [s for s, _, _ in body] == [
        "1. The Dredging Formula",
        "1. The Dredging Formula / 1.1 How the shares were set after the first long survey",
        "1. The Dredging Formula / 1.1 How the shares were set after the first long survey",
    ]


def test_a_year_alone_on_a_line_inside_a_paragraph_stays(tmp_path: Path) -> None:
    pages = f"Port Notes\n\nFirst page text.\n\n1\n\n{HEADER}\n\nSecond.\n\n2\n\n{HEADER}\n\n"
    text = pages + "The figures were last revised in\n2024\nby the board.\n\n"
    text += f"3\n\n{HEADER}\n\nEnd.\n"
    body = [t for _, t, _ in _body(_load(tmp_path, text))]
    assert "The figures were last revised in 2024 by the board." in body
