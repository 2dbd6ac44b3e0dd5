"""One date reader for notes, references and bylines (invented notes and names)."""

from __future__ import annotations

import re

import pytest

from briefing_bot.corpus.dates import DATE, DATE_OR_YEAR, search_date
from briefing_bot.corpus.endnotes import parse_sources
from briefing_bot.corpus.turns import split_dated_byline

_WHOLE = re.compile(rf"^(?:{DATE_OR_YEAR})$")
_DATED = re.compile(rf"^(?:{DATE})$")

FORMS = [
    "14 March 2025",
    "3 Sept. 2024",
    "March 14, 2025",
    "Mar. 14, 2025",
    "March 14 2025",
    "March 2025",
    "Dec 2023",
    "Spring 2022",
    "Autumn 2019",
    "2025-03-14",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_reads_whole(text: str) -> None:
    assert _DATED.match(text) and _WHOLE.match(text)
    found = search_date(f"Tidewater Board, “Silt Budgets,” {text}, https://x.test/a")
    assert found is not None and found.group("date") == text


@pytest.mark.parametrize(
    "text", ["32 March 2025", "March 2025x", "2025-13-01", "2025-02-30x", "march 2025", "1799"]
)
def test_what_is_no_date(text: str) -> None:
    assert not _WHOLE.match(text)


def test_a_year_alone_only_where_asked_for() -> None:
    assert _WHOLE.match("2025") and not _DATED.match("2025")


def test_a_report_number_before_a_month_is_no_day() -> None:
    found = search_date("Technical Report No. 117 June 2025")
    assert found is not None and found.group("date") == "June 2025"


def test_prefixes_belong_to_the_date_not_the_text_before_it() -> None:
    found = search_date("Dune Review, last updated 2 May 2024")
    assert found is not None
    assert (found.group("prefix"), found.group("date")) == ("last updated", "2 May 2024")
    assert found.start() == len("Dune Review, ")


@pytest.mark.parametrize(
    ("after", "publisher", "date"),
    [
        # the old reader kept "March 2025" and left the day in the publisher ("…; 14")
        (", 14 March 2025", "Saltmarsh Trust", "14 March 2025"),
        (", Estuary Letters, 2 Sept. 2024", "Saltmarsh Trust; Estuary Letters", "2 Sept. 2024"),
        (", March 14, 2025", "Saltmarsh Trust", "March 14, 2025"),
        (", Report No. 17, June 2025", "Saltmarsh Trust; Report No. 17", "June 2025"),
        (", Winter 2021", "Saltmarsh Trust", "Winter 2021"),
        (", 2025-03-14", "Saltmarsh Trust", "2025-03-14"),
        (", accessed 4 May 2025", "Saltmarsh Trust", "4 May 2025"),
        # a bracketed year keeps its bracket out of the publisher
        (", Coastal Review 9, no. 2 (2025)", "Saltmarsh Trust; Coastal Review 9, no. 2", "2025"),
        # …and a bracket the date closes after a place and publisher is no bracket left open
        (
            " Working Paper 31 (Lisbon: LCHE, 2025), 9",
            "Saltmarsh Trust; Working Paper 31, Lisbon: LCHE",
            "2025",
        ),
    ],
)
def test_an_endnote_reads_the_full_date(after: str, publisher: str, date: str) -> None:
    (src,) = parse_sources(
        f"Saltmarsh Trust, “Reed Beds and Storm Surge,”{after}, https://x.test/r."
    )
    assert (src.title, src.publisher, src.date) == ("Reed Beds and Storm Surge", publisher, date)
    assert src.url == "https://x.test/r"


@pytest.mark.parametrize(
    ("byline", "name", "date"),
    [
        ("Tunde Doe, 2 April 2026", "Tunde Doe", "2 April 2026"),
        ("Tunde Doe on March 3, 2026", "Tunde Doe", "March 3, 2026"),
        ("Tunde Doe, Apr. 2026", "Tunde Doe", "Apr. 2026"),
        ("Tunde Doe, Summer 2026", "Tunde Doe", "Summer 2026"),
        ("Tunde Doe, 2026-04-02", "Tunde Doe", "2026-04-02"),
        ("Tunde Doe, Class of 2026", "Tunde Doe, Class of 2026", None),  # no year alone
    ],
)
def test_a_bylines_trailing_date(byline: str, name: str, date: str | None) -> None:
    assert split_dated_byline(byline) == (name, date)
