"""Ordinal follow-ups, resolved for the grounded answerer: "the third one", "an example of
the second", "the last one" point at an item of the previous answer (read by
:mod:`~briefing_bot.answering.followups`), which is found in the corpus and answered from its
own passage; and the turn a question (part) is analysed against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefing_bot.answering import beyond
from briefing_bot.answering.analysis import Question, analyse
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.evidence import expected_type
from briefing_bot.answering.followups import (
    answer_items,
    carry_over,
    list_turn,
    pick,
    substitute_ordinal,
)
from briefing_bot.answering.lexicon import fold, stems
from briefing_bot.answering.lists import kth_item
from briefing_bot.answering.turns import ORDINAL_REF, OTHER, ordinal_reference
from briefing_bot.answering.types import History
from briefing_bot.answering.wording import answer_type
from briefing_bot.chunking import Chunk

if TYPE_CHECKING:
    from briefing_bot.answering.answerer import Evidence, GroundedAnswerer
    from briefing_bot.answering.evidence import Candidate

_NUMBERED = re.compile(r"^\(?(\d{1,2})[.)]\s")  # "3. Publish the contracts."


def _numbering_only(text: str) -> bool:
    """A numbered item whose only figure is its number ("1. Price water.")."""
    m = _NUMBERED.match(text)
    return m is not None and not re.search(r"\d", text[m.end() :])


class ItemFollowups:
    """The conversation side of a :class:`~briefing_bot.answering.answerer.GroundedAnswerer`:
    which turn a question leans on, and the list item an ordinal points at."""

    def __init__(self, answerer: GroundedAnswerer) -> None:
        self.a = answerer

    def analyse_turn(self, text: str, history: History) -> Question:
        """One question (part) against the chat: an ellipsis ("and on X?") is the previous
        question asked again about X; an ordinal points into the turn whose list it means."""
        q = self.a.analyse(text, history)
        if not q.followup:
            return q
        if q.ordinal is None:
            carried = carry_over(text, q.previous_question)
            return self.a.analyse(carried, []) if carried else q
        turn = list_turn(history, q.ordinal)
        if turn is None:
            q.ordinal = None if q.ordinal == OTHER else q.ordinal
        else:
            q.previous_question, q.previous_answer, q.ordinal = turn.question, turn.answer, turn.k
        return q

    def resolve(self, q: Question) -> tuple[Picked | None, str, Picked | None] | None:
        """Item ``q.ordinal`` of the previous answer, found in the corpus, with the words the
        answer gave it: the answer's own item when it can be read (a bullet, a "second…"
        sentence, one item of a list sentence, or one of several sentences), else item k of
        the list in the corpus the previous question was about."""
        k = q.ordinal or 0
        # an answer to "what is the first factor?" is one item, not a list: the list meant
        # is the corpus's
        single = (
            ordinal_reference(q.previous_question) is not None
            and answer_type(q.previous_question) != "list"
        )
        items = [] if single else answer_items(q.previous_answer)
        said = pick(items, k)
        if said is not None:
            hit = self.a.sentence_index.get(fold(said))
            if hit is not None:
                return Picked(hit[0], hit[1], hit[0].sentence_texts()[hit[1]], 1.0), said, None
            located = self.locate(said, q.previous_question, k)
            others = [fold(x) for x in items if x != said]

            def listing(s: Picked) -> bool:
                return sum(x in fold(s.text) for x in others) >= 2

            if located is not None and listing(located):
                # found in the list itself: where the text takes the item up again on its
                # own, past the list and what announces it ("Which brings me to …"), to say
                # more about it; a pointed question ("who …?", "how much …?") about the
                # item, or an item the text never takes up, is asked of the whole corpus
                if expected_type(q) is not None:
                    return None, said, located
                given = {(located.chunk.id, i) for i in range(located.index + 1)}
                again = self.locate(said, q.previous_question, k, exclude=frozenset(given))
                if again is None or listing(again) or not self._takes_up(again, located, said):
                    return None, said, located
                return again, said, None
            if located is not None:
                return located, said, None
        base = analyse(q.previous_question, [], self.a.lexicon)
        base.terms += [t for t in q.own_terms if t.stem not in {x.stem for x in base.terms}]
        ev = self.a.gather(base)
        ranked = [Picked(c.chunk, c.index, c.text, c.prob) for c in ev.ranked]
        item = kth_item(k, ranked, self.a.order, self.a.facts, self.a.settings.list_scan_chunks)
        return (item, item.text, None) if item is not None else None

    def past_the_end(self, q: Question, citations: Citations) -> str | None:
        """The refusal for an ordinal follow-up past the end of the list the chat gave ("and
        the fourth one?" after "Three reasons: …"), quoting the corpus's list when found."""
        k = q.ordinal or 0
        listed = beyond.short_answer_list(q.previous_answer, k, q.previous_question)
        if listed is None:
            return None
        n, noun, items = listed
        if noun == "items":  # a list the chat numbered: the noun the follow-up asks for
            noun = beyond.asked_noun(q.text) or noun
        ev = self.a.gather(analyse(q.previous_question, [], self.a.lexicon))
        quoted = beyond.corpus_list(
            [Picked(c.chunk, c.index, c.text, c.prob) for c in ev.ranked],
            k,
            frozenset(stems(noun)),
            order=self.a.order,
            facts=self.a.facts,
            limit=self.a.settings.list_scan_chunks,
            count=n,
        )
        short = beyond.ShortList(n, noun, k, quoted or [], items)
        return beyond.refusal(self.a.scope, short, citations)

    def past_the_list(self, ev: Evidence, citations: Citations) -> str | None:
        """The refusal for a question asking for an item past the end of the list its best
        candidates make ("what's the fifth recommendation?" of a text making four)."""
        asked = None if ev.q.ordinal is not None else beyond.asked_position(ev.q.text)
        if asked is None:
            return None
        k, nouns = asked
        quoted = beyond.corpus_list(
            [Picked(c.chunk, c.index, c.text, c.prob) for c in ev.ranked],
            k,
            nouns,
            order=self.a.order,
            facts=self.a.facts,
            limit=self.a.settings.list_scan_chunks,
            words=frozenset(t.stem for t in ev.q.own_terms) - nouns,
        )
        anchor = self.a.facts(quoted[0].chunk, quoted[0].index).anchor if quoted else None
        if quoted is None or anchor is None:
            return None
        noun = beyond.announced_noun(quoted[0].text, anchor[0])
        short = beyond.ShortList(anchor[0], noun, k, quoted, [])
        return beyond.refusal(self.a.scope, short, citations)

    @staticmethod
    def _takes_up(s: Picked, listing: Picked, item: str) -> bool:
        """Does ``s`` take up an item of the list ``listing`` again: in a later passage of
        its document, with a third of the item's words in it and the sentences around it?"""
        if s.chunk.doc_id != listing.chunk.doc_id or s.chunk.char_start <= (
            listing.chunk.char_start
        ):
            return False  # the list's own passage goes on about all its items together
        words = stems(item)
        texts = s.chunk.sentence_texts()
        near = stems(" ".join(texts[max(0, s.index - 1) : s.index + 2]))
        return bool(words) and 3 * len(words & near) >= len(words)

    def about_item(self, q: Question, said: str) -> Question:
        """The question with the item in place of its ordinal, the item's words weighing as
        context and the question's own words as what is asked."""
        asked = stems(ORDINAL_REF.sub(" ", q.text))
        about = self.a.analyse(substitute_ordinal(q.text, said), [])
        for t in about.terms:
            if t.stem not in asked:
                t.context = True
        return about

    def answers(self, ev: Evidence, within: Sequence[tuple[Chunk, int]]) -> bool:
        """Does the item's own passage answer a question about it? Yes when it holds the kind
        of detail asked for (a figure for "how big is the third?"; any sentence when nothing
        in particular is asked); those sentences then lead."""
        span = {(c.id, i) for c, i in within}
        mine = [c for c in ev.ranked if c.key in span]
        wanted = expected_type(ev.q)
        typed = [c for c in mine if c.features["type_match"] > 0 and not _numbering_only(c.text)]
        if typed or wanted not in (None, "person", "org", "name"):
            # the kind of detail asked for, where the passage has it; a figure, date or place
            # it lacks is not made up from another sentence ("who" is let through: a team
            # or an office that runs something is a name the type check may not see)
            mine = typed
        elif self.opens_item(*within[0]):
            # the item's opening sentence ("A third type … involves X") mostly restates what
            # the chat said: it answers an open question only when nothing after it does
            opening = (within[0][0].id, within[0][1])
            mine.sort(key=lambda c: c.key == opening)
        if not mine:
            return False
        ev.ranked = mine
        return True

    def locate(
        self,
        said: str,
        previous_question: str,
        k: int,
        exclude: frozenset[tuple[str, int]] = frozenset(),
    ) -> Picked | None:
        """Where the corpus says an item the chat gave in its own words ("a political risk
        of unilateral measures"): the best sentence for it within what the previous question
        was about (``exclude``: sentences not to consider), moved back to the sentence
        opening that item ("A third risk is political.") when one does just before it."""
        probe = analyse(said, [], self.a.lexicon)
        seen = {t.stem for t in probe.terms}
        for t in analyse(previous_question, [], self.a.lexicon).terms:
            if t.stem not in seen:
                t.context = True
                probe.terms.append(t)
        probe.query = f"{said} {previous_question}"
        ranked = self.a.gather(probe, exclude).ranked
        # an item is said in the text's own words; an endnote naming it in a source's title
        # ("… Tenders with Supply-Security Criteria") only when the text never says it
        ranked = [c for c in ranked if c.chunk.kind != "endnote"] or ranked
        if not ranked:
            return None
        best = ranked[0]
        prob = best.prob
        opening = self._item_opening(said, k, ranked, best.chunk.doc_id)
        if opening is not None:
            # the sentence opening item k of a list in the item's own words ("The second
            # obstacle is money."), however a short item's words rank it (or whether the
            # search for them reaches its passage at all)
            return Picked(opening[0], opening[1], opening[0].sentence_texts()[opening[1]], prob)
        for c in ranked[:5]:
            # the list's own item sentence, when it is nearly as good a match
            if self.item_number(c.chunk, c.index) == k and c.prob >= (
                self.a.settings.switch_share * best.prob
            ):
                best = c
                break
        chunk, index = best.chunk, best.index
        for j in range(index, max(-1, index - 4), -1):
            ordinal = self.item_number(chunk, j)
            if ordinal is None:
                continue
            if ordinal == k or (k == -1 and ordinal == 99):
                index = j
            elif ordinal != 99:
                # inside another item of the corpus's own list: that list's item k is meant
                item = Picked(chunk, j, chunk.sentence_texts()[j], best.prob)
                scan = self.a.settings.list_scan_chunks
                sibling = kth_item(k, [item], self.a.order, self.a.facts, scan)
                if sibling is not None:
                    return sibling
            break
        return Picked(chunk, index, chunk.sentence_texts()[index], best.prob)

    def _item_opening(
        self, said: str, k: int, ranked: Sequence[Candidate], doc_id: str
    ) -> tuple[Chunk, int] | None:
        """A sentence of document ``doc_id`` opening item ``k`` of a list ("The second
        obstacle is money.", "2. Money.") that holds every word of the item the chat gave:
        among the best ``item_scan`` candidates, else among the passages holding the item's
        rarest word (the search for a one-word item may not reach them)."""
        words = stems(said)
        if not words or k < 1:
            return None
        for c in ranked[: self.a.settings.item_scan]:
            if (
                c.chunk.doc_id == doc_id
                and words <= stems(c.text)
                and self.item_number(c.chunk, c.index) == k
            ):
                return c.chunk, c.index
        lexicon = self.a.lexicon
        keys = [w for w in fold(said).split() if w in lexicon.postings]
        if not keys:
            return None
        rarest = min(keys, key=lambda w: len(lexicon.postings[w]))
        for i in lexicon.postings[rarest].tolist()[: self.a.settings.item_scan]:
            chunk = self.a.chunks[i]
            if chunk.doc_id != doc_id or chunk.kind != "body":
                continue
            for j, text in enumerate(chunk.sentence_texts()):
                if words <= stems(text) and self.item_number(chunk, j) == k:
                    return chunk, j
        return None

    def span(self, item: Picked) -> list[tuple[Chunk, int]]:
        """The sentences that belong to a list item: from its opening sentence up to the
        next item, over at most two passages (an explanation may run past a chunk break);
        for a sentence found from the chat's paraphrase, its neighbours in the passage too."""
        opening = self.opens_item(item.chunk, item.index)
        start = item.index if opening else max(0, item.index - 2)
        span = [(item.chunk, i) for i in range(start, item.index + 1)]
        if not opening:
            span.insert(0, span.pop())  # the sentence found first: it stands for the item
        for chunk, i, _ in self.a.order.after(item.chunk, item.index, 2):
            if self.opens_item(chunk, i) or (not opening and len(span) > 6):
                break
            span.append((chunk, i))
        return span

    def opens_item(self, chunk: Chunk, index: int) -> bool:
        """Does this sentence open a list item ("A second reason…", "Finally…", "3. …")?"""
        return self.item_number(chunk, index) is not None

    def item_number(self, chunk: Chunk, index: int) -> int | None:
        """The item a sentence opens: 2 for "A second reason…" or "2. …", 99 for "Finally…"."""
        ordinal = self.a.facts(chunk, index).ordinal
        if ordinal is not None:
            return ordinal
        m = _NUMBERED.match(chunk.sentence_texts()[index])
        return int(m.group(1)) if m else None
