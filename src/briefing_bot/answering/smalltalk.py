"""Chat that asks nothing of the documents: a greeting, thanks, an acknowledgement, a goodbye,
or a request to write something ("a haiku about freight trains").

A chat page gets these. Answering "thanks, that's helpful!" with the document's own
acknowledgements sentence, or "hi there" with its nearest passage, reads as a broken
assistant; the reply says what it can do instead, and counts as an abstention (nothing is
claimed from the corpus). Generic English only: nothing here knows a document.
"""

from __future__ import annotations

import re

# Words a message of pure small talk is made of (and nothing else): greetings, thanks,
# acknowledgements, goodbyes, and the fillers around them ("thanks so much, that's really
# helpful!", "ok great", "good morning there").
_SMALL_TALK_WORDS = frozenset(
    """
    hi hello hey hiya howdy greetings yo morning afternoon evening good day there all everyone
    thanks thank thankyou thx ty cheers much very so a lot lots you again in advance
    ok okay k alright right cool great nice perfect awesome excellent brilliant wonderful super
    fine got it understood noted sure yes yeah yep no nope that's thats that is was this it
    really helpful useful clear interesting appreciated appreciate
    bye goodbye later see ya cya night take care for now
    """.split()
)
# at least one of these: the message is small talk, not a question made of common words
_MARKERS = frozenset(
    """
    hi hello hey hiya howdy greetings morning afternoon evening thanks thank thankyou thx ty
    cheers ok okay alright cool great nice perfect awesome bye goodbye helpful useful
    appreciated noted understood
    """.split()
)
_THANKS = frozenset({"thanks", "thank", "thankyou", "thx", "ty", "cheers", "appreciated"})
_GREETINGS = frozenset(
    {"hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening"}
)
_WORD = re.compile(r"[a-z']+")
# a greeting put as a question
_HOW_ARE_YOU = frozenset(
    [
        "how are you", "how are you doing", "how's it going", "how is it going", "what's up",
        "how do you do", "are you there", "you there", "how are things",
    ]
)  # fmt: skip
# a request to write something new rather than to say what the documents say
_CREATIVE = re.compile(
    r"^\s*(?:(?:please|can you|could you|would you|will you)\s+)*(?:write|compose|make up|"
    r"generate|tell|sing|draw|create)\s+(?:me\s+|us\s+)?(?:a|an|some|another)\s+"
    r"(?:short\s+|funny\s+|little\s+)?(?:haiku|poem|limerick|sonnet|song|story|joke|rap|"
    r"riddle|verse|rhyme|picture|drawing)s?\b",
    re.IGNORECASE,
)


def small_talk(text: str) -> str | None:
    """The kind of small talk ``text`` is ("greeting", "thanks", "goodbye",
    "acknowledgement") when it is nothing but that; None for anything that asks something."""
    said = _WORD.findall(text.lower().replace("’", "'"))
    words = set(said)
    if " ".join(w for w in said if w not in _GREETINGS) in _HOW_ARE_YOU:
        return "greeting"  # "hi! how are you?"
    if not words or len(words) > 12 or "?" in text:
        return None
    if not words <= _SMALL_TALK_WORDS or not words & _MARKERS:
        return None
    if words & _THANKS:
        return "thanks"
    if words & {"bye", "goodbye"}:
        return "goodbye"
    if words & _GREETINGS:
        return "greeting"
    return "acknowledgement"


def creative_request(text: str) -> bool:
    """Is ``text`` a request to write something ("write me a haiku about X")?"""
    return bool(_CREATIVE.search(text))


def reply(kind: str, scope: str) -> str:
    """What the assistant says to small talk of ``kind`` (or "creative") about ``scope``
    (the document's title in quotes, or "the corpus")."""
    offer = f"Ask me anything about {scope}: I answer from its text, with citations."
    if kind == "thanks":
        return f"You're welcome. {offer}"
    if kind == "goodbye":
        return "Goodbye."
    if kind == "greeting":
        return f"Hello. {offer}"
    if kind == "creative":
        return f"I don't write new text; I answer from {scope}, with citations."
    return offer


# What a chat message wraps its question in: an opener before a separator ("quick question:",
# "hi team,", "ok so -"), a frame that embeds it ("can you tell me how much…", "do you know
# who…", "I'd like to know what…") and a courtesy after it ("… thanks!", "… please"). The
# question is what is left; its words are not the question's ("quick", "question", "thanks"
# are no content the documents should hold). Generic English only.
_OPENER_WORDS = frozenset(
    """
    hi hello hey hiya greetings morning afternoon evening good quick question q query one
    another more last final small simple random follow followup up ok okay so right alright
    sorry please pls thanks thank you team all there guys folks btw also real just
    """.split()
)
_OPENER = re.compile(r"^\s*([a-z' -]{1,40}?)\s*[:,!–—]\s*|^\s*([a-z' ]{1,40}?)\s+-\s+", re.I)
_FRAME = re.compile(
    r"^\s*(?:(?:please|pls|so|ok|okay)\s+)?(?:"
    r"(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show|remind)\s+me"
    r"|(?:please\s+)?tell\s+me|do\s+you\s+know|does\s+anyone\s+know|any\s+idea"
    r"|i(?:'d|’d|\s+would)\s+like\s+to\s+know|i\s+want\s+to\s+know|i\s+need\s+to\s+know"
    r"|i(?:'m|’m|\s+am)\s+(?:wondering|curious)|i\s+was\s+wondering|wondering"
    r")\s*,?\s+(?=(?:what|who|whom|whose|which|when|where|why|how)\b)"
    # "can you tell me the KSI rate in 2025?": a question put as what to tell
    r"|^\s*(?:(?:please|pls|so|ok|okay)\s+)?(?:can|could|would|will)\s+you\s+(?:please\s+)?"
    r"tell\s+me\s+(?!about\b|more\b|a\b|an\b|something\b|anything\b|if\b|whether\b)(?=\w)",
    re.I,
)
_COURTESY = re.compile(
    r"[\s,;.!-]*\b(?:thanks|thank\s+you|thx|ty|cheers|please|pls)"
    r"(?:\s+(?:so\s+much|a\s+lot|very\s+much|in\s+advance))?[\s.!]*$",
    re.I,
)
# an embedded question keeps its statement order ("how much Ghana has invested"); asked
# directly, the auxiliary comes first ("how much has Ghana invested")
_EMBEDDED = re.compile(
    r"^(?P<wh>(?:how\s+(?:much|many|long|big|large|far|often|old)|what|who|which|when|where|"
    r"why|how)(?:\s+(?:year|share|percentage|proportion|amount|number))?)\s+"
    r"(?P<subject>(?:(?!is|are|was|were|has|have|had|will|would|can|could|should|did|does|do"
    r"|that|which|who)\b[\w'’.-]+\s+){1,6}?)(?P<aux>is|are|was|were|has|have|had|will|would|"
    r"can|could|should)\b(?P<rest>.*)$",
    re.I | re.S,
)


# shorthand for the same request: "pls summarise this", "any chance you could …"
_PLEASE = re.compile(r"^\s*(?:pls|plz)\b", re.I)
_ANY_CHANCE = re.compile(r"^\s*any\s+chance\s+(?:you|u)\s+(?:could|can|would)\s+", re.I)
_SUBJECT_START = frozenset(
    "the a an this that these those its their his her our it they he she we you".split()
)


def strip_chatter(text: str) -> str:
    """The question a chat message asks, without its opener, frame and courtesy ("quick
    question: can you tell me what the levy is? thanks!" → "what is the levy?"); the text
    itself when nothing of the kind wraps it, or when nothing else would be left."""
    out = _PLEASE.sub("please", _ANY_CHANCE.sub("could you ", text))
    m = _OPENER.match(out)
    if m:
        words = _WORD.findall((m.group(1) or m.group(2) or "").lower())
        if words and set(words) <= _OPENER_WORDS:
            out = out[m.end() :]
    framed = _FRAME.match(out)
    if framed:
        out = out[framed.end() :]
        direct = _EMBEDDED.match(out)
        subject = direct.group("subject").strip() if direct else ""
        # only a subject of its own ("the port", "Ghana", "it") is moved behind the
        # auxiliary: in "which ports were closed" the question word's noun is the subject
        if direct and (subject[:1].isupper() or subject.split()[0].lower() in _SUBJECT_START):
            out = f"{direct.group('wh')} {direct.group('aux')} {subject}{direct.group('rest')}"
    out = _COURTESY.sub("", out) or out
    if out != text and out.rstrip("?. ") and text.rstrip().endswith("?"):
        out = out.rstrip(" .!") + ("" if out.rstrip().endswith("?") else "?")
    out = out.strip()
    return (
        out[:1].upper() + out[1:]
        if out and out != text.strip() and text[:1].isupper()
        else (out or text)
    )
