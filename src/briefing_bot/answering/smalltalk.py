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
    words = set(_WORD.findall(text.lower().replace("’", "'")))
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
