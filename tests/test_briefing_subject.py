"""A facet topic's subject steers its points, apparatus lines are no points, and an announced
list gives all the points, and a request passed as the topic is read as a request: on made-up
text (the hash fake embedding, no model)."""

from __future__ import annotations

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.briefing.compose import BriefingComposer
from briefing_bot.briefing.facets import subject_steer, subject_terms
from briefing_bot.briefing.settings import BriefingSettings
from briefing_bot.briefing.signals import is_apparatus
from briefing_bot.retrieval import tokenize
from tests.fakes import HashEmbeddings

FERRIES = (
    "---\n"
    'title: "Ferries at the Edge: The Island Routes After the Fuel Shock"\n'
    "---\n"
    "\n"
    "## Introduction\n"
    "\n"
    "The island ferries carried 4.2 million passengers in 2025. Section 2 sets out the "
    "fare data; Section 3 explains why crossings were cut; Section 4 concludes.\n"
    "\n"
    "## Operators and routes\n"
    "\n"
    "Northline is the largest operator of the four but not the most exposed. Its crossings "
    "rose 6 percent in 2025.\n"
    "\n"
    "Sources: Harbour statistics for 2025; our calculations.\n"
    "\n"
    "Westsound lost its two largest vessels in a fire in 2023, and the boats still sailing "
    "run at half their capacity. Westsound asked the ministry for a three-year grace period "
    "on the fuel levy.\n"
    "\n"
    "Eastway depends on one route, which carries 80 percent of its passengers.\n"
    "\n"
    "## Recommendations\n"
    "\n"
    "Earlier recommendations on the levy were ignored in 2019 by the ministry, the council "
    "and the four operators alike. The recommendations of the 2021 review asked operators to "
    "publish their fares for every crossing a month ahead. Those recommendations would cost "
    "the operators 2 million euros a year, by the council's own estimate of 2022.\n"
    "\n"
    "The authority recommends three steps:\n"
    "\n"
    "1. Cap the fuel levy. The levy should not exceed 8 percent of a fare on any route, "
    "and the ministry should refund the difference to operators whose crossings run at a "
    "loss for more than two years, as the harbour board proposed in its 2024 review of the "
    "island routes and their fares, a review that the council has since endorsed twice "
    "and that the operators' association called the only fair way to share the cost.\n"
    "\n"
    "2. Pool the spare vessels. Operators should share 12 reserve boats through a common "
    "charter desk, so that a breakdown on one route no longer cancels crossings for a week, "
    "as happened 41 times in 2025 on the northern routes and 17 times on the southern ones, "
    "leaving some 3,000 passengers a month to wait for the next boat or to stay ashore.\n"
    "\n"
    "3. Fund the small harbours. The ministry should pay for 30 new berths in the outer "
    "islands by 2030, at a cost of about 90 million euros, so that larger and cleaner "
    "vessels can call at every harbour that the island routes now serve with old boats, "
    "most of them built before 1990 and burning twice the fuel of a modern hull.\n"
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("ferries")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "ferries.md").write_text(FERRIES, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


@pytest.mark.parametrize(
    "text",
    [
        "Sources: Harbour statistics for 2025; our calculations.",
        "Source: National Statistics Office, compiled by the authors",
        "Photo: Ana Lind for The Island Review",
        "Section 2 sets out the data; Section 3 explains the fares; Section 6 concludes.",
        "Chapter IV presents the survey.",
        "The next section turns to the ports.",
        "The remainder of this report is organised as follows.",
        "Thank you, Helena, for that very kind introduction.",
        "Good morning, everyone.",
        "It is a great pleasure to be here in Porto.",
    ],
)
def test_apparatus_lines(text: str) -> None:
    assert is_apparatus(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sources of revenue include the fuel levy.",
        "Sources say the deal is close.",
        "Section 232 tariffs rose by 25 percent.",
        "The final section of the route reopened in May.",
        "Northline is the largest operator of the four.",
        "Thanks to the subsidy, fares fell by a third.",
        "Good governance of the ports matters more than money.",
    ],
)
def test_sentences_that_are_no_apparatus(text: str) -> None:
    assert not is_apparatus(text)


def test_apparatus_lines_are_no_candidates(bot: Assistant) -> None:
    composer = bot.briefer
    texts = [s.text for d in composer.doc_ids for s in composer.tables.table(d).sents]
    assert any(t.startswith("Northline is the largest") for t in texts)
    assert not any(t.startswith(("Sources:", "Section 2")) for t in texts)


def test_the_subject_words_of_a_facet_topic() -> None:
    df = {"prospect": 1, "westsound": 2, "oper": 9, "ferri": 10}.get
    # "operators" is in nearly every passage: only the rare subject word steers
    assert subject_terms("prospects for Westsound's operators", lambda t: df(t, 0), 10, 0.35) == {
        "westsound"
    }
    assert subject_terms("Westsound's operators", lambda t: df(t, 0), 10, 0.35) == set()
    # only a name steers ("operators" is no name); a name in most passages is the theme
    assert subject_terms("risks for small operators", lambda t: df(t, 0), 10, 0.35) == set()
    assert subject_terms("risks for the Ferries", lambda t: df(t, 0), 10, 0.35) == set()


def test_the_corpus_spellings_of_a_subject_place_count_as_it() -> None:
    df = {"risk": 1, "ukrain": 2, "kyiv": 3, "export": 9}.get
    kyiv = {"Ukraine's": ["kyiv", "lviv"]}
    terms = subject_terms(
        "risks for Ukraine's exporters",
        lambda t: df(t, 0),
        10,
        0.35,
        lambda name: kyiv.get(name, ()),
    )
    # a spelling the corpus never uses ("lviv") adds nothing
    assert terms == {"ukrain", "kyiv"}


def test_a_sentence_without_the_subject_loses_relevance() -> None:
    terms = [
        frozenset(tokenize(t))
        for t in ("Westsound lost two vessels.", "It asked for a grace period.", "Northline grew.")
    ]
    steer = subject_steer(terms, [1, 1, 2], {"westsound"}, 0.3)
    assert steer == pytest.approx([1.0, 0.85, 0.7])
    # a subject no candidate names steers nothing
    assert subject_steer(terms, [1, 1, 2], {"eastway"}, 0.3) == [1.0, 1.0, 1.0]


def test_a_facet_topic_briefs_its_subject(bot: Assistant) -> None:
    # the hash embedding's cosines are no model's: no abstention cut applies to them
    composer = BriefingComposer(bot, BriefingSettings(min_coverage=-1.0, absent_share=2.0))
    briefing = composer.brief("prospects for Westsound")
    assert briefing.bottom_line is not None
    texts = [briefing.bottom_line.text, *(p.text for p in briefing.points)]
    assert "Westsound" in texts[0]
    # both of the subject's sentences are in it, ahead of what its section lends the others
    assert sum("Westsound" in t for t in texts) == 2, texts
    # ... and a subject the document says little about still gets a briefing's fewest points
    assert len(briefing.points) >= 3, texts
    assert not any(t.startswith("Sources:") for t in texts)


def test_an_announced_list_gives_all_the_points(bot: Assistant) -> None:
    briefing = bot.briefer.brief("recommendations")
    assert briefing.bottom_line.text.startswith("The authority recommends three steps")
    points = [p.text for p in briefing.points]
    assert len(points) == 3
    for lead in ("Cap the fuel levy", "Pool the spare vessels", "Fund the small harbours"):
        assert sum(lead in p for p in points) == 1, points


def test_a_request_passed_as_the_topic_is_read_as_one(bot: Assistant) -> None:
    whole = bot.brief(None)
    for request in ("key points", "summarize the paper"):
        briefing = bot.brief(request)
        assert [p.text for p in briefing.points] == [p.text for p in whole.points], request
    assert len(bot.brief("a 2-point rundown of the recommendations").points) == 2
    # a plain topic stays a topic
    assert bot.brief("recommendations").title == "Briefing: Recommendations"
