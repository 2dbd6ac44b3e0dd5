"""Sentence-level text helpers of the briefing composer: enumerations and clause trimming.

Generic English only: number words, ordinals and discourse connectors, nothing about a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing_bot.answering.wording import parts_of_speech
from briefing_bot.text import NUMBER_WORDS, ORDINALS

# "four types of…", "at least four critical factors", "3 main reasons"
_ANNOUNCE = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9]|10)\s+"
    r"(?:(?:key|main|major|critical|distinct|different|broad|basic|important|core|central|"
    r"principal|separate|specific|general)\s+)?"
    r"(?!years?\b|months?\b|days?\b|weeks?\b|decades?\b|percent\b|times\b|of\b|and\b|or\b|to\b)"
    r"([a-z][a-z-]+)",
    re.IGNORECASE,
)
# "First, …", "The first type…", "And fifth, …", "Firstly, …"; or a numbered item "2. …"
ORDINAL_START = re.compile(
    r"^(?:(?:and\s+)?(?:(?:the|a|an)\s+)?(" + "|".join(ORDINALS) + r")(?:ly)?\b[\s,]"
    r"|(\d{1,2})[.)]\s)",
    re.IGNORECASE,
)
# Lead-ins that carry no content of their own; a point may drop them (marked with "…").
_CONNECTOR = re.compile(
    r"^(?:however|moreover|additionally|in addition|furthermore|thus|therefore|hence|"
    r"meanwhile|likewise|similarly|indeed|finally|in turn|for instance|for example|"
    r"as a result|in this respect|in this regard|in short|overall|in sum|at the same time|"
    r"as previously noted|as noted|still|yet|instead|nevertheless|nonetheless|accordingly|"
    r"consequently|in particular|notably|importantly|of course|in fact)\s*,\s*",
    re.IGNORECASE,
)
# Clause boundaries: a comma, semicolon, colon or dash followed by a space (or an em dash).
_BOUNDARY = re.compile(r"[,;:]\s+|\s+[—–-]{1,2}\s+|—")


def announced_count(sentence: str) -> int | None:
    """How many items a sentence announces ("there are four types of…" → 4), if any."""
    m = _ANNOUNCE.search(sentence)
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def announced_noun(sentence: str) -> str | None:
    """What a sentence announces a number of ("comes down to three obstacles" → "obstacles")."""
    m = _ANNOUNCE.search(sentence)
    return m.group(2).lower() if m else None


def ordinal_of(sentence: str) -> int | None:
    """1 for a sentence opening with "First," / "The first…", 2 for "A second…", …"""
    m = ORDINAL_START.match(sentence.strip())
    if not m:
        return None
    return int(m.group(2)) if m.group(2) else ORDINALS.index(m.group(1).lower()) + 1


def find_enumerations(
    sentences: Sequence[str],
    same_doc: Callable[[int, int], bool],
    *,
    first_within: int = 6,
    span: int = 40,
) -> dict[int, list[int]]:
    """``{anchor: [item, …]}`` for every sentence announcing N items that the following
    sentences (possibly in later paragraphs) list as first, second, … N-th, in order.

    ``sentences`` are in reading order; ``same_doc(i, j)`` says whether two belong to one
    document (an enumeration never crosses documents).
    """
    out: dict[int, list[int]] = {}
    for i, text in enumerate(sentences):
        n = announced_count(text)
        # a paragraph's number ("17. Taken together, … three lessons") is no list item's
        if n is None or ordinal_of(unnumbered(text)) is not None:
            continue
        items: list[int] = []
        for j in range(i + 1, min(len(sentences), i + 1 + span)):
            if not same_doc(i, j):
                break
            k = ordinal_of(sentences[j])
            if len(items) + 1 in (k, ordinal_of(unnumbered(sentences[j]))):
                items.append(j)
                if len(items) == n:
                    break
            elif not items and j - i > first_within:
                break
        if len(items) == n and not _numbering_goes_on(sentences, items, same_doc, span):
            out[i] = items
    # a list after a colon whose items end in semicolons ("…recommend that the Government:",
    # "introduce caps …;", "require metering …;", "ask … each year."): bullets flattened
    for i, text in enumerate(sentences):
        if i in out or not text.rstrip().endswith(":"):
            continue
        items = []
        for j in range(i + 1, min(len(sentences), i + 1 + span)):
            if not same_doc(i, j):
                break
            items.append(j)
            if not sentences[j].rstrip().endswith(";"):
                break
        if len(items) >= 2 and sentences[items[0]].rstrip().endswith(";"):
            out[i] = items
    # a numbered list ("1. …", "2. …") nobody announced: the sentence before it leads it
    listed = {j for items in out.values() for j in items}
    for i in range(1, len(sentences)):
        if i in listed or not _NUMBERED.match(sentences[i]) or ordinal_of(sentences[i]) != 1:
            continue
        if not same_doc(i - 1, i) or (i - 1) in out or (i - 1) in listed:
            continue
        items = [i]
        for j in range(i + 1, min(len(sentences), i + span)):
            if not same_doc(i, j):
                break
            if _NUMBERED.match(sentences[j]) and ordinal_of(sentences[j]) == len(items) + 1:
                items.append(j)
        announced = announced_count(sentences[i - 1])
        if (
            len(items) >= 2
            and announced in (None, len(items))
            and not _numbering_goes_on(sentences, items, same_doc, span)
        ):
            # (a lead announcing another count, or numbers going on past the window: the
            # numbers are a report's paragraph numbers, not a list)
            out[i - 1] = items
            listed.update(items)
    return out


_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")


def unnumbered(text: str) -> str:
    """``text`` without the number of a numbered list item ("1. Legislate…" → "Legislate…")."""
    return _NUMBERED.sub("", text, count=1)


def _numbering_goes_on(
    sentences: Sequence[str], items: list[int], same_doc: Callable[[int, int], bool], span: int
) -> bool:
    """Do numbered items go on past the last one counted ("1." … "6." then "7.")? Then the
    numbers are the document's paragraph numbers, not the list announced."""
    last = items[-1]
    if not _NUMBERED.match(sentences[last]):
        return False
    want = len(items) + 1
    for j in range(last + 1, min(len(sentences), last + span)):
        if not same_doc(last, j):
            return False
        if _NUMBERED.match(sentences[j]):
            return ordinal_of(sentences[j]) == want
    return False


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` inside quotation marks (curly pairs, or straight ones taken two
    by two); an unclosed quotation runs to the end."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        mark = m.group()
        if start is None and mark in '“"':
            start = m.end()
        elif start is not None and mark in '”"':
            spans.append((start, m.start()))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


_QUOTE_MARK = re.compile(r"[“”\"]")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans; pieces under four words (list items, short asides) stay with the clause
    before them so a list is never split, and a quotation is never cut inside (its comma or
    semicolon is the speaker's, and half a quotation misquotes)."""
    inside = _quoted(text)
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        if not any(a <= m.start() < b for a, b in inside):
            cuts.append(m.end())
    cuts.append(len(text))
    spans = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and len(text[s:e].split()) < 4:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    # a short first clause ("For instance,") belongs with what follows
    if len(merged) > 1 and len(text[merged[0][0] : merged[0][1]].split()) < 4:
        merged[0:2] = [(merged[0][0], merged[1][1])]
    return merged


def trim_sentence(text: str, max_words: int, payload: Callable[[str], float]) -> str:
    """``text`` cut to at most ``max_words`` words at clause boundaries, cuts marked "…".

    The subject clause (the first one, after any connector such as "However,") is always
    kept, with the clause of highest ``payload`` (how much of the topic it carries); other
    clauses are added by payload, then reading order, while they fit. When the subject and
    the main payload alone are too long the sentence is kept whole: the payload is never cut.
    """
    text = " ".join(text.split())
    if len(text.split()) <= max_words:
        return text
    start = 0
    m = _CONNECTOR.match(text)
    if m:
        start = m.end()
    body = text[start:]
    spans = _clauses(body)
    if len(spans) <= 1:
        return text
    words = [len(body[s:e].split()) for s, e in spans]
    values = [payload(body[s:e]) for s, e in spans]
    # end focus: an English sentence tends to put its news last ("…, the expansion might
    # have the effect of weakening…"), so the last clause weighs as much as the best one
    values[-1] += max(values)
    best = max(range(len(spans)), key=lambda i: (values[i], -i))
    keep = {0, best}
    used = sum(words[i] for i in keep)
    if used > max_words:
        return text  # the subject and the main payload do not fit: never cut them
    for i in sorted(range(1, len(spans)), key=lambda i: (-values[i], i)):
        if i not in keep and used + words[i] <= max_words:
            keep.add(i)
            used += words[i]
    if keep == set(range(len(spans))) and not start:
        return text
    return _assemble(body, spans, keep, cut_start=bool(start))


def head_clause(text: str) -> str | None:
    """``text``'s subject clause alone, the cut marked "…" ("The average time fell from 14
    hours to 11 hours …"); None when ``text`` is one clause."""
    text = " ".join(text.split())
    m = _CONNECTOR.match(text)
    start = m.end() if m else 0
    body = text[start:]
    spans = _clauses(body)
    if len(spans) <= 1 or not _predicate(body[spans[0][0] : spans[0][1]]):
        return None
    return _assemble(body, spans, {0}, cut_start=bool(start))


def _predicate(clause: str) -> bool:
    """Does ``clause`` say something: a lower-case word that can be a verb? A speaker and
    their title ("Siobhán Kearney, Director of Rural Transport at the Authority, …") stop
    before what they said, and alone state nothing."""
    return any(
        word[:1].islower() and parts_of_speech(word) & {"VERB", "AUX"}
        for word in re.findall(r"[^\W\d_][\w'’]*", clause)
    )


def lean_sentence(text: str, payload: Callable[[str], float]) -> str:
    """``text`` without what carries nothing: a leading connector ("As previously noted,")
    and every clause after the first whose ``payload`` (topic words, specifics) is zero.
    The subject clause always stays; cuts are marked "…"."""
    text = " ".join(text.split())
    m = _CONNECTOR.match(text)
    start = m.end() if m else 0
    body = text[start:]
    spans = _clauses(body)
    keep = {0} | {i for i in range(1, len(spans)) if payload(body[spans[i][0] : spans[i][1]]) > 0}
    if len(keep) == len(spans) and not start:
        return text
    return _assemble(body, spans, keep, cut_start=bool(start))


def _assemble(body: str, spans: list[tuple[int, int]], keep: set[int], *, cut_start: bool) -> str:
    """The kept clauses of ``body`` in order, "…" wherever something was cut."""
    out: list[str] = ["…"] if cut_start else []
    prev = -1
    for i in sorted(keep):
        if prev >= 0 and i != prev + 1:
            out.append("…")
        out.append(body[spans[i][0] : spans[i][1]].strip())
        prev = i
    if prev != len(spans) - 1:
        out.append("…")
    joined = " ".join(out)
    joined = re.sub(r"\s*[,;:—–-]+\s*…", " …", joined)  # "clause, …" → "clause …"
    if joined.startswith("… "):
        joined = "…" + joined[2:]
    if not joined.endswith(("…", ".", "?", "!", "”", '"')):
        joined += "."
    return joined
