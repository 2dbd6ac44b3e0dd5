"""The grounded answerer: question analysis → evidence → calibrated decision → composition.

Every answer is built from the corpus's own sentences. The answerer retrieves passages
(hybrid), measures each of their sentences against the question (meaning, the question's
words after alias and place expansion, whether the kind of detail asked for sits next to the
noun asked about), scores them with the fitted sentence model, and lets the fitted question
model decide whether the corpus answers at all. A question naming something the corpus never
mentions is refused; a near miss is refused with the closest thing the corpus does say.
"""

from __future__ import annotations

import re
import time
from functools import cached_property
from typing import TYPE_CHECKING

from briefing_bot.answering import amounts
from briefing_bot.answering import compose as cmp
from briefing_bot.answering import numbers as num
from briefing_bot.answering.amounts import no_amount
from briefing_bot.answering.analysis import (
    Question,
    analyse,
    read_places,
    split_parts,
)
from briefing_bot.answering.backend import Backend
from briefing_bot.answering.beside import quote_sources
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.contributors import asks_contributors, contributor_lines
from briefing_bot.answering.conversation import ItemFollowups
from briefing_bot.answering.decision import Calibration, Logistic, hard_refusal
from briefing_bot.answering.evidence import (
    Candidate,
    SentenceFacts,
    candidates,
    expected_type,
)
from briefing_bot.answering.extremes import reversed_superlative, table_extreme
from briefing_bot.answering.followups import (
    asks_more_than_the_item,
    substitute_ordinal,
)
from briefing_bot.answering.lexicon import Lexicon, fold
from briefing_bot.answering.lists import DocumentOrder
from briefing_bot.answering.mismatch import (
    about_elsewhere,
    place_elsewhere,
    places_never_named,
    refusal,
)
from briefing_bot.answering.periods import year_elsewhere
from briefing_bot.answering.question_features import question_features
from briefing_bot.answering.selection import select, without_added_directives
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.smalltalk import creative_request, small_talk, strip_chatter
from briefing_bot.answering.smalltalk import reply as small_talk_reply
from briefing_bot.answering.spelling import Speller, read_as
from briefing_bot.answering.synonyms import WordMeaning, word_meaning
from briefing_bot.answering.tables import (
    ChunkRoles,
    SentenceFactsCache,
    SentenceLookup,
    all_facts,
    chunk_lookup,
    chunk_roles,
    corpus_table,
    document_order,
)
from briefing_bot.answering.types import _CONTROL, Answer, Answerer, History, clean_question
from briefing_bot.answering.wording import asks_own_date
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import Passage, tokenize
from briefing_bot.text import restore_apostrophes

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

# words of "when was this release published / issued / dated?" that name no topic of their own
_ISSUE_WORDS = frozenset(
    tokenize("release released publish published issue issued date dated come came out update")
)


# an authorship question about every document of a corpus: "who wrote the two memos?", "who
# are the authors of these papers?", "who wrote each one?"
_EVERY_DOCUMENT = re.compile(
    r"\b(?:each|both|every|two|three|four|five)\b|\ball (?:the|these|of)\b"
    r"|\b(?:papers|memos|reports|articles|documents|briefs|studies|pieces|contributions)\b",
    re.IGNORECASE,
)


class Evidence:
    """What one question (part) found: ranked candidates, features, entity checks."""

    def __init__(self, q: Question, ranked: list[Candidate], missing: list[str], partial: bool):
        self.q = q
        self.ranked = ranked
        self.missing = missing  # names the corpus never mentions
        self.partial = partial  # a name the corpus has only in part
        self.features: dict[str, float] = {}
        self.p_answer = 0.0


class GroundedAnswerer:
    """Extractive, cited answers from the corpus's own sentences; see the module docstring.

    Args:
        assistant: The open assistant (index, retriever, embeddings).
        settings: Sizes and windows (:class:`AnswerSettings`); the defaults otherwise.
        calibration: The fitted models; by default ``calibration.json`` of this package.
    """

    def __init__(
        self,
        assistant: Backend,
        settings: AnswerSettings | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.bot = assistant
        self.settings = settings or AnswerSettings()
        self.calibration = calibration or Calibration.load()
        self.retriever = assistant.retriever
        self.chunks = assistant.index.chunks
        self.documents = assistant.index.documents
        # Opening reads tables built once per index version and kept beside it
        # (answering/tables.py): nothing here runs per chunk or per sentence.
        index = assistant.index
        self.lexicon = corpus_table(index, "answering-lexicon", self._lexicon)
        roles: ChunkRoles = corpus_table(
            index, "answering-roles", lambda: chunk_roles(self.chunks, self.documents)
        )
        chunk_of = chunk_lookup(index)
        self._chunk_of = chunk_of
        self.scope = cmp.scope_name(self.documents)
        self.kinds = roles.kinds  # endnote chunks: note or citation; any other: its own kind
        self.about = [c for c in map(chunk_of, roles.about) if c is not None]
        # where each abbreviation is spelled out first: "what does X stand for?" is answered
        # there even when the question's few words retrieve other passages
        self.defined_in: dict[str, Chunk] = {
            key: c for key, cid in roles.defined_in.items() if (c := chunk_of(cid)) is not None
        }
        # a corpus with a cited work in it (fetch-sources): answers quote it beside the claim
        self._has_sources = len(self.documents) > 1
        # sentence features: a small corpus's all loaded, a larger one's computed when a
        # question reaches them (the most recent kept)
        limit = self.settings.preload_sentence_limit
        count = getattr(index, "sentence_count", None)
        total = count() if callable(count) else sum(len(c.sentences) for c in self.chunks)
        small = total <= limit
        self._facts = SentenceFactsCache(
            self.lexicon,
            chunk_of,
            size=limit,
            preloaded=corpus_table(index, "answering-facts", self._all_facts) if small else None,
        )
        # sentence vectors: views of the memory-mapped companion matrix
        self._vectors: dict[str, np.ndarray] = index.sentence_vectors(self.chunks) if small else {}

    def _lexicon(self) -> Lexicon:
        return Lexicon(self.chunks)

    def _all_facts(self) -> dict[tuple[str, int], SentenceFacts]:
        return all_facts(self.chunks, self.lexicon)

    @cached_property
    def meaning(self) -> WordMeaning | None:
        """Single words' closeness in meaning (the embedding model), for an asked noun the
        question writes otherwise than the text (answering/synonyms.py); None without one."""
        embeddings = getattr(self.retriever, "embeddings", None)
        return word_meaning(embeddings) if embeddings is not None else None

    @cached_property
    def speller(self) -> Speller:
        """Typing slips read as the corpus words they miss by a letter (spelling.py)."""
        return Speller(self.lexicon)

    @cached_property
    def order(self) -> DocumentOrder:
        """Each document's chunks in order, for lists (read off the index's order)."""
        return document_order(self.bot.index, self.chunks)

    @cached_property
    def sentence_index(self) -> SentenceLookup:
        """Folded sentence → (chunk, index), for ordinal follow-ups (``.get``): a lookup
        through the lexicon's postings, not a table of every sentence."""
        return SentenceLookup(self.lexicon, self.chunks)

    @cached_property
    def followups(self) -> ItemFollowups:
        """Ordinal follow-ups and the turn each question leans on (conversation.py)."""
        return ItemFollowups(self)

    @property
    def fingerprint(self) -> str:
        """Calibration and settings fingerprints: what an eval report records."""
        return f"{self.calibration.fingerprint}/{self.settings.fingerprint()}"

    def facts(self, chunk: Chunk, index: int) -> SentenceFacts:
        """One sentence's features (loaded, recently used, or computed now)."""
        return self._facts.of(chunk, index)

    def vectors(self, chunks: list[Chunk]) -> dict[str, np.ndarray]:
        missing = [c for c in chunks if c.id not in self._vectors]
        fetched = self.bot.index.sentence_vectors(missing) if missing else {}
        return {**{c.id: self._vectors[c.id] for c in chunks if c.id in self._vectors}, **fetched}

    # -- the pipeline

    def answer(self, question: str, history: History) -> Answer:
        started = time.perf_counter()
        text = clean_question(question, self.bot.settings)
        notice = None
        if len(" ".join(_CONTROL.sub(" ", str(question)).split())) > len(text):
            notice = f"question truncated to {self.bot.settings.max_question_chars} characters"
        history = history if isinstance(history, list | tuple) else []
        # "quick question: …", "can you tell me whats …", "… thanks!"
        asked = strip_chatter(restore_apostrophes(text))
        chat = small_talk(text) or small_talk(asked)
        chat = chat or ("creative" if creative_request(asked) else None)
        if chat is not None:
            # "thanks, that's helpful!", "hi there", "write me a haiku": nothing to answer
            # from the documents, and nothing claimed from them (an abstention)
            answer = Answer(
                question=text,
                text=small_talk_reply(chat, self.scope),
                citations=[],
                abstained=True,
                notice=notice,
                calibration=self.fingerprint,
            )
            answer.seconds = time.perf_counter() - started
            return answer
        if self.settings.correct_slips:
            asked, slips = self.speller.correct(asked)
            if slips:
                notice = "; ".join(n for n in (notice, read_as(slips)) if n)
            # a follow-up ("and in 2024?") takes its words from the turn before: read alike
            history = [self._respelled(turn) for turn in history]
        if self.settings.read_places and (placed := read_places(asked, self.lexicon)[1]):
            # the question is read with the corpus's name for the place it typed otherwise
            notice = "; ".join(n for n in (notice, read_as(placed)) if n)
        parts = split_parts(asked, self.settings.max_parts)
        citations = Citations(self.documents)
        texts, abstained, notes = [], [], []
        for i, part in enumerate(parts):
            # a later part leans on the first ("who wrote X and what do they recommend?")
            turns = list(history) if i == 0 else [*history, {"role": "user", "content": parts[0]}]
            q = self.followups.analyse_turn(part, turns)
            part_text, part_abstained, part_notice = self.answer_part(q, citations)
            texts.append(part_text)
            abstained.append(part_abstained)
            if part_notice:
                notes.append(part_notice)
        answer = Answer(
            question=text,
            text=" ".join(t for t in texts if t),
            citations=citations.list(),
            abstained=all(abstained),
            notice="; ".join(n for n in [notice, *dict.fromkeys(notes)] if n) or None,
            calibration=self.fingerprint,
        )
        answer.seconds = time.perf_counter() - started
        return answer

    def _respelled(self, turn: dict[str, str]) -> dict[str, str]:
        """A user turn of the history with its slips read as corpus words (others as given)."""
        if not isinstance(turn, dict) or turn.get("role") != "user":
            return turn  # (a malformed turn is the follow-up reader's to ignore)
        content = turn.get("content")
        if not isinstance(content, str):
            return turn
        return {**turn, "content": self.speller.correct(strip_chatter(content))[0]}

    def analyse(self, text: str, history: History) -> Question:
        return analyse(
            text,
            history,
            self.lexicon,
            max_followup_terms=self.settings.followup_max_terms,
            places=self.settings.read_places,
            lower_names=self.settings.lower_case_names,
        )

    def gather(
        self,
        q: Question,
        exclude: frozenset[tuple[str, int]] = frozenset(),
        within: Sequence[tuple[Chunk, int]] = (),
    ) -> Evidence:
        """Retrieve, extract and score the candidate sentences of one question. ``within``:
        sentences the question is about (a list item's own text), searched and ranked first."""
        qvec = self.retriever.embed_query(q.query)
        passages = self.retriever.search(q.query, self.settings.candidate_passages, vector=qvec)
        if within:
            seen = {p.chunk.id for p in passages}
            for part, _ in within:
                if part.id not in seen:
                    passages.append(Passage(part, 0.0, rank=len(passages) + 1))
                    seen.add(part.id)
        if q.kind == "authorship" or (q.kind == "date" and asks_own_date(q.text)):
            seen = {p.chunk.id for p in passages}
            passages += [
                Passage(c, 0.0, rank=len(passages) + 1) for c in self.about if c.id not in seen
            ]
        # "what does Sandvik recommend?": the passages whose "He recommends …" is about a
        # person the question names (coref.py), which name nobody for the search to find;
        # each ranks as the passage of its section the search found, which it continues
        seen = {p.chunk.id for p in passages}
        found_in: dict[tuple[str, tuple[str, ...]], int] = {}
        for p in passages:
            found_in.setdefault((p.chunk.doc_id, p.chunk.section_path), p.rank)
        for chunk_id in self.lexicon.passages_about(q.terms)[: self.settings.person_passages]:
            chunk = self._chunk_of(chunk_id) if chunk_id not in seen else None
            if chunk is not None:
                rank = found_in.get((chunk.doc_id, chunk.section_path), len(passages) + 1)
                passages.append(Passage(chunk, 0.0, rank=rank))
                seen.add(chunk_id)
        # a figure the question quotes, stated in few passages: those passages rank first,
        # wherever the search ranked them (one number among its words scores little)
        found_by_id = {p.chunk.id: p for p in passages}
        for number in q.numbers:
            stating = self.lexicon.passages_stating(number)
            if not num.quoted_figure(number) or len(stating) > self.settings.figure_passages:
                continue
            for rank, row in enumerate(stating, start=1):
                chunk = self.chunks[row]
                if chunk.id in found_by_id:
                    found_by_id[chunk.id].rank = min(found_by_id[chunk.id].rank, rank)
                else:
                    found_by_id[chunk.id] = Passage(chunk, 0.0, rank=rank)
                    passages.append(found_by_id[chunk.id])
                    seen.add(chunk.id)
        if q.kind == "definition":
            seen = {p.chunk.id for p in passages}
            for name in q.entities:
                key = fold(name).removesuffix("s")
                chunk = self.defined_in.get(key) if key in self.lexicon.alias_by_short else None
                if chunk is not None and chunk.id not in seen:
                    passages.append(Passage(chunk, 0.0, rank=len(passages) + 1))
                    seen.add(chunk.id)
        found = candidates(
            q,
            passages,
            self.vectors([p.chunk for p in passages]),
            qvec,
            lexicon=self.lexicon,
            facts=self._facts,
            kinds=self.kinds,
            settings=self.settings,
            meaning=self.meaning,
        )
        found = [c for c in found if c.key not in exclude]
        preferred = {(c.id, i) for c, i in within}

        def order(model: Logistic) -> None:
            for c in found:
                c.prob = model.probability(c.features)
            found.sort(key=lambda c: (c.key not in preferred, -c.prob, c.rank, c.index))

        order(self.calibration.sentence)
        statuses = {name: self.lexicon.entity_status(name) for name in q.entities}
        missing = [n for n, s in statuses.items() if s == "unknown"]
        ev = Evidence(q, found, missing, any(s == "partial" for s in statuses.values()))
        ev.features = question_features(
            q,
            found,
            self.lexicon,
            partial_entity=ev.partial,
            missing=missing,
            top_n=self.settings.type_support_top,
            cover_support=self.settings.figure_cover,
            measure_window=self.settings.measure_window,
        )
        ev.p_answer = self.calibration.question.probability(ev.features) if found else 0.0
        ranker = self.calibration.ranker
        if ranker is not None:
            # the decision above read the pooled model; what is quoted follows the model
            # fitted to rank one question's candidates (answering/listwise.py)
            order(ranker)
        return ev

    def answer_part(self, q: Question, citations: Citations) -> tuple[str, bool, str | None]:
        """(text, abstained, notice) of one question or part, citing into ``citations``."""
        exclude: frozenset[tuple[str, int]] = frozenset()
        within: list[tuple[Chunk, int]] = []
        if q.ordinal is not None:
            past = self.followups.past_the_end(q, citations)
            if past is not None:
                return past, True, None
            resolved = self.followups.resolve(q)
            if resolved is not None:
                item, said, listed = resolved
                if item is not None and not asks_more_than_the_item(q):
                    return self._compose(q, self._with_elaboration(item), citations)
                # the question asked about the item itself ("the third one - has it happened
                # before?" → "… a political risk … - has it happened before?"), the item's
                # words as its context, answered from the item's own passage
                if item is None:
                    # an entry of a list sentence, without a passage of its own: the
                    # question about the entry, asked as it stands
                    q = self.analyse(substitute_ordinal(q.text, said), [])
                    if listed is not None and expected_type(q) is None:
                        # the list the chat already gave; a figure or a name asked of the
                        # entry may stand beside it there ("… Japan pledged $130 million")
                        exclude = frozenset({listed.key})
                else:
                    q = self.followups.about_item(q, said)
                    within = self.followups.span(item)
        if not q.followup and self.settings.contributors and asks_contributors(q.text):
            # "who are the authors of the papers in this issue?": the sentences presenting
            # each contribution, one per contributor (contributors.py)
            lexicon = self.lexicon
            lines = contributor_lines(
                self.chunks, lexicon.persons, mentions=lexicon.mentions_person
            )
            if len(lines) >= 2:
                return self._compose(q, lines, citations)
        if q.kind == "authorship" and not q.followup and self.about and not self._topic(q):
            if len(self.about) > 1 and _EVERY_DOCUMENT.search(q.text):
                # "who wrote the two memos?": each document's byline, in corpus order
                bylines = [lines[0] for c in self.about if (lines := self._about_lines_of(c))]
                return self._compose(q, bylines, citations)
            # "who wrote this?": the byline and author note of the document itself
            return self._compose(q, self._about_lines(q), citations)
        if q.kind == "date" and not q.followup and self.about and asks_own_date(q.text):
            # "when was this release published?": the date line of the document's own About
            # passage (its series line or byline), when the question names nothing else
            dated = [
                p
                for p in self._about_lines(q)
                if num.has_full_date(p.text) or num.has_month(p.text)
            ]
            if dated and not set(self._topic(q)) - _ISSUE_WORDS:
                return self._compose(q, dated, citations)
        ev = self.gather(q, exclude, within)
        if not ev.ranked:
            return cmp.refusal(self.scope), True, None
        past = self.followups.past_the_list(ev, citations)
        if past is not None:
            return past, True, None  # "the fifth recommendation" of a text making four
        nearest = self._nearest(ev)
        extreme = table_extreme(q.text, ev.ranked, self.chunks)
        if extreme is not None:
            # "which country had the biggest rise?": every row of the table compared
            text, _, notice = self._compose(q, extreme.rows, citations)
            return f"{extreme.lead} {text}", False, notice
        if within and self.followups.answers(ev, within):
            return self._compose(q, self._select(ev), citations)
        # a name the corpus never mentions weighs in the fitted decision (entity_unknown), it
        # does not refuse on its own: "the NSAs" may be the text's "national security advisors"
        refuse = hard_refusal(
            ev, self.settings.near_miss_min_cosine, strict_below=self.settings.strict_gap_below
        )
        # a country the corpus never names in any spelling, however asked (mismatch.py)
        never = places_never_named(q, self.lexicon)
        if refuse or never or ev.p_answer < self.calibration.question.threshold:
            return self._refuse(ev, nearest, citations, missing=ev.missing or never)
        chosen = self._select(ev)
        # what would be quoted is about another place than the one asked, or is the author
        # note found for a place it names (mismatch.py)
        elsewhere = (
            None if q.followup else place_elsewhere(q.text, chosen, self.lexicon, self.facts)
        ) or about_elsewhere(q, chosen, self.lexicon)
        # ... or about another year than the one asked (periods.py)
        elsewhere = elsewhere or year_elsewhere(q, chosen)
        if elsewhere is not None:
            return refusal(self.scope, elsewhere, citations), True, None
        # ... or it names the opposite extreme: "the deadliest" for "the fewest deaths"
        opposite = None if q.followup else reversed_superlative(q.text, chosen[0].text)
        if opposite is not None:
            cit = citations.cite(chosen[0])
            quote = f"“{cmp.answer_sentence(chosen[0].text, chosen[0].chunk)}” [{cit.number}]"
            lead = self.scope[:1].upper() + self.scope[1:]
            return (
                f"{lead} doesn't say which is the {opposite[0]}; the closest it says "
                f"({cit.locator}) names the {opposite[1]}: {quote}",
                True,
                None,
            )
        # a sum of money asked, none quoted (amounts.py)
        nearest_sum = no_amount(q, chosen)
        if nearest_sum is not None:
            return amounts.refusal(self.scope, nearest_sum, citations), True, None
        return self._compose(q, chosen, citations)

    def _topic(self, q: Question) -> list[str]:
        """The question's own words the corpus knows, beyond "this paper/document"."""
        generic = set(
            tokenize(
                "paper document article introduction text memo report volume this each both all "
                "every two three four five author"
            )
        )
        return [
            t.stem
            for t in q.own_terms
            if t.stem not in generic
            and not t.stem.startswith("num:")  # "the two memos"
            and t.known_to(self.lexicon)
        ]

    def _about_lines(self, q: Question) -> list[Picked]:
        """The lines of the document's About passage below its title (the passage's first
        line; a long About passage is cut in two chunks, and only the first starts with it)."""
        return self._about_lines_of(self._about_for(q))

    @staticmethod
    def _about_lines_of(about: Chunk) -> list[Picked]:
        return [
            Picked(about, i, t, 1.0)
            for i, t in enumerate(about.sentence_texts())
            if i or about.para_start
        ]

    def _about_for(self, q: Question) -> Chunk:
        if len(self.about) == 1:
            return self.about[0]
        passages = self.retriever.search(q.query, self.settings.candidate_passages)
        docs = [p.chunk.doc_id for p in passages]
        return next((c for d in docs for c in self.about if c.doc_id == d), self.about[0])

    def _refuse(
        self,
        ev: Evidence,
        nearest: Picked | None,
        citations: Citations,
        missing: list[str] | None = None,
    ) -> tuple[str, bool, str | None]:
        text = cmp.refusal(
            self.scope,
            missing=missing or [],
            wanted=expected_type(ev.q) if ev.features.get("strict_gap", 0.0) >= 1.0 else None,
            asked=ev.q.asked,
            nearest=nearest,
            citations=citations,
        )
        return text, True, None

    def _nearest(self, ev: Evidence) -> Picked | None:
        for c in ev.ranked:
            if (
                c.kind not in ("citation",)
                and c.features["dense"] >= self.settings.near_miss_min_cosine
            ):
                return Picked(c.chunk, c.index, c.text, c.prob)
        return None

    # -- selection

    def _select(self, ev: Evidence) -> list[Picked]:
        picked = select(
            ev.q,
            ev.ranked,
            settings=self.settings,
            sentence_threshold=(self.calibration.ranker or self.calibration.sentence).threshold,
            lexicon=self.lexicon,
            order=self.order,
            facts=self.facts,
            several_documents=len(self.documents) > 1,
        )
        return without_added_directives(picked, ev.ranked)

    def _with_elaboration(self, item: Picked, most: int = 2) -> list[Picked]:
        """An item ("A second reason is the decision-making rules.") and the sentences of its
        paragraph that explain it, up to the next item."""
        out = [item]
        texts = item.chunk.sentence_texts()
        for i in range(item.index + 1, min(len(texts), item.index + 1 + most)):
            if self.followups.opens_item(item.chunk, i):
                break
            out.append(Picked(item.chunk, i, texts[i], item.score))
        return out

    # -- composition

    def _compose(
        self, q: Question, chosen: list[Picked], citations: Citations
    ) -> tuple[str, bool, str | None]:
        parts: list[str] = []
        notice = None
        wanted = expected_type(q)
        terms = {t.stem for t in q.terms}
        for s in chosen:
            text = cmp.answer_sentence(s.text, s.chunk)
            cut = False
            if s.chunk.kind == "body":
                text, cut = cmp.trim(
                    text,
                    wanted,
                    terms,
                    self.settings.pointed_max_words,
                    self.lexicon.mentions_person,
                )
            if text in citations.said:
                # a later part never repeats what an earlier part said ("who gave this
                # speech and where?": the byline answers both); with nothing new, nothing
                continue
            citations.said.add(text)
            if cut:
                notice = "a long sentence was shortened to the part that answers (…)"
            cit = citations.cite(s)
            parts.append(f"{text} [{cit.number}]")
        if q.kind == "source":
            parts.extend(cmp.source_sentences(citations, chosen, self.chunks))
        if self._has_sources:
            parts.extend(
                quote_sources(
                    chosen,
                    citations,
                    documents=self.documents,
                    chunks=self.chunks,
                    embed=self.retriever.embed_query,
                    vectors=self.vectors,
                    min_score=self.settings.source_match_min,
                )
            )
        return " ".join(parts), False, notice


def make_answerer(assistant: Backend) -> Answerer:
    """The answerer the settings ask for (grounded unless ``answerer='generative'``)."""
    if assistant.settings.answerer == "generative":
        from briefing_bot.answering.generative import GenerativeAnswerer

        return GenerativeAnswerer(assistant, GroundedAnswerer(assistant))
    return GroundedAnswerer(assistant)
