"""A topic that names a part of the document ("the executive summary", "the conclusion",
"the abstract") briefs that part, found by its heading (invented text, hash fake embedding)."""

from __future__ import annotations

import pytest

from briefing_bot import Assistant
from briefing_bot.briefing.parts import part_of
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

HARBOUR = (
    "---\n"
    'title: "Dredging the Estuary: Port Access After the Silt Years"\n'
    'author: "Maren Osk"\n'
    "---\n"
    "\n"
    "## Executive summary\n"
    "\n"
    "Silt now blocks the outer channel of the Velde estuary for 40 days a year.\n"
    "\n"
    "Dredging the channel to 14 metres would cost 210 million crowns over six years.\n"
    "\n"
    "The port authority and the two river towns have not agreed who pays.\n"
    "\n"
    "A shared levy of 2 crowns per tonne of cargo would cover the cost by 2031.\n"
    "\n"
    "## 1. How the channel silted up\n"
    "\n"
    "Upstream farms have drained their wetlands since the 1990s, and the river carries "
    "more soil to the sea each spring. Tidal gauges show the bar rising by 9 centimetres a "
    "year. Pilots now wait for high water before bringing in the larger bulk carriers.\n"
    "\n"
    "## 2. Who would pay\n"
    "\n"
    "The port authority argues that the towns benefit from the jobs the port brings. The "
    "towns reply that the shipping lines, not residents, gain from deeper water. Shipping "
    "lines say they will move to the Lorsk terminal if fees rise by more than a tenth.\n"
    "\n"
    "## 3. Conclusion\n"
    "\n"
    "The estuary will not wait for the parties to agree. Every year of delay adds about "
    "6 million crowns to the final bill. A levy shared by every user is the fairest way "
    "to pay. The regional council should adopt it before the spring floods of 2026. "
    "Without it, the larger carriers will have left the estuary by the end of the decade.\n"
)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("harbour"), {"harbour.md": HARBOUR})


def _sections(briefing: object, bot: Assistant) -> set[str]:
    chunks = {c.id: c for c in bot.chunks()}
    return {
        chunks[c.chunk_id].section_path[-1]
        for c in briefing.citations  # type: ignore[attr-defined]
    }


def test_part_of_a_topic() -> None:
    assert part_of("the executive summary") == "summary"
    assert part_of("the report's abstract") == "summary"
    assert part_of("Conclusions") == "conclusion"
    assert part_of("the introduction") == "introduction"
    # a subject that only mentions a part is a subject
    assert part_of("the summary of the risks") is None
    assert part_of("conclusions of the inquiry on dredging") is None


@pytest.mark.parametrize("topic", ["the executive summary", "the abstract", "the summary section"])
def test_a_summary_topic_briefs_the_summary(harbour: Assistant, topic: str) -> None:
    briefing = harbour.brief(topic)
    check_briefing(briefing, harbour)
    assert not briefing.abstained and len(briefing.points) >= 3
    assert _sections(briefing, harbour) == {"Executive summary"}
    assert "210 million" in briefing.text and "2 crowns per tonne" in briefing.text


def test_the_conclusion_briefs_the_numbered_conclusion(harbour: Assistant) -> None:
    briefing = harbour.brief("the conclusion")
    check_briefing(briefing, harbour)
    assert not briefing.abstained and len(briefing.points) >= 3
    assert _sections(briefing, harbour) == {"3. Conclusion"}
    # through ask too, as an analyst types it
    answer = harbour.ask("brief me on the conclusion")
    assert answer.mode == "briefing" and not answer.abstained
    assert "6 million crowns" in answer.text


COMMITTEE = (
    "---\n"
    'title: "Ferries to the Outer Isles"\n'
    "---\n"
    "\n"
    "## Third Report of Session 2026\n"
    "\n"
    "Ordered by the Assembly to be printed on 3 March 2026.\n"
    "\n"
    "## The Islands Committee\n"
    "\n"
    "The Islands Committee is appointed by the Assembly to examine the island services.\n"
    "\n"
    "## Publication\n"
    "\n"
    "This publication may be reproduced under the terms of the Open Assembly Licence.\n"
    "\n"
    "## Summary\n"
    "\n"
    "Ferry crossings to the outer isles fell by a third between 2015 and 2025.\n"
    "\n"
    "We recommend a ten-year ferry contract so that operators can buy new vessels.\n"
    "\n"
    "## 1. The decline of the service\n"
    "\n"
    "Crossings fell from 9,000 a year to 6,000 as two vessels were withdrawn. Islanders "
    "told us that the last sailing leaves before the working day ends.\n"
    "\n"
    "## 2. Contracts and vessels\n"
    "\n"
    "Operators said that a three-year contract cannot pay for a vessel that lasts thirty "
    "years. The average vessel in the fleet is 31 years old.\n"
    "\n"
    "## 3. Conclusions\n"
    "\n"
    "Without a longer contract the last two island routes will close by 2030.\n"
    "\n"
    "## Formal minutes\n"
    "\n"
    "Draft Report, proposed by the Chair, brought up and read on 3 March 2026.\n"
    "\n"
    "## Witnesses\n"
    "\n"
    "Transcripts of the oral evidence can be viewed on the Committee's website.\n"
)


def test_what_comes_before_a_summary_is_front_matter(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A report's cover lines, committee and copyright notice before its Summary, and its
    formal minutes and witness list after its conclusions, neither give the bottom line nor
    lead a point: the summary opens the whole-document briefing, the conclusions close it."""
    bot = _bot(tmp_path_factory.mktemp("committee"), {"ferries.md": COMMITTEE})
    briefing = bot.brief()
    check_briefing(briefing, bot)
    cited = _sections(briefing, bot)
    assert "Summary" in cited
    assert "3. Conclusions" in cited
    front = {"Third Report of Session 2026", "The Islands Committee", "Publication"}
    assert not cited & (front | {"Formal minutes", "Witnesses"})
