"""A topic's facet ("risks of X", "obstacles to X", "why X") and the list it names, on made-up
sentences (no model, no corpus)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from briefing_bot.briefing.absence import REQUEST_WORDS, subject_words
from briefing_bot.briefing.facets import FACET_NOUNS, REQUEST_FACETS, facet_of, facet_stems
from briefing_bot.briefing.requests import parse_request
from briefing_bot.briefing.select import Selection
from briefing_bot.briefing.settings import BriefingSettings
from briefing_bot.briefing.text import announced_noun
from briefing_bot.retrieval import tokenize


@pytest.mark.parametrize(
    ("topic", "word"),
    [
        ("risks of orbital congestion", "risks"),
        ("the main obstacles to a regional grid", "obstacles"),
        ("water risks of brine extraction", "risks"),
        ("prospects for a sediment deal", "prospects"),
        ("why ferry fares stayed high", "reasons"),
        ("lessons for the northern ports", "lessons"),
        ("threats to the ferry network", "threats"),
        ("the chief weakness of the timetable", "weakness"),
    ],
)
def test_a_facet_topic_names_its_facet(topic: str, word: str) -> None:
    assert facet_of(topic) == word


def test_the_facet_stems() -> None:
    assert facet_stems("Risks of orbital congestion") == frozenset(tokenize("risks"))
    assert facet_stems("why ferry fares stayed high") == frozenset(tokenize("reasons"))
    assert facet_stems("ferry fares") == frozenset()


def test_one_facet_vocabulary() -> None:
    """Every facet the composer knows is a request word (never a subject word of the topic),
    and the facets that route a question to a briefing are among them."""
    assert REQUEST_FACETS < FACET_NOUNS <= REQUEST_WORDS
    assert subject_words("threats to the ferry network") == ["ferry", "network"]
    # a facet outside the routing subset leaves the question a question…
    assert parse_request("What are the costs of the ferry network?") is None
    # …and one inside it makes it a briefing request that keeps its facet
    assert parse_request("What are the threats to the ferry network?") is None
    req = parse_request("What are the main obstacles to the ferry network?")
    assert req is not None and req.facet == "obstacles"
    # a statistic's or a method's limitations (weaknesses) ask for a briefing too
    req = parse_request("what are the limitations of these ferry statistics?")
    assert req is not None and req.facet == "limitations"


@pytest.mark.parametrize(
    "topic", ["ferry fares", "cable repair capacity", "financing the harbour", "risks"]
)
def test_a_plain_subject_has_no_facet(topic: str) -> None:
    assert facet_of(topic) is None


def test_the_announced_noun() -> None:
    assert announced_noun("What held it back comes down to three obstacles, each hard.") == (
        "obstacles"
    )
    assert announced_noun("There are four key reasons why.") == "reasons"
    assert announced_noun("It took three years.") is None


@dataclass
class _Sentence:
    text: str


class _Lists(Selection):
    """A made-up document: sentence 20 announces "three obstacles" (items 21–23), sentence 30
    "three things" (items 31–33)."""

    def __init__(self) -> None:
        self.cfg = BriefingSettings()
        self.lists = {20: [21, 22, 23], 30: [31, 32, 33]}
        self.text = {
            20: "What has held the ferries back comes down to three obstacles.",
            30: "I would point to three things.",
        }

    def _items(self, row: int) -> list[int] | None:
        return self.lists.get(row)

    def _anchor(self, row: int) -> int | None:
        return next((a for a, items in self.lists.items() if row in items), None)

    def _sent(self, row: int) -> _Sentence:  # type: ignore[override]
        return _Sentence(self.text.get(row, "A sentence about the ferries."))

    def _announced(self, row: int) -> frozenset[str]:
        return frozenset(tokenize(announced_noun(self.text.get(row, "")) or ""))


def test_a_facet_keeps_the_list_announced_as_its_facet() -> None:
    lists = _Lists()
    # the list ranks low (its anchor tenth, its items further down): by rank alone no list
    ranked = [*range(1, 10), 20, 11, 12, 22, 13, 14, 21, 15, 23]
    assert lists._enumeration(ranked, 7) is None
    # "obstacles to X" names the list announced as "three obstacles"…
    assert lists._enumeration(ranked, 7, facet=frozenset({"obstacl"})) == 20
    # …through one of its items, when its anchor is no candidate
    assert lists._enumeration([1, 2, 22], 7, facet=frozenset({"obstacl"})) == 20
    # another facet does not, nor a list the candidates never reach
    assert lists._enumeration(ranked, 7, facet=frozenset({"risk"})) is None
    assert lists._enumeration([1, 2, 3], 7, facet=frozenset({"obstacl"})) is None
    # nor a list too long for the points asked
    assert lists._enumeration(ranked, 2, facet=frozenset({"obstacl"})) is None


def test_an_announcing_sentence_lent_its_rank_ranks_by_its_own_words() -> None:
    """A list whose announcing sentence is among the most relevant only by what the sentence
    before it lends ("There are three reasons…" after the topic's sentence) is no list the
    topic is about; by its own words, or lent by its own items, it is."""
    lists = _Lists()
    lent = [20, 1, 2, 3, 4, 5, 6, 7, 8]  # relevance with the neighbours' lift: anchor first
    own = [1, 2, 3, 4, 5, 6, 7, 8, 20]  # its own words: ninth
    assert lists._enumeration(lent, 7, own, borrowed={20}) is None
    assert lists._enumeration(lent, 7, [20, *own[:-1]], borrowed={20}) == 20
    assert lists._enumeration(lent, 7, own) == 20  # lent by what follows it: its items


def test_a_numbered_paragraph_announces_the_list_that_follows() -> None:
    """A document whose paragraphs are numbered ("17. Taken together, … three lessons"): the
    paragraph's number is no list item's, and the items ("First, …", "18. Second, …") are
    found past the numbers of their own paragraphs."""
    from briefing_bot.briefing.text import find_enumerations

    sentences = [
        "16. The table below sets out the figures for each harbour.",
        "17. Taken together, the three harbours offer three lessons for the ferries.",
        "First, a timetable must come before a fleet.",
        "The northern line shows why.",
        "18. Second, counting must come before pricing.",
        "Every dispute began with poor counts.",
        "19. Third, the change has to be paid for.",
        "20. The southern harbour starts from a better place.",
    ]
    assert find_enumerations(sentences, lambda _i, _j: True) == {1: [2, 4, 6]}
    # a numbered list announced by the sentence before it is found as before
    steps = ["We propose two steps:", "1. Count the ferries.", "2. Price the berths.", "Then."]
    assert find_enumerations(steps, lambda _i, _j: True) == {0: [1, 2]}
