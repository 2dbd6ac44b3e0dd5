"""Telling a briefing request ("summarize…", "brief me on X", "a 3-point rundown of Y") from a
plain question, and reading its topic and point count.

Only generic English request phrasing is recognised here; nothing about any document.

Example:
    >>> parse_request("Give me a 3-point rundown of the clean-energy cooperation")
    BriefRequest(topic='the clean-energy cooperation', points=3, facet=None)
    >>> parse_request("Who wrote the paper?") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing_bot.answering.smalltalk import strip_chatter
from briefing_bot.briefing.facets import REQUEST_FACETS, alternation, facet_of
from briefing_bot.text import restore_apostrophes

MIN_POINTS = 1
MAX_POINTS = 12

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")"

# "3-point", "three point", "5 bullet", "in 4 points", "top 5"
_POINT_COUNT = re.compile(
    rf"\b{_NUM}[\s-]*(?:key\s+|main\s+|bullet[\s-]*)?(?:points?|bullets?|items?|takeaways?)\b"
    rf"|\btop[\s-]+{_NUM}\b",
    re.IGNORECASE,
)
# the facets that make "what are the X of Y" a briefing request (the composer knows more)
_FACETS = alternation(REQUEST_FACETS)
# Phrasings that ask for a briefing rather than a fact. Each keeps what follows as the topic.
_REQUEST = re.compile(
    r"^(?:(?:please|can you|could you|would you|kindly|i(?:'d| would) like|i want|i need)\s+)*"
    r"(?:"
    r"(?:give\s+me|get\s+me|write|prepare|make|provide|produce|send\s+me|show\s+me|i\s+need)?\s*"
    r"(?:an?\s+|the\s+)?(?:short\s+|quick\s+|brief\s+)?"
    rf"(?:{_NUM}[\s-]*(?:point|bullet|item)s?\s+)?"
    r"(?:summary|summari[sz]ation|briefing|brief|rundown|run-down|"
    r"overview|synopsis|digest|recap|tl;?dr|one[\s-]pager|talking\s+points|cheat[\s-]?sheet|"
    r"primer|explainer|backgrounder|highlights|key\s+(?:points|takeaways|findings|messages|ideas)|"
    r"main\s+(?:points|arguments?|ideas|takeaways|findings|messages)|gist)\b"
    r"|summari[sz]e\b|sum\s+up\b|brief\s+me\b|recap\b|outline\b|give\s+me\s+the\s+gist\b"
    # "catch me up on X", "walk me through X", "what should I know about X"
    r"|(?:catch|fill)\s+(?:me|us)\s+(?:up|in)\b|walk\s+(?:me|us)\s+through\b"
    r"|(?:get|bring)\s+(?:me|us)\s+up\s+to\s+speed\b"
    r"|what\s+(?:should\s+(?:i|we)|(?:do|would)\s+(?:i|we)\s+need\s+to)\s+know\s+about\b"
    r"|what\s+(?:is|are)\s+the\s+(?:main\s+|key\s+)?things\s+to\s+know\s+about\b"
    # both sides, or where things stand: "pros and cons of X", "the state of play on X"
    r"|(?:what\s+are\s+)?(?:the\s+)?(?:main\s+|key\s+)?(?:pros\s+and\s+cons"
    r"|arguments?\s+for\s+and\s+against|case\s+for\s+and\s+against)\b"
    r"|(?:what(?:'s|\s+is)\s+)?the\s+state\s+of\s+play\b"
    r"|where\s+(?:do|does)\s+(?:things|matters|it\s+all)\s+stand\b"
    r"|what(?:'s|\s+is|\s+are)\s+the\s+(?:key|main|central|core)\s+"
    r"(?:points?|arguments?|ideas?|takeaways?|messages?|findings?|thesis|claims?)\b"
    r"|what\s+(?:is|are)\s+the\s+(?:main\s+|key\s+|major\s+|biggest\s+)?"
    # "the water risks of X": a modifier or two before the facet
    # ("the three challenges" is a list question, not a briefing)
    rf"(?=(?:(?!{_NUM}\b)[\w'-]+\s+){{0,2}}(?:{_FACETS})\b(?!-))"
    # "prospects for X?", "the main risks to X"
    rf"|(?:the\s+)?(?:main\s+|key\s+|major\s+|biggest\s+)?(?=(?:{_FACETS})\s+"
    r"(?:of|for|to|facing|on|in|from|ahead)\b)"
    # "main risks?", "key challenges": a facet of the whole corpus
    rf"|(?:the\s+)?(?:main|key|major|biggest)\s+(?=(?:{_FACETS})[\s?.!]*$)"
    # "4 bullets on X", "five points about X"
    rf"|{_NUM}[\s-]*(?:key\s+|main\s+)?(?:bullet|point|item|takeaway)s?\s+"
    r"(?:on|about|of|for|regarding|covering)\b"
    r")",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:[\s,:;-]|of|on|about|for|regarding|concerning|covering|to|in|me|us|please|"
    # "walk me through the main findings (of X)": what is asked of the document, no subject
    r"(?:the\s+)?(?:key|main|major|central)\s+(?:points|findings|takeaways|arguments|messages|"
    r"ideas|conclusions)(?:\s+(?:of|on|about|in)|(?=\s*$)))+\b",
    re.IGNORECASE,
)
# What a "topic" is when it only points at the corpus itself ("summarize this paper").
_SELF = re.compile(
    r"^(?:(?:this|the|that|your|our|its|whole|entire|full|main|given|current|above)\s+)*"
    r"(?:(?:two|both|three|several)\s+)?"
    r"(?:paper|document|doc|article|text|report|memo|corpus|study|essay|piece|chapter|"
    r"introduction|issue|volume|it|this|that|everything|all|files?|documents?|papers?|"
    r"sources?|material|whole\s+thing|thing|op-?eds?|speech(?:es)?|remarks|address|talk|"
    r"lecture|transcript|testimony|statement|commentary|column|editorial|post|blog\s+post|"
    r"brief|policy\s+brief|white\s+paper|memos|articles|reports|analysis|book|submission|"
    r"interviews?|conversation|q\s*&\s*a|briefing(?:\s+paper)?|letter|note|hearing|podcast)?"
    r"(?:\s+(?:says?|argues?|is\s+about|covers?))?$",
    re.IGNORECASE,
)
# "what the paper says about X" → "X"
_SAYS = re.compile(
    r"^(?:what|how)\s+(?:(?:this|the|that)\s+)?(?:paper|document|article|text|report|author|"
    r"it|corpus)\s+(?:says?|argues?|writes?|thinks?|covers?|has\s+to\s+say)\s+"
    r"(?:about|on|regarding|of|concerning)\s+",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"(?:\s*[,;:]?\s*(?:in|as|with|using)\s+(?:about\s+)?(?:an?\s+)?"
    rf"(?:{_NUM}|few|some|several)?[\s-]*(?:key\s+|main\s+)?"
    r"(?:bullet[\s-]*)?(?:points?|bullets?|items?|sentences?|words?)\b"
    r"|\s*,?\s*please|\s+(?:for\s+me|for\s+us)|[?.!\s]+"
    r"|\s*,?\s*(?:according\s+to|per|as\s+(?:described|discussed)\s+in|in)\s+(?:the|this)\s+"
    r"(?:paper|document|article|report|text|author|memo)"
    r")+$",
    re.IGNORECASE,
)


@dataclass
class BriefRequest:
    """A recognised briefing request: its topic (None: the whole corpus or document), the
    number of points asked for, and the facet asked about ("risks", "prospects"…)."""

    topic: str | None
    points: int | None = None
    facet: str | None = None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def requested_points(text: str) -> int | None:
    """The number of points asked for ("a 5-point briefing", "top 3"), bounded to 1–12."""
    m = _POINT_COUNT.search(text)
    if not m:
        return None
    word = m.group(1) or m.group(2)
    return clamp_points(_number(word))


def clamp_points(n: int) -> int:
    return max(MIN_POINTS, min(MAX_POINTS, n))


# "what risks does X pose?", "which challenges will X face?"
_FACET_QUESTION = re.compile(
    rf"^(?:what|which)\s+(?:main\s+|key\s+|major\s+)?({_FACETS})\s+"
    r"(?:does|do|did|will|would|could|might|may|can)\s+(.+?)\s+"
    r"(?:pose|poses|face|faces|hold|holds|create|creates|bring|brings|carry|carries|have|has|"
    r"raise|raises|present|presents|entail|entails)\b(.*)$",
    re.IGNORECASE,
)


# "X? Brief me", "…, summarize please": a question followed by a request for a briefing on it
_TRAILING_REQUEST = re.compile(
    # the topic ends where a run of punctuation starts, not inside it: trying every cut of a
    # long run of dots or dashes was cubic (3.5 s on 2,000 dashes)
    r"^(?P<topic>.+?)(?:(?<![?.!,;:—–-])|(?![?.!,;:—–-])|(?<=^.))\s*[?.!,;:—–-]+\s*(?:(?:please|and|so|just)\s+)*"
    r"(?:brief\s+me(?:\s+on\s+(?:it|that|this))?|summari[sz]e(?:\s+(?:it|that|this))?|"
    r"give\s+me\s+(?:a|the)\s+(?:briefing|summary|rundown)|(?:\w+[\s-]+)?key\s+points|"
    rf"(?:give\s+me\s+|in\s+)?{_NUM}[\s-]*(?:key\s+|main\s+)?(?:points|bullets))"
    r"(?:\s+please)?[\s?.!]*$",
    re.IGNORECASE,
)
# "who are the key people quoted?", "who is cited?": the quotations are the briefing
_WHO_QUOTED = re.compile(
    r"^who(?:'s|\s+is|\s+are|\s+gets?)\s+(?:the\s+)?(?:(?:key|main|important)\s+)?"
    r"(?:people|persons|voices|experts|officials|sources|figures)?\s*(?:being\s+)?"
    r"(?P<how>quoted|cited)\b(?P<rest>.*)$",
    re.IGNORECASE,
)


# "give me 5 points on X", "send me a rundown of Y": the verb before any request phrasing
_ASKING = re.compile(
    r"^(?:please\s+)?(?:give|get|send|show|write|prepare|make|provide|produce)\s+(?:me|us)\s+",
    re.IGNORECASE,
)


# "exec summary pls", "give me the executive summary (of X)": the document's own summary
# section where it has one (the composer's part briefing), else the whole document's
_EXECUTIVE = re.compile(
    r"^(?:(?:give|get|send|show)\s+(?:me|us)\s+)?(?:the\s+|an?\s+)?exec(?:utive)?\s+summary\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse_request(text: str) -> BriefRequest | None:
    """The briefing request in ``text``, or None when it is a plain question."""
    # "whats the gist", "quick question: can you summarise this? thanks"
    text = strip_chatter(restore_apostrophes(" ".join(text.split())))
    executive = _EXECUTIVE.match(text)
    if executive:
        topic = clean_topic(executive.group("rest"))
        return BriefRequest(topic=topic or "the executive summary", points=requested_points(text))
    asking = _ASKING.match(text)
    if asking and not _REQUEST.match(text):
        found = parse_request(text[asking.end() :])
        if found is not None:
            return found
    wq = _WHO_QUOTED.match(text)
    if wq:
        rest = wq.group("rest").strip(" ?.!")
        who = f"people {wq.group('how').lower()} {rest}".strip()
        return BriefRequest(topic=who, points=requested_points(text), facet="quotes")
    tr = _TRAILING_REQUEST.match(text)
    if tr:
        inner = parse_request(tr.group("topic"))
        if inner is None:
            inner = BriefRequest(topic=clean_topic(tr.group("topic")))
        inner.points = inner.points or requested_points(text)
        return inner
    rec = _RECOMMENDS.match(text)
    if rec:
        # "what does the report recommend?": its recommendations are the briefing (a named
        # person's recommendation stays a question)
        rest = clean_topic(rec.group("rest"))
        asked = f"recommendations {rec.group('prep').lower()} {rest}" if rest else "recommendations"
        return BriefRequest(topic=asked, points=requested_points(text))
    fq = _FACET_QUESTION.match(text)
    if fq:
        facet = fq.group(1).lower()
        topic = clean_topic(f"{facet} of {fq.group(2)} {fq.group(3)}")
        return BriefRequest(topic=topic, points=requested_points(text), facet=facet)
    m = _REQUEST.match(text)
    if not m:
        return _summary_frame(text)
    topic = clean_topic(text[m.end() :])
    # the facet is read as the composer reads it: from the topic ("risks of X": "risks")
    facet = facet_of(topic) if topic else None
    return BriefRequest(topic=topic, points=requested_points(text), facet=facet)


# A request for the gist in an analyst's words: "what's the author's core argument?", "bottom
# line of the report?", "the op-ed's main argument", "what's the gist", "the bottom line on X".
# The possessor, when there is one, is the document or its author (a genre noun or a role),
# never a subject: "what is Chile's main argument" stays a question.
_SUMMARY_NOUN = (
    r"(?:(?:core|main|central|key|overall|basic|big|real|principal|chief)\s+)?"
    r"(?:argument|thesis|gist|bottom[\s-]+line|upshot|takeaway|tl;?dr|big\s+picture|"
    r"short\s+version|nutshell)s?"
    r"|(?:core|main|central|key|overall|principal|chief)\s+(?:point|message|claim|idea)s?"
)
# the document's own voice: its author(s), writer(s) or speaker(s), by role or by the title a
# speaker holds (general English, never a corpus's people)
_ROLE = (
    r"(?:(?:(?:memo|paper|report|article|speech|op-?ed|brief|guest)\s+)?"
    r"(?:authors?|writers?|speakers?|editors?)"
    r"|(?:prime\s+)?ministers?|president|secretary|chair(?:man|woman|person)?|governor"
    r"|ambassador|senator|commissioner|mayor)"
)
# "what does the report recommend?", "what do the authors propose for X?": the document's (or
# its author's) recommendations, never a named person's
_RECOMMENDS = re.compile(
    r"^(?:so\s*,?\s+|and\s+)?what\s+(?:does|do|did)\s+(?:the\s+|this\s+|that\s+|its\s+)?"
    rf"(?:{_ROLE}|paper|document|article|report|memo|study|brief|analysis|piece|essay|"
    r"review|testimony|speech|op-?ed|commentary|white\s+paper|policy\s+brief)\s+"
    r"(?:recommend|propose|suggest|advise|advocate|call\s+for|urge)\b"
    r"(?:\s+(?P<prep>on|for|about|regarding|to|in)\s+(?P<rest>.+?))?[\s?.!]*$",
    re.IGNORECASE,
)
_SUMMARY_FRAME = re.compile(
    r"^(?:(?:so|ok|okay|and|but|quickly|briefly)\s*,?\s+)*"
    r"(?:(?:what(?:'s|’s|\s+is|\s+are|\s+was|\s+were)|give\s+me|tell\s+me|and)\s+)?"
    r"(?:in\s+a\s+)?"
    r"(?:(?:the|its|their|his|her)\s+|(?:the\s+)?(?P<owner>[\w-]+)(?:'s|’s|s'|s’)\s+)?"
    rf"(?:{_SUMMARY_NOUN})\b"
    # what may follow: nothing, the document ("of the report"), or a subject ("on X")
    r"(?P<rest>(?:\s+(?:of|in|on|about|regarding|concerning|here|there|please)\b.*)?)"
    r"[\s?.!]*$",
    re.IGNORECASE,
)


# "what does the editor argue?", "what do the authors conclude?": the gist, as a question
_ARGUES = re.compile(
    r"^(?:so\s*,?\s+|and\s+)?what\s+(?:does|do|did)\s+(?:the\s+|this\s+|its\s+)?"
    rf"(?:{_ROLE}|paper|document|article|report|memo|study|essay|piece)\s+"
    r"(?:argue|contend|conclude|claim|maintain)[\s?.!]*$",
    re.IGNORECASE,
)


def _summary_frame(text: str) -> BriefRequest | None:
    """A request for the gist ("what's the author's core argument?", "what does the editor
    argue?", "tl;dr", "the bottom line on X"): the whole corpus, or the subject named after
    it."""
    if _ARGUES.match(text):
        return BriefRequest(topic=None, points=requested_points(text))
    m = _SUMMARY_FRAME.match(text)
    if not m:
        return None
    owner = m.group("owner")
    if owner and not (re.fullmatch(_ROLE, owner, re.IGNORECASE) or _SELF.match(owner)):
        return None  # "Chile's main argument": a question about what someone argues
    rest = re.sub(r"^\s*(?:of|in)\s+", "", m.group("rest")).strip(" ?.!")
    if rest.lower() in {"here", "there", "please"}:  # "what's the big picture here?"
        rest = ""
    return BriefRequest(topic=clean_topic(rest) if rest else None, points=requested_points(text))


def clean_topic(text: str | None) -> str | None:
    """The topic as a search phrase: lead-ins, point counts and politeness stripped; None
    when nothing is left or it only names the corpus itself ("this paper")."""
    if text is None:
        return None
    topic = _TRAILER.sub("", " ".join(text.split()))
    topic = _POINT_COUNT.sub(" ", topic)
    for _ in range(3):
        topic = _TRAILER.sub("", _LEAD_IN.sub("", topic)).strip()
        topic = _SAYS.sub("", topic).strip()
    # "what does X mean for Y" → "X for Y": the question's frame is no part of the topic
    topic = _FRAME.sub("", topic)
    topic = _MEANS.sub("", topic)
    topic = re.sub(r"\s+", " ", topic).strip(" ,;:-")
    if not topic or _SELF.match(topic):
        return None
    return topic


_FRAME = re.compile(
    r"^(?:what|how|why|where|when|which)\s+(?:does|do|did|is|are|was|were|will|would|can|"
    r"could|should|might|has|have)\s+",
    re.IGNORECASE,
)
_MEANS = re.compile(r"\b(?:mean|means|matter|matters)\s+(?=for\b|to\b)", re.IGNORECASE)

# "the challenges for it", "its risks": a topic that only points back at the chat
_POINTS_BACK = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those)\b", re.IGNORECASE)
_POSSESSIVES = frozenset({"its", "their"})


def resolve_topic(topic: str | None, history: Sequence[dict[str, str]] | None) -> str | None:
    """The topic with a pronoun that points back at the chat replaced by what the last user
    turn was about ("the challenges for it" after "What is the X Partnership?" → "the
    challenges for X Partnership"); any other topic unchanged, so a self-contained request
    briefs the same with or without a history."""
    if not topic or not history or not _POINTS_BACK.search(topic):
        return topic
    from briefing_bot.answering.analysis import analyse

    if not analyse(topic, list(history)).followup:
        return topic  # the pronoun has its antecedent in the topic itself
    previous = next(
        (
            m["content"]
            for m in reversed(list(history))
            if isinstance(m, dict) and m.get("role") == "user" and isinstance(m.get("content"), str)
        ),
        "",
    )
    subject = analyse(previous, []).asked if previous.strip() else ""
    if not subject:
        return topic

    def name(m: re.Match[str]) -> str:
        return f"{subject}'s" if m.group(0).lower() in _POSSESSIVES else subject

    return _POINTS_BACK.sub(name, topic, count=1)
