"""Subject words a topic names that the corpus never uses: the lower-case side of "does the
corpus cover this?" (names are :mod:`~briefing_bot.briefing.vocabulary`'s).

A topic's *subject words* are its content words less the generic words of a request ("risks",
"prospects", "overview"…) and less names. One the corpus never uses, in any form (its stems,
its hyphenated parts, a longer word it begins), is *absent*. Whether absent words mean the
topic is not covered is then decided on meaning, not spelling (the composer embeds them and
compares them with the candidate sentences): "financing" covers "funding", nothing in a
paper on river sediment covers "navigation and shipping". An absent word of the topic's
*setting* ("AI in the courts") refuses it outright, as an unknown name does: the corpus may
cover the subject, not the subject there. So does a related subject the corpus never names
("remittances and inflation", "how X affects Y"): a briefing would brief the other one alone.

Generic English only: the request words below name no corpus.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from briefing_bot.briefing.facets import FACET_NOUNS
from briefing_bot.retrieval import STOPWORDS, tokenize

# Words of a request rather than of its subject: facets (every noun the composer reads as one,
# so "threats to X" never counts "threats" as a subject word), forms and framing.
REQUEST_WORDS = FACET_NOUNS | frozenset(
    """recommendation recommendations recommend proposal proposals proposed position positions
    stance view views role issue issues question questions debate agreement agreements argument
    arguments overview summary summarise summarize brief briefing rundown picture big main key
    overall general latest current status background context point points takeaway takeaways
    finding findings option options way ways others quoted quote quotes quotation quotations
    people person figure figures number numbers statistic statistics fact facts detail details
    aspect aspects side sides what why how author authors paper memo report article essay piece
    document text speech op-ed situation story push drive bid effort efforts moves ambitions
    plan plans policy policies facing faces confronting ahead regarding concerning surrounding
    involving""".split()
)  # from "situation" on: vague nouns of endeavour ("X's lithium push") and verbs used as
# prepositions ("risks facing X"): how an analyst frames a subject, not what it is; "policy"
# and "plans" frame one too ("X policy", "Y's plans for X"): a corpus that says them does not
# thereby cover X
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# the setting a topic puts its subject in: "X in the Y", "X within Y" (what follows, to the
# end); not an action ("risks in betting on X": a gerund follows)
_SETTING = re.compile(r"\s(?:in|within|inside)\s+(?!\w+ing\b)(.+)$", re.IGNORECASE)
# what joins two related subjects: "X and Y", "X or Y", "X versus Y", "how X affects Y", "the
# impact of X on Y"
_RELATED = re.compile(
    # a run of spaces is taken from its start (quadratic under split otherwise)
    r"(?<!\s)\s+(?:and|or|vs\.?|versus)\s+"
    r"|(?<!\s)\s+(?:affects?|affecting|influences?|influencing|shapes?|shaping)\s+"
    r"|^(?:the\s+)?(?:effects?|impacts?|influence)\s+of\s+",
    re.IGNORECASE,
)
_EFFECT_ON = re.compile(r"^(?:the\s+)?(?:effects?|impacts?|influence)\s+of\s+.+?\s+on\s+", re.I)
_CONTRACTION = re.compile(r"(?:n't|'re|'ve|'ll|'d|'m)$")
# Function words the stopword list leaves out: a preposition or a conjunction names nothing
# ("getting recipients onto wallets": "onto" is no subject word the corpus might lack).
_FUNCTION = frozenset(
    """onto upon toward towards via amid amidst among amongst across along around beyond within
    without despite behind beside besides near past per versus whether unless though although
    whose yet""".split()
)
# A preposition before a gerund: the gerund is the topic's action ("challenges for getting
# recipients onto wallets", "prospects for hitting the target"), its object the subject.
_BEFORE_ACTION = frozenset(
    "for of to in on about by from with without at into onto towards toward".split()
)


def subject_words(topic: str, name: Callable[[str], bool] = lambda _w: False) -> list[str]:
    """The topic's content words that are not request words, names left out: a capitalised
    word is a name, except the first one, which is a name only when ``name`` says so."""
    out: list[str] = []
    before = ""
    for m in _WORD.finditer(topic):
        word, previous = m.group(0), before
        before = word.lower()
        if previous in _BEFORE_ACTION and word.islower() and word.endswith("ing"):
            continue  # "for getting X": the action, X its subject
        if word[:1].isupper() and not (m.start() == 0 and word[1:].islower() and not name(word)):
            continue  # a name: the vocabulary's business
        low = word.lower().replace("’", "'").removesuffix("'s")
        if _CONTRACTION.search(low):
            continue  # "can't", "won't", "isn't": grammar, spelled however the text spells it
        if low in REQUEST_WORDS or low in STOPWORDS or low in _FUNCTION or not tokenize(low):
            continue
        out.append(low)
    return list(dict.fromkeys(out))


class Absence:
    """Absent subject words against one corpus's vocabulary.

    ``stems`` says whether the corpus uses a word stem; ``words`` are the corpus's folded
    words (sorted on first use, for the "a longer word it begins" check); ``name`` whether a
    capitalised first word is a name the corpus knows (a capital for its country).
    """

    def __init__(
        self,
        stems: Callable[[str], bool],
        words: Callable[[], Sequence[str]],
        name: Callable[[str], bool] = lambda _w: False,
    ) -> None:
        self._stems = stems
        self._words = words
        self._name = name
        self._sorted: list[str] | None = None

    def known(self, word: str) -> bool:
        """Does the corpus use ``word`` in some form?"""
        toks = tokenize(word)
        if toks and all(self._stems(t) for t in toks):
            return True
        if "-" in word and all(self._stems(t) for t in toks[1:]):
            return True  # "state-led": its parts are known
        if len(word) >= 5:  # "biotech" for "biotechnology"
            if self._sorted is None:
                self._sorted = sorted(self._words())
            i = bisect.bisect_left(self._sorted, word)
            return i < len(self._sorted) and self._sorted[i].startswith(word)
        return False

    def absent_setting(self, topic: str) -> list[str]:
        """Subject words of the topic's setting ("AI in the courts": "courts") that the
        corpus never uses. The corpus may cover the subject, but not in that setting: a
        briefing on it would brief the subject elsewhere. A lower-case setting is refused
        as a name the corpus never mentions is, whatever the closeness of its meaning ("cases"
        is close to "courts")."""
        m = _SETTING.search(topic)
        if m is None:
            return []
        return [w for w in subject_words(m.group(1), self._name) if not self.known(w)]

    def absent_conjunct(self, topic: str) -> list[str]:
        """The subject words of a topic's related subject the corpus never uses, when it
        relates two ("remittances and inflation", "how X affects Y", "the impact of X on Y")
        and every subject word of one of them is absent while the other is covered: a briefing
        would brief the covered one alone, not the relation asked about."""
        text = _SETTING.sub("", " ".join(topic.split()))
        effect = _EFFECT_ON.match(text)
        if effect:  # "the impact of X on Y": X and Y
            head = re.sub(r"\s+on\s+$", "", effect.group(0), flags=re.IGNORECASE)
            text = f"{head} and {text[effect.end() :]}"
        parts = [p for p in _RELATED.split(text) if p and p.strip()]
        if len(parts) < 2:
            return []
        words = [subject_words(p, self._name) for p in parts]
        missing = [[w for w in ws if not self.known(w)] for ws in words]
        if not any(ws and not gone for ws, gone in zip(words, missing, strict=True)):
            return []  # no related subject the corpus covers: the share rule decides
        for ws, gone in zip(words, missing, strict=True):
            if ws and len(gone) == len(ws):
                return gone
        return []

    def absent(self, topic: str) -> tuple[list[str], float]:
        """(absent subject words, their share of the topic's subject words)."""
        words = subject_words(topic, self._name)
        missing = [w for w in words if not self.known(w)]
        return missing, (len(missing) / len(words) if words else 0.0)
