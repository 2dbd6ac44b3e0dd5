"""Follow-ups that lean on the conversation.

* An ordinal ("the third one", "an example of the second", "the last one", "the other one")
  points at an item of the previous *assistant answer*, whatever its form: a bulleted or
  numbered list, sentences opening "The first… A second…", a list written in one sentence
  ("Three reasons: A, B, and C."), or simply several sentences.
* An ellipsis ("and on X?", "what about X?") asks the previous question again about X.

Only generic English is known here (list punctuation, ordinals, question words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.lexicon import stems
from briefing_bot.answering.numbers import ORDINALS, WORD_VALUES
from briefing_bot.answering.turns import ORDINAL_REF, OTHER, item_reference
from briefing_bot.answering.types import History
from briefing_bot.answering.wording import AUXILIARY, WH, names_in
from briefing_bot.retrieval import tokenize
from briefing_bot.text import CITATION_MARKER

_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+(.+?)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.?!…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
# a full stop that ends an abbreviation, not a sentence ("U.S. Relations", "Dr. Moniz")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Ms|Mrs|Dr|Prof|St|No|vs|etc|Jr|Sr)\.$")
# a sentence that opens an item of a list: "The first…", "A second type…", "Third, …",
# "Finally, …"
_ITEM_OPENING = re.compile(
    r"^(?:(?:the|a|an|and|its|their)\s+)?(?P<word>" + "|".join(ORDINALS) + r")\b"
    r"|^(?P<last>finally|lastly)\b",
    re.IGNORECASE,
)
# "Four: …", "Three reasons: …", "There are two …": the count a list announces
_COUNT = re.compile(
    r"^(?:there\s+(?:are|were)\s+)?(?P<n>"
    + "|".join(w for w in WORD_VALUES if w != "dozen")
    + r"|\d{1,2})\b(?:\s+[\w-]+){0,3}?\s*(?::|\s+(?:are|were)\b)",
    re.IGNORECASE,
)
# where the items of a one-sentence list begin
_INTRO = re.compile(
    r"\b(?:include|includes|included|including|such as|namely|covers?|covered|are|were)\s+"
    r"|:\s+",
    re.IGNORECASE,
)
_MAX_ITEM_WORDS = 18


def _plain(answer: str) -> str:
    return CITATION_MARKER.sub("", answer).strip()


def _top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets and quotes."""
    out, depth, start, i, quoted = [], 0, 0, 0, False
    while i < len(text):
        ch = text[i]
        if ch in "([{“":
            depth += 1
        elif ch in ")]}”" and depth:
            depth -= 1
        elif ch == '"':
            quoted = not quoted  # a straight-quoted title may hold commas
        elif depth == 0 and not quoted and text.startswith(separator, i):
            out.append(text[start:i])
            start = i + len(separator)
            i = start
            continue
        i += 1
    out.append(text[start:])
    return [x.strip() for x in out]


def _well_formed(piece: str, commas: bool = True) -> bool:
    """A list item: not empty, not a clause of its own, and (``commas``: in a list that
    commas separate) any list inside it closed by "and"/"or" ("illegal, unreported and
    unregulated fishing", not "X and illegal, unreported")."""
    words = piece.split()
    if not words or len(words) > _MAX_ITEM_WORDS:
        return False
    pieces = _top_level(piece, ",") if commas else [piece]
    tail = pieces[-1] if len(pieces) > 1 else ""
    return not tail or bool(re.search(r"\b(?:and|or)\b", tail))


def _strip_item(piece: str) -> str:
    piece = re.sub(r"^(?:and|or|as well as|plus)\s+", "", piece.strip(" .;:"), flags=re.I)
    piece = re.sub(r"^(?:\(?\d{1,2}[.)]|\(?[a-h]\))\s+", "", piece)  # "2. …", "(b) …"
    return piece.strip(" .;:")


def _splits(body: str) -> list[list[str]]:
    """The ways ``body`` reads as a list, each a list of items."""
    body = body.strip().rstrip(".!?")
    out: list[list[str]] = []
    if ";" in body:
        items = [_strip_item(p) for p in _top_level(body, ";")]
        if all(_well_formed(p, commas=False) for p in items) and len(items) >= 2:
            return [items]  # semicolons separate items that may hold commas
    commas = _top_level(body, ",")
    if len(commas) >= 2:
        last = commas[-1]
        closed = bool(re.match(r"(?:and|or)\s", last, re.I))  # "A, B, and C"
        for joiner in (" and ", " or "):
            if not closed and joiner in last:
                # "A, B and C": the last comma piece holds the last two items
                head, _, tail = last.rpartition(joiner)
                commas, closed = [*commas[:-1], head, tail], True
        if len(commas) >= 3 and closed:  # a list ends with "and"/"or" before its last item
            out.append([_strip_item(p) for p in commas])
        for joiner in (", and ", ", or "):
            # "A, B, and C of X, Y and Z": the serial comma's "and" closes the list, and
            # the last item may hold a list of its own
            parts = _top_level(body, joiner)
            for cut in range(1, len(parts)):
                head, tail = joiner.join(parts[:cut]), joiner.join(parts[cut:])
                items = [*_top_level(head, ","), tail]
                if len(items) >= 3:
                    out.append([_strip_item(p) for p in items])
    pairs: list[list[str]] = []
    for joiner in (" and ", " or "):
        halves = _top_level(body, joiner)
        for cut in range(1, len(halves)):
            # two items, "A and B": any cut that leaves both halves well-formed
            pairs.append([joiner.join(halves[:cut]), joiner.join(halves[cut:])])
    # "A of X and Y, and B": the "and" after a comma is the one between the items
    pairs.sort(key=lambda pair: not pair[0].rstrip().endswith(","))
    out += [[_strip_item(p.rstrip().rstrip(",")) for p in pair] for pair in pairs]
    return [s for s in out if all(_well_formed(p) for p in s) and len(s) >= 2]


_ASIDE = re.compile(r",\s+(and|or),\s+[a-z][\w -]{0,30}?,\s+")


def inline_list(sentence: str, count: int | None = None) -> list[str]:
    """The items of a list written in one sentence ("Three reasons: A, B, and C." → [A, B,
    C]); ``count``, when the sentence announces one, decides between readings. Empty when
    the sentence is not a list."""
    # an aside after the last "and" ("…, and, less openly, C") is not part of the item
    sentence = _ASIDE.sub(r", \1 ", sentence.strip())
    # where the items may begin: after a colon, after "include(s)"/"such as"/…, or at once
    bodies = [(sentence[m.end() :], True) for m in _INTRO.finditer(sentence)][:3]
    colon = sentence.find(":")
    if 0 < colon < len(sentence) - 1:
        bodies.insert(0, (sentence[colon + 1 :], True))
    bodies.append((sentence, False))
    for body, introduced in bodies:
        readings = [
            items
            for items in _splits(body)
            if (len(items) == count if count is not None else len(items) >= 3 or introduced)
        ]
        if readings:
            return max(readings, key=len)
    return []


def announced_count(text: str) -> int | None:
    """The count a list announces at its start: "Four: …" → 4, "Three reasons: …" → 3."""
    m = _COUNT.match(text.strip())
    if not m:
        return None
    raw = m.group("n").lower()
    return int(raw) if raw.isdigit() else WORD_VALUES.get(raw)


def answer_items(answer: str) -> list[str]:
    """The items of an answer, in order: its bullet points, its "first… second…" sentences,
    the list one sentence holds, or else its sentences. Empty for one plain sentence."""
    text = _plain(answer)
    lines = [m.group(1) for line in text.splitlines() if (m := _BULLET.match(line))]
    if len(lines) >= 2:
        return [_plain(x) for x in lines]
    flat = " ".join(x for x in text.splitlines() if not x.lstrip().startswith("#"))
    numbered_inline = _numbered_inline(flat)
    if numbered_inline:
        return numbered_inline
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(flat.split())):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece.strip()}"
        elif piece.strip():
            sentences.append(piece.strip())
    numbered: dict[int, str] = {}
    for s in sentences:
        m = _ITEM_OPENING.match(s)
        if m and m.group("word"):
            numbered.setdefault(ORDINALS.index(m.group("word").lower()) + 1, s)
        elif m:
            numbered.setdefault(max(numbered, default=0) + 1, s)
    if len(numbered) >= 2 and sorted(numbered) == list(range(1, len(numbered) + 1)):
        return [numbered[n] for n in sorted(numbered)]
    count = announced_count(text)
    listed = max(
        (inline_list(s, count if i == 0 else None) for i, s in enumerate(sentences)),
        key=len,
        default=[],
    )
    if len(listed) >= 2 and (len(sentences) == 1 or len(listed) >= 3 or count):
        return listed
    return sentences if len(sentences) >= 2 else []


# an item's number inside running text: "… 1) pledges, 2) grants …", "(3) a cap", "1. Ships.
# 2. Spares." (a full stop only before a capital: "in 2. place" is no item)
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[\s:;,]))\(?(\d{1,2})(?:\)|\.(?=\s+[A-Z]))\s+")


def _numbered_inline(text: str) -> list[str]:
    """The items of a list numbered inside one paragraph ("Five things: 1) A, 2) B, 3) C."),
    when its numbers run 1, 2, 3, … ; else empty."""
    marks = list(_INLINE_NUMBER.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    pieces = zip(marks, ends, strict=True)
    items = [_strip_item(text[m.end() : end].strip().rstrip(",;")) for m, end in pieces]
    return items if all(items) else []


def pick(items: list[str], k: int) -> str | None:
    """Item ``k`` (1-based; -1 the last) of ``items``."""
    if k == -1:
        return items[-1] if items else None
    return items[k - 1] if 0 < k <= len(items) else None


@dataclass
class ItemTurn:
    """The turn an ordinal points into: its question, its answer, and the position meant."""

    question: str
    answer: str
    k: int


def list_turn(history: History, k: int) -> ItemTurn | None:
    """The earlier turn whose answer an ordinal follow-up points into. A run of ordinal
    follow-ups walks one list ("the first one?" … "and the third?"), so turns that were
    themselves ordinal follow-ups are stepped over; "the other one" of a two-item list is
    the item the step-over did not name."""
    pairs: list[tuple[str, str]] = []
    for m in history if isinstance(history, list | tuple) else []:
        if not isinstance(m, dict) or not isinstance(m.get("content"), str):
            continue
        content = m["content"][:4000]
        if m.get("role") == "user" and content.strip():
            pairs.append((content, ""))
        elif m.get("role") == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], content)
    named: list[int] = []
    for back, (question, answer) in enumerate(reversed(pairs[-4:])):
        said = item_reference(question)
        if said is not None and said != OTHER and back < len(pairs[-4:]) - 1:
            named.append(said)  # an earlier ordinal follow-up: its list is further back
            continue
        if k != OTHER:
            return ItemTurn(question, answer, k)
        items = answer_items(answer)
        if len(items) == 2 and named:
            return ItemTurn(question, answer, 3 - (2 if named[-1] == -1 else named[-1]))
        return None
    return None


def substitute_ordinal(text: str, item: str) -> str:
    """The question with its ordinal reference replaced by the item it points at."""
    return ORDINAL_REF.sub(lambda _: item, text, count=1)


def asks_more_than_the_item(q: Question) -> bool:
    """Does a question about a list item ask for more than the item itself ("an example of
    the second" does; "and the third one?", "say more about the second" do not)?"""
    rest = ORDINAL_REF.sub(" ", q.text.lower())
    rest = re.sub(
        r"\b(?:and|what|about|how|the|one|item|point|of|them|those|is|was|are|were|which|"
        r"tell|me|more|say|said|explain|elaborate|describe|detail|details|expand|go|on|"
        r"please|again|that|this|it|so|then|now|ok|okay|number|no)\b",
        " ",
        rest,
    )
    own_nouns = set(tokenize(rest)) - stems(q.previous_question)
    return bool(own_nouns)


_ELLIPSIS_LEAD = re.compile(
    r"^(?:and|also|but|then)?\s*(?:what|how)\s+about\s+|^(?:and|also|but|then)\s+(?:for\s+|on\s+"
    r"|in\s+|of\s+|with\s+|about\s+|regarding\s+)?|^(?:same\s+for|what\s+of)\s+",
    re.IGNORECASE,
)
_TOPICAL = ("on", "about", "regarding", "for")
_PREPOSITIONS = ("on", "for", "in", "about", "of", "with", "regarding", "to", "from", "by")


def carry_over(text: str, previous: str) -> str | None:
    """An elliptical follow-up ("and on quantum?", "what about the MSP?") as the previous
    question asked again about the new topic: "What does the volume conclude about AI?" +
    "And on quantum?" → "What does the volume conclude about quantum?". None when ``text``
    is not such an ellipsis, or asks a question of its own ("and who wrote it?")."""
    m = _ELLIPSIS_LEAD.match(text.strip())
    if not m or not previous:
        return None
    topic = text.strip()[m.end() :].strip().rstrip("?.! ")
    if not topic or re.match(rf"(?:{WH}|{AUXILIARY})\b", topic, re.IGNORECASE):
        return None
    if len(topic.split()) > 8 or item_reference(text) is not None:
        return None
    lead = [w.lower() for w in m.group(0).strip().split()]
    prev = previous.strip().rstrip("?.! ")
    # "and on X" names the slot X goes in; "what about X" only marks the ellipsis
    prep = lead[-1] if lead and lead[-1] in _PREPOSITIONS and lead[-2:-1] != ["what"] else None
    if lead[-2:] == ["how", "about"]:
        prep = None
    if prep:
        replaced = _in_slot(prev, topic, [prep]) or _in_slot(prev, topic, _TOPICAL)
        if replaced:
            return replaced
    names = names_in(prev)
    if len(names) == 1 and names_in(topic):
        # "when was the MRC founded?" + "and the LMC?": one name for another
        at = prev.find(names[0])
        if at >= 0:
            before = (
                re.sub(r"\bthe\s+$", "", prev[:at])
                if topic.lower().startswith("the ")
                else prev[:at]
            )
            return f"{before}{topic}{prev[at + len(names[0]) :]}?"
    if prep or len(re.findall(rf"\b(?:{'|'.join(_TOPICAL)})\s", prev, re.IGNORECASE)) != 1:
        return None  # no one place the new topic clearly goes
    return _in_slot(prev, topic, _TOPICAL)


def _in_slot(prev: str, topic: str, preps: Sequence[str]) -> str | None:
    """``prev`` with the phrase after its last ``preps`` preposition (up to the next one)
    replaced by ``topic``: "…cooperation on AI in 2023" → "…cooperation on quantum in 2023"."""
    spots = list(re.finditer(rf"\b(?:{'|'.join(preps)})\s+", prev, re.IGNORECASE))
    if not spots:
        return None
    start = spots[-1].end()
    end = re.search(
        r"(?<!\s)\s+(?:" + "|".join(_PREPOSITIONS) + r"|and|that|which|who)\b|,", prev[start:]
    )
    stop = start + end.start() if end else len(prev)
    return f"{prev[:start]}{topic}{prev[stop:]}?"
