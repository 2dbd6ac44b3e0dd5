"""A whole-document briefing of a document that opens with its own summary (key points, an
abstract under a heading) leads with each of the summary's paragraphs, before any section's
lead: the author's summary carries the figures the sections' first sentences do not. On the
hash fake embedding."""

from __future__ import annotations

from pathlib import Path

from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

KEY_POINTS = [
    "Ferry crossings to the outer islands fell from 41 a week in 2019 to 26 in 2025.",
    "Two of the five ferries are more than 35 years old and spend a month a year in repair.",
    "Fares have risen by 60 percent since 2021, twice as fast as wages on the islands.",
    "The council should buy two hybrid ferries and cap fares at the 2024 level until 2030.",
]

SECTIONS = {
    "How the service shrank": [
        "The service was never planned as a network.",
        "Each route grew from a contract signed with a different operator.",
        "When the contracts lapsed, the operators kept the routes that paid.",
        "The islands that lost their crossings were the smallest and the poorest.",
    ],
    "An ageing fleet": [
        "The fleet reflects decades of deferred decisions.",
        "Repairs are done at a yard on the mainland with a single slipway.",
        "A breakdown in winter can leave an island without a crossing for days.",
        "Spare parts for the oldest engines are no longer made.",
    ],
    "What passengers pay": [
        "Islanders pay for the crossing in time as well as money.",
        "Many travel to the mainland for hospital appointments and school.",
        "The operators set fares route by route, with no common table.",
        "Season tickets are sold only on the busiest routes.",
    ],
    "What other regions did": [
        "Neighbouring regions faced the same choices a decade earlier.",
        "One took the routes into public ownership and tendered their operation.",
        "Another paid operators per crossing rather than per passenger.",
        "Both kept their smallest islands connected through the winter.",
    ],
    "Conclusion": [
        "The islands can keep their ferries if the council acts before the next contracts lapse.",
        "Waiting will cost more, in money and in people who leave.",
    ],
}


def _document() -> str:
    parts = ["---", 'title: "Keeping the Ferries"', 'author: "Ines Rowe"', "---", ""]
    parts += ["## Key points", ""]
    for point in KEY_POINTS:  # one paragraph each, as a list of key points is written
        parts += [point, ""]
    for heading, sentences in SECTIONS.items():
        parts += [f"## {heading}", "", " ".join(sentences), ""]
    return "\n".join(parts)


def test_an_opening_summary_leads_the_whole_document_briefing(tmp_path: Path) -> None:
    bot = _bot(tmp_path, {"ferries.md": _document()})
    briefing = bot.brief()
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    shown = " ".join([briefing.bottom_line.text, *(p.text for p in briefing.points)])
    # every key point is in the briefing (one of them, as its thesis, in the bottom line)
    assert all(point.rstrip(".") in shown for point in KEY_POINTS), shown
    # the sections still have their say: the conclusion always does
    assert "before the next contracts lapse" in shown
