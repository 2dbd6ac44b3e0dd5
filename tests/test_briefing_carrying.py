"""What makes a point carry its facts, on the hash fake embedding (no model, no one corpus):
a topic's words found under the abbreviation the corpus defines for them, a list item without
a specific followed by the sentence that carries it, a list chosen for its own words rather
than for a neighbour's, and a whole-document brief trimmed to the clauses with specifics."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot import Assistant
from briefing_bot.briefing.select import Selection
from briefing_bot.briefing.settings import BriefingSettings
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

ROUTES = (
    "---\n"
    'title: "Shipping Lanes of the North"\n'
    'author: "Ada Brekke"\n'
    "---\n"
    "\n"
    "## Overview\n"
    "\n"
    "This report argues that northern shipping has outgrown the ports that serve it.\n"
    "\n"
    "## Lanes\n"
    "\n"
    "The Polar Coastal Passage (PCP) runs along the northern shore between two straits. "
    "Harbour pilots describe the weather on the coast as changeable in every season.\n"
    "\n"
    "Ferries on the southern lakes carried 12 million passengers in 2025, a record.\n"
    "\n"
    "Freight on the PCP reached 7.4 million tonnes in 2025, and 58 of its 96 voyages were "
    "made by tankers.\n"
    "\n"
    "## Why the ports lag\n"
    "\n"
    "There are three reasons why the ports lag behind the ships. "
    "The first is money, since budgets were cut in 2019 by 30 percent. "
    "The second is that the harbours were built for smaller vessels than today's. "
    "A survey found that 41 percent of berths cannot take a ship longer than 200 metres. "
    "The third is staff, with 120 pilot posts vacant in 2025.\n"
    "\n"
    "Pilots also report that winter storms close the harbours for days at a time.\n"
)


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("routes"), {"routes.md": ROUTES})


def test_a_topic_finds_sentences_under_its_defined_abbreviation(routes: Assistant) -> None:
    briefing = routes.brief("Polar Coastal Passage freight")
    assert not briefing.abstained
    check_briefing(briefing, routes)
    assert "7.4 million tonnes" in briefing.text  # says "PCP", never the long form
    # and the other way round: the short form in the topic finds the long form
    short = routes.brief("PCP lanes")
    assert not short.abstained and "Polar Coastal Passage" in short.text


def test_a_list_item_without_a_specific_brings_its_next_sentence(routes: Assistant) -> None:
    briefing = routes.brief("why the ports lag behind the ships", points=3)
    check_briefing(briefing, routes)
    # "The second is that the harbours were built for smaller vessels…" carries no figure:
    # the survey after it does, and joins the point
    second = next(p for p in briefing.points if "The second" in p.text)
    assert "41 percent" in second.text


LEADS = [
    "Depot managers reorganised the night shifts so that cleaning crews could finish before "
    "the first departures, which had often been delayed by late maintenance work.",
    "Passengers in outlying villages asked for earlier morning services, because many of them "
    "start work at factories that open long before the existing timetable begins.",
    "Ticket machines were replaced across the whole fleet, and contactless payment is now "
    "accepted on every vehicle, including the small minibuses serving hill routes.",
    "School routes were redrawn around the new catchment areas, which meant that some pupils "
    "travel shorter distances while others change vehicles at the central interchange.",
    "Drivers received training in handling wheelchairs and pushchairs, after complaints that "
    "ramps were deployed slowly or not at all during the busiest periods of the day.",
    "Timetables at rural stops are now printed in larger type, with a telephone line for "
    "anyone who cannot read the screens installed at the main shelters last winter.",
    "Night buses returned to the university corridor on weekends, although students say "
    "the last departure still leaves before most evening events have finished.",
    "Fare revenue recovered more slowly than ridership, since concession passes now account "
    "for a larger share of journeys than they did before the pandemic began.",
]


def test_a_whole_document_brief_keeps_the_clauses_with_specifics(tmp_path: Path) -> None:
    long_clauses = (
        "The council spent years arguing about who owns the depots, who pays for the new "
        "garages at the edge of town and what the fares should be, and too little time on "
        "the two questions that decide whether the network survives, which are how many "
        "drivers it can hire before the veterans retire and how to deal with Mersey Holdings "
        "and Calder Group without becoming dependent on either."
    )
    text = (
        '---\ntitle: "Buses"\n---\n\n## Opening\n\n'
        + long_clauses
        + " "
        + "Ridership grew again last year. " * 3
        + "\n\n"
        + "\n\n".join(
            f"## Part {n}\n\n{lead[:-1]}, as the operators told a committee of the council in "
            f"session {n}, the first of several such hearings planned."
            for n, lead in enumerate(LEADS, start=1)
        )
    )
    bot = _bot(tmp_path, {"buses.md": text})
    briefing = bot.brief(None)
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    # the thesis is too long whole: its names stay, not the plain clause before them
    assert "Mersey Holdings" in briefing.text


def test_a_list_longer_than_the_points_asked_gives_its_first_items(routes: Assistant) -> None:
    briefing = routes.brief("why the ports lag behind the ships", points=2)
    check_briefing(briefing, routes)
    assert briefing.bottom_line is not None
    assert briefing.bottom_line.text.startswith("There are three reasons")
    texts = [p.text for p in briefing.points]
    assert texts[0].startswith("The first is money") and texts[1].startswith("The second")


class _Lists(Selection):
    """The list lookups of a composer over one made-up list: sentence 10 announces items
    11, 12 and 13."""

    def __init__(self) -> None:
        self.cfg = BriefingSettings()

    def _items(self, row: int) -> list[int] | None:
        return [11, 12, 13] if row == 10 else None

    def _anchor(self, row: int) -> int | None:
        return 10 if row in (11, 12, 13) else None


def test_a_list_is_chosen_by_its_own_items_not_by_what_neighbours_lend() -> None:
    lists = _Lists()
    lifted = [1, 2, 11, 12, 3, 4, 5, 6, 10]  # two items high only thanks to a neighbour
    own = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 10]
    assert lists._enumeration(lifted, 7, own) is None
    assert lists._enumeration(lifted, 7) == 10  # without the own ranking they would count
    assert lists._enumeration(lifted, 7, [1, 11, 12, *range(2, 8)]) == 10
    assert lists._enumeration([10, *lifted], 7, own) == 10  # an announcing sentence ranks
    assert lists._enumeration([10, 1], 2, own) is None  # too long for two points…
    assert lists._enumeration([10, 1], 2, own, cut=True) == 10  # …unless they were asked for


def test_fit_cuts_the_longest_point_until_the_words_fit() -> None:
    """A limit that holds whatever the sentences are: the longest point loses words first,
    its cut marked, without adding a word for the mark."""
    from briefing_bot.briefing.render import _fit

    texts = [" ".join(["alpha"] * 30), " ".join(["beta"] * 10), "gamma delta"]
    fitted = _fit(texts, 30)
    assert sum(len(t.split()) for t in fitted) <= 30
    assert fitted[0] == " ".join(["alpha"] * 18) + "…" and fitted[1:] == texts[1:]
    assert _fit(texts, 100) == texts


TRANSCRIPT = (
    '---\ntitle: "Remarks on the Harbour Plan"\nauthor: "Ines Dahl"\n---\n\n'
    "MINISTER DAHL: The harbour plan covers the three northern ports and runs to 2030. "
    "It sets aside 90 million for new quays, dredging and rail links to the docks.\n\n"
    "Automation of the container cranes will start at the largest port in 2026. "
    "Dock workers and their union have been consulted on the automation timetable.\n\n"
    "The ports will also share one booking system for ships, so that berths are used better.\n\n"
    "QUESTION (Jan Ek, Dock Workers Union): Dock workers fear the automation of the cranes. "
    "Will the plan cut dock jobs?\n\n"
    "MINISTER DAHL: No, and thank you for asking. "
    "The plan sets no quota for redundancies, and 300 operators will be retrained "
    "on paid time by 2027.\n\n"
    "QUESTION (Eva Lind, Harbour Gazette): Who pays for the dredging?\n\n"
    "MINISTER DAHL: The state pays two thirds and the port companies the rest.\n\n"
    + "\n\n".join(LEADS)
    + "\n"
)


def test_a_question_from_the_floor_brings_its_answer(tmp_path: Path) -> None:
    bot = _bot(tmp_path, {"remarks.md": TRANSCRIPT})
    # the mechanism on its own, the candidates those above the relevance floor: on the hash
    # embedding the details admitted below it let the answer in as a point of its own
    bot.briefer.cfg.min_pool = 0
    briefing = bot.brief("dock workers and crane automation")
    check_briefing(briefing, bot)
    asked = [p for p in briefing.points if "… The plan" in p.text]
    assert asked and asked[0].text.startswith(("QUESTION", "Will the plan")), briefing.text
    # the reply's bare lead-in ("No, and thank you for asking.") is passed over for the
    # sentence that answers, which joins the question's point (the skip marked) and is cited
    # (the question itself is no bottom line: its answer would be cut off from it)
    assert briefing.bottom_line is not None
    assert "QUESTION" not in briefing.bottom_line.text
    assert not briefing.bottom_line.text.endswith("?")
    assert "no quota for redundancies" in asked[0].text
    assert "thank you for asking" not in asked[0].text
    cited = {c.chunk_id for c in briefing.citations if c.number in asked[0].citations}
    assert any("no quota for redundancies" in c.text for c in bot.chunks() if c.id in cited)


FERRIES = (
    "---\n"
    'title: "Lake Ferries"\n'
    "---\n"
    "\n"
    "## Ferry safety\n"
    "\n"
    "Ferry safety on the lakes depends above all on how crews are trained. "
    "Crews practise evacuation drills every spring and again every autumn. "
    "Old hulls are inspected by divers before each sailing season begins.\n"
    "\n"
    "## Fares\n"
    "\n"
    "Fares rose slightly last year on most routes across the region.\n"
)


def test_the_room_a_short_briefing_leaves_goes_to_its_points_paragraph(tmp_path: Path) -> None:
    """A briefing of one point asked for leaves most of the word budget: the point's
    relevant paragraph neighbours join it whole, even without a figure or a name (the
    clauses added for their specifics need one)."""
    from briefing_bot.briefing.compose import BriefingComposer

    bot = _bot(tmp_path, {"ferries.md": FERRIES})
    filled = bot.brief("ferry safety and crew training", points=1)
    check_briefing(filled, bot)
    bare = BriefingComposer(bot, BriefingSettings(fill_room=False)).brief(
        "ferry safety and crew training", points=1
    )
    assert len(filled.points) == len(bare.points) == 1
    words = len(filled.text.split())
    assert words > len(bare.text.split()) and words <= 250
    sentences = ("evacuation drills", "inspected by divers", "how crews are trained")
    assert sum(s in filled.text for s in sentences) > sum(s in bare.text for s in sentences)


CABLES = (
    "---\n"
    'title: "Cables Under the Sea"\n'
    "---\n"
    "\n"
    "## Weak points\n"
    "\n"
    "Cable repair capacity is the weakest link in the network. "
    "Faults are handled under a commercial agreement. "
    "Owners pay an annual fee for access to a standby vessel. "
    "Only two ships serve the whole zone, and both are over 25 years old.\n"
    "\n"
    "## Landing sites\n"
    "\n"
    "Most islands have one landing station and a single link to the outside world.\n"
)


def test_a_paragraphs_opening_lends_its_topic_to_the_details_far_down_it(tmp_path: Path) -> None:
    """The opening sentence says what the paragraph is about; a detail three sentences on
    that never repeats the topic's words belongs to the topic as well
    (``BriefingSettings.lead_decay``), beyond the reach of the neighbours' lending."""
    from briefing_bot.briefing.compose import BriefingComposer

    bot = _bot(tmp_path, {"cables.md": CABLES})
    topic = "cable repair capacity"

    def detail_relevance(composer: BriefingComposer) -> tuple[float, float]:
        qvec = bot.retriever.embed_query(topic)
        passages = composer._passages(topic, qvec)
        rows = composer._candidates(None, passages)
        relevance, _, coverage = composer._scores(topic, rows, qvec, passages)
        texts = [composer._sent(r).text for r in rows]
        opening = texts.index("Cable repair capacity is the weakest link in the network.")
        detail = next(k for k, t in enumerate(texts) if t.startswith("Only two ships"))
        return float(relevance[detail]), float(coverage[opening])

    lent, opening = detail_relevance(BriefingComposer(bot, BriefingSettings(lead_decay=0.7)))
    alone, _ = detail_relevance(BriefingComposer(bot, BriefingSettings(lead_decay=0.0)))
    assert lent > alone
    assert lent >= 0.7 * opening * BriefingSettings().paragraph_weight
