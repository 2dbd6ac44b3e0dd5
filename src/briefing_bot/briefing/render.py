"""Rendering a briefing: fitting the chosen sentences to the word budget (lean clauses, a
common cap, the least relevant point dropped), lead-ins followed by their sentence, the room
left given to the clauses of each point's paragraph that add a figure or a name (or, where a
whole one does not fit, its subject clause when that holds one), a document named in full
once and by its title's head after that, citations with their endnotes, and the abstention
message with the nearest passages."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from briefing_bot.answering.compose import endnote_ref
from briefing_bot.answering.types import Citation
from briefing_bot.briefing.settings import DEFAULT_MAX_POINTS, DEFAULT_MIN_POINTS, BriefingSettings
from briefing_bot.briefing.signals import specific_terms, specifics
from briefing_bot.briefing.tables import Sentence
from briefing_bot.briefing.text import head_clause, lean_sentence, trim_sentence, unnumbered
from briefing_bot.briefing.types import Briefing, BriefPoint, DocumentLabel
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    import numpy as np


class Renderer:
    """The rendering half of :class:`~briefing_bot.briefing.compose.BriefingComposer`."""

    cfg: BriefingSettings
    documents: dict[str, Any]

    @property
    def doc_ids(self) -> list[str]:
        raise NotImplementedError

    def _idf(self, term: str) -> float:
        raise NotImplementedError

    def _df(self, term: str) -> int:
        raise NotImplementedError

    def _sent(self, row: int) -> Sentence:
        raise NotImplementedError

    def _next(self, row: int) -> int | None:
        raise NotImplementedError

    def _vague(self, row: int) -> bool:
        raise NotImplementedError

    def _anchor(self, row: int) -> int | None:
        raise NotImplementedError

    def _render(
        self,
        title: str,
        topic: str | None,
        bottom: int | None,
        body: list[int],
        *,
        doc_id: str | None,
        rel: dict[int, float],
        asked: int | None,
        extras: dict[int, list[int]] | None = None,
        fill: dict[int, list[int]] | None = None,
    ) -> Briefing:
        body = sorted(body, key=self._position)
        picked = [*([bottom] if bottom is not None else []), *body]
        several = len({self._sent(r).chunk.doc_id for r in picked}) > 1
        budget = self.cfg.max_words
        if asked is not None and asked > DEFAULT_MAX_POINTS:
            budget = max(budget, self.cfg.words_per_point * asked)

        def overhead(rows: list[int]) -> int:
            # the words around the sentences: title, "Bottom line:", bullets, each point's
            # [n] markers (one token), document names
            words = len(title.split()) + (2 if bottom is not None else 0) + len(body) + len(rows)
            if several:
                named: set[str] = set()
                for r in rows:
                    chunk = self._sent(r).chunk
                    words += len(self._label(chunk.doc_id, chunk.title, named).split())
            return words

        terms = set(tokenize(topic)) if topic else set()

        def payload(text: str) -> float:
            # what a clause carries: its specifics (names, figures: what a cut to the topic's
            # words alone would lose) and the topic's words; a whole-document brief has no
            # topic, and keeps its clauses with specifics, then reading order
            value = specifics(text)
            if terms:
                found = terms & set(tokenize(text))
                value += sum(self._idf(t) for t in found) + 0.01 * len(text.split())
            return value

        floor = asked if asked is not None else DEFAULT_MIN_POINTS
        # a list item's number is the list's structure, not its point: a bullet says it
        source = {r: unnumbered(" ".join(self._sent(r).text.split())) for r in picked}
        if terms and sum(len(t.split()) for t in source.values()) > budget - overhead(picked):
            # too long whole: first drop what carries nothing (no topic word, no specific)
            def carries(text: str) -> float:
                # topic words, specifics, or words the corpus rarely uses (a clause's news)
                rare = sum(1 for t in tokenize(text) if self._df(t) <= self.cfg.rare_df)
                return payload(text) - 0.01 * len(text.split()) + rare

            source = {r: lean_sentence(t, carries) for r, t in source.items()}
        while True:
            rows = ([bottom] if bottom is not None else []) + body
            room = budget - overhead(rows)
            lengths = [len(source[r].split()) for r in rows]
            cap = _common_cap(lengths, room)
            if sum(lengths) <= room or cap >= self.cfg.min_point_words or len(body) <= floor:
                break
            # rather than cut every point short, the least relevant point goes (fewest new
            # specifics per word instead was measured and lost facts: see the settings)
            body.remove(min(body, key=lambda r: (rel.get(r, 0.0), -r)))
        texts = [trim_sentence(source[r], cap, payload) for r in rows]
        while sum(len(t.split()) for t in texts) > budget - overhead(rows) and len(body) > floor:
            # a sentence kept whole (its payload cannot be cut) may still overrun
            drop = min(body, key=lambda r: (rel.get(r, 0.0), -r))
            texts.pop(rows.index(drop))
            rows.remove(drop)
            body.remove(drop)
        # a point kept whole because nothing in it could be cut, with no point left to drop:
        # cut the longest at a word, so the limit holds whatever the sentences are
        texts = _fit(texts, budget - overhead(rows))
        room = budget - overhead(rows) - sum(len(t.split()) for t in texts)
        follow = self._continuations(rows, texts, room, skip_first=bottom is not None)
        room -= sum(
            len(self._sent(x).text.split()) + (self._sent(x).chunk.id != self._sent(r).chunk.id)
            for r, x in follow.items()
        )
        # the room left goes to the clauses that add a figure or a name to their point (from
        # its paragraph), the most specifics per word first: none is cut to make room for them
        added: dict[int, list[tuple[int, str]]] = {}
        offers = self._added_clauses(rows, extras or {}, source, payload)
        ranked = sorted(
            ((point, c) for point in rows for c in offers.get(point, [])),
            key=lambda pc: -len(specific_terms(pc[1][1])) / max(len(pc[1][1].split()), 1),
        )
        left: list[tuple[int, int, str]] = []  # what did not fit: (point, row, its head)
        shown = set().union(*(specific_terms(t) for t in texts))
        for point, (x, clause) in ranked:
            if x in follow.values():
                continue
            words = len(clause.split())
            if words <= room:
                added.setdefault(point, []).append((x, clause))
                room -= words
            elif (head := head_clause(clause)) is not None and specific_terms(head) - shown:
                left.append((point, x, head))
        # then, in the room still left, the subject clause of one that did not fit, when that
        # holds a specific of its own ("… fell from 14 hours in 2021 to 11 hours in 2025 …")
        for point, x, head in left:
            words = len(head.split())
            if words <= room:
                added.setdefault(point, []).append((x, head))
                room -= words
        # the room still left (a briefing of few points, asked for): each point's relevant
        # paragraph neighbours, whole, the most relevant point first
        used = set(rows) | set(follow.values()) | {x for v in added.values() for x, _ in v}
        for point in sorted(rows[1 if bottom is not None else 0 :], key=lambda r: -rel.get(r, 0.0)):
            for x in (fill or {}).get(point, []):
                text = " ".join(self._sent(x).text.split())
                words = len(text.split()) + (self._sent(x).chunk.id != self._sent(point).chunk.id)
                if x not in used and words <= room:
                    added.setdefault(point, []).append((x, text))
                    used.add(x)
                    room -= words
        citations: dict[str, Citation] = {}
        made: list[BriefPoint] = []
        introduced: set[str] = set()
        for r, trimmed in zip(rows, texts, strict=True):
            s = self._sent(r)
            pieces = [(r, trimmed)]
            nxt = follow.get(r)
            if nxt is not None:
                pieces.append((nxt, " ".join(self._sent(nxt).text.split())))
            pieces.extend(added.get(r, []))
            pieces.sort(key=lambda p: p[0])
            text = pieces[0][1]
            for (a, _), (b, piece) in pairwise(pieces):
                text = f"{text}{self._joint(a, b, text, piece)}{piece}"
            if several:
                text = f"{self._label(s.chunk.doc_id, s.chunk.title, introduced)}: {text}"
            cit = self._cite(citations, s)
            numbers = [cit.number]
            for x, _ in pieces:
                also = self._cite(citations, self._sent(x))
                if also.number not in numbers:
                    numbers.append(also.number)
            built = tuple((self._sent(x).chunk.id, self._sent(x).index) for x, _ in pieces)
            made.append(
                BriefPoint(
                    text,
                    numbers,
                    s.chunk.doc_id,
                    s.chunk.title,
                    s.chunk.locator,
                    sentences=built,
                )
            )
        return Briefing(
            title=title,
            bottom_line=made[0] if bottom is not None else None,
            points=made[1:] if bottom is not None else made,
            citations=list(citations.values()),
            topic=topic,
            doc_id=doc_id,
        )

    def _joint(self, a: int, b: int, text: str, piece: str) -> str:
        """What joins sentence ``b`` to the point so far (ending in sentence ``a``): a space
        when it follows at once, "…" when text between them was skipped."""
        sa, sb = self._sent(a), self._sent(b)
        if text.endswith("…") or piece.startswith("…"):
            return " "
        if sb.chunk.id == sa.chunk.id and sb.index == sa.index + 1:
            return " "
        return "… "

    def _added_clauses(
        self,
        picked: list[int],
        extras: dict[int, list[int]],
        source: dict[int, str],
        payload: Callable[[str], float],
    ) -> dict[int, list[tuple[int, str]]]:
        """``{point: [(neighbour row, its clauses)]}``: each neighbour cut to its subject and
        the clauses carrying specifics the briefing does not hold yet; a neighbour adding
        none is left out."""
        known: set[str] = set()
        for r in picked:
            known.update(specific_terms(source[r]))
        out: dict[int, list[tuple[int, str]]] = {}
        for r in picked:
            for x in extras.get(r, []):
                text = " ".join(self._sent(x).text.split())
                if not specific_terms(text) - known:
                    continue

                def news(clause: str, seen: frozenset[str] = frozenset(known)) -> float:
                    return 2.0 * len(specific_terms(clause) - seen) + 0.1 * payload(clause)

                cut = trim_sentence(text, self.cfg.attach_words, news)
                if len(cut.split()) > 2 * self.cfg.attach_words or not (
                    specific_terms(cut) - known
                ):
                    continue
                known.update(specific_terms(cut))
                out.setdefault(r, []).append((x, cut))
        return out

    def _label(self, doc_id: str, title: str, named: set[str]) -> str:
        """How a point names its document: the first one from it by its title and author,
        the others by the title's head ("Pricing the River" for "Pricing the River: Why…"),
        so that a label does not spend on every point the words a fact could have. Adds
        ``doc_id`` to ``named``."""
        if doc_id in named:
            return str(DocumentLabel.head(title))
        named.add(doc_id)
        return str(DocumentLabel(title, self._author(doc_id)))

    def _author(self, doc_id: str) -> str:
        """The document's author as its metadata names them, or ""."""
        meta = self.documents.get(doc_id, {}).get("metadata") or {}
        author = meta.get("author") if isinstance(meta, dict) else None
        return " ".join(str(author).split()) if isinstance(author, str) else ""

    def _continuations(
        self, rows: list[int], texts: list[str], room: int, *, skip_first: bool
    ) -> dict[int, int]:
        """``{point row: next row}`` for points that only announce what follows ("A third
        risk is political.", "The first reason is poor data."): the next sentence of the same
        passage, which carries the specifics, joins the point while the word budget allows;
        so does the answer to a point whose paragraph ends in a question."""
        out: dict[int, int] = {}
        taken = set(rows)
        for k, r in enumerate(rows):
            if k == 0 and skip_first:
                continue  # the bottom line stands alone
            nxt = self._follower(r, texts[k])
            if nxt is None or nxt in taken:
                continue
            # a reply from another passage cites it too: its marker is a word
            words = len(self._sent(nxt).text.split()) + (
                self._sent(nxt).chunk.id != self._sent(r).chunk.id
            )
            if words <= room:
                out[r] = nxt
                taken.add(nxt)
                room -= words
        return out

    def _follower(self, row: int, text: str) -> int | None:
        """The sentence that completes point ``row`` (shown as ``text``), if it needs one."""
        reply = self._reply(row)
        if reply is not None:
            return reply  # a question (from the floor, or rhetorical): its answer follows
        # a list item too short to say much, or one without a single specific
        # ("The second is that our citizens already use these tools."), is a heading
        short = len(text.split()) <= self.cfg.lead_in_words or not specifics(text)
        if not (self._vague(row) or (short and self._anchor(row) is not None)):
            return None
        nxt = self._next(row)
        if nxt is None or self._anchor(nxt) is not None:
            return None
        s, n = self._sent(row), self._sent(nxt)
        return nxt if n.chunk.id == s.chunk.id and n.index == s.index + 1 else None

    def _reply(self, row: int) -> int | None:
        """The answer to ``row``'s paragraph when that paragraph ends in a question (a
        transcript's question from the floor): the next paragraph's first sentence, or its
        second when the first is a bare lead-in ("No, and I am glad you asked it.")."""
        para = self._sent(row).paragraph
        last, nxt = row, self._next(row)
        while nxt is not None and self._sent(nxt).paragraph == para:
            last, nxt = nxt, self._next(nxt)
        if nxt is None or not self._sent(last).text.rstrip().endswith("?"):
            return None
        opening = self._sent(nxt).text
        if len(opening.split()) <= self.cfg.lead_in_words and not specifics(opening):
            after = self._next(nxt)
            if after is not None and self._sent(after).paragraph == self._sent(nxt).paragraph:
                return after
        return nxt

    @staticmethod
    def _position(row: int) -> int:
        return row  # rows number the corpus in reading order

    def _cite(self, citations: dict[str, Citation], s: Sentence) -> Citation:
        chunk = s.chunk
        cit = citations.get(chunk.id)
        if cit is None:
            cit = Citation.for_chunk(len(citations) + 1, chunk)
            citations[chunk.id] = cit
        span = chunk.sentences[s.index]
        if span not in cit.highlights:
            cit.highlights.append(span)
            cit.highlights.sort()
        known = {e.number for e in cit.endnotes}
        for number in chunk.sentence_endnotes[s.index]:
            ref = endnote_ref(self.documents, chunk.doc_id, number)
            if ref is not None and number not in known:
                cit.endnotes.append(ref)
                known.add(number)
        return cit

    def _abstain(
        self,
        topic: str | None,
        title: str,
        rows: list[int],
        *,
        dense: np.ndarray | None,
        doc_id: str | None,
        missing: list[str],
    ) -> Briefing:
        where = self._where(doc_id)
        what = f"“{topic}”" if topic else "this"
        message = f"{where} doesn't cover {what}"
        message += (
            f": it never mentions {', '.join(f'“{m}”' for m in missing)}." if missing else "."
        )
        citations: dict[str, Citation] = {}
        nearest: list[BriefPoint] = []
        if dense is not None and len(rows):
            import numpy as np

            for i in np.argsort(-dense)[:2]:
                if float(dense[i]) < 0.2:
                    break
                s = self._sent(rows[int(i)])
                cit = self._cite(citations, s)
                nearest.append(
                    BriefPoint(
                        " ".join(s.text.split()),
                        [cit.number],
                        s.chunk.doc_id,
                        s.chunk.title,
                        s.chunk.locator,
                        sentences=((s.chunk.id, s.index),),
                    )
                )
        return Briefing(
            title=title,
            bottom_line=None,
            points=nearest,
            citations=list(citations.values()),
            abstained=True,
            topic=topic,
            doc_id=doc_id,
            message=message,
        )

    def _where(self, doc_id: str | None) -> str:
        ids = [doc_id] if doc_id else self.doc_ids
        if len(ids) == 1:
            return f"“{self.documents.get(ids[0], {}).get('title') or ids[0]}”"
        return "The corpus"


def _fit(texts: list[str], room: int) -> list[str]:
    """``texts`` with the longest cut, a word at a time (the cut marked "…"), until they
    fit ``room`` words together or every one is down to a few words."""
    words = [t.split() for t in texts]
    cut = [False] * len(words)
    while sum(len(w) for w in words) > room:
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if len(words[longest]) <= 6:
            break
        words[longest].pop()
        cut[longest] = True
    return [
        " ".join(w).rstrip(",;:") + "…" if was_cut else t
        for t, w, was_cut in zip(texts, words, cut, strict=True)
    ]


def _common_cap(lengths: list[int], budget: int) -> int:
    """The largest per-sentence word cap under which sentences of ``lengths`` fit ``budget``."""
    if not lengths or sum(lengths) <= budget:
        return max(lengths, default=budget)
    lo, hi = 8, max(lengths)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in lengths) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo
