"""The works an endnote cites when its titles are not quoted (invented notes, one per style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot.corpus.endnotes import parse_sources
from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.types import Endnote, Source


def _one(note: str) -> Source:
    sources = parse_sources(note)
    assert len(sources) == 1, sources
    return sources[0]


def test_author_title_publisher_date_url() -> None:
    src = _one(
        "Harbour Studies Group and OECD, The Cost of Waiting: Dredging Backlogs in River Ports, "
        "Canals and Estuaries, Harbour Studies Group, 9 April 2024, https://example.net/hsg/waiting"
    )
    # the title's own comma stays in it; the segment before the date is the publisher
    assert (
        src.title == "The Cost of Waiting: Dredging Backlogs in River Ports, Canals and Estuaries"
    )
    assert src.publisher == "Harbour Studies Group and OECD; Harbour Studies Group"
    assert src.date == "9 April 2024"
    assert src.url == "https://example.net/hsg/waiting"


def test_title_without_colon_and_american_date() -> None:
    src = _one(
        "Mira Castell, A Ledger of Small Ports, Quayside Press, June 3, 2023, https://x.test/a."
    )
    assert (src.title, src.publisher, src.date) == (
        "A Ledger of Small Ports",
        "Mira Castell; Quayside Press",
        "June 3, 2023",
    )
    assert src.url == "https://x.test/a"


def test_organisation_with_a_comma_before_a_subtitled_title() -> None:
    src = _one(
        "Transport, Housing and Local Government Committee, Written evidence: Port access, "
        "2025-02-11, https://x.test/committee/port-access"
    )
    assert src.publisher == "Transport, Housing and Local Government Committee"
    assert src.title == "Written evidence: Port access"
    assert src.date == "2025-02-11"


def test_locators_are_not_the_publisher() -> None:
    src = _one(
        "Oskar Lind, Tides and Tariffs, Baltic Trade Quarterly, vol. 4, no. 2, Spring 2022, "
        "https://x.test/btq/tides"
    )
    assert (src.title, src.publisher, src.date) == (
        "Tides and Tariffs",
        "Oskar Lind; Baltic Trade Quarterly",
        "Spring 2022",
    )


def test_chicago_city_publisher_date_block() -> None:
    src = _one(
        "Coastal Freight Council, Moving Goods by Water: Inland Shipping to 2040, 2020–2024 "
        "(Rotterdam: CFC, October 2024), https://x.test/cfc/moving-goods."
    )
    assert src.title == "Moving Goods by Water: Inland Shipping to 2040, 2020–2024"
    assert src.publisher == "Coastal Freight Council"  # "CFC" is its initials: not repeated
    assert src.date == "October 2024"
    # the block alone is evidence enough: a book without a URL is still a work
    book = _one("Ada Brun, Harbours of the North (Oslo: Fjord Academic Press, 2019).")
    assert (book.title, book.publisher, book.date, book.url) == (
        "Harbours of the North",
        "Ada Brun; Fjord Academic Press",
        "2019",
        None,
    )


def test_italic_title_is_the_title() -> None:
    src = _one("Lena Ortiz, *Silt and sovereignty*, Delta Books, 12 May 2021, https://x.test/silt")
    # sentence case would not pass as a title unmarked; the italics say it is one
    assert (src.title, src.publisher, src.date) == (
        "Silt and sovereignty",
        "Lena Ortiz; Delta Books",
        "12 May 2021",
    )
    html = _one("Port Authority, <i>Annual review of dredging</i> (Hull: HPA, 2020).")
    assert html.title == "Annual review of dredging" and html.date == "2020"


def test_italic_reference_words_are_not_titles() -> None:
    """An italic "See" or "et al." (a citation style's habit) is passed over for the italic
    title after it, or for the reference's shape when it has no italic title."""
    src = _one("*See* Ann Smith *et al.*, *Silt and Power*, Riverside Press, 2021.")
    assert (src.title, src.date) == ("Silt and Power", "2021")
    assert src.publisher is not None and src.publisher.startswith("Ann Smith et al")
    shaped = _one(
        "Ann Smith *et al.*, Silt and Power: Rivers of Asia, Riverside Press, 2021, "
        "https://x.test/a"
    )
    assert shaped.title == "Silt and Power: Rivers of Asia"
    assert parse_sources("*Ibid.*, 45.") == ()


def test_markdown_link_text_names_the_work() -> None:
    src = _one("Inland Ports Board, [Quayside Capacity Review](https://x.test/ipb/review), 2023.")
    assert (src.title, src.publisher, src.date, src.url) == (
        "Quayside Capacity Review",
        "Inland Ports Board",
        "2023",
        "https://x.test/ipb/review",
    )


def test_several_works_in_one_note() -> None:
    first, second = parse_sources(
        'Ana Reyes, "The Long Wharf," Port Review, May 2, 2020, https://x.test/1; '
        "Ben Okafor, Cranes and Contracts, Dockside Institute, 2021, https://x.test/2"
    )
    assert first.title == "The Long Wharf" and second.title == "Cranes and Contracts"


@pytest.mark.parametrize(
    "note",
    [
        "See the discussion above.",
        "Author's interview, May 2024.",
        "Author interview with Tomas Vey, Harbour Pilots Association, 3 June 2026.",
        "Interview with Dana Whitlock, chief engineer, Port of Arden, Arden, 9 June 2026.",
        "The figures are the author's own, from the agency's website, https://x.test/figures.",
        "The data were compiled by the author, Annex Table 3, 2024, https://x.test/annex",
        "Remarks by Ole Sund, at the Harbour Forum, March 18, 2025, https://x.test/remarks",
        "This is *not* the view of the ministry.",
        "These estimates, as noted in the text, are lower bounds (2023).",
    ],
)
def test_notes_without_a_work_cite_nothing(note: str) -> None:
    assert parse_sources(note) == ()


def test_notes_load_with_their_unquoted_works(tmp_path: Path) -> None:
    doc = tmp_path / "ports.md"
    doc.write_text(
        "# Ports and Power\n\nDredging backlogs grew in every basin.[^1] "
        "Funding fell after 2019.[^2] Pilots disagree.[^3]\n\n"
        "[^1]: Coastal Freight Council, *Moving Goods by Water* (Rotterdam: CFC, October 2024), "
        "https://x.test/cfc/moving-goods.\n"
        "[^2]: Harbour Studies Group, Dredging Budgets: A Ten-Year Review, Harbour Studies "
        "Group, 9 April 2024, https://x.test/hsg/budgets\n"
        "[^3]: Author's interview with a harbour pilot, May 2024.\n",
        encoding="utf-8",
    )
    notes = load_document(doc, tmp_path).endnotes
    assert notes[1].sources == (
        Source(
            "Moving Goods by Water",
            "Coastal Freight Council",
            "October 2024",
            "https://x.test/cfc/moving-goods",
        ),
    )
    assert notes[2].title == "Dredging Budgets: A Ten-Year Review"
    assert notes[2].url == "https://x.test/hsg/budgets"
    assert notes[3].sources == ()


def _notes_of(tmp_path: Path, notes: list[str]) -> dict[int, Endnote]:
    doc = tmp_path / "repeats.md"
    refs = " ".join(f"Claim {k}.[^{k}]" for k in range(1, len(notes) + 1))
    defs = "\n".join(f"[^{k}]: {note}" for k, note in enumerate(notes, start=1))
    doc.write_text(f"# Repeats\n\n{refs}\n\n{defs}\n", encoding="utf-8")
    return load_document(doc, tmp_path).endnotes


def test_short_forms_and_ibid_repeat_an_earlier_work(tmp_path: Path) -> None:
    full = (
        "Harbour Studies Group, Dredging Budgets: A Ten-Year Review, Quay Press, "
        "9 April 2024, https://x.test/hsg/budgets"
    )
    notes = _notes_of(
        tmp_path,
        [
            full,
            "Ibid., 45.",
            "Harbour Studies Group, Dredging Budgets.",  # the title before its subtitle
            "Port Council, Dredging Budgets.",  # another author: not that work
            "Harbour Studies Group, Budgets.",  # one word of the title is not a short form
            "Ibid.",
        ],
    )
    work = notes[1].sources[0]
    assert work.title == "Dredging Budgets: A Ten-Year Review"
    assert notes[2].sources == (work,) and notes[3].sources == (work,)
    assert notes[4].sources == () and notes[5].sources == ()
    assert notes[6].sources == ()  # the note before it cites nothing


def test_a_quoted_title_with_a_publication_block() -> None:
    (work,) = parse_sources(
        "Harbour Trust, “Tides of Change” (Lisbon: HT, 3 May 2024), https://example.org/tides."
    )
    assert (work.title, work.publisher, work.date) == (
        "Tides of Change",
        "Harbour Trust",
        "3 May 2024",
    )
    (work,) = parse_sources("Ana Ruiz, “Walls of Water” (Coastal Press, 2 June 2023).")
    assert work.publisher == "Ana Ruiz; Coastal Press" and work.date == "2 June 2023"
