"""Choosing a topic briefing's points among its ranked candidates: an enumeration kept whole,
maximal marginal relevance (specifics valued, vague lead-ins and table rows discounted, one
paragraph charged for a second point), and the bottom line (the most central of the most
relevant)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_bot.briefing.settings import DEFAULT_MAX_POINTS
from briefing_bot.briefing.signals import leans_back

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from briefing_bot.briefing.points import PointModel
    from briefing_bot.briefing.settings import BriefingSettings
    from briefing_bot.briefing.tables import Sentence


class Selection:
    """The choosing half of :class:`~briefing_bot.briefing.compose.BriefingComposer`."""

    cfg: BriefingSettings

    if TYPE_CHECKING:  # provided by the composer
        point_model: PointModel | None  # the fitted point scorer the candidates' values use

        def _sent(self, row: int) -> Sentence: ...
        def _vecs(self, rows: Sequence[int]) -> np.ndarray: ...
        def _vague(self, row: int) -> bool: ...
        def _tabular(self, row: int) -> bool: ...
        def _specific(self, row: int) -> float: ...
        def _items(self, row: int) -> list[int] | None: ...
        def _anchor(self, row: int) -> int | None: ...
        def _announced(self, row: int) -> frozenset[str]: ...
        def _follower(self, row: int, text: str) -> int | None: ...
        def _reply(self, row: int) -> int | None: ...

    def _enumeration(
        self,
        ranked: list[int],
        limit: int,
        own: list[int] | None = None,
        *,
        cut: bool = False,
        facet: frozenset[str] = frozenset(),
        borrowed: frozenset[int] | set[int] = frozenset(),
    ) -> int | None:
        """The enumeration the topic is about: its announcing sentence is among the five most
        relevant, or half its items (two at least) are among the seven (``list_items_top``)
        most relevant by their own words (``own``: ranked without what their neighbours lend
        them; one item alone means the topic is that item, not the list, and so do two of a
        list of seven or of one longer than a briefing holds), or it is announced as what the
        topic's ``facet`` names (stems: "three obstacles" for "obstacles to X") and is among
        the candidates at all. A list longer than ``limit`` points is left out, unless ``cut``
        (the points were asked for: the composer keeps its first items). An announcing sentence
        ranked high only by what the sentence ``borrowed`` before it lent ("Prices fell by a
        fifth. There are three reasons why costs remain high.") counts among the five by its
        own words: the topic is that sentence's, not the list's (its items, or a question
        before it that it answers, lend an anchor its rank: the composer leaves those out of
        ``borrowed``)."""
        own = ranked if own is None else own
        if facet:
            # the list the topic's facet names ("obstacles to X": "three obstacles…"), among
            # the candidates: its items answer the topic even where they never repeat X
            seen: set[int] = set()
            for r in ranked:
                anchor = self._list_at(r, limit, cut)
                if anchor is None or anchor in seen:
                    continue
                seen.add(anchor)
                if self._announced(anchor) & facet:
                    return anchor
        top, own_top = ranked[:5], set(own[: self.cfg.list_items_top])
        for r in dict.fromkeys([*top, *own[: self.cfg.list_items_top]]):
            anchor = self._list_at(r, limit, cut)
            if anchor is None:
                continue
            lent = anchor in borrowed and anchor not in own[:5]
            items = self._items(anchor) or []
            # two items of a long list (a report's numbered paragraphs, fourteen
            # recommendations) make the topic those items, not the list: its first items
            # would be off the topic
            if (anchor in top and not lent) or (
                len(items) <= DEFAULT_MAX_POINTS
                and len(set(items) & own_top) >= max(2, (len(items) + 1) // 2)
            ):
                return anchor
        return None

    def _list_at(self, row: int, limit: int, cut: bool) -> int | None:
        """The announcing sentence of the list ``row`` announces or is an item of, when the
        list fits in ``limit`` points (or ``cut``: its first items will do)."""
        anchor = row if self._items(row) is not None else self._anchor(row)
        items = self._items(anchor) if anchor is not None else None
        if anchor is None or items is None or (len(items) > limit and not cut):
            return None
        return anchor

    def _mmr(
        self,
        candidates: list[int],
        rel: dict[int, float],
        chosen: list[int],
        k: int,
        *,
        per_word: float = 0.0,
    ) -> list[int]:
        """Maximal marginal relevance over sentence vectors; near-duplicates never enter.
        ``per_word`` > 0 values a candidate per word (:meth:`_brevity`)."""
        everyone = list(dict.fromkeys([*chosen, *candidates]))
        at = {r: i for i, r in enumerate(everyone)}
        vecs = self._vecs(everyone)
        sims = vecs @ vecs.T
        # what the loop asks of each candidate, looked up once
        para = {r: self._paragraph(r) for r in everyone}
        terms = {r: self._sent(r).terms for r in everyone}
        worth = {
            r: self._worth(r, rel[r]) * self._brevity(r, per_word) for r in candidates if r in rel
        }
        chosen = list(chosen)
        lam = self.cfg.mmr_lambda
        top = max(rel.values()) or 1.0
        remaining = [r for r in candidates if r not in chosen]
        # the sentence the renderer adds after a chosen lead-in is no point of its own (the
        # fitted scorer values it highly, and a second slot on it lost facts on the dev data)
        scored = self.point_model is not None
        follows = {self._follower(c, self._sent(c).text) for c in chosen} if scored else set()
        while remaining and len(chosen) < k:
            best_row, best_value = None, -1e9
            for r in remaining:
                if r in follows:
                    continue
                sim = max((float(sims[at[r], at[c]]) for c in chosen), default=0.0)
                if sim >= self.cfg.max_similar or any(
                    _jaccard(terms[r], terms[c]) > self.cfg.max_shared_terms for c in chosen
                ):
                    continue
                same = sum(1 for c in chosen if para[c] == para[r])
                # cover the topic's paragraphs before taking a second sentence from one
                value = (
                    lam * worth[r] / top
                    - (1 - lam) * sim
                    - self.cfg.paragraph_penalty * max(0, same - self.cfg.paragraph_free + 1)
                )
                if value > best_value:
                    best_row, best_value = r, value
            if best_row is None:
                break
            chosen.append(best_row)
            remaining.remove(best_row)
            if scored:
                follows.add(self._follower(best_row, self._sent(best_row).text))
        return chosen

    def _whole_list(self, anchor: int, body: list[int]) -> list[int]:
        """``body`` with the points besides the items of ``anchor``'s list kept only while
        the list and they fit the word budget uncut: the announced items come whole first
        ("four steps" and the fourth cut to "Pa…" for a background sentence was the price)."""
        items = set(self._items(anchor) or ())

        def words(row: int) -> int:
            text = self._sent(row).text
            follower = self._follower(row, text)
            extra = len(self._sent(follower).text.split()) if follower is not None else 0
            return len(text.split()) + extra

        room = self.cfg.max_words - self.cfg.list_reserve - words(anchor)
        room -= sum(words(r) for r in body if r in items)
        kept = []
        for r in body:
            if r not in items:
                room -= words(r)
                if room < 0:
                    continue
            kept.append(r)
        return kept

    def _attachments(
        self,
        bottom: int | None,
        body: list[int],
        relevance: dict[int, float],
        *,
        specific: bool = True,
    ) -> dict[int, list[int]]:
        """``{point: [neighbour, …]}``: the sentences of each point's paragraph (at most
        ``attach_span`` away, relevant, carrying a specific) whose clauses may join it, so
        that a point gathers its paragraph's figures and names instead of a second point
        from the paragraph standing in for them (the renderer keeps only the clauses that
        add a specific, and drops them first when the words run out)."""
        if not body or not relevance:
            return {}
        taken = set(body) | ({bottom} if bottom is not None else set())
        floor = self.cfg.attach_floor * max(relevance.values())
        out: dict[int, list[int]] = {}
        for r in sorted(body, key=lambda r: -relevance.get(r, 0.0)):
            para = self._paragraph(r)
            near = [
                x
                for step in range(1, self.cfg.attach_span + 1)
                for x in (r - step, r + step)
                if x not in taken
                and relevance.get(x, -1e9) >= floor
                and self._paragraph(x) == para
                and (self._specific(x) > 0 or not specific)
                and not self._tabular(x)
            ]
            near.sort(key=lambda x: -relevance[x])
            keep = near[: self.cfg.attach_max]
            taken.update(keep)
            if keep:
                out[r] = sorted(keep)
        return out

    def _paragraph(self, row: int) -> tuple[str, int]:
        s = self._sent(row)
        return (s.chunk.doc_id, s.paragraph)

    def _worth(self, row: int, relevance: float) -> float:
        """A candidate's value as a point: its relevance, raised by the specifics it carries
        (figures, names, defined terms), lowered for a vague lead-in; an enumeration's items
        are worth their relevance (the list itself is the specific)."""
        if self._anchor(row) is not None:
            return relevance * (1.0 + self.cfg.specific_weight)
        worth = relevance * (1.0 + self.cfg.specific_weight * self._specific(row))
        if self._vague(row) or self._tabular(row):
            return worth * (1.0 - self.cfg.vague_penalty)  # a lead-in or a table row
        return worth

    def _brevity(self, row: int, power: float) -> float:
        """``(point_words / the sentence's words) ** power``: what a candidate's worth is
        multiplied by when a request values its points per word (1.0 at ``power`` 0). A facet
        request ("risks of X") asks for several distinct items, and under a binding word
        budget two short items cover more of them than one long sentence."""
        if not power:
            return 1.0
        words = max(len(self._sent(row).text.split()), 1)
        return float((self.cfg.point_words / words) ** power)

    def _repeats(self, row: int, chosen: list[int]) -> bool:
        """Does ``row`` repeat one of ``chosen`` in its content words (Jaccard overlap above
        ``max_shared_terms``)?"""
        terms = self._sent(row).terms
        limit = self.cfg.max_shared_terms
        return any(_jaccard(terms, self._sent(c).terms) > limit for c in chosen)

    def _central(self, chosen: list[int], rel: dict[int, float]) -> int:
        """The bottom line: among the most relevant chosen sentences, the one closest to the
        others (the topic's own thesis sentence)."""
        if len(chosen) == 1:
            return chosen[0]
        top = max(rel[r] for r in chosen)
        vecs = self._vecs(chosen)
        sims = vecs @ vecs.T
        best, value = chosen[0], (-1, -1e9)
        for i, r in enumerate(chosen):
            text = self._sent(r).text.strip()
            # a question, or a sentence of one (its answer is in the next paragraph), is no
            # bottom line while any statement is there: a less relevant one first
            asks = text.endswith("?") or self._reply(r) is not None or self._tabular(r)
            tier = (0 if asks else 2) + (rel[r] >= 0.8 * top)
            closeness = (float(sims[i].sum()) - float(sims[i, i])) / (len(chosen) - 1)
            v = closeness + rel[r] / top + (0.05 if self._sent(r).para_first else 0.0)
            if leans_back(text):
                v -= 0.15  # "But such an approach…" needs the sentence before it
            if self._vague(r):
                v -= 0.15  # a bare lead-in is no bottom line
            if (tier, v) > value:
                best, value = r, (tier, v)
        return best


def fill_pool(pool: list[int], order: Sequence[int], points: int | None, need: int) -> list[int]:
    """A topic's candidate pool (indices into ``order``, the candidates by relevance) made
    large enough: never fewer than ``need`` (a briefing's fewest points and its bottom line: a
    floor that a steered topic leaves nearly empty takes the next best); with ``points`` asked
    for, all of the 40 best (at least three per point) when the pool holds no more than
    them, else the next best up to the points, the bottom line and a lead-in's follower (no
    point of its own: a pool of one more than asked gave a point fewer), no more."""
    pool = list(pool)
    if len(pool) < need:
        pool += [i for i in order[:40] if i not in pool][: need - len(pool)]
    if points is not None and len(pool) <= points:
        return list(order[: max(40, 3 * points)])
    if points is not None and len(pool) < points + 2:
        pool += [i for i in order[:40] if i not in pool][: points + 2 - len(pool)]
    return pool


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of their words two sets of words have in common (0 when one is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0
