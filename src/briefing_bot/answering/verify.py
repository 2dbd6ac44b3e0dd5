"""The verifier of generated answers: each sentence must be supported by the evidence it cites.

Locally and cheaply: rarity-weighted content-word overlap, embedding similarity with the closest
cited sentence, and every number, name and negation present in the cited text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing_bot.chunking import Chunk
from briefing_bot.corpus import split_sentences
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.embeddings import Embeddings

# ---------------------------------------------------------------------------------------------
# Verification


@dataclass
class EvidencePassage:
    """One numbered passage of the prompt, with its index-time sentence vectors."""

    number: int
    chunk: Chunk
    vectors: np.ndarray | None = None  # one row per sentence of the chunk, normalised
    shown: tuple[int, ...] | None = None  # the sentences quoted in the prompt; None: all

    def sentences(self) -> list[tuple[int, str]]:
        """(index in the chunk, text) of the sentences the model was shown."""
        texts = self.chunk.sentence_texts()
        indices = range(len(texts)) if self.shown is None else self.shown
        return [(i, texts[i]) for i in indices]

    def text(self) -> str:
        return self.chunk.text if self.shown is None else " ".join(t for _, t in self.sentences())

    def statements(self) -> list[tuple[int, str]]:
        """The shown sentences that can support a claim: not those addressed to a model
        ("ignore previous instructions…"), which are quoted but never evidence."""
        return [(i, s) for i, s in self.sentences() if not addresses_the_model(s)]

    def support_text(self) -> str:
        """Title, section and statements: where a claim's words, names and numbers must be."""
        chunk = self.chunk
        statements = " ".join(s for _, s in self.statements())
        return f"{chunk.title} {' '.join(chunk.section_path)} {statements}"


@dataclass
class SentenceCheck:
    """The verdict on one generated sentence."""

    text: str  # the sentence without its markers
    markers: list[int]  # passage numbers the model cited that exist
    removed_markers: list[int]  # cited numbers with no passage behind them
    supported_by: list[int] = field(default_factory=list)  # passages kept as its citations
    highlights: dict[int, list[int]] = field(default_factory=dict)  # passage → sentence indices
    overlap: float = 0.0
    cosine: float | None = None
    recited: bool = False  # its markers were wrong; it is cited to the evidence that holds it
    reason: str | None = None  # why it was dropped

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass
class Verification:
    """What the verifier made of one generated answer."""

    raw: str
    sentences: list[SentenceCheck]

    @property
    def kept(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if s.kept]

    @property
    def dropped(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if not s.kept]

    @property
    def kept_share(self) -> float:
        """Share of the sentences with something to check that survived."""
        checked = [s for s in self.sentences if s.reason != _TOO_SHORT]
        return len(self.kept) / len(checked) if checked else 0.0

    @property
    def removed_markers(self) -> int:
        return sum(len(s.removed_markers) for s in self.sentences)


_MARKER = re.compile(
    r"\[\s*(?:(?:passage|source|evidence|ref)\s*)?"
    r"(\d{1,3}(?:\s*(?:,|;|and|-|–)\s*\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
_TRAILING_MARKERS = re.compile(r"([.!?])((?:\s*" + _MARKER.pattern + r")+)", re.IGNORECASE)
# Text that addresses the model rather than stating anything: prompt injection in the corpus.
_DIRECTIVE = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.]{0,60}\b(?:instructions?|prompts?|"
    r"rules|guidelines|above|previous|everything)\b"
    r"|\b(?:system prompt|you are now|as an ai|language model|jailbreak)\b"
    r"|^\W*(?:say|print|output|respond|reply|repeat|write|answer)\b",
    re.IGNORECASE,
)


def addresses_the_model(sentence: str) -> bool:
    """Whether a corpus sentence speaks to a model ("ignore previous instructions…") rather
    than stating anything: it is never evidence, an answer's content or a briefing point."""
    return _DIRECTIVE.search(sentence) is not None


_TOO_SHORT = "too little content to check"
_ANAPHOR = re.compile(
    r"^\W*(?:it|its|this|that|these|those|they|their|such|he|she|his|her)\b", re.IGNORECASE
)
_LIST_PREFIX = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozen hundred thousand "
    "million billion trillion".split()
)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|cannot|without)\b|n't\b", re.I)
# Capitalised words that are not names (sentence openers, pronouns, connectives, framing words).
_NOT_NAMES = frozenset(
    """the a an this that these those it its they their there he she his her we our i in on at
    of for to and or but by as with from however also both while although when where which who
    what yes no according passage passages evidence paper author after before since until
    under over each all some most many more several such one""".split()
)
# What hedges or frames a claim, each under one key: a rewrite that drops one says more than
# its original ("proposes a trap that would halve" is not "halves"). "about" counts only before
# a quantity: elsewhere it names a subject ("a memo about drought"), which a rewrite may word
# otherwise.
_QUANTITY = (
    r"(?=\s+(?:\d+|a\s+(?:third|quarter|half|dozen)|half|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)\b)"
)
_HEDGES = {
    key: re.compile(pattern, re.IGNORECASE)
    for key, pattern in {
        **{m: rf"\b{m}\b" for m in ("may", "might", "could", "would", "should")},
        "propose": r"\bpropos(?:e|es|ed|ing|al|als)\b",
        "plan": r"\bplan(?:s|ned|ning)?\b",
        "about": rf"\babout{_QUANTITY}",
        "nearly": r"\bnearly\b",
        "almost": r"\balmost\b",
        "up to": r"\bup to\b",
        "at least": r"\bat least\b",
        "more than": r"\bmore than\b",
        "less than": r"\b(?:less|fewer) than\b",
    }.items()
}


def parse_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Split generated text into (sentence without markers, cited numbers) pairs."""
    out: list[tuple[str, list[int]]] = []
    for raw_line in text.splitlines():
        line = _LIST_PREFIX.sub("", raw_line.replace("**", "")).strip()
        if not line:
            continue
        # "… sentence. [1] Next …": move the markers inside so they stay with their sentence
        line = _TRAILING_MARKERS.sub(lambda m: f"{m.group(2)}{m.group(1)}", line)
        for start, end in split_sentences(line):
            piece = line[start:end]
            numbers: list[int] = []
            for m in _MARKER.finditer(piece):
                numbers.extend(n for n in _marker_numbers(m.group(1)) if n not in numbers)
            bare = " ".join(_MARKER.sub(" ", piece).split())
            bare = re.sub(r"\s+([.,;:!?])", r"\1", bare).strip()
            if bare.strip(" .,;:!?\"'“”"):
                out.append((bare, numbers))
            elif numbers and out:  # a stray "[2]." after a sentence belongs to it
                out[-1][1].extend(n for n in numbers if n not in out[-1][1])
    return out


def ensure_full_stop(sentence: str) -> str:
    """``sentence`` ending in ".", "!" or "?" (before any closing quote or bracket): a
    generated sentence may stop without one."""
    return sentence if re.search(r"[.!?][\"'”’)]*$", sentence) else f"{sentence}."


def keeps_meaning(original: str, rewrite: str) -> str | None:
    """Why ``rewrite`` may say something other than ``original`` (None when nothing shows
    it): it has fewer negations, drops a modal or hedge (may, would, propose, plan, about a
    quantity, nearly, up to, at least, more/less than…), or does not give the original's
    numbers in the original's order. The verifier checks that a sentence's words are in its
    evidence; this checks that a rewrite of one sentence did not turn its meaning round with
    the same words ("has not approved" → "approved", "rose from 5 to 9" → "fell from 9 to 5")."""
    if len(_NEGATION.findall(rewrite)) < len(_NEGATION.findall(original)):
        return "it drops a negation of the point"
    for key, pattern in _HEDGES.items():
        if pattern.search(original) and not pattern.search(rewrite):
            return f"it drops “{key}” from the point"
    had = [n.replace(",", "") for n in _NUMBER.findall(original)]
    has = [n.replace(",", "") for n in _NUMBER.findall(rewrite)]
    if has != had:
        return f"its numbers ({', '.join(has) or 'none'}) are not the point's ({', '.join(had)})"
    return None


def _marker_numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", group):
        bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part) if x.strip().isdigit()]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 10:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


class Verifier:
    """Checks each generated sentence against the evidence it cites.

    A sentence is supported when every number, name and negation in it occurs in the cited
    text, and its content words are found there — most of them (``strong_overlap``), or
    enough of them (``min_overlap``) with an embedding cosine of at least ``min_cosine`` to
    the closest cited sentence. Evidence sentences addressed to a model ("ignore previous
    instructions…") never count as support. A sentence without a valid marker, or whose
    markers point at evidence that does not hold it, is cited to the evidence that does, if
    any. A sentence opening with "it"/"this"/… is dropped when the one before it was, or came
    from another passage. Thresholds were set on the developers' own questions, never on the
    evaluation set.
    """

    min_terms = 3  # fewer content words than this: nothing to check, so nothing to keep
    min_overlap = 0.6
    strong_overlap = 0.85
    min_cosine = 0.55
    floor_cosine = 0.3  # below this the sentence is about something else, whatever the words
    min_marker_overlap = 0.3  # a cited passage must hold this share to keep its marker

    def __init__(self, chunks: Sequence[Chunk], embeddings: Embeddings | None = None) -> None:
        """Args:
        chunks: The corpus's chunks: rare words (by document frequency) weigh more.
        embeddings: The index's embedding model; without it only words are compared.
        """
        self.embeddings = embeddings
        df: dict[str, int] = {}
        for chunk in chunks:
            for term in _passage_terms(chunk):
                df[term] = df.get(term, 0) + 1
        self._df = df
        self._n = max(1, len(chunks))

    def idf(self, term: str) -> float:
        """Rarity of a word in the corpus; words it never uses weigh most."""
        return math.log(1 + self._n / (1 + self._df.get(term, 0)))

    def verify(
        self,
        generated: str,
        passages: Sequence[EvidencePassage],
        *,
        check_opening: bool = False,
    ) -> Verification:
        """Verdicts on every sentence of ``generated`` (an answer with [n] markers).

        A capitalised first word is read as a sentence opener, not a name, unless it is an
        acronym. With ``check_opening`` it must be in the cited text too, unless it is a
        common opener ("The", "However"…): for a rewrite of one evidence sentence, whose
        first word comes from the model ("Japan agreed…" where the evidence never says
        Japan), not from a question's subject."""
        parsed = parse_sentences(generated)
        by_number = {p.number: p for p in passages}
        vectors = self._embed([text for text, _ in parsed])
        checks: list[SentenceCheck] = []
        kept_terms: list[set[str]] = []
        for i, (text, numbers) in enumerate(parsed):
            check = SentenceCheck(
                text=text,
                markers=[n for n in numbers if n in by_number],
                removed_markers=[n for n in numbers if n not in by_number],
            )
            terms = set(tokenize(text))
            if len(terms) < self.min_terms:
                check.reason = _TOO_SHORT
            elif any(terms <= seen or _jaccard(terms, seen) > 0.85 for seen in kept_terms):
                check.reason = "repeats an earlier sentence"
            else:
                vec = vectors[i] if vectors is not None else None
                cited = [by_number[n] for n in check.markers]
                if cited:
                    self._check(check, terms, vec, cited, check_opening)
                if not cited or not check.kept:
                    # no marker, or the wrong one: cite the evidence that does support it
                    check.recited = bool(cited)
                    self._check_uncited(check, terms, vec, passages, check_opening)
            if check.kept and checks and _ANAPHOR.match(text):
                # "It also includes X" is only as true as what "it" is: the sentence before
                # (a first sentence's "it" is the question's subject)
                previous = checks[-1]
                sources = {by_number[n].chunk.id for n in check.supported_by}
                if not previous.kept:
                    check.reason = "it refers back to a sentence that was dropped"
                elif not sources & {by_number[n].chunk.id for n in previous.supported_by}:
                    check.reason = "it refers back to a sentence from other evidence"
            if check.kept:
                kept_terms.append(terms)
            checks.append(check)
        return Verification(generated, checks)

    # -- internals

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        if self.embeddings is None or not texts:
            return None
        from briefing_bot.embeddings import embed_matrix

        return embed_matrix(self.embeddings, texts)

    def _check_uncited(
        self,
        check: SentenceCheck,
        terms: set[str],
        vec: np.ndarray | None,
        passages: Sequence[EvidencePassage],
        check_opening: bool = False,
    ) -> None:
        """No marker: support it from the single passage that supports it best, if any."""
        best: SentenceCheck | None = None
        closest = 0.0
        for p in passages:
            trial = SentenceCheck(check.text, [p.number], [])
            self._check(trial, terms, vec, [p], check_opening)
            closest = max(closest, trial.overlap)
            if trial.kept and (best is None or trial.overlap > best.overlap):
                best = trial
        if best is None:
            if check.reason is None:  # keep the reason the cited evidence gave
                check.reason = f"no evidence supports it (overlap at most {closest:.2f})"
            return
        check.reason = None
        check.supported_by, check.highlights = best.supported_by, best.highlights
        check.overlap, check.cosine = best.overlap, best.cosine

    def _check(
        self,
        check: SentenceCheck,
        terms: set[str],
        vec: np.ndarray | None,
        cited: Sequence[EvidencePassage],
        check_opening: bool = False,
    ) -> None:
        weights = {t: self.idf(t) for t in terms}
        total = sum(weights.values())
        support = {p.number: p.support_text() for p in cited}
        passage_terms = {n: set(tokenize(text)) for n, text in support.items()}
        union = set().union(*passage_terms.values())
        check.overlap = sum(w for t, w in weights.items() if t in union) / total
        # the closest cited sentences, by words and (when available) by meaning
        scored: list[tuple[float, int, int, float | None]] = []
        texts: dict[tuple[int, int], str] = {}
        for p in cited:
            sims = p.vectors @ vec if p.vectors is not None and vec is not None else None
            for j, sent in p.statements():
                sent_terms = set(tokenize(sent))
                lex = sum(w for t, w in weights.items() if t in sent_terms) / total
                cos = float(sims[j]) if sims is not None and j < len(sims) else None
                scored.append((lex if cos is None else 0.5 * lex + 0.5 * cos, p.number, j, cos))
                texts[p.number, j] = sent
        if not scored:
            check.reason = "the cited passages state nothing"
            return
        cosines = [c for *_, c in scored if c is not None]
        check.cosine = max(cosines) if cosines else None
        cited_text = " ".join(support.values())
        scored.sort(key=lambda s: -s[0])
        best_sentences = [texts[n, j] for _, n, j, _ in scored[:2]]
        check.reason = (
            _unsupported_number(check.text, cited_text)
            or _unsupported_name(check.text, cited_text, opening=check_opening)
            or _unsupported_negation(check.text, " ".join(best_sentences))
            or self._weak(check)
        )
        if check.reason:
            return
        # keep the markers of the passages that actually contribute
        best_number = scored[0][1]
        for p in cited:
            share = sum(w for t, w in weights.items() if t in passage_terms[p.number]) / total
            if p.number == best_number or share >= self.min_marker_overlap:
                check.supported_by.append(p.number)
        top = scored[0][0]
        for score, number, j, _ in scored:
            if number in check.supported_by and score >= 0.8 * top:
                check.highlights.setdefault(number, []).append(j)

    def _weak(self, check: SentenceCheck) -> str | None:
        cos = check.cosine
        if cos is not None and cos < self.floor_cosine:
            return f"unlike the cited text (cosine {cos:.2f})"
        if check.overlap >= self.strong_overlap:
            return None
        if check.overlap >= self.min_overlap and (cos is None or cos >= self.min_cosine):
            return None
        return f"the cited text does not support it (overlap {check.overlap:.2f})"


def _passage_terms(chunk: Chunk) -> set[str]:
    return set(tokenize(f"{chunk.title} {' '.join(chunk.section_path)} {chunk.text}"))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _fold(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " " + " ".join(re.sub(r"[^\w\s]", " ", text).split()) + " "


def _unsupported_number(sentence: str, evidence: str) -> str | None:
    have = {n.replace(",", "") for n in _NUMBER.findall(evidence)}
    for number in _NUMBER.findall(sentence):
        if number.replace(",", "") not in have:
            return f"the number {number} is not in the cited text"
    folded = _fold(evidence)
    for word in re.findall(r"[a-z]+", sentence.lower()):
        if word in _NUMBER_WORDS and f" {word} " not in folded:
            return f"“{word}” is not in the cited text"
    return None


def _unsupported_name(sentence: str, evidence: str, *, opening: bool = False) -> str | None:
    folded = _fold(evidence)
    words = re.findall(r"[A-Za-z][\w&’'.-]*\w|[A-Za-z]", sentence)
    for i, word in enumerate(words):
        bare = re.sub(r"['’]s$", "", word)
        acronym = len(bare) > 1 and bare.replace(".", "").replace("&", "").isupper()
        # the first word is capitalised anyway; only an acronym there is surely a name, unless
        # the caller asks for the opening word too (see ``Verifier.verify``)
        name = acronym or ((i > 0 or opening) and bare[:1].isupper())
        if not name or bare.lower() in _NOT_NAMES:
            continue
        if _fold(bare) not in folded:
            return f"“{bare}” is not in the cited text"
    return None


def _unsupported_negation(sentence: str, evidence: str) -> str | None:
    if _NEGATION.search(sentence) and not _NEGATION.search(evidence):
        return "it negates what the cited text says"
    return None
