"""A whole-document brief's conclusion leads with its specifics: the dated next step rather
than a summing-up that names nothing; its opening's lead is the last to go after the
conclusion's. On the hash fake embedding."""

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


_LONG = {
    "Housing": [
        "Caravans parked behind the packing sheds now sleep four pickers each, and the "
        "inspectors who visited them last autumn found damp walls, shared stoves and a single "
        "shower for every twenty people, conditions the growers themselves describe as "
        "embarrassing but unavoidable while the valley has no hostel of its own.",
        "Councillors have discussed a hostel for years without finding a site.",
        "Several growers rent rooms in town for their crews instead.",
    ],
    "Wages": [
        "Hourly pay for picking rose faster than the price of fruit over the last decade, so "
        "that labour now takes more than half of what a grower earns from a crate of apples, "
        "and the smaller family orchards on the upper terraces say they can no longer pay the "
        "going rate without losing money on every single tree they harvest.",
        "Piece rates have mostly given way to hourly pay.",
        "Crews compare rates between farms by telephone.",
    ],
    "Machinery": [
        "Robotic picking platforms have been trialled on the flat terraces near the river, "
        "where they worked well enough to halve the crews needed, but the steep upper slopes "
        "that hold most of the older orchards defeat them, and replanting those slopes for "
        "machines would take a generation of lost harvests to pay back.",
        "Dealers offer the platforms on lease.",
        "Two cooperatives share one between them.",
    ],
    "Markets": [
        "Supermarket contracts fix the price of the crop months before the blossom opens, "
        "which leaves growers carrying every later rise in the cost of labour themselves, and "
        "the buyers have so far refused to reopen those contracts even in the seasons when "
        "the crews arrived late and part of the harvest rotted on the branches.",
        "Some growers now sell to juice makers instead.",
        "Farm shops take a small share of the crop.",
    ],
}


def _long_document() -> str:
    parts = ["---", 'title: "Orchards Under Strain"', "---", ""]
    parts += [
        "About 62 percent of the apple harvest is now picked by seasonal workers from abroad. "
        "This brief argues that the valley must train local pickers before the quota shrinks.",
        "",
    ]
    for heading, sentences in _LONG.items():
        parts += [f"## {heading}", "", " ".join(sentences), ""]
    parts += [
        "## Conclusion",
        "",
        "The valley can keep its orchards if it starts training local pickers this winter, "
        "before the next season's quota for seasonal workers is set and the growers sign their "
        "contracts with the supermarkets for another year on the same unhappy terms.",
        "",
    ]
    return "\n".join(parts)


def test_the_opening_lead_outlasts_the_sections_leads(tmp_path: Path) -> None:
    bot = _bot(tmp_path, {"orchards.md": _long_document()})
    news = "About 62 percent of the apple harvest"

    def heavier(composer: BriefingComposer) -> int:
        """How many leads weigh more than the opening's (the last to go when cut)."""
        table = composer.tables.table(composer.tables.doc_ids[0])
        _, leads, weights = composer._structure(table, 7)
        first = next(r for r in leads if table.sents[r - table.base].text.startswith(news))
        return sum(weights[r] > weights[first] for r in leads)

    check_briefing(bot.brief(), bot)
    assert heavier(bot.briefer) == 1  # the conclusion only
    # by its own weight (a short, unheaded opening) it went before the sections' leads
    flat = BriefingComposer(bot, replace(bot.briefer.cfg, opening_lead=False))
    assert heavier(flat) > 1
