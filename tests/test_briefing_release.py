"""A statistics release as a briefing: its "main points" list leads, and its apparatus —
table captions, a glossary, related links, the contact block — is never a point. On the
hash fake embedding."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from briefing_bot import Assistant
from briefing_bot.briefing.signals import is_apparatus, links_heading, terms_heading
from briefing_bot.config import Settings
from tests.fakes import HashEmbeddings
from tests.test_briefing import check_briefing

MAIN_POINTS = [
    "Ferry passengers rose to 4.2 million in 2026, 6 percent more than in 2025.",
    "Freight on the ferries fell by 3 percent, to 1.1 million tonnes.",
    "The northern route carried 41 percent of all passengers, the most of any route.",
    "Delays of more than an hour fell from 212 sailings to 148.",
]

SECTIONS = {
    "Passengers": [
        "Passenger numbers have grown in each of the last four years.",
        "Most of the growth came on summer weekends, when sailings ran full.",
        "Season tickets accounted for a third of all journeys.",
    ],
    "Freight": [
        "Freight volumes follow the timber harvest more than anything else.",
        "A dry autumn cut the harvest and with it the loads carried south.",
    ],
    "Reliability": [
        "Most delays are caused by weather rather than by breakdowns.",
        "The two oldest vessels account for most breakdown delays.",
    ],
}


def _release(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Transport Statistics | Islands Data Office | Released 2 May 2027")
    document.add_paragraph("Island Ferry Statistics 2026", style="Title")
    document.add_paragraph().add_run(
        "Annual figures for passengers, freight and reliability on the island ferries."
    ).italic = True
    document.add_paragraph("Next edition: May 2028 | Coverage: all island routes")
    document.add_heading("Main points", level=1)
    for point in MAIN_POINTS:
        document.add_paragraph(point, style="List Bullet")
    for heading, sentences in SECTIONS.items():
        document.add_heading(heading, level=1)
        document.add_paragraph(" ".join(sentences))
        if heading == "Passengers":
            table = document.add_table(rows=3, cols=2)
            for r, (route, count) in enumerate(
                [("Route", "Passengers"), ("North", "1,720,000"), ("South", "980,000")]
            ):
                table.cell(r, 0).text, table.cell(r, 1).text = route, count
            document.add_paragraph().add_run("Table 1: Passengers by route, 2026").italic = True
    document.add_heading("Glossary", level=1)
    document.add_heading("Sailing", level=2)
    document.add_paragraph("A scheduled departure of a ferry from one port to another.")
    document.add_heading("Related links and contact", level=1)
    document.add_paragraph("Ferry timetables and fares: summer 2027", style="List Bullet")
    document.add_paragraph("Statistician: Ola Berg")
    document.add_paragraph("Email: ferries@example.org")
    document.add_paragraph("Telephone: 555 0100 (weekdays, 9am to 4pm)")
    document.save(str(path))


def test_a_release_briefing_leads_with_its_main_points(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    _release(tmp_path / "corpus" / "ferries.docx")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    bot = Assistant.load(settings=settings, embeddings=HashEmbeddings())
    briefing = bot.brief()
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    shown = [briefing.bottom_line.text, *(p.text for p in briefing.points)]
    # the main points lead (the bottom line is one of them), not the italic standfirst
    assert briefing.bottom_line.text in MAIN_POINTS
    assert all(point in shown for point in MAIN_POINTS), shown
    joined = " ".join(shown)
    for apparatus in ("Table 1", "scheduled departure", "timetables", "Ola Berg", "555 0100"):
        assert apparatus not in joined
    bot.close()


@pytest.mark.parametrize(
    "text",
    [
        "Table 3: Killed and injured by region, 2025 (provisional)",
        "Figure 2. Sailings by month",
        "Email: ferries@example.org",
        "Telephone: 555 0100 (weekdays, 9am to 4pm)",
        "Media enquiries: press office, 555 0101",
    ],
)
def test_captions_and_contact_lines_are_apparatus(text: str) -> None:
    assert is_apparatus(text)


@pytest.mark.parametrize(
    "text",
    [
        "Table 3 shows that deaths fell in every region.",
        "The office publishes a figure for each region every year.",
    ],
)
def test_sentences_about_tables_are_points(text: str) -> None:
    assert not is_apparatus(text)


def test_headings_of_links_contacts_and_glossaries() -> None:
    assert all(
        links_heading(h)
        for h in ("Related links and contact", "Contact us", "Further reading", "Useful links")
    )
    assert not any(links_heading(h) for h in ("Contacts with Russia", "Links to the economy"))
    assert all(terms_heading(h) for h in ("Glossary", "Abbreviations and acronyms", "Definitions"))
    assert not terms_heading("Definitions of poverty")
