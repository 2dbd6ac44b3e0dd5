"""Sentence signals the composer weighs besides relevance: how specific a sentence is, whether
it is a vague lead-in, and what *form* of material a topic asks for (quotations, figures).

Generic English only (digits, capitals, quotation marks, a few request words); nothing about a
corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing_bot.corpus.tables import is_label_caption
from briefing_bot.text import NUMBER_WORDS, ORDINALS

# the numerators of a share said in words: "two thirds" … "nine tenths" (a plural fraction)
_NUMERATORS = sorted(w for w, v in NUMBER_WORDS.items() if 2 <= v <= 9)
# a figure: digits, possibly with separators, a decimal part or a percent sign; or spelled
# out ("four hundred million", "thirty-eight percent", "two thirds"), as a speech transcript
# writes them
_FIGURE = re.compile(
    r"(?<![\w.])\d[\d,.]*\d%?|(?<![\w.])\d%?(?![\w])"
    r"|\b(?:(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")[\s-]*)+"
    r"(?:hundred|thousand|million|billion|percent|per cent)\b"
    r"|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\w+\b"
    # a share said in words ("two thirds of the cases", "one in five"): not "a third risk",
    # an ordinal
    r"|\b(?:" + "|".join(_NUMERATORS) + r")[\s-](?:thirds|quarters|fifths|tenths)\b"
    r"|\bone in (?:five|four|three|ten|twenty|hundred)\b",
    re.IGNORECASE,
)
# a capitalised word after a lower-case word or a comma: a name, not a sentence opening
_NAME = re.compile(r"(?<=[a-z,;] )(?:[A-Z][\w'’.-]+)")
# an acronym or short name defined in parentheses: "(IOTC)", "(SIDS)"
_DEFINED = re.compile(r"\([A-Z][A-Za-z]*[A-Z]s?\)")
# a quotation of at least three words, in curly or straight quotes
_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")


def quotation(text: str) -> str | None:
    """The longest quotation of three or more words in ``text``, if any."""
    found = [q for q in _QUOTE.findall(text) if len(q.split()) >= 3]
    return max(found, key=len) if found else None


def specifics(text: str) -> float:
    """How many specifics a sentence carries: figures, names, defined terms, quoted words
    (short quoted terms count once each, a longer quotation twice)."""
    figures = len(_FIGURE.findall(text))
    names = len({m.rstrip(".") for m in _NAME.findall(text)})
    defined = len(_DEFINED.findall(text))
    quotes = 0.0
    for q in _QUOTE.findall(text):
        quotes += 2.0 if len(q.split()) >= 3 else 1.0
    return figures + 0.5 * names + defined + quotes


def specific_terms(text: str) -> frozenset[str]:
    """The specifics of ``text`` themselves (figures, names, defined terms, quotations), to
    tell what a clause adds to a point that already holds some of them."""
    found = {m.lower().strip() for m in _FIGURE.findall(text)}
    found |= {m.rstrip(".").lower() for m in _NAME.findall(text)}
    found |= {m.lower() for m in _DEFINED.findall(text)}
    found |= {q.lower() for q in _QUOTE.findall(text)}
    return frozenset(found)


def specificity(text: str, saturation: float = 3.0) -> float:
    """``specifics`` scaled to 0–1 (``saturation`` specifics or more give 1)."""
    return min(1.0, specifics(text) / saturation)


def is_vague(text: str, max_words: int = 10) -> bool:
    """A short sentence with no specifics: a lead-in ("A third risk is political."), not a
    point on its own."""
    return len(text.split()) <= max_words and specifics(text) == 0


# A sentence that leans on the one before it: a poor bottom line on its own.
_LEANS_BACK = re.compile(
    r"^(?:but|and|or|so|yet|this|these|that|those|such|it|its|they|their|he|she|likewise|"
    r"similarly|however|moreover|meanwhile|additionally|also|thus|hence|therefore|finally|"
    r"instead|still|as a result|in addition|for instance|for example)\b",
    re.IGNORECASE,
)


def leans_back(text: str) -> bool:
    """A sentence that refers back to the one before it ("It found…", "But such…")."""
    return _LEANS_BACK.match(text.strip()) is not None


# a table row flattened into a sentence: "Indicator: voyages; 2021: 38; 2025: 61"
_TABULAR = re.compile(r"^[^:;.]{2,90}:\s[^;]{1,120};\s*[^:;]{1,40}:\s")
# a labelled list of terms with no sentence to it: "Keywords: a; b; c" (no full stop)
_TERMS = re.compile(r"^[^:;.]{2,40}:\s[^;.]{1,60}(?:;\s*[^;.]{1,60}){2,}$")


def is_tabular(text: str) -> bool:
    """A table row read as a sentence: labelled values, no clause to carry a point (a
    labelled list of keywords too)."""
    text = text.strip()
    return _TABULAR.match(text) is not None or _TERMS.match(text) is not None


# a sentence that prescribes: what should be done, a recommendation, a numbered step
_PRESCRIBES = re.compile(
    r"\b(?:should|must|ought to|needs? to|recommend\w*|we propose|propos(?:e|es|al)|"
    r"calls? for|urges?)\b|^\s*\d{1,2}[.)]\s+[A-Z]"
    # an ordinal item that is an instruction: "First, publish every assessment…" (not one
    # that names a thing: "Second, the way we buy.", "Third, our roads…")
    r"|^(?:and\s+)?(?:" + "|".join(ORDINALS) + r")(?:ly)?,\s+"
    r"(?!(?:the|a|an|our|we|it|its|this|that|these|those|there|they|their|i|you|he|she|his|"
    r"her|my|in|on|at|for|of|by|with|as|from|to)\b)[a-z]+\s+\w",
    re.IGNORECASE,
)

# a named person reporting something: "Jane Doe, the chief negotiator, has proposed that…",
# "Jane Doe of the Planning Board warned…"
_REPORTED = re.compile(
    r"\b[A-Z][\w'’-]+ [A-Z][\w'’-]+(?:, [^,]{3,80},| of (?:the )?(?:[A-Z][\w'’-]+ ?){1,5})? "
    r"(?:has |had )?"
    r"(?:said|says|told|warned|argued|noted|stated|proposed|summari[sz]ed|insisted|added|"
    r"explained|observed|cautioned|called for|suggested|wrote|declared)\b"
)

# Topics that ask for a form of material rather than a subject ("people quoted in the report",
# "the key figures"): the matching sentences are relevant whatever their words.
_FORMS: list[tuple[re.Pattern[str], Callable[[str], bool]]] = [
    (
        # "statements" is a form; "the joint statement" one thing the document reports
        re.compile(r"\b(?:quot(?:e|es|ed|ing|ations?)|said|says|statements)\b", re.I),
        lambda s: quotation(s) is not None or _REPORTED.search(s) is not None,
    ),
    (
        re.compile(r"\b(?:figures|numbers|statistics|data points|key facts)\b", re.I),
        lambda s: len(_FIGURE.findall(s)) >= 2,
    ),
    (
        re.compile(
            r"\b(?:recommend\w*|proposals|prescriptions|policy options|next steps|"
            r"what should be done|what (?:\w+ )?should do)\b",
            re.I,
        ),
        lambda s: _PRESCRIBES.search(s) is not None,
    ),
]


def form_of(topic: str) -> Callable[[str], bool] | None:
    """The sentence test for a topic that asks for a form of material, else None."""
    for pattern, test in _FORMS:
        if pattern.search(topic):
            return test
    return None


# apparatus: a source or credit line under a table or picture ("Sources: … trade data; our
# calculations.", "Photo: …"), or a sentence about the document's own parts ("Section 2 sets
# out …; Section 6 concludes.", "The rest of this paper is organised as follows.", "The
# argument proceeds in seven steps.")
_CREDIT = re.compile(
    r"^\s*(?:(?:data\s+)?sources?|credits?|photo(?:graph)?s?(?:\s+credits?)?|"
    r"images?(?:\s+credits?)?|illustrations?|compiled\s+by|courtesy(?:\s+of)?)\s*:\s",
    re.IGNORECASE,
)
_PART = r"(?:section|chapter|part|annex|appendix)\s+(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})\b"
_ROADMAP = re.compile(
    rf"^\s*(?:the\s+)?(?:{_PART}|(?:next|following)\s+(?:section|chapter))\s+"
    r"(?:then\s+|briefly\s+|further\s+)?"
    r"(?:sets?\s+out|explains?|describes?|presents?|concludes?|discuss(?:es)?|examines?|"
    r"reviews?|assess(?:es)?|outlines?|turns?\s+to|summari[sz]es?|analy[sz]es?|introduces?|"
    r"considers?|offers?|draws?\s+(?:out|together)|lays?\s+out|traces?|estimates?|"
    r"compares?|identifies?|evaluates?|looks?\s+at|returns?\s+to)\b"
    r"|^\s*(?:the\s+)?(?:rest|remainder)\s+of\s+(?:this|the)\s+\w+\s+"
    r"(?:is\s+(?:organi[sz]ed|structured|laid\s+out|divided)|proceeds)\b"
    r"|^\s*(?:the|my|our)\s+(?:argument|analysis|discussion)\s+proceeds\b",
    re.IGNORECASE,
)


# courtesy: thanks, a greeting or the pleasure of being there ("Thank you, Helena, for that
# very kind introduction", "Good morning, everyone.", "It is a great pleasure to be here"):
# what a speaker says to the room, nothing about the subject ("Thanks to the subsidy, …" is)
_COURTESY = re.compile(
    r"^\s*(?:(?:and\s+)?(?:thank\s+you|(?:many\s+)?thanks(?!\s+to\b))\b"
    r"|good\s+(?:morning|afternoon|evening)\b|(?:ladies\s+and\s+gentlemen|dear\s+colleagues)\b"
    r"|(?:it\s+is|it's|it\s+was)\s+(?:a|an|my)\s+(?:great\s+|real\s+)?"
    r"(?:pleasure|honou?r|privilege)\s+to\s+(?:be|speak|join|address)\b)",
    re.IGNORECASE,
)


# a reference: a web address in the line ("Jane Doe, “Title”, Brief, 2024, https://…")
_ADDRESS = re.compile(r"https?://|\bwww\.\w", re.IGNORECASE)
# a contact line: an e-mail address, or a telephone, fax or enquiries label
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|^\s*(?:e-?mail|tel(?:ephone)?|phone|fax|mobile|(?:media|press|public)\s+"
    r"(?:enquiries|inquiries|office|contact))\s*:",
    re.IGNORECASE,
)
# a heading over a document's links or contact details ("Related links", "Contact us",
# "Further reading", "Related links and contact"): what is under it is no point
_LINKS_HEADING = re.compile(
    r"^(?:(?:related|useful|other|external)\s+)?(?:links?|contacts?(?:\s+(?:us|details))?|"
    r"enquiries|inquiries|further\s+reading|see\s+also)"
    r"(?:\s*(?:and|&|,)\s*(?:(?:related|useful|other|external)\s+)?(?:links?|contacts?"
    r"(?:\s+(?:us|details))?|enquiries|inquiries|further\s+reading))*$",
    re.IGNORECASE,
)


# a heading over a list of the document's terms ("Glossary", "Definitions", "Abbreviations
# and acronyms"): each entry defines a word, none sums up the document
_TERMS_HEADING = re.compile(
    r"^(?:(?:a\s+)?glossary(?:\s+of\s+terms)?|definitions|key\s+terms|terms\s+used|"
    r"(?:list\s+of\s+)?(?:abbreviations|acronyms)(?:\s+(?:and|&)\s+(?:abbreviations|acronyms))?)$",
    re.IGNORECASE,
)


def links_heading(heading: str) -> bool:
    """Whether a section heading names the document's links or contact details."""
    return _LINKS_HEADING.match(heading.strip()) is not None


def terms_heading(heading: str) -> bool:
    """Whether a section heading names a glossary (or a list of abbreviations)."""
    return _TERMS_HEADING.match(heading.strip()) is not None


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


def _name_line(text: str) -> bool:
    """A short line that only names something, as a list of participants or institutions
    does ("European Freight Shippers' Council"): no end stop, no figure, and every word but
    its function words capitalised ("Joint procurement of common equipment", a list item,
    is a point)."""
    from briefing_bot.retrieval import STOPWORDS

    if len(text.split()) > 8 or text.rstrip().endswith((".", "!", "?", ":", ";")):
        return False
    if any(ch.isdigit() for ch in text):
        return False
    return not any(w not in STOPWORDS for w in _LOWER_WORD.findall(text))


def is_apparatus(text: str) -> bool:
    """A line of the document's apparatus, no point about its subject: a source or credit
    line, a sentence about the document's own sections ("Section 3 explains …"), a
    reference (it gives a web address: a reading list, a bibliography), a line that only
    names something (a list of participating institutions), a caption ("Table 2: …"), a
    contact line (an e-mail address, "Telephone: …") or a speaker's courtesy to the room
    ("Thank you all for coming", "Good morning")."""
    return (
        _CREDIT.match(text) is not None
        or is_label_caption(text)
        or _CONTACT.search(text) is not None
        or _ROADMAP.match(text) is not None
        or _ADDRESS.search(text) is not None
        or _name_line(text)
        or _COURTESY.match(text) is not None
    )
