"""Which sentences make an answer: the reply to an interviewer's turn, trims that keep the
figure asked for (invented text)."""

from __future__ import annotations

import dataclasses

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.compose import trim
from briefing_bot.answering.evidence import Candidate, sentence_facts
from briefing_bot.answering.lexicon import Lexicon, stems
from briefing_bot.answering.lists import DocumentOrder
from briefing_bot.answering.selection import answering_turn, select
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.chunking import Chunk
from tests.fakes import sentence_chunk


def _candidate(chunk: Chunk, index: int, lexicon: Lexicon, prob: float) -> Candidate:
    text = chunk.sentence_texts()[index]
    facts = sentence_facts(text, lexicon, chunk.kind)
    return Candidate(chunk, index, text, 1, chunk.kind, facts, {}, prob)


def _untyped(lexicon: Lexicon, *picks: tuple[Chunk, int, float]) -> list[Candidate]:
    """Candidates (chunk, sentence, probability) of a question asking no figure or name."""
    ranked = [_candidate(chunk, index, lexicon, prob) for chunk, index, prob in picks]
    for c in ranked:
        c.features = {"type_head": 0.0, "type_attached": 0.0}
    return ranked


def _select(
    q: Question,
    ranked: list[Candidate],
    chunks: list[Chunk],
    lexicon: Lexicon,
    settings: AnswerSettings | None = None,
) -> list[tuple[str, int]]:
    """The keys of the sentences :func:`select` picks, with nothing but ``ranked`` to go on."""
    out = select(
        q,
        ranked,
        settings=settings or AnswerSettings(),
        sentence_threshold=0.5,
        lexicon=lexicon,
        order=DocumentOrder(chunks),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
        several_documents=False,
    )
    return [p.key for p in out]


def test_an_interviewers_turn_is_answered_by_the_turn_after_it() -> None:
    asked = dataclasses.replace(
        sentence_chunk(1, "Papers said half the seed was sold abroad.", "Was it that bad?"),
        kind="question",
    )
    reply = sentence_chunk(
        2,
        "No, far less.",
        "Our audit found about a fifth crossed the border.",
        "Prices differ on each side.",
        "Farmers in the north still buy most of it at home.",
    )
    later = sentence_chunk(3, "The next question was about prices.")
    chunks = [asked, reply, later]
    lexicon = Lexicon(chunks)
    ranked = [
        _candidate(asked, 0, lexicon, 0.6),
        _candidate(reply, 3, lexicon, 0.2),
        _candidate(reply, 2, lexicon, 0.1),
    ]
    out = answering_turn(ranked[0], ranked, DocumentOrder(chunks))
    # the direct reply, what it goes on to say, and the reply's best-ranked sentence; never
    # the interviewer's own claim
    assert [(p.chunk.id, p.index) for p in out] == [("c2", 0), ("c2", 1), ("c2", 3)]
    # a turn with no reply after it in its section answers nothing here
    alone = dataclasses.replace(sentence_chunk(4, "Anything to add?"), kind="question")
    other = dataclasses.replace(sentence_chunk(5, "Yes."), section_path=("Other",))
    lex = Lexicon([alone, other])
    assert answering_turn(_candidate(alone, 0, lex, 0.5), [], DocumentOrder([alone, other])) == []


def test_a_cut_never_drops_a_figure_of_the_kind_asked_for() -> None:
    text = (
        "In the river town of Aldmere the council moved 180 households from the floodplain "
        "between 2010 and 2020 by offering each family a plot in a new district within two "
        "kilometres of the old one; 87 percent of those offered a plot accepted."
    )
    asked = set(stems("how many aldmere families moved?"))
    assert trim(text, "quantity", asked, 30) == (text, False)
    # a figure written in words in the part cut away is an aside: the cut stands
    text2 = (
        "Its biggest exercise, Harbour Watch 2022, took place off the coast of Arran in May "
        "2022 and brought together 11 ships, 6 aircraft and some 800 staff from four "
        "countries: Ireland, Norway, Scotland and Wales."
    )
    cut, was_cut = trim(text2, "quantity", set(stems("how big was harbour watch?")), 30)
    assert was_cut and "800 staff" in cut


def test_a_sentence_of_a_passage_already_cited_joins_on_a_lower_bar_and_fills_the_gap() -> None:
    from briefing_bot.answering.analysis import analyse

    cited = sentence_chunk(
        1,
        "Harbour councils across the coast adopted a shared flood levy in 2019.",
        "Coastal towns had argued about the levy formula for a decade before that.",
        "Inland boroughs pay a reduced rate of 40 percent under the levy formula.",
        "Fishermen protested outside the assembly building every week.",
    )
    other = sentence_chunk(2, "Farmers inland pay nothing towards coastal flood defences at all.")
    chunks = [cited, other]
    lexicon = Lexicon(chunks)
    ranked = _untyped(
        lexicon,
        (cited, 0, 0.8),
        (other, 0, 0.44),
        (cited, 2, 0.42),
        (cited, 1, 0.05),
        (cited, 3, 0.04),
    )
    q = analyse("how does the flood levy work?", [], lexicon)

    def chosen(**knobs: object) -> list[tuple[str, int]]:
        # the bar for another passage above the cited passage's (0.6 > 0.5)
        settings = AnswerSettings(**{"relative_keep": 0.6, **knobs})  # type: ignore[arg-type]
        return _select(q, ranked, chunks, lexicon, settings)

    # the cited passage's third sentence clears the lower bar (0.42 >= 0.5 x 0.8), the other
    # passage's sentence, likelier, does not (a citation of its own); the sentence between
    # the two chosen ones comes with them
    assert chosen() == [("c1", 0), ("c1", 1), ("c1", 2)]
    assert chosen(fill_gaps=False) == [("c1", 0), ("c1", 2)]
    assert chosen(passage_keep=0.6, fill_gaps=False) == [("c1", 0)]


def test_what_an_abbreviation_stands_for_brings_the_sentence_spelling_it_out() -> None:
    from briefing_bot.answering.analysis import analyse

    uses = sentence_chunk(1, "The TCA was created in 1995 by four riverside states.")
    spells = sentence_chunk(
        2, "In March the four states notified the Tide Control Authority (TCA) of a new weir."
    )
    chunks = [uses, spells]
    lexicon = Lexicon(chunks)
    ranked = [_candidate(uses, 0, lexicon, 0.8), _candidate(spells, 0, lexicon, 0.2)]
    for c, defines in zip(ranked, (0.0, 1.0), strict=True):
        c.features = {"type_head": 0.0, "type_attached": 0.0, "defines": defines}
    q = analyse("TCA stands for?", [], lexicon)
    assert q.kind == "definition"
    assert _select(q, ranked, chunks, lexicon) == [("c1", 0), ("c2", 0)]


def test_a_short_sentence_saying_little_beyond_the_question_brings_the_next() -> None:
    from briefing_bot.answering.lists import leads_in

    asked = frozenset(stems("where would the insurers memo let the state step in?"))
    lead = "A state fund has a part to play, but a small one."
    most = AnswerSettings().lead_in_words
    assert leads_in(lead, asked, most_words=most)
    assert not leads_in(
        "Reinsurers cover losses above 2 billion euros in any one year.", asked, most_words=most
    )
    assert not leads_in(
        "Public reinsurance crowds out private capital and distorts prices for homeowners.",
        asked,
        most_words=most,
    )


def test_who_is_answered_by_a_sentence_naming_someone_well_below_the_lead() -> None:
    from briefing_bot.answering.analysis import analyse

    critics = sentence_chunk(
        1, "Critics in the region note that the fund also finances coal plants."
    )
    reply = sentence_chunk(
        2, '"We do not pick the winners," says Maren Solvik, a director at the trade ministry.'
    )
    chunks = [critics, reply]
    lexicon = Lexicon(chunks)
    ranked = [_candidate(critics, 0, lexicon, 0.5), _candidate(reply, 0, lexicon, 0.19)]
    for c, attached in zip(ranked, (0.0, 0.4), strict=True):
        c.features = {"type_head": 0.0, "type_attached": attached}
    q = analyse("who answers the critics of the fund?", [], lexicon)

    def lead(settings: AnswerSettings) -> tuple[str, int]:
        return _select(q, ranked, chunks, lexicon, settings)[0]

    assert lead(AnswerSettings()) == ("c2", 0)  # 0.19 >= 0.35 x 0.5
    assert lead(AnswerSettings(switch_share=0.5)) == ("c1", 0)


def test_a_further_sentence_at_under_half_the_leads_probability_joins() -> None:
    from briefing_bot.answering.analysis import analyse

    chunks = [
        sentence_chunk(1, "The ferry service between the two islands stopped in March."),
        sentence_chunk(7, "Storm damage to the northern pier is what halted the crossings."),
        sentence_chunk(12, "Repairs to the pier will take until the autumn."),
    ]
    lexicon = Lexicon(chunks)
    q = analyse("why did the ferry service stop?", [], lexicon)
    ranked = [_candidate(c, 0, lexicon, p) for c, p in zip(chunks, (0.5, 0.21, 0.15), strict=True)]
    # the ranker spreads one question's candidates wide: the sentence that says why (0.42 of
    # the lead's probability, below the model's own threshold) joins the answer; one rated
    # under 0.4 of the lead's does not
    assert _select(q, ranked, chunks, lexicon) == [("c1", 0), ("c7", 0)]
    narrow = AnswerSettings(relative_keep=0.6)
    assert _select(q, ranked, chunks, lexicon, narrow) == [("c1", 0)]


def test_the_sentence_after_a_set_up_giving_the_figure_asked_for_joins_the_lead() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.evidence import candidates
    from briefing_bot.retrieval import Passage

    def chosen(follow: str) -> list[tuple[str, int]]:
        chunk = sentence_chunk(
            1,
            "The harbour of Elmsby was closed by the spring storm of 2021.",
            follow,
            "Fishermen were compensated by the county.",
        )
        lexicon = Lexicon([chunk])
        q = analyse("how long was the Elmsby harbour closed?", [], lexicon)
        found = candidates(
            q,
            [Passage(chunk, 1.0, rank=1)],
            {},
            None,  # type: ignore[arg-type]
            lexicon=lexicon,
            facts={},
            kinds={},
            settings=AnswerSettings(),
        )
        # the set-up names the harbour, the next sentence gives the figure without it
        assert [c.features["type_head"] for c in found][1:] == [0.0, 0.0]
        for c, prob in zip(found, (0.6, 0.05, 0.04), strict=True):
            c.prob = prob  # far below the lead: no other rule would add it
        return _select(q, found, [chunk], lexicon)

    figure = chosen("For 29 days no cargo ship could dock there.")
    assert figure == [("c1", 0), ("c1", 1)]
    # a next sentence without a figure stays out
    assert chosen("No cargo ship could dock there for weeks.") == [("c1", 0)]


def test_a_passage_saying_more_of_the_question_nearly_as_likely_as_the_lead_goes_first() -> None:
    from briefing_bot.answering.analysis import analyse

    topic = sentence_chunk(
        1, "Rival ports along the coast may tempt shipping firms with cheaper berths."
    )
    named = sentence_chunk(
        5, "Port investment was spurred by the Harbour Renewal Act, which funded new cranes."
    )
    refers = sentence_chunk(
        9, "Port records list the berths.", "This investment was spurred by the Renewal Act."
    )
    chunks = [topic, named, refers]
    lexicon = Lexicon(chunks)
    q = analyse("which law spurred port investment?", [], lexicon)

    def answer(rival: Candidate, prob: float) -> list[tuple[str, int]]:
        lead = _candidate(topic, 0, lexicon, 0.8)
        rival.prob = prob
        lead.features = {"type_head": 1.0, "type_attached": 1.0, "coverage": 0.2}
        rival.features = {"type_head": 1.0, "type_attached": 1.0, "coverage": 0.9}
        return _select(q, [lead, rival], chunks, lexicon)

    # the same two sentences either way; the one saying more of what is asked reads first when
    # the model rates it nearly as the lead (0.72 >= 0.85 x 0.8), not when well below it
    assert answer(_candidate(named, 0, lexicon, 0), 0.72) == [("c5", 0), ("c1", 0)]
    assert answer(_candidate(named, 0, lexicon, 0), 0.6) == [("c1", 0), ("c5", 0)]
    # a sentence opening with "This" does not open the answer
    assert answer(_candidate(refers, 1, lexicon, 0), 0.72)[0] == ("c1", 0)


def test_the_next_sentence_saying_a_question_word_the_answer_lacks_joins_it() -> None:
    from briefing_bot.answering.analysis import analyse

    passage = sentence_chunk(
        1,
        "In May the river assembly adopted the weir treaty after three years of talks.",
        "Delegates cast 31 votes in favour and 4 abstentions.",
        "Fishermen protested outside the assembly building every week.",
    )
    other = sentence_chunk(2, "The weir treaty covers the lower reaches of the river only.")
    chunks = [passage, other]
    lexicon = Lexicon(chunks)
    ranked = _untyped(
        lexicon, (passage, 0, 0.6), (other, 0, 0.1), (passage, 1, 0.06), (passage, 2, 0.05)
    )
    q = analyse("what happened to the weir treaty in the assembly vote?", [], lexicon)

    def chosen(**knobs: object) -> list[tuple[str, int]]:
        settings = AnswerSettings(**knobs)  # type: ignore[arg-type]
        return _select(q, ranked, chunks, lexicon, settings)

    # "votes" is said by no chosen sentence; the sentence after the lead says it (0.06 is
    # under the passage's bar, 0.5 x 0.6, but above next_keep's, 0.05 x 0.6); the third
    # sentence, saying no further question word, stays out
    assert chosen() == [("c1", 0), ("c1", 1)]
    assert chosen(next_new_terms=0) == [("c1", 0)]
    assert chosen(next_keep=0.2) == [("c1", 0)]
