"""A topic's *facet*: "risks of X", "obstacles to X", "why X" ask for the risks, the obstacles,
the reasons — an aspect of the subject X, not X in general.

The facet tells which of the document's lists the topic asks for: a list announced as "three
obstacles" (its items "The first is…", "The second obstacle…") is the answer to "obstacles to
X" when it is among X's candidate sentences, however little its items repeat X's words.

Generic English only (the nouns that name an aspect of a subject); nothing about a corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_bot.retrieval import tokenize

# nouns that name an aspect of a subject rather than a subject ("the risks of X")
_NOUNS = (
    r"risks?|threats?|dangers?|challenges?|obstacles?|barriers?|hurdles?|prospects?|outlook|"
    r"opportunit(?:y|ies)|implications?|consequences?|lessons?|benefits?|costs?|reasons?|"
    r"causes?|drivers?|limits?|limitations?|weaknesses?|strengths?|problems?|"
    r"disagreements?|differences?|criticisms?|effects?|impacts?"
)
_FACET = re.compile(
    r"^(?:the\s+)?(?:(?:main|key|major|biggest|principal|chief|[a-z]+)\s+)?"
    rf"(?P<facet>{_NOUNS})\s+(?:of|for|to|facing|from|on|ahead\s+for|behind|between|in)\s+"
    r"(?P<subject>\S.*)$",
    re.IGNORECASE,
)
_WHY = re.compile(r"^why\s+(?P<subject>\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Facet:
    """The aspect a topic asks for and the subject it asks it of."""

    word: str  # the facet noun as the topic puts it ("risks"); "reasons" for "why X"
    subject: str  # what the facet is of ("orbital congestion")

    @property
    def stems(self) -> frozenset[str]:
        """The facet word's stems (what a list's announced noun is compared with)."""
        return frozenset(tokenize(self.word))


def facet_of(topic: str) -> Facet | None:
    """The facet a topic asks for, if it asks for one.

    Example:
        >>> facet_of("risks of orbital congestion")
        Facet(word='risks', subject='orbital congestion')
        >>> facet_of("why prices stayed high").word
        'reasons'
        >>> facet_of("cable repair capacity") is None
        True
    """
    text = " ".join(topic.split())
    m = _FACET.match(text)
    if m:
        return Facet(m.group("facet").lower(), m.group("subject"))
    m = _WHY.match(text)
    if m:
        return Facet("reasons", m.group("subject"))
    return None
