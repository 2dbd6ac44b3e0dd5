"""Answers with citations: the grounded (extractive) answerer and the shared answer types.

The grounded answerer builds every answer from the corpus's own sentences. It retrieves
passages (hybrid), scores each of their sentences against the question (meaning + the
question's rare words), leads with the sentence that answers, adds only sentences that add
(a whole enumerated list when one is asked for), and cites each sentence's passage. When the
best evidence is weak, or the question names something the corpus never mentions, it says so
and points to the nearest passage instead of presenting it as the answer.
"""

from __future__ import annotations

import html
import math
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing_bot.answering.types import (
    _CONTROL,
    Answer,
    Answerer,
    Citation,
    EndnoteRef,
    History,
    _shorten,
    clean_question,
)
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import STOPWORDS, Passage, tokenize

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.assistant import Assistant

# ---------------------------------------------------------------------------------------------
# Questions


_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
    "6": 6,
    "7": 7,
    "8": 8,
    "9": 9,
    "10": 10,
}
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]
_ORDINAL_START = re.compile(
    r"^(?:(?:the|a|an)\s+)?(" + "|".join(_ORDINALS) + r")\b[\s,]", re.IGNORECASE
)
_FOLLOWUP_START = re.compile(
    r"^(?:and|also|what about|how about|and what about|what of|same for|then|so)\b", re.IGNORECASE
)
_PRONOUN = re.compile(
    r"\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her|him|the paper|the author|"
    r"the authors|this one|that one)\b",
    re.IGNORECASE,
)
_WH = re.compile(r"^(?:who|what|which|when|where|why|how|is|are|does|do|did|can|name|list)\b", re.I)


@dataclass
class Question:
    text: str  # as asked (cleaned)
    query: str  # what is searched: the question, resolved against the history
    kind: str  # who | when | number | list | definition | source | general
    count: int | None  # "the four types" → 4
    terms: list[str]  # content-word stems of the question itself
    context_terms: list[str]  # stems contributed by the history only
    names: list[str]  # capitalised names/acronyms/phrases the question mentions


_KINDS: list[tuple[str, str]] = [
    # (kind, pattern) in order of precedence; patterns see the lower-cased question
    (
        "source",
        r"\b(?:source|sources|cite|cites|cited|citation|endnote|footnote|reference|"
        r"publish|published|publisher|based on)\b"
        r"|\b(?:backs?|backed|supports?|supported|substantiates?)\s+(?:up\s+)?(?:the|this|that)\s+"
        r"(?:claim|statement|figure|assertion|number|estimate)\b"
        r"|\bevidence (?:for|behind) (?:the|this|that) (?:claim|statement|figure)\b"
        r"|\b(?:come|comes|came) from\b|\boriginates?\b|\bthe note (?:on|about|to)\b",
    ),
    (
        "name",
        r"\b(?:what|which) (?:is|are|was|were) the names? of\b|\bwhat (?:is|was) .{0,40} called\b",
    ),
    (
        "org",
        r"\b(?:what|which) (?:institution|organi[sz]ation|university|think tank|company|"
        r"agency|employer)\b|\baffiliat|\bwork(?:s|ed)? for\b",
    ),
    (
        "where",
        r"^where\b.{0,80}\b(?:located|based|held|built|headquartered|situated)\b|^where in\b",
    ),
    (
        "who",
        r"^(?:who|whose|whom)\b|\b(?:which|what) (?:author|authors|scholar|scholars|researcher|"
        r"writer|person|people)\b|\bwritten by\b|\bwho\b",
    ),
    (
        "when",
        r"^(?:when|in what year|what year|in which year|what date|on what date|in which month|"
        r"in what month|which month|what month)\b",
    ),
    (
        "number",
        r"\bhow (?:much|many|large|big|long)\b|\bwhat (?:percentage|share|proportion|amount|"
        r"sum|number|figure|value)\b",
    ),
    (
        "list",
        r"\b(?:what|which) (?:are|were) (?:the )?(?:\w+ ){0,3}(?:areas|types|factors|"
        r"fields|sectors|categories|kinds|ways|steps|elements|components|technologies|"
        r"projects|domains|priorities|recommendations|challenges|mechanisms|strategies)\b|"
        r"\blist\b|\bname (?:the|all)\b|\benumerate\b",
    ),
    (
        "definition",
        r"^(?:what (?:is|are|does|do)\b.{0,60}\b(?:mean|means|stand for|refer to)\b|"
        r"define\b|what is meant by\b|what(?:'s| is| are) (?:an? |the )?[\w\-]+\??$)"
        r"|\b(?:define|defines|defined|definition|meaning|stands? for)\b",
    ),
    ("why", r"^why\b|\bwhy (?:is|are|does|do|did|has|have|might|would)\b|\bfor what reason\b"),
    (
        "synthesis",
        r"\bacross\b|\bwhat role\b|\bhow (?:does|do|did|has|have) .{0,60}\b(?:figure|feature|"
        r"fit|change|changed|evolve|evolved|shape|shaped)\b|\bin what ways?\b|\bwhere does\b",
    ),
]
_KIND_PATTERNS = [(kind, re.compile(pattern)) for kind, pattern in _KINDS]


def _question_kind(low: str) -> str:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(low):
            return kind
    return "general"


def analyse(text: str, history: History) -> Question:
    low = text.lower()
    kind = _question_kind(low)
    count = None
    m = re.search(
        r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:\w+\s+){0,2}?"
        r"(?:types|factors|areas|kinds|categories|ways|papers|fields|sectors|steps|"
        r"elements|challenges|questions|parts|pillars|domains|technologies)\b",
        low,
    )
    if m and m.group(1) in _NUMBER_WORDS:
        count = _NUMBER_WORDS[m.group(1)]
        kind = "list" if kind in ("general", "definition", "number") else kind
    terms = canonical(tokenize(text))
    if kind == "source":  # "which source supports the claim that…": the claim is the query
        terms = [t for t in terms if t not in _FRAMING] or terms
    if kind == "who":  # "who are its authors": the answer names people, not the word "author"
        terms = [t for t in terms if t not in _AUTHOR_STEMS]
    query, context_terms = text, []
    previous = [
        " ".join(str(m.get("content") or "").split())[:2000]
        for m in history
        if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str)
    ]
    previous = [p for p in previous if p]
    if previous and _is_followup(text, terms):
        prev = previous[-1]
        query = f"{text} {prev}"
        context_terms = [t for t in canonical(tokenize(prev)) if t not in terms]
    return Question(text, query, kind, count, terms, context_terms, _names(text))


_FRAMING = frozenset(
    tokenize(
        "source sources cite cites cited citation claim claims statement support supports "
        "supported back backs backed evidence reference references endnote endnotes footnote "
        "based rest rests figure"
    )
)

# Words a question uses for what the text calls otherwise ("kinds" of cooperation = "types").
_SYNONYMS = {
    tokenize(word)[0]: tokenize(canon)[0]
    for word, canon in {"kinds": "types", "categories": "types", "sorts": "types"}.items()
}


def canonical(tokens: list[str]) -> list[str]:
    return [_SYNONYMS.get(t, t) for t in tokens]


def _is_followup(text: str, terms: list[str]) -> bool:
    return bool(_FOLLOWUP_START.match(text) or _PRONOUN.search(text) or len(terms) <= 2)


_GENERIC_CAPS = frozenset(
    """who what which when where why how is are does do did can could would should will the a an
    in on of and or for to according please tell give list name describe explain summarize
    summarise compare i paper papers author authors it its this that korea korean south north
    united states us u.s. america american""".split()
)


def _names(text: str) -> list[str]:
    """Proper names, acronyms and capitalised phrases the question mentions (not its first word)."""
    words = re.findall(r"[A-Za-z][\w’'\-.&]*[\w]|[A-Za-z]", text)
    names: list[str] = []
    run: list[str] = []
    for i, word in enumerate(words):
        bare = re.sub(r"(?:['’]s)$", "", word)
        capital = (
            bare[:1].isupper() and (i > 0 or bare.isupper()) and bare.lower() not in _GENERIC_CAPS
        )
        if capital or (
            run
            and bare.lower() in ("of", "and", "for", "the", "on")
            and i + 1 < len(words)
            and words[i + 1][:1].isupper()
        ):
            run.append(bare)
        else:
            if run:
                names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    return [
        n.strip() for n in names if n.strip() and n.lower() not in ("of", "and", "for", "the", "on")
    ]


# ---------------------------------------------------------------------------------------------
# The grounded answerer


@dataclass
class _Sentence:
    chunk: Chunk
    index: int  # sentence number within the chunk
    text: str
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0
    passage_rank: int = 99

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.index)


class GroundedAnswerer:
    """Extractive answers from the corpus's own sentences; see the module docstring.

    Thresholds were set on the developers' own questions (never on the evaluation set):
    ``min_dense`` is the cosine below which a sentence is not about the question at all;
    ``min_support`` the combined score below which the corpus does not answer it.
    """

    min_dense = 0.38
    min_support = 0.45
    max_sentences = 3

    def __init__(self, assistant: Assistant) -> None:
        import numpy as np

        self._np = np
        self.bot = assistant
        self.settings = assistant.settings
        self.retriever = assistant.retriever
        self.chunks = assistant.index.chunks
        self.documents = assistant.index.documents
        # document-order neighbours, for ordinal lists that span paragraphs
        self.doc_order: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            self.doc_order.setdefault(chunk.doc_id, []).append(chunk)
        self.position = {c.id: i for cs in self.doc_order.values() for i, c in enumerate(cs)}
        # document frequencies for idf weighting of question words
        df: dict[str, int] = {}
        for chunk in self.chunks:
            for term in set(canonical(tokenize(f"{' '.join(chunk.section_path)} {chunk.text}"))):
                df[term] = df.get(term, 0) + 1
        self.df = df
        self.n_chunks = max(1, len(self.chunks))
        self.corpus_text = " ".join(
            _fold(f"{' '.join(c.section_path)} {c.text}") for c in self.chunks
        )
        # case kept: "AUKUS" + "Pillar Two" are known names even where never adjacent
        self.corpus_cased = " ".join(
            " ".join(f"{' '.join(c.section_path)} {c.text}".replace("’", "'").split())
            for c in self.chunks
        )
        self.person = _person_pattern(self.chunks)
        # endnotes that are commentary (no cited work) read like body text
        self.commentary = {
            (doc_id, int(n))
            for doc_id, doc in self.documents.items()
            for n, note in doc.get("endnotes", {}).items()
            if not note.get("sources")
        }
        # Sentence vectors were computed at index time; keep them in memory for small corpora.
        self._sentence_vectors: dict[str, np.ndarray] = {}
        # (~15 s and ~290 MB at 100k chunks, measured; fetching per question instead made a
        # 100k-chunk answer twice as slow). Larger ones fetch per question.
        if sum(len(c.sentences) for c in self.chunks) <= 200_000:
            self._sentence_vectors = assistant.index.store.sentence_vectors(self.chunks)

    # -- helpers

    def idf(self, term: str) -> float:
        return math.log(1 + self.n_chunks / (1 + self.df.get(term, 0)))

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        missing = [c for c in chunks if c.id not in self._sentence_vectors]
        fetched = self.bot.index.store.sentence_vectors(missing) if missing else {}
        if fetched and len(self._sentence_vectors) < 50_000:
            self._sentence_vectors.update(fetched)
        known = {
            c.id: self._sentence_vectors[c.id] for c in chunks if c.id in self._sentence_vectors
        }
        return {**known, **fetched}

    def unknown_names(self, names: list[str]) -> list[str]:
        """Names in the question that appear nowhere in the corpus."""
        missing = []
        parts = [p for n in names for p in re.split(r"\s+(?:and|&|or)\s+", n) if p]
        for name in parts:
            folded = _fold(name)
            if not folded or f" {folded} " in f" {self.corpus_text} ":
                continue
            words = [w for w in folded.split() if w not in STOPWORDS and w not in _GENERIC_CAPS]
            if len(words) == 1 and (
                re.search(rf"\b{re.escape(words[0])}", self.corpus_text)
                or all(t in self.df for t in tokenize(words[0]))
            ):
                continue  # one word, present as a word prefix or the same stem ("Koreans")
            if not words or self._known_parts(name):
                continue
            missing.append(name)
        return missing

    def _known_parts(self, name: str) -> bool:
        """Is a capitalised phrase made of two names the corpus has ("AUKUS" + "Pillar Two"),
        or a person the corpus names by surname ("Donald Trump" where it says "Trump")?"""
        words = name.replace("’", "'").split()
        if (
            len(words) == 2
            and not re.search(rf"\b{re.escape(words[0])}\b", self.corpus_cased)
            and re.search(rf"(?<![\w-]){re.escape(words[1])}(?![\w-])", self.corpus_cased)
            and self.person is not None
            and any(n.split()[-1] == words[1] for n in self.person.pattern.split("|"))
        ):
            return True
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            if all(
                re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", self.corpus_cased)
                for part in (left, right)
            ):
                return True
        return False

    def unknown_numbers(self, text: str) -> list[str]:
        """Figures and years in the question that the corpus never states ("2030 target")."""
        return [
            n
            for n in re.findall(r"(?<![\w.])\d[\d,.]*\d(?![\w])|(?<![\w.])\d(?![\w.])", text)
            if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", self.corpus_text)
        ]

    def _kind_of(self, chunk: Chunk) -> str:
        """'body', 'about', 'note' (commentary endnote) or 'citation' (endnote citing a work)."""
        if chunk.kind != "endnote":
            return chunk.kind
        number = int(chunk.section_path[-1].split()[-1]) if chunk.section_path else 0
        return "note" if (chunk.doc_id, number) in self.commentary else "citation"

    # -- the pipeline

    def answer(self, question: str, history: History) -> Answer:
        started = time.perf_counter()
        text = clean_question(question, self.settings)
        notice = None
        if len(" ".join(_CONTROL.sub(" ", str(question)).split())) > len(text):
            notice = f"question truncated to {self.settings.max_question_chars} characters"
        q = analyse(text, history if isinstance(history, list | tuple) else [])
        answer = self._answer(q)
        answer.notice = notice
        answer.seconds = time.perf_counter() - started
        return answer

    def _answer(self, q: Question) -> Answer:
        qvec = self.retriever.embed_query(q.query)
        passages = self.retriever.search(q.query, max(self.settings.top_k, 8), vector=qvec)
        if _AUTHORSHIP.search(q.text):
            # "who wrote it": the byline and author note live in each document's about-passage
            seen = {p.chunk.id for p in passages}
            passages += [
                Passage(c, 0.0, rank=len(passages) + 1)
                for c in self.chunks
                if c.kind == "about" and c.id not in seen
            ]
        sentences = self._score_sentences(q, qvec, passages) if passages else []
        if not sentences:
            return self._abstain(q, [])
        missing = self.unknown_names(q.names) + self.unknown_numbers(q.text)
        best = sentences[0]
        if q.kind == "source":
            best = self._source_lead(sentences)
        if missing or not self._supports(q, best):
            return self._abstain(q, sentences, missing=missing)
        if not self._has_answer_type(q, best):
            # "how much…", "when…", "who…": a sentence on the topic that holds no amount, date
            # or name does not answer; a close one that does may
            typed = next(
                (
                    s
                    for s in sentences[1:8]
                    if self._has_answer_type(q, s)
                    and s.score >= 0.8 * best.score
                    and self._supports(q, s)
                ),
                None,
            )
            if typed is None:
                return self._abstain(q, sentences)
            sentences = [typed, *[s for s in sentences if s is not typed]]
        if q.kind == "source":
            return self._compose(q, [best])
        return self._compose(q, self._select(q, sentences))

    def _has_answer_type(self, q: Question, s: _Sentence) -> bool:
        text = s.text
        if q.kind == "number":
            if re.search(r"\b(?:percent|percentage|share|proportion)\b", q.text, re.I):
                return re.search(r"%|\bpercent\b", text) is not None
            return _QUANTITY.search(text) is not None
        if q.kind == "when":
            low = q.text.lower()
            if re.search(r"\bmonth\b", low):
                return re.search(_MONTHS, text) is not None
            if re.search(r"\b(?:date|day)\b", low):
                return re.search(rf"(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}", text) is not None
            return _DATE.search(text) is not None
        if q.kind == "who" and s.chunk.kind != "about":
            if self.person is not None and self.person.search(text):
                return True
            if self._organisations(text):  # "the Congressional Research Service"
                return True
            # "who did X" may be answered by a role ("the national security advisors");
            # "who is X" asks for an identity
            identity = re.match(r"^who (?:is|was|are|were)\b", q.text.lower())
            return not identity and _ROLE.search(text) is not None
        if q.kind == "org":
            return any(_ORG_WORD.search(o) for o in self._organisations(text))
        if q.kind == "name":
            return self._named_thing(q, text)
        if q.kind == "where":
            asked = set(_fold(q.text).split())
            return any(
                not set(_fold(o).split()) <= asked for o in self._organisations(text, places=True)
            )
        return True

    @staticmethod
    def _organisations(text: str, *, places: bool = False) -> list[str]:
        """Capitalised names in a sentence that are not just country words."""
        out = []
        for m in re.finditer(r"(?<!^)\b[A-Z][a-z]+(?: (?:of |and |for )?[A-Z][a-z]+)*", text):
            words = m.group(0).split()
            country = places and len(words) == 1 and words[0].lower() in _NOT_NAMES
            named = len(words) >= 2 and not all(w.lower() in _NOT_NAMES for w in words)
            if country or named:
                out.append(m.group(0))
        return out

    @staticmethod
    def _named_thing(q: Question, text: str) -> bool:
        """For "what is the name of the X": a capitalised name right beside the word X."""
        m = re.search(
            r"names? of (?:the |a |an |its |their )?((?:[\w-]+\s+){0,4}?)([a-z][\w-]+?)s?\b"
            r"(?:\s+(?:that|which|who|mentioned|used|in|of|was|were)\b|\?|$)",
            q.text.lower(),
        )
        if not m:
            return True
        head = m.group(2)
        for hit in re.finditer(rf"\b{re.escape(head)}s?\b", text, re.I):
            window = text[max(0, hit.start() - 40) : hit.end() + 40]
            for name in re.findall(
                r"\b[A-Z][\w-]*[A-Z0-9][\w-]*\b|\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b|“[^”]+”", window
            ):
                if name.lower() not in q.text.lower():
                    return True
        return False

    def _supports(self, q: Question, s: _Sentence) -> bool:
        """Is the best sentence about the question at all? Meaning, or the question's rare
        words (acronyms, names) found together, or a byline for "who wrote it"."""
        if s.dense >= self.min_dense and s.score >= self.min_support:
            return True
        if s.chunk.kind == "about" and _AUTHORSHIP.search(q.text) and s.text.startswith("By "):
            return True
        if (
            q.kind in _TYPED
            and s.score >= 0.42
            and s.lexical >= 0.3
            and self._has_answer_type(q, s)
        ):
            return True  # the kind of detail asked for (a date, a figure, a name) is there
        return s.lexical >= 0.75 and s.dense >= 0.2

    def _score_sentences(
        self, q: Question, qvec: np.ndarray, passages: list[Passage]
    ) -> list[_Sentence]:
        np = self._np
        vectors = self.sentence_vectors([p.chunk for p in passages])
        # words the corpus never uses can't be matched; they are handled as unknown names
        weights = {t: self.idf(t) for t in q.terms if t in self.df}
        weights.update({t: 0.35 * self.idf(t) for t in q.context_terms if t in self.df})
        total = sum(weights.values()) or 1.0
        # "who wrote it?" about the document itself: no topic of its own, none from the chat
        authorship = (
            _AUTHORSHIP.search(q.text) is not None
            and not q.context_terms
            and not [t for t in q.terms if t in self.df and t not in _AUTHOR_WORDS]
        )
        out: list[_Sentence] = []
        for p in passages:
            chunk = p.chunk
            kind = self._kind_of(chunk)
            mat = vectors.get(chunk.id)
            dense = mat @ qvec if mat is not None else np.zeros(len(chunk.sentences))
            heading = set(canonical(tokenize(" ".join(chunk.section_path))))
            for i, sent in enumerate(chunk.sentence_texts()):
                toks = set(canonical(tokenize(sent)))
                if kind != "body":
                    toks |= heading
                # the section heading is context every sentence under it shares, at a discount
                lexical = (
                    sum(w for t, w in weights.items() if t in toks)
                    + 0.3 * sum(w for t, w in weights.items() if t in heading and t not in toks)
                ) / total
                s = _Sentence(chunk, i, sent, dense=float(dense[i]), lexical=lexical)
                s.passage_rank = p.rank
                s.score = 0.6 * s.dense + 0.4 * lexical + 0.04 / p.rank
                s.score += self._type_bonus(q, s, kind, authorship)
                out.append(s)
        out.sort(key=lambda s: (-s.score, s.passage_rank, s.index))
        return out

    def _type_bonus(self, q: Question, s: _Sentence, kind: str, authorship: bool) -> float:
        text = s.text
        bonus = 0.0
        publication = q.kind == "when" and _PUBLICATION.search(q.text) is not None
        if kind == "citation" and q.kind != "source" and not publication:
            bonus -= 0.12  # bibliographic notes support claims; they rarely answer a question
        if kind == "note" and q.kind == "definition":
            bonus += 0.04
        if kind == "about":
            bonus += 0.2 if authorship and text.startswith("By ") else 0.0
            bonus += 0.1 if authorship and " is " in text else 0.0
        if q.kind == "who" and self.person is not None and self.person.search(text):
            bonus += 0.1
        if q.kind == "when" and re.search(r"\b(?:19|20)\d{2}\b", text):
            bonus += 0.08
        if q.kind == "number" and re.search(
            r"\d|\b(?:dozen|hundred|thousand|million|billion)\b", text
        ):
            bonus += 0.08
        if q.kind == "definition" and re.search(
            r"\b(?:means|refers to|is defined|involves)\b|\([A-Z]{2,}\)", text
        ):
            bonus += 0.04
        for acronym in re.findall(r"\b([A-Z][A-Za-z]*[A-Z])s?\b", q.text):
            # "What are CETs?": the sentence that spells the acronym out
            if q.kind == "definition" and re.search(rf"\({re.escape(acronym)}s?\)", text):
                bonus += 0.15
        if q.kind == "why" and _CAUSAL.search(text):
            bonus += 0.06
        if (q.context_terms or q.kind == "definition") and set(
            canonical(tokenize(" ".join(text.split()[:4])))
        ) & set(q.terms):
            # "And integration?" → the sentence that is about integration
            bonus += 0.1 if q.context_terms else 0.05
        if q.kind == "list" and (
            text.count(",") + 2 * text.count(";") >= 3 or _ORDINAL_START.match(text)
        ):
            bonus += 0.04
        return bonus

    def _source_lead(self, ranked: list[_Sentence]) -> _Sentence:
        """For "which source supports…": the claim in the text when it carries an endnote
        (the endnote is added by _compose), else the best endnote itself."""
        body = next((s for s in ranked if s.chunk.kind == "body"), None)
        note = next((s for s in ranked if s.chunk.kind == "endnote"), None)
        if (
            body is not None
            and body.chunk.sentence_endnotes[body.index]
            and (note is None or body.score >= note.score - 0.1)
        ):
            return body
        return note or ranked[0]

    def _select(self, q: Question, ranked: list[_Sentence]) -> list[_Sentence]:
        best = ranked[0]
        if q.kind == "who" and self.person is not None and not self.person.search(best.text):
            # a "who" question is answered by a sentence that names someone, if one is close
            named = next((s for s in ranked[1:6] if self.person.search(s.text)), None)
            if named is not None and named.score >= 0.85 * best.score:
                best = named
                ranked = [named, *[s for s in ranked if s is not named]]
        if best.chunk.kind == "about":
            # the byline with the author note, not the title line
            about = best.chunk.sentence_texts()
            return [_Sentence(best.chunk, i, t, score=best.score) for i, t in enumerate(about) if i]
        ordinal = re.search(rf"\b({'|'.join(_ORDINALS)}|last)\b", q.text.lower())
        if ordinal and q.context_terms:
            # "What about the third one?" after a question about a list: that item
            whole = Question(q.text, q.query, "list", None, q.terms + q.context_terms, [], [])
            listed = self._ordinal_list(whole, ranked)
            if listed:
                items = listed[1:]
                k = (
                    len(items)
                    if ordinal.group(1) == "last"
                    else _ORDINALS.index(ordinal.group(1)) + 1
                )
                if k <= len(items):
                    return [items[k - 1]]
        if q.kind == "list" or q.count:
            listed = self._ordinal_list(q, ranked)
            if listed:
                return listed
        chosen = [best]
        limit = {"number": 1, "when": 1, "who": 2, "definition": 2, "why": 2, "synthesis": 4}.get(
            q.kind, self.max_sentences
        )
        if q.kind in ("list", "general") and len(q.terms) > 4:
            limit = 4
        covered = set(canonical(tokenize(best.text)))
        for s in ranked[1:]:
            if len(chosen) >= limit:
                break
            same = s.chunk.id == best.chunk.id
            floor = (0.75 if same else 0.8 if q.kind == "synthesis" else 0.86) * best.score
            if q.kind == "synthesis" and any(s.chunk.id == c.chunk.id for c in chosen):
                continue  # a synthesis draws on several passages
            if s.score < max(self.min_support, floor) or s.dense < self.min_dense:
                continue
            if s.chunk.kind == "endnote" and q.kind not in ("source", "definition"):
                continue
            if q.kind == "who" and self.person is not None and not self.person.search(s.text):
                continue
            toks = set(canonical(tokenize(s.text)))
            adds = [t for t in q.terms + q.context_terms if t in toks and t not in covered]
            asked = [t for t in q.terms if t in toks]
            if _similar(s.text, [c.text for c in chosen]):
                continue
            rare = [t for t in asked if self.idf(t) >= 2.0]
            # the next sentence of the lead's paragraph that carries the question's rare word
            # often holds the answer the lead only introduces
            next_with_rare = (
                same and rare and s.index == best.index + 1 and s.score >= 0.72 * best.score
            )
            if (
                not adds
                and not (same and asked and s.score >= 0.9 * best.score)
                and not next_with_rare
            ):
                continue
            chosen.append(s)
            covered |= toks
        # a lead that opens with an anaphor ("This", "Such") needs the sentence it refers to
        first = chosen[0]
        if first.index > 0 and re.match(r"^(?:This|These|That|Those|Such|It|They)\b", first.text):
            prev_text = first.chunk.sentence_texts()[first.index - 1]
            prev = _Sentence(first.chunk, first.index - 1, prev_text, score=first.score)
            if prev.key not in {c.key for c in chosen}:
                chosen.insert(0, prev)
        return _reading_order(chosen)

    def _ordinal_list(self, q: Question, ranked: list[_Sentence]) -> list[_Sentence] | None:
        """A "what are the four X" question: find the sentence announcing the list and the
        sentences that open with first/second/… after it, across paragraphs."""
        anchors = []
        for anchor in ranked[:8]:
            if anchor.dense < self.min_dense or anchor.chunk.kind != "body":
                continue
            m = re.search(
                r"\b(two|three|four|five|six|seven|eight|nine|ten)\s+((?:[\w-]+\s+){0,2})",
                anchor.text,
                re.I,
            )
            if not m:
                continue
            n = _NUMBER_WORDS[m.group(1).lower()]
            if q.count and n != q.count:
                continue
            # the words after the number name what is listed ("four types of…"): they should
            # be what the question asks for
            noun_match = any(t in q.terms for t in canonical(tokenize(m.group(2))))
            anchors.append((noun_match, anchor.score, anchor, n))
        for _, _, anchor, n in sorted(anchors, key=lambda a: (-a[0], -a[1])):
            items = self._following_ordinals(anchor, n)
            if items:
                return [anchor, *items]
        return None

    def _following_ordinals(self, anchor: _Sentence, n: int) -> list[_Sentence] | None:
        order = self.doc_order[anchor.chunk.doc_id]
        start = self.position[anchor.chunk.id]
        found: dict[int, _Sentence] = {}
        for chunk in order[start : start + 20]:
            if chunk.kind != "body":
                continue
            for i, sent in enumerate(chunk.sentence_texts()):
                if chunk.id == anchor.chunk.id and i <= anchor.index:
                    continue
                m = _ORDINAL_START.match(sent)
                if m:
                    k = _ORDINALS.index(m.group(1).lower()) + 1
                    if k == len(found) + 1 and k <= n:
                        found[k] = _Sentence(chunk, i, sent, score=anchor.score)
            if len(found) == n:
                return [found[k] for k in range(1, n + 1)]
        return None

    def _compose(self, q: Question, chosen: list[_Sentence]) -> Answer:
        citations: dict[str, Citation] = {}
        parts: list[str] = []
        for s in chosen:
            cit = self._cite(citations, s)
            parts.append(f"{self._trim(q, s)} [{cit.number}]")
        if q.kind == "source":
            parts.extend(self._source_sentences(citations, chosen))
        # -- side by side (briefing_bot.sources): when the work a cited sentence's endnote
        # cites is in the corpus, also cite the source's own words for the paper's claim.
        from briefing_bot.sources import matching_source_passage

        quoted = {s.key for s in chosen}  # never repeat a sentence the answer already has
        for s in chosen:
            for number in s.chunk.sentence_endnotes[s.index] if s.chunk.kind == "body" else []:
                match = matching_source_passage(self.bot, s.chunk.doc_id, number, s.text)
                if match is None or (match[0].id, match[1]) in quoted:
                    continue
                quoted.add((match[0].id, match[1]))
                said = _Sentence(match[0], match[1], match[0].sentence_texts()[match[1]])
                cit = self._cite(citations, said)
                quote = _answer_sentence(said.text, said.chunk)
                parts.append(
                    f"The cited source, {said.chunk.title}, says: “{quote}” [{cit.number}]."
                )
        # -- end side by side
        return Answer(
            question=q.text,
            text=" ".join(parts),
            citations=list(citations.values()),
            abstained=False,
        )

    def _trim(self, q: Question, s: _Sentence, max_words: int = 40) -> str:
        """A long sentence cut to the clauses that answer a pointed question (who, when, how
        much, what is X), marked with "…"; the citation still carries the whole passage."""
        text = _answer_sentence(s.text, s.chunk)
        if q.kind not in ("who", "when", "number") or s.chunk.kind != "body":
            return text
        if len(text.split()) <= max_words:
            return text
        # clause boundaries: after a comma, semicolon or dash followed by a space
        cuts = [0] + [m.end() for m in re.finditer(r"[,;—]\s+", text)] + [len(text)]
        clauses = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
        terms = set(q.terms) | set(q.context_terms)

        def target(chunk_text: str) -> bool:
            if q.kind == "who":
                return self.person is not None and bool(self.person.search(chunk_text))
            if q.kind == "number":
                return _QUANTITY.search(chunk_text) is not None
            if q.kind == "when":
                return _DATE.search(chunk_text) is not None
            return bool(terms & set(canonical(tokenize(chunk_text))))

        best: tuple[float, int, int] | None = None
        for i in range(len(clauses)):
            for j in range(i, len(clauses)):
                start, end = clauses[i][0], clauses[j][1]
                piece = text[start:end]
                if len(piece.split()) > max_words:
                    break
                if not target(piece):
                    continue
                found = terms & set(canonical(tokenize(piece)))
                value = sum(self.idf(t) for t in found) - 0.01 * len(piece.split())
                if best is None or value > best[0]:
                    best = (value, start, end)
        if best is None:
            return text
        _, start, end = best
        piece = text[start:end].rstrip(" ,;—")
        prefix = "…" if start > 0 else ""
        suffix = "" if end >= len(text) else "…"
        return f"{prefix}{piece}{suffix}"

    def _cite(self, citations: dict[str, Citation], s: _Sentence) -> Citation:
        chunk = s.chunk
        cit = citations.get(chunk.id)
        if cit is None:
            cit = Citation.for_chunk(len(citations) + 1, chunk, round(s.score, 4))
            citations[chunk.id] = cit
        span = chunk.sentences[s.index]
        if span not in cit.highlights:
            cit.highlights.append(span)
            cit.highlights.sort()
        notes = chunk.sentence_endnotes[s.index] if chunk.kind == "body" else []
        known = {e.number for e in cit.endnotes}
        for number in notes:
            ref = self.endnote(chunk.doc_id, number)
            if ref and number not in known:
                cit.endnotes.append(ref)
                known.add(number)
        return cit

    def endnote(self, doc_id: str, number: int) -> EndnoteRef | None:
        return endnote_ref(self.documents, doc_id, number)

    def _source_sentences(
        self, citations: dict[str, Citation], chosen: list[_Sentence]
    ) -> list[str]:
        """For "which source supports…": name each endnote of the cited sentences, citing the
        endnote passage itself."""
        parts = []
        cited_notes = {
            (s.chunk.doc_id, n)
            for s in chosen
            if s.chunk.kind == "body"
            for n in s.chunk.sentence_endnotes[s.index]
        }
        for doc_id, number in sorted(cited_notes):
            note_chunk = next(
                (
                    c
                    for c in self.doc_order.get(doc_id, [])
                    if c.kind == "endnote" and c.section_path[-1] == f"Note {number}"
                ),
                None,
            )
            ref = self.endnote(doc_id, number)
            if note_chunk is None or ref is None or note_chunk.id in citations:
                continue
            cit = self._cite(citations, _Sentence(note_chunk, 0, note_chunk.sentence_texts()[0]))
            if ref.title:
                parts.append(f"It rests on endnote {number}: {ref.label()} [{cit.number}].")
            else:
                parts.append(f"Endnote {number} adds: {_shorten(ref.text, 300)} [{cit.number}]")
        return parts

    def _abstain(
        self, q: Question, ranked: list[_Sentence], *, missing: Sequence[str] = ()
    ) -> Answer:
        if missing:
            names = ", ".join(f"“{m}”" for m in missing)
            lead = f"The paper doesn't cover this: it never mentions {names}."
        else:
            lead = "The paper doesn't cover this."
        citations: dict[str, Citation] = {}
        nearest = next((s for s in ranked if s.chunk.kind != "endnote"), None)
        if nearest is not None and nearest.dense >= 0.3:
            cit = self._cite(citations, nearest)
            lead += (
                f" The nearest related passage ({cit.locator}) says: "
                f"“{_answer_sentence(nearest.text, nearest.chunk)}” [{cit.number}]"
            )
        return Answer(
            question=q.text, text=lead, citations=list(citations.values()), abstained=True
        )


_QUANTITY = re.compile(
    r"(?<![\d])(?!(?:19|20)\d\d(?!\d))\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|percent|half|third|quarter|several|"
    r"multiple|many|few)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:1[89]|20)\d{2}\b|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b"
)
_TYPED = frozenset({"when", "number", "who", "org", "name"})
_PUBLICATION = re.compile(
    r"\b(?:report|statement|article|fact sheet|document|published|updated|issued|released)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|since|as a result|given|owing to|driven by|in response to|reason|"
    r"motivated by|driver)\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)
_ROLE = re.compile(
    r"\b(?:advisors?|advisers?|presidents?|ministers?|secretar(?:y|ies)|officials?|governments?|"
    r"administrations?|leaders?|authors?|companies|firms|agencies|departments?|"
    r"allies|partners|parliament|congress|military|forces)\b",
    re.IGNORECASE,
)
_ORG_WORD = re.compile(
    r"\b(?:University|Institute|Institution|Center|Centre|Council|Foundation|Service|Department|"
    r"Ministry|Agency|Office|House|Corporation|Company|Association|Academy|College|School|"
    r"Laboratory|Bank|Fund|Commission|Committee|Organization|Organisation|Forum|Group|Program|"
    r"Programme|Society|Board|Bureau)\b"
)
_AUTHORSHIP = re.compile(r"\b(?:wrote|write|writes|written|author|authors|authored|writer)\b", re.I)
_AUTHOR_WORDS = frozenset({"wrote", "write", "written", "author", "authored", "writer"})
_AUTHOR_STEMS = frozenset(tokenize(" ".join([*_AUTHOR_WORDS, "authors", "writers", "writes"])))
_NOT_NAMES = frozenset(
    """korea korean koreas china chinese japan japanese united states america american australia
    india russia europe european washington seoul beijing tokyo pacific indo asia asian north south
    east west president administration us u.s. rok prc dc of and the""".split()
)


def _person_pattern(chunks: Sequence[Chunk]) -> re.Pattern[str] | None:
    """Person names of the corpus: runs of 2–3 capitalised words none of which the corpus
    also uses in lower case ("Soyoung Kwon", not "Security Partnership")."""
    text = " ".join(c.text for c in chunks if c.kind in ("body", "about"))
    lower = set(re.findall(r"\b[a-z]+\b", text))
    names = set()
    for m in re.finditer(r"\b[A-Z][a-z]+(?:-[a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2}\b", text):
        words = m.group(0).split()
        good = [w for w in words if w.lower() not in lower and w.lower() not in _NOT_NAMES]
        # drop leading/trailing ordinary words ("So Jeong Kim" → "Jeong Kim")
        while words and words[0] not in good:
            words.pop(0)
        while words and words[-1] not in good:
            words.pop()
        if len(words) >= 2 and all(w in good for w in words):
            names.add(" ".join(words))
    if not names:
        return None
    return re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b"
    )


def endnote_ref(documents: dict[str, Any], doc_id: str, number: int) -> EndnoteRef | None:
    """Endnote ``number`` of a document, from the index's document registry."""
    note = documents.get(doc_id, {}).get("endnotes", {}).get(str(number))
    if not note:
        return None
    return EndnoteRef(
        number=number,
        title=note.get("title"),
        publisher=note.get("publisher"),
        date=note.get("date"),
        url=note.get("url"),
        text=note.get("text", ""),
        sources=list(note.get("sources") or []),
    )


def _fold(text: str) -> str:
    """Lower-case, hyphens and curly quotes folded: for 'is this name in the corpus' checks."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"['']s\b", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _similar(text: str, others: list[str]) -> bool:
    a = set(tokenize(text))
    for other in others:
        b = set(tokenize(other))
        if a and b and len(a & b) / len(a | b) > 0.6:
            return True
    return False


def _reading_order(chosen: list[_Sentence]) -> list[_Sentence]:
    lead = chosen[0]
    rest = chosen[1:]
    same = sorted([s for s in rest if s.chunk.id == lead.chunk.id], key=lambda s: s.index)
    before = [s for s in same if s.index < lead.index]
    after = [s for s in same if s.index > lead.index]
    others = [s for s in rest if s.chunk.id != lead.chunk.id]
    return [*before, lead, *after, *others]


def _answer_sentence(text: str, chunk: Chunk) -> str:
    """The sentence as it goes into the answer: URLs of endnotes dropped, one line."""
    text = " ".join(text.split())
    if chunk.kind == "about" and text.startswith("By "):
        return f"{chunk.title} is by {text[3:].rstrip('.')}."
    if chunk.kind == "endnote":
        text = re.sub(r",?\s*https?://\S+", "", text).rstrip(" ,")
        if not text.endswith("."):
            text += "."
    return text


def escape(text: str) -> str:
    """HTML-escape corpus text for display."""
    return html.escape(text, quote=True)


def make_answerer(assistant: Assistant) -> Answerer:
    """The answerer the settings ask for (grounded unless ``answerer='generative'``)."""
    if assistant.settings.answerer == "generative":
        from briefing_bot.generative import GenerativeAnswerer

        return GenerativeAnswerer(assistant, GroundedAnswerer(assistant))
    return GroundedAnswerer(assistant)
