"""A whole-document brief's conclusion leads with its specifics: the dated next step rather
than a summing-up that names nothing. On the hash fake embedding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefing_bot.briefing.compose import BriefingComposer
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

_SECTIONS = {
    "Ferries in the islands": [
        "Seven ferry routes link the outer islands to the mainland port.",
        "The oldest vessel on them entered service in 1988 and carries 240 passengers.",
        "Timetables have thinned since the operator lost two crews in 2023.",
    ],
    "What the islanders pay": [
        "A return crossing costs islanders 18 euros, twice the fare of a decade ago.",
        "Freight charges add about 9 percent to the price of food in island shops.",
    ],
    "The operator's finances": [
        "The operator lost 4.1 million euros last year on revenue of 22 million.",
        "Its subsidy contract with the region has not been revised since 2016.",
    ],
    "Conclusion": [
        "The island ferries need a settled way to pay for their routes and crews.",
        "The regional council votes on a new 12-year subsidy contract for the island ferry "
        "operator in March 2027.",
        "Until then the routes will run on the old terms.",
    ],
}


def _document() -> str:
    parts = ["---", 'title: "Ferries at the Edge"', "---", ""]
    parts += ["The island ferries are ageing and their operator is losing money.", ""]
    for heading, sentences in _SECTIONS.items():
        parts += [f"## {heading}", "", " ".join(sentences), ""]
    return "\n".join(parts)


def _leads(composer: BriefingComposer) -> list[str]:
    table = composer.tables.table(composer.tables.doc_ids[0])
    _, leads, _ = composer._structure(table, 7)
    return [table.sents[r - table.base].text for r in leads]


def test_the_conclusion_leads_with_its_dated_next_step(tmp_path: Path) -> None:
    bot = _bot(tmp_path, {"ferries.md": _document()})
    vote = _SECTIONS["Conclusion"][1]
    check_briefing(bot.brief(), bot)
    assert _leads(bot.briefer)[-1] == vote
    # the conclusion's general first sentence leads it when specifics count for nothing
    flat = BriefingComposer(bot, replace(bot.briefer.cfg, closing_specific=0.0))
    assert _leads(flat)[-1] != vote
