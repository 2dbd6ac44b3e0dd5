"""Which of a question's ranked candidate sentences make its answer.

:func:`select` takes the candidates the sentence model ranked (:mod:`~briefing_bot.answering.
evidence`) once the question model has decided to answer, and picks the sentences the answer
quotes: a whole list for a list question, the sentence naming someone for "who…?", the lead
and the further sentences the model rates close to it, the sentence after the lead that
gives the figure, date or name asked for (the lead sets it up), the lead's continuation, the
sentence an anaphoric lead refers to, and the items a chosen sentence announces. A chosen
passage saying more of the question's words than the lead's goes first when the model rates it
nearly as the lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from briefing_bot.answering import compose as cmp
from briefing_bot.answering.analysis import Question
from briefing_bot.answering.compose import Picked
from briefing_bot.answering.evidence import (
    Candidate,
    SentenceFacts,
    citation_may_answer,
    expected_type,
    matches,
)
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.lists import (
    REASON_NOUNS,
    DocumentOrder,
    whole_list,
    with_announced_items,
)
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.verify import addresses_the_model
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

_ANAPHOR = re.compile(r"^(?:This|These|That|Those|Such|It|They)\b")

# A chosen passage rated within this share of the lead's probability that covers more of the
# question's words goes first (the sentences quoted stay the same). On the dev suites' answered
# questions (about 1,000): the first citation holds the reference evidence .8026 -> .8039 /
# .8052 / .8065 at 0.6 / 0.7 / 0.85; moving the lead itself instead (it then chooses the other
# sentences) lost two passes and .0017 of the required facts.
FIRST_SHARE = 0.85


def closest_first(out: list[Picked], lead: Candidate, chosen: Sequence[Candidate]) -> list[Picked]:
    """``out`` (the lead's passage first) with the sentences of another chosen passage moved
    first when the model rates it nearly as the lead (:data:`FIRST_SHARE`) and it covers more
    of the question's words (feature ``coverage``): the answer opens with the passage saying
    what is asked, not one that only shares its topic. The sentences quoted stay the same; a
    passage whose first quoted sentence opens with "This"/"It" is never moved first."""
    rivals = [
        c
        for c in chosen
        if c.chunk.id != lead.chunk.id
        and c.kind == lead.kind
        and c.prob >= FIRST_SHARE * lead.prob
        and c.features.get("coverage", 0.0) > lead.features.get("coverage", 0.0)
    ]
    for best in sorted(rivals, key=lambda c: (-c.features.get("coverage", 0.0), -c.prob)):
        block = [p for p in out if p.chunk.id == best.chunk.id]
        if block and not _ANAPHOR.match(block[0].text):
            return block + [p for p in out if p.chunk.id != best.chunk.id]
    return out


def answering_turn(
    turn: Candidate, ranked: Sequence[Candidate], order: DocumentOrder
) -> list[Picked]:
    """The reply to an interviewer's ``turn``: the next paragraph of its section (the answer
    the transcript gives), its opening two sentences (the direct reply: "No, far less. Our
    audit found …") and the sentence of it the model ranks best among ``ranked``, in reading
    order; [] without one."""
    last = len(turn.chunk.sentences) - 1
    after = order.after(turn.chunk, last, 2)
    if not after or after[0][0].section_path != turn.chunk.section_path:
        return []
    chunk = after[0][0]
    texts = chunk.sentence_texts()
    best = next((c for c in ranked if c.chunk.id == chunk.id and c.index > 1), None)
    score = best.prob if best is not None else turn.prob
    keep = {0, 1} | ({best.index} if best is not None else set())
    return [Picked(chunk, i, texts[i], score) for i in sorted(keep) if i < len(texts)]


def select(
    q: Question,
    ranked: Sequence[Candidate],
    *,
    settings: AnswerSettings,
    sentence_threshold: float,
    lexicon: Lexicon,
    order: DocumentOrder,
    facts: Callable[[Chunk, int], SentenceFacts],
    several_documents: bool,
) -> list[Picked]:
    """The sentences that answer ``q`` from its ``ranked`` candidates (best first), in
    reading order. ``sentence_threshold``: the sentence model's own cut (a further sentence
    above it joins); ``several_documents``: a comparison may take other documents' sentences."""
    # the items a chosen sentence announces ("three reasons: …") join it
    announce = partial(
        with_announced_items,
        order=order,
        facts=facts,
        limit=settings.list_scan_chunks,
        within=settings.list_intro_within,
        most=settings.max_list_items,
    )
    ranked = list(ranked)
    if not citation_may_answer(q):
        ranked = [c for c in ranked if c.kind != "citation"] or ranked
    picked = [Picked(c.chunk, c.index, c.text, c.prob) for c in ranked]
    lead = ranked[0]
    if q.kind == "source":
        body = next(
            (c for c in ranked if c.kind == "body" and c.chunk.sentence_endnotes[c.index]), None
        )
        if body is not None and body.prob >= settings.switch_share * lead.prob:
            lead = body
        return [Picked(lead.chunk, lead.index, lead.text, lead.prob)]
    if lead.kind == "about":
        # the About passage without its title (its first line, where the chunk starts it)
        about = lead.chunk.sentence_texts()
        titled = not lead.chunk.para_start
        return [Picked(lead.chunk, i, t, lead.prob) for i, t in enumerate(about) if i or not titled]
    if lead.chunk.kind == "question":
        # an interviewer's turn puts the question; the turn after it answers
        reply = answering_turn(lead, ranked, order)
        if reply:
            return announce(reply)
    if q.kind in ("list", "reason") or q.count:
        noun = frozenset(tokenize(q.counted or "")) | frozenset(t.stem for t in q.terms)
        # "why …?" is answered by the reasons the text lists, when it lists them
        noun = REASON_NOUNS if q.kind == "reason" and not q.count else noun
        listed = whole_list(
            picked,
            q.count,
            noun,
            order=order,
            facts=facts,
            limit=settings.list_scan_chunks,
            intro_within=settings.list_intro_within,
        )
        if listed:
            return listed[: settings.max_list_items + 1]
    wanted = expected_type(q)
    if wanted == "person" and not lexicon.mentions_person(lead.text):
        # "who…?" is answered by a sentence naming someone in full, when one is close
        named = next(
            (
                c
                for c in ranked[1:5]
                if c.features["type_attached"] > 0
                and lexicon.mentions_person(c.text)
                and c.prob >= settings.switch_share * lead.prob
            ),
            None,
        )
        if named is not None:
            lead = named
            ranked = [named, *[c for c in ranked if c is not named]]
    limit = settings.max_sentences + (1 if q.kind in ("list", "synthesis") else 0)
    if wanted is not None:
        limit = 2
    chosen = [lead]
    # a further sentence joins when the model rates it close to the lead, or likely
    # evidence on its own
    floor = min(settings.relative_keep * lead.prob, sentence_threshold)
    floor = max(floor, settings.floor_share * lead.prob)
    # a sentence of a passage already cited costs no citation: a lower bar
    cited_floor = min(floor, settings.passage_keep * lead.prob)
    for c in ranked[1:]:
        if len(chosen) >= limit or c.prob < cited_floor:
            break
        if c.prob < floor and all(c.chunk.id != x.chunk.id for x in chosen):
            continue
        others = [x.facts.tokens for x in chosen]
        if c.kind == "citation" or cmp.similar(c.facts.tokens, others, settings.similar_jaccard):
            continue
        if wanted is not None and not c.features["type_head"]:
            continue  # a pointed question: only sentences holding what is asked
        chosen.append(c)
    if q.kind == "definition" and not lead.features["defines"]:
        # "what does X stand for?": the sentence spelling X out (or saying what it means)
        # answers it, however the model ranks it against one that only uses X
        spelled = next((c for c in ranked[1:] if c.features["defines"]), None)
        if spelled is not None and spelled.key not in {c.key for c in chosen}:
            chosen.append(spelled)
    by_key = {c.key: c for c in ranked}
    if wanted is not None:
        # the sentence after the lead in its paragraph gives the figure/date/name asked for
        # the noun the lead names ("The port was closed by the storm." → "For 29 days no
        # ship docked."): it joins, whatever the lead holds (a date where a duration is asked)
        after = by_key.get((lead.chunk.id, lead.index + 1))
        if (
            after is not None
            and after.features.get("type_head_set_up")
            and after.key not in {c.key for c in chosen}
        ):
            chosen.append(after)
    if len(chosen) < limit and settings.next_new_terms:
        chosen += says_more_next(
            q, chosen, by_key=by_key, lead=lead, settings=settings, limit=limit
        )
    if settings.fill_gaps:
        # two chosen sentences of a passage one apart read as a run with the one between
        keys = {c.key for c in chosen}
        chosen += [
            gap
            for c in list(chosen)
            if (c.chunk.id, c.index + 2) in keys
            and (c.chunk.id, c.index + 1) not in keys
            and (gap := by_key.get((c.chunk.id, c.index + 1))) is not None
        ]
    out = [Picked(c.chunk, c.index, c.text, c.prob) for c in cmp.reading_order(chosen)]
    if several_documents and cmp.compares(q.text):
        out += cmp.other_documents(out, ranked)  # "how do the two memos differ on X?"
    if lead.chunk.kind == "body":
        # the lead names what is asked about and its next sentence says it ("… published
        # a report." → "It found that …"): the answer is the two together; a lead that
        # holds the figure asked for is followed only by a part of what it counted ("18
        # projects." → "By 2025, nine of them were running.")
        pointed = wanted is not None and bool(lead.features["type_head"])
        cmp.add_continuation(out, lead.key, lead.facts.tokens, part_only=pointed)
    first = out[0]
    if first.index > 0 and _ANAPHOR.match(first.text):
        # a lead opening with "This"/"Such" needs the sentence it refers to
        prev = first.chunk.sentence_texts()[first.index - 1]
        if (first.chunk.id, first.index - 1) not in {p.key for p in out}:
            out.insert(0, Picked(first.chunk, first.index - 1, prev, first.score))
    out = closest_first(out, lead, chosen)
    return announce(
        out, asked=frozenset(t.stem for t in q.terms), lead_in_words=settings.lead_in_words
    )


def says_more_next(
    q: Question,
    chosen: Sequence[Candidate],
    *,
    by_key: dict[tuple[str, int], Candidate],
    lead: Candidate,
    settings: AnswerSettings,
    limit: int,
) -> list[Candidate]:
    """The sentences right after chosen body sentences that say a word of the question none
    of the chosen ones says (``AnswerSettings.next_new_terms``): the lead sets the scene ("In
    May the assembly adopted the agreement.") and the sentence after it says what is asked
    ("It passed with 124 votes in favour …"). At least ``next_keep`` of the lead's
    probability; up to ``limit`` sentences in all."""
    said = [t for t in q.own_terms if any(matches(t, c.facts.tokens) for c in chosen)]
    unsaid = [t for t in q.own_terms if t not in said]
    keys = {c.key for c in chosen}
    out: list[Candidate] = []
    for c in list(chosen):
        after = by_key.get((c.chunk.id, c.index + 1))
        if (
            after is None
            or after.key in keys
            or after.kind != "body"
            or c.kind != "body"
            or after.prob < settings.next_keep * lead.prob
        ):
            continue
        new = [t for t in unsaid if matches(t, after.facts.tokens)]
        if len(new) >= settings.next_new_terms and len(chosen) + len(out) < limit:
            out.append(after)
            keys.add(after.key)
            unsaid = [t for t in unsaid if t not in new]
    return out


def without_added_directives(picked: list[Picked], ranked: Sequence[Candidate]) -> list[Picked]:
    """``picked`` without the sentences addressed to a model (prompt injection in the corpus)
    that a rule added: such a sentence is quoted only when it is the best candidate ("what
    did the email say about instructions?"), never joined as a further sentence, a neighbour
    or a list item."""
    best = ranked[0].key if ranked else None
    return [p for p in picked if p.key == best or not addresses_the_model(p.text)] or picked
