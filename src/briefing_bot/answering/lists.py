"""Enumerated lists in document order: "four types of cooperation … The first … A second …",
across paragraphs, and the k-th item of one for "what about the third one?"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing_bot.answering.compose import Picked
from briefing_bot.answering.evidence import ITEM_NUMBER, SentenceFacts
from briefing_bot.answering.followups import inline_list
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

FactsOf = Callable[[Chunk, int], SentenceFacts]

# what a list answering "why …?" counts: "There are three reasons …"
REASON_NOUNS = frozenset(tokenize("reasons causes factors drivers explanations"))
# a transcript's speaker label: "CHAIR: …", "QUESTION (A. Name, Office): …"
_SPEAKER = re.compile(r"^[A-Z][A-Z.'’ -]+(?:\s*\([^)]*\))?:\s+")
# a sentence that announces a list without a count or a colon: "The following
# recommendations were drawn up …", "They are as follows."
_FOLLOWING = re.compile(
    r"\b(?:the following|as follows|(?:listed|set out|given|shown) below)\b", re.IGNORECASE
)
_DENIAL = re.compile(r"\b(?:not|cannot|no|never|none|nobody|nothing)\b|n't\b", re.IGNORECASE)


class DocumentOrder:
    """Chunks of each document in order, to walk forward from a sentence."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.order: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            self.order.setdefault(chunk.doc_id, []).append(chunk)
        self.position = {c.id: i for cs in self.order.values() for i, c in enumerate(cs)}

    def after(self, chunk: Chunk, index: int, limit: int) -> list[tuple[Chunk, int, str]]:
        """Body sentences after sentence ``index`` of ``chunk``, over ``limit`` chunks."""
        chunks = self.order.get(chunk.doc_id, [])
        start = self.position.get(chunk.id, 0)
        return sentences_after(chunks[start : start + limit], chunk, index)


def sentences_after(run: Sequence[Chunk], chunk: Chunk, index: int) -> list[tuple[Chunk, int, str]]:
    """Body sentences of ``run`` (chunks of ``chunk``'s document in reading order, starting
    with it) that come after sentence ``index`` of ``chunk``."""
    out = []
    for other in run:
        if other.doc_id != chunk.doc_id:
            break
        if other.kind != "body":
            continue
        for i, text in enumerate(other.sentence_texts()):
            if other.id == chunk.id and i <= index:
                continue
            out.append((other, i, text))
    return out


def enumerated_items(
    start: Picked,
    first: int,
    count: int | None,
    *,
    order: DocumentOrder,
    facts: FactsOf,
    limit: int,
    within: int | None = None,
    numbered: bool = False,
) -> list[Picked]:
    """The items after ``start`` that open with the ordinals first+1, first+2, … in sequence
    (up to ``count``; "Finally"/"Lastly" closes the list). ``within``: the first item must
    come within that many sentences of ``start``; ``numbered``: items may open with their
    own number ("2. …") instead of an ordinal word."""
    found: list[Picked] = []
    expect = first + 1
    for n, (chunk, i, text) in enumerate(order.after(start.chunk, start.index, limit)):
        if within is not None and not found and n >= within:
            break
        ordinal = facts(chunk, i).ordinal
        if ordinal is None and numbered and (m := ITEM_NUMBER.match(text)):
            ordinal = int(m.group(1))
        if ordinal == expect or (ordinal == 99 and found and count and expect == count):
            found.append(Picked(chunk, i, text, start.score))
            expect += 1
            if count and expect > count:
                break
        elif ordinal is not None and ordinal < expect and found and ordinal == 1:
            break  # a new list begins
    return found


def lists_itself(text: str, n: int) -> bool:
    """Does a sentence announcing ``n`` things name all of them after a colon ("five
    countries: A, B, C, D and E")? Then the "First, …" sentences after it begin another list.
    (Not "three reasons the body could not stop, delay or reshape a dam": no colon.)"""
    _, colon, after = text.partition(":")
    return bool(colon) and len(inline_list(after, n)) == n


def whole_list(
    ranked: Sequence[Picked],
    count: int | None,
    noun_stems: frozenset[str],
    *,
    order: DocumentOrder,
    facts: FactsOf,
    limit: int,
    intro_within: int = 3,
) -> list[Picked] | None:
    """A list question: the sentence announcing "N things" (its noun among the question's
    words when possible) and its items, or None."""
    anchors = []
    for rank, s in enumerate(ranked[:8]):
        f = facts(s.chunk, s.index)
        if f.anchor is None or s.chunk.kind != "body":
            continue
        n, noun = f.anchor
        if (count and n != count) or not (count or noun & noun_stems):
            continue  # another count, or a count of something the question does not ask about
        anchors.append((not (noun & noun_stems), rank, s, n))
    for _, _, anchor, n in sorted(anchors, key=lambda a: (a[0], a[1])):
        if lists_itself(anchor.text, n):
            return [anchor]  # "five countries: A, B, C, D and E" is the whole list
        items = enumerated_items(anchor, 0, n, order=order, facts=facts, limit=limit, numbered=True)
        if len(items) >= n:
            return [anchor, *items]
    for s in ranked[:3]:
        # no count announced: a best sentence that opens a list ("…?" or "…:") followed at
        # once, in the same part of the document, by "First, … Second, …"; one announcing
        # "the following" may be followed by a numbered list ("1. …", "2. …")
        following = bool(_FOLLOWING.search(s.text))
        if not (following or s.text.rstrip().endswith(("?", ":"))):
            continue
        items = enumerated_items(
            s,
            0,
            None,
            order=order,
            facts=facts,
            limit=limit,
            within=intro_within,
            numbered=following,
        )
        if len(items) >= 2 and items[0].chunk.section_path[:1] == s.chunk.section_path[:1]:
            return [s, *items]
    return None


def kth_item(
    k: int, ranked: Sequence[Picked], order: DocumentOrder, facts: FactsOf, limit: int
) -> Picked | None:
    """Item ``k`` (-1: the last) of the list the best candidates belong to or announce."""
    for s in ranked[:8]:
        f = facts(s.chunk, s.index)
        if f.anchor is not None and s.chunk.kind == "body":
            items = enumerated_items(s, 0, f.anchor[0], order=order, facts=facts, limit=limit)
        elif f.ordinal is not None and f.ordinal != 99:
            items = [*([None] * (f.ordinal - 1)), s]  # type: ignore[list-item]
            items += enumerated_items(s, f.ordinal, None, order=order, facts=facts, limit=limit)
        else:
            continue
        if k == -1 and items and items[-1] is not None:
            return items[-1]
        if 0 < k <= len(items) and items[k - 1] is not None:
            return items[k - 1]
    return None


def leads_in(
    text: str,
    asked: frozenset[str],
    tokens: frozenset[str] | None = None,
    *,
    most_words: int = 2,
) -> bool:
    """Does a sentence only lead in to the next one? A question (its answer follows), or a
    sentence without a figure or a denial and with at most ``most_words`` content words
    beyond the question's stems ``asked`` (a speaker's label not counted; see
    ``AnswerSettings.lead_in_words``). ``tokens``: the sentence's stems when already known."""
    from briefing_bot.answering.lexicon import stems

    label = _SPEAKER.match(text.strip())
    body = text.strip()[label.end() :] if label else text.strip()
    if body.rstrip(" ”\"'’)").endswith("?"):
        return True
    if _DENIAL.search(body):
        return False  # "It is not.", "No one has.": a short denial is an answer
    if tokens is None:
        words = set(stems(body)) - asked
    else:  # the whole sentence's stems, less its label's
        words = set(tokens - asked) - (stems(label.group(0)) if label else set())
    # a figure is a specific ("one" mostly a pronoun: "a short one")
    if re.search(r"\d", body) or any(w.startswith("num:") and w != "num:1" for w in words):
        return False
    return len({w for w in words if not w.startswith("num:")} - {"one"}) <= most_words


# a sentence that points back at the one before it: "such a framework", "these talks" (the
# noun named just before; not "that", mostly a conjunction), or a quotation attributed to
# "she"/"he"/"they"
_POINTER = re.compile(r"\b(?:[Ss]uch an?|[Tt]his|[Tt]hese|[Tt]hose)\s+([a-z][\w-]+)")
_ATTRIBUTION = re.compile(
    r"\b(?:she|he|they)\s+(?:said|says|told|tells|added|adds|argued|argues|warned|warns|"
    r"wrote|writes|noted|notes|recalled|recalls)\b"
)


def refers_back(text: str, previous: str) -> bool:
    """Does ``text`` need the sentence before it, ``previous``, to be understood? It names,
    past its opening, with "such a"/"this"/"these"/"those" a noun ``previous`` names, or
    attributes a quotation to a pronoun."""
    from briefing_bot.answering.lexicon import stems

    if _ATTRIBUTION.search(text):
        return True
    before = stems(previous)
    # inside the sentence: an opening "These talks …" mostly starts a point of its own
    return any(stems(m.group(1)) & before for m in _POINTER.finditer(text) if m.start() > 0)


def _what_follows(s: Picked, order: DocumentOrder) -> list[Picked]:
    """The sentence after ``s`` in its section, and the one after that when the first is a
    question (asked from the floor, or by the text itself: its answer comes next) or when
    it :func:`~briefing_bot.answering.compose.continues` the first ("But …")."""
    from briefing_bot.answering.compose import continues
    from briefing_bot.answering.lexicon import stems

    out: list[Picked] = []
    for chunk, i, text in order.after(s.chunk, s.index, 3):
        if chunk.section_path != s.chunk.section_path:
            break
        if out and not (
            out[-1].text.rstrip(" ”\"'’)").endswith("?")
            or continues(frozenset(stems(out[-1].text)), text)
        ):
            break
        out.append(Picked(chunk, i, text, s.score))
        if len(out) == 2:
            break
    return out


def with_announced_items(
    chosen: Sequence[Picked],
    *,
    order: DocumentOrder,
    facts: FactsOf,
    limit: int,
    within: int,
    most: int,
    asked: frozenset[str] | None = None,
    lead_in_words: int = 2,
) -> list[Picked]:
    """``chosen`` with the items of any list one of its sentences announces ("We recommend
    five steps:", "There are three reasons.") placed after it: an announcement alone says
    nothing. A sentence ending with ":" and no numbered items after it brings the sentence
    it introduces; given the question's stems ``asked``, so does one that only
    :func:`leads_in` to the next (``lead_in_words``: its ``most_words``). A sentence that
    :func:`refers_back` comes with the one before it."""
    out: list[Picked] = []
    seen = {s.key for s in chosen}
    for s in chosen:
        back = (s.chunk.id, s.index - 1)
        if s.chunk.kind == "body" and s.index > 0 and back not in seen:
            previous = s.chunk.sentence_texts()[s.index - 1]
            if refers_back(s.text, previous):
                seen.add(back)
                out.append(Picked(s.chunk, s.index - 1, previous, s.score))
        out.append(s)
        if s.chunk.kind != "body":
            continue
        f = facts(s.chunk, s.index)
        colon = s.text.rstrip().endswith(":")
        if f.anchor is None and not colon:
            if asked is not None and leads_in(s.text, asked, f.tokens, most_words=lead_in_words):
                for item in _what_follows(s, order):
                    if item.key not in seen:
                        seen.add(item.key)
                        out.append(item)
            continue
        n = f.anchor[0] if f.anchor is not None else None
        if n and lists_itself(s.text, n):
            # the sentence names its items itself ("five countries: A, B, C, D and E"): the
            # "First, …" sentences after it begin another list
            continue
        items = enumerated_items(
            s, 0, n, order=order, facts=facts, limit=limit, within=within, numbered=True
        )
        if len(items) < 2 or (n is not None and len(items) < n):
            following = order.after(s.chunk, s.index, 2)[:1] if colon else []
            items = [Picked(c, i, t, s.score) for c, i, t in following]
        for item in items[:most]:
            if item.key not in seen:
                seen.add(item.key)
                out.append(item)
    return out
