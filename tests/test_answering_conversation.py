"""Conversations: ordinal follow-ups resolved against the previous answer's items, ellipses
that carry the previous question over, and self-contained questions that ignore the chat.

The unit tests read invented answers and questions; the slow ones ask an invented memo (a
domain of its own: a city's bike-share scheme) with the real model and real Chroma.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.answering.analysis import analyse, split_parts
from briefing_bot.answering.followups import (
    answer_items,
    carry_over,
    inline_list,
    list_turn,
    substitute_ordinal,
)
from briefing_bot.answering.turns import (
    OTHER,
    depends_on_history,
    item_reference,
    ordinal_reference,
)


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (  # a list sentence with an announced count, items holding commas and "and"
            "Two: floating docks (FDs) and stolen, unregistered and unlocked bikes.",
            ["floating docks (FDs)", "stolen, unregistered and unlocked bikes"],
        ),
        (
            "Three reasons: a dispute between the two depots, the council's voting rules, "
            "and poor ridership data.",
            [
                "a dispute between the two depots",
                "the council's voting rules",
                "poor ridership data",
            ],
        ),
        (  # semicolons, with commas inside the items
            "Three reasons: the board is built for advice, not approval; the suburbs sit "
            "outside it; and the depot depends on grants.",
            [
                "the board is built for advice, not approval",
                "the suburbs sit outside it",
                "the depot depends on grants",
            ],
        ),
        (  # items holding "and" themselves: the "and" after a comma is between them
            "Two: a group of Nordic and Baltic cities led by Oslo and Riga, and the ports of "
            "Hamburg and Rotterdam.",
            [
                "a group of Nordic and Baltic cities led by Oslo and Riga",
                "the ports of Hamburg and Rotterdam",
            ],
        ),
        (  # a quoted title keeps its commas
            'Two: the 2024 report "Docks, Locks and Lanes" and the 2025 study "Fares".',
            ['the 2024 report "Docks, Locks and Lanes"', 'the 2025 study "Fares"'],
        ),
        (  # brackets keep their commas
            "Docks (Ana Ruiz, Lee), pricing (Tom Ng), and safety (Ola Berg).",
            ["Docks (Ana Ruiz, Lee)", "pricing (Tom Ng)", "safety (Ola Berg)"],
        ),
        (
            "Four steps: 1. price parking; 2. publish the contracts; 3. add lanes; 4. audit.",
            ["price parking", "publish the contracts", "add lanes", "audit"],
        ),
        (  # an aside after the last "and" is no part of the last item
            "Mainly the port, the city (through its fund), and, less openly, the state.",
            ["Mainly the port", "the city (through its fund)", "the state"],
        ),
        (  # numbered with full stops, one item a sentence, on one line
            "1. Concentrated landing stations. 2. A shortage of ships. 3. Contested supply.",
            ["Concentrated landing stations", "A shortage of ships", "Contested supply"],
        ),
        (  # numbered inside one sentence, commas between and no "and" before the last
            "Three things: 1) price parking, 2) publish the contracts, 3) audit the depots.",
            ["price parking", "publish the contracts", "audit the depots"],
        ),
        (  # the grounded answerer's own list answer: the "first… second…" sentences
            "There are three problems. [1] The first is theft. [1] A second problem is cost. [2] "
            "Finally, the vans are slow. [2]",
            ["The first is theft.", "A second problem is cost.", "Finally, the vans are slow."],
        ),
        (  # a briefing: its bullet points
            "# Bike share\n\n**Bottom line:** It works. [1]\n\n- Docks filled up. [2]\n"
            "- Prices fell. [3]",
            ["Docks filled up.", "Prices fell."],
        ),
        (  # several sentences, none a list
            "The scheme opened in 2021. [1] It has 40 docks. [2]",
            ["The scheme opened in 2021.", "It has 40 docks."],
        ),
        ("The council approved the plan in March.", []),  # one plain sentence
        ("The paper names speed and cost as priorities.", []),  # "A and B" is no list
        ("It cites the U.S. Transport Department report.", []),  # an abbreviation, one sentence
        (  # the serial comma's "and" closes the list; the last item holds a list of its own
            "Three steps: a ferry levy from 2027, a harbour fund for small ports, and "
            "talks with the Danish, Dutch and German authorities [2].",
            [
                "a ferry levy from 2027",
                "a harbour fund for small ports",
                "talks with the Danish, Dutch and German authorities",
            ],
        ),
        (  # no "and" before the last piece: a sentence with commas, not a list
            "Whether the city, the region and its partners agree, especially on the budget.",
            [],
        ),
    ],
)
def test_items_of_an_answer(answer: str, items: list[str]) -> None:
    assert answer_items(answer) == items


def test_an_announced_count_decides_between_readings() -> None:
    sentence = "docks (FDs) and stolen, unregistered and unlocked bikes"
    assert inline_list(sentence, 2) == ["docks (FDs)", "stolen, unregistered and unlocked bikes"]
    assert inline_list(sentence, 5) == []


@pytest.mark.parametrize(
    ("question", "pointer", "ordinal"),
    [
        ("give me an example of the third", 3, 3),
        ("on the 2nd - what's the cost worry exactly?", 2, 2),
        ("the last one - how did riders take it?", -1, -1),
        ("and what does the first one recommend?", 1, 1),
        ("number two?", 2, 2),
        ("what about item 4", 4, 4),
        ("and the other one?", OTHER, OTHER),
        ("the latter?", -1, -1),
        ("4th one - how long a pilot?", 4, 4),
        ("What is the first type of cooperation the author describes?", None, 1),
        ("When was that report last updated?", None, None),
        ("What happened in the first half?", None, 1),
    ],
)
def test_ordinal_references(question: str, pointer: int | None, ordinal: int | None) -> None:
    assert item_reference(question) == pointer
    assert ordinal_reference(question) == ordinal


@pytest.mark.parametrize(
    ("question", "depends"),
    [
        ("give me an example of the third", True),
        ("on the 2nd - what's the cost worry exactly?", True),
        ("When?", True),
        ("and how much?", True),
        ("What is the first type of cooperation the author describes?", False),
        ("Which was the first city to adopt bike share?", False),
        ("Who was the first one to sign the charter?", False),
    ],
)
def test_which_questions_lean_on_the_chat(question: str, depends: bool) -> None:
    assert depends_on_history(question, 3, 1) is depends


def test_a_run_of_ordinal_follow_ups_walks_one_list() -> None:
    history = [
        {"role": "user", "content": "what are the enforcement problems?"},
        {"role": "assistant", "content": "Two: theft and vandalism."},
        {"role": "user", "content": "what did they change on the first one?"},
        {"role": "assistant", "content": "They added locks. It cost 3 million. Thefts fell."},
    ]
    turn = list_turn(history, OTHER)
    assert turn is not None and turn.k == 2 and turn.answer == "Two: theft and vandalism."
    turn = list_turn(history, 3)  # not the sentences of the answer about the first item
    assert turn is not None and turn.question == "what are the enforcement problems?"
    assert list_turn(history[:2], OTHER) is None  # "the other one" of what?


def test_an_ellipsis_asks_the_previous_question_again() -> None:
    assert (
        carry_over("And on quantum?", "What does the volume conclude about cooperation on AI?")
        == "What does the volume conclude about cooperation on quantum?"
    )
    assert (
        carry_over("And for Lyon?", "What are the benefits for Paris of the scheme?")
        == "What are the benefits for Lyon of the scheme?"
    )
    assert carry_over("what about IPEF?", "When was the MSP launched?") == (
        "When was the IPEF launched?"
    )
    assert carry_over("And on quantum?", "What does the paper say about AI?") == (
        "What does the paper say about quantum?"  # "on" for "about": the same slot
    )
    assert carry_over("how about quantum?", "What does the paper say about AI?") == (
        "What does the paper say about quantum?"
    )
    # two places the topic could go: left to the context terms
    assert carry_over("what about the risks?", "What does it say about costs for ports?") is None
    assert carry_over("What about Lyon?", "How much did Paris invest in Nice?") is None
    assert carry_over("and who wrote it?", "What is the MSP?") is None  # a question of its own
    assert carry_over("What about the third one?", "What are the risks?") is None


def test_the_item_replaces_the_ordinal() -> None:
    assert substitute_ordinal("the third one - has it happened before?", "a strike") == (
        "a strike - has it happened before?"
    )
    q = analyse("give me an example of the third", [{"role": "user", "content": "risks?"}])
    assert q.followup and q.ordinal == 3


MEMO = """---
title: "Pedal Power: Rescuing Northport's Bike Share"
author: "Ines Okafor"
---

## Pedal Power: Rescuing Northport's Bike Share

By Ines Okafor

Ines Okafor is a transport analyst at the Harbour Mobility Institute in Northport.

## Why the Scheme Is Failing

Northport's bike share has lost riders every year since 2021. There are three reasons for \
the decline.

The first reason is theft. Thieves took 1,400 bicycles in 2024, almost a third of the fleet, \
and the operator replaced only half of them.

A second reason is pricing. A single ride costs EUR 4, twice the bus fare, so occasional \
riders have drifted back to the bus.

A third reason is political. The council and the port authority each control half of the \
docking sites and have not agreed on a single operator. A similar deadlock in 2016 closed \
the ferry service for eight months before the two bodies settled.

## Recommendations

The council should cut the single fare to EUR 2 and fit every bicycle with a GPS lock by \
the end of 2026. It should also sign a joint operating agreement with the port authority.
"""


def _bot_over(tmp_path: Path, files: dict[str, str]) -> Assistant:
    """An assistant over a corpus of the given Markdown files, indexed under ``tmp_path``."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))


@pytest.fixture(scope="module")
def memo_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("conversation")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "pedal-power.md").write_text(MEMO, encoding="utf-8")
    return Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=root / "index"))


# the chat's own words for the list, as a person would write them (not the corpus's)
_REASONS = [
    {"role": "user", "content": "why is the bike share losing riders?"},
    {
        "role": "assistant",
        "content": "Three reasons: stolen bicycles, fares higher than the bus, and a "
        "deadlock between the council and the port authority.",
    },
]


@pytest.mark.slow
def test_an_ordinal_points_into_a_paraphrased_list(memo_bot: Assistant) -> None:
    answer = memo_bot.ask("the third one - has it happened before?", history=_REASONS)
    assert not answer.abstained and "2016" in answer.text
    answer = memo_bot.ask("how much is the second?", history=_REASONS)
    assert not answer.abstained and "EUR 4" in answer.text
    answer = memo_bot.ask("numbers on the first one?", history=_REASONS)
    assert "1,400" in answer.text and answer.citations


@pytest.mark.slow
def test_an_ordinal_points_into_the_answerers_own_list(memo_bot: Assistant) -> None:
    first = memo_bot.ask("What are the three reasons for the decline?")
    history = [
        {"role": "user", "content": "What are the three reasons for the decline?"},
        {"role": "assistant", "content": first.text},
    ]
    answer = memo_bot.ask("And the second one?", history=history)
    assert "pricing" in answer.text and "theft" not in answer.text.lower()


@pytest.mark.slow
def test_a_self_contained_question_ignores_the_list(memo_bot: Assistant) -> None:
    question = "Who wrote the memo?"
    fresh = memo_bot.ask(question)
    after = memo_bot.ask(question, history=_REASONS)
    assert after.text == fresh.text
    assert [c.chunk_id for c in after.citations] == [c.chunk_id for c in fresh.citations]


@pytest.mark.slow
def test_multi_part_question_cites_each_part(memo_bot: Assistant, tmp_path: Path) -> None:
    answer = memo_bot.ask("How much does a single ride cost, and how many bicycles were stolen?")
    assert "EUR 4" in answer.text and "1,400" in answer.text
    assert not answer.abstained


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Who wrote the dock study and what do they recommend?",
            ["Who wrote the dock study?", "What do they recommend?"],
        ),
        ("who commissioned the report and when?", ["Who commissioned the report?", "When?"]),
        (
            "next council vote - when and where?",
            ["When — next council vote?", "Where — next council vote?"],
        ),
        (
            "LMC - when did it start and who's in it?",
            ["When did it start — LMC?", "Who's in it — LMC?"],
        ),
        (
            "when did the scheme open; how much does a ride cost?",
            ["When did the scheme open?", "How much does a ride cost?"],
        ),
        (
            "parking: what's the city after vs what's the port after?",
            ["What's the city after — parking?", "What's the port after — parking?"],
        ),
        ("What is X, and also who wrote Y?", ["What is X?", "Who wrote Y?"]),
        (
            "can the board pull a contract, and for how long?",
            ["Can the board pull a contract?", "For how long?"],
        ),
        (
            "What is the MSP? Also, who wrote the cyber paper?",
            ["What is the MSP?", "Who wrote the cyber paper?"],
        ),
        ("Who wrote it and is it peer reviewed?", ["Who wrote it and is it peer reviewed?"]),
        (
            "Name the authors of the dock study and summarize their findings",
            ["Name the authors of the dock study?", "Summarize their findings?"],
        ),
        # one question, whatever its "and"s
        (
            "How do firms list shares and name directors?",
            ["How do firms list shares and name directors?"],
        ),
        (
            "What are the risks and benefits of the plan?",
            ["What are the risks and benefits of the plan?"],
        ),
        (
            "What do the authors and which partners recommend?",
            ["What do the authors and which partners recommend?"],
        ),
        (
            "Paris - how do the two memos differ on it?",
            ["Paris - how do the two memos differ on it?"],
        ),
    ],
)
def test_multi_part_questions_are_split_into_questions(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


@pytest.mark.slow
def test_and_about_x_asks_the_previous_question_about_x(memo_bot: Assistant) -> None:
    history = [
        {"role": "user", "content": "What does the memo say about theft?"},
        {"role": "assistant", "content": "Thieves took 1,400 bicycles in 2024."},
    ]
    answer = memo_bot.ask("And about pricing?", history=history)
    assert not answer.abstained and "pricing" in answer.text
    assert "theft" not in answer.text.lower() and "1,400" not in answer.text


@pytest.mark.slow
def test_the_other_one_is_the_item_not_yet_asked_about(memo_bot: Assistant) -> None:
    history = [
        {"role": "user", "content": "what are the two main problems besides politics?"},
        {"role": "assistant", "content": "Two: stolen bicycles and fares higher than the bus."},
        {"role": "user", "content": "numbers on the first one?"},
        {"role": "assistant", "content": "Thieves took 1,400 bicycles in 2024. [1]"},
    ]
    answer = memo_bot.ask("and the other one - how much is it?", history=history)
    assert not answer.abstained and "EUR 4" in answer.text


PLAN = """# Streets for People

## The Plan

The city spends too long on every complaint. So the plan does three things. It cuts the \
fares, it repaints the lanes, and it keeps a named officer responsible for every dock.

## Fares

Fares fall from EUR 4 to EUR 2 in March, paid for by the parking levy.

## Lanes

Forty kilometres of lanes are repainted each summer by the roads department.

## Officers

Which brings me to the officers. No complaint about a dock may be closed by the app alone. \
A named officer answers it within two working days and signs the reply.
"""


@pytest.mark.slow
def test_an_item_of_a_list_sentence_is_answered_where_the_text_takes_it_up(
    tmp_path: Path,
) -> None:
    bot = _bot_over(tmp_path, {"plan.md": PLAN})
    history = [
        {"role": "user", "content": "what does the plan do, in short?"},
        {
            "role": "assistant",
            "content": "It cuts the fares, it repaints the lanes, and it keeps a named "
            "officer responsible for every dock.",
        },
    ]
    answer = bot.ask("and the third one - what does that mean in practice?", history=history)
    assert not answer.abstained and "two working days" in answer.text


def test_an_ordinal_naming_the_noun_the_last_list_was_about_is_a_follow_up() -> None:
    history = [
        {"role": "user", "content": "What are the two camps on the depot plan?"},
        {"role": "assistant", "content": "Two: the riders' union and the shop owners [1]."},
    ]
    q = analyse("Tell me more about the second camp.", history)
    assert q.followup and q.ordinal == 2
    opening = [
        {"role": "user", "content": "What does the memo say about the depot plan?"},
        {"role": "assistant", "content": "There are two camps: riders and shop owners [1]."},
    ]
    assert analyse("What does the first camp want?", opening).ordinal == 1
    # a noun the chat's list was not about names a question of its own
    other = analyse("Which was the second city to adopt bike share?", opening)
    assert not other.followup and other.ordinal is None


def test_an_ordinal_naming_the_lists_noun_clipped_is_a_follow_up() -> None:
    """ "the 3rd rec" after "what does the panel recommend?": a clipped noun of the list."""
    history = [
        {"role": "user", "content": "What does the panel recommend?"},
        {"role": "assistant", "content": "Four steps: dredging, sea walls, pumps and levies."},
    ]
    q = analyse("the 3rd rec exactly?", history)
    assert q.followup and q.ordinal == 3
    # two letters are no clipped word; a word that only starts like one is not either
    assert analyse("the 3rd re exactly?", history).ordinal is None
    assert analyse("the 3rd recipe exactly?", history).ordinal is None


FUND = """# The Harbour Fund

## Who Pays

The partners pay into the harbour fund. Northport is the largest contributor, at EUR 90 \
million; Southby pledged EUR 40 million and Eastwick EUR 12 million.

## Why It Matters

The fund matters beyond money. Only one partner has a dredging fleet, and its officials \
have floated building a second dredger if Northport shares the cost.
"""


@pytest.mark.slow
def test_a_figure_asked_of_a_listed_entry_is_read_beside_it_in_the_list(tmp_path: Path) -> None:
    bot = _bot_over(tmp_path, {"fund.md": FUND})
    history = [
        {"role": "user", "content": "who pays into the harbour fund?"},
        {"role": "assistant", "content": "Northport, Southby and Eastwick."},
    ]
    # asked in the fixture's own verb: in a three-sentence corpus an unknown one ("put in") is
    # most of the question, and how much that weighs is the fitted decision's business, not
    # this test's (the refit of 2026-11-30 refuses it, by either fitting method)
    answer = bot.ask("how much did the second one pledge?", history=history)
    assert not answer.abstained and "40 million" in answer.text


LEVEES = """# Keeping the Delta Dry

By Jane Doe

## Recommendations

The panel makes four recommendations.

1. Dredge the main channel every spring.

2. Raise the sea walls around the old port by one metre.

3. Build two pump stations on the eastern polder.

4. Require every new house to sit above the tide, so that no new home stands below the \
2050 flood mark.[^1]

The panel expects the first two to be funded this year.

[^1]: Delta Board, "Tide-Line Criteria in Building Permits: An Evaluation of Criteria in \
Permits" (Delta City, 2025).
"""


@pytest.mark.slow
def test_an_item_the_chat_gave_is_found_in_the_text_not_in_an_endnote_title(
    tmp_path: Path,
) -> None:
    """The fourth item as the chat put it, "tide-line criteria in building permits", is the
    list's fourth sentence, not the endnote whose title has the chat's very words."""
    bot = _bot_over(tmp_path, {"delta.md": LEVEES})
    history = [
        {"role": "user", "content": "what does the panel recommend?"},
        {
            "role": "assistant",
            "content": "Four steps: dredging, higher sea walls, pump stations, and tide-line "
            "criteria in building permits.",
        },
    ]
    answer = bot.ask("the fourth one exactly?", history=history)
    assert not answer.abstained and "2050 flood mark" in answer.text
    assert all(c.locator.startswith("Recommendations") for c in answer.citations)


STRAIT = """# Bridging the Strait

By Ana Lima

## Introduction

Ferry traffic across the strait has doubled since 2010, and both port cities now want a fixed \
link. Planners have studied a bridge since 1998, and the public debate has turned to tolls, \
shipping lanes, construction jobs and the ferry crews who would lose their work. Three \
obstacles stand in the way: rules, money and trust.

## The obstacles

The first obstacle is rules. The two countries apply different safety codes to bridges, and \
neither recognises the other's inspectors.

The second obstacle is money. The bridge would cost EUR 6 billion, three times what the two \
port authorities have raised.

The third obstacle is trust. Fishers on both shores fear that the piers will close their \
grounds.
"""


@pytest.mark.slow
def test_a_one_word_item_is_found_where_the_text_opens_it(tmp_path: Path) -> None:
    """ "more on the second one" after "… rules, money, and trust": the sentence opening the
    text's second obstacle in the item's own word ("The second obstacle is money."), not the
    introduction that names all three."""
    bot = _bot_over(tmp_path, {"strait.md": STRAIT})
    history = [
        {"role": "user", "content": "what's holding back the bridge?"},
        {"role": "assistant", "content": "Three obstacles: common rules, money, and trust."},
    ]
    answer = bot.ask("more on the second one", history=history)
    assert not answer.abstained and "EUR 6 billion" in answer.text


@pytest.mark.slow
def test_who_wrote_the_documents_of_a_corpus_names_each_one(tmp_path: Path) -> None:
    """ "who wrote the two memos?" over a corpus of two: each document's byline, each cited;
    "who wrote this?" still names one."""
    bot = _bot_over(tmp_path, {"levees.md": LEVEES, "strait.md": STRAIT})
    for question in ("who wrote the two memos?", "who wrote each of them?"):
        answer = bot.ask(question)
        assert not answer.abstained, question
        assert "Keeping the Delta Dry" in answer.text and "Bridging the Strait" in answer.text
        assert len(answer.citations) == 2
