"""Fit the briefing composer's abstention cuts on dev data, with a leave-one-document-out
report.

:func:`calibrate_lodo` takes one composer per dev document (each over its own index) with
that document's dev question and briefing files, fits on all of them, and for each document
refits on the others and reports what the cuts do to it; :func:`calibrate` and
:func:`calibrate_documents` fit without the report (``briefing-bot brief-calibrate``). Each
item gives the coverage of its text (the best candidate sentence's cosine plus the weighted
share of its words, :meth:`BriefingComposer.coverage`) and, for a briefing topic, the share of
its subject words the corpus never uses and their closeness in meaning to the candidates
(:meth:`BriefingComposer.absent`):

* answerable questions about a subject of the text (kinds factual, numeric, definition, list,
  synthesis: not endnote, author or follow-up questions, which are about something else than
  a topic) and briefing topics expected to be covered are positives;
* briefing topics the corpus does not cover (``"answerable": false``) and off-topic questions
  (unanswerable, tagged ``offtopic``) are negatives.

``min_coverage`` is the highest threshold that abstains on at most ``max_false`` (3%) of the
positives, lowered to the midpoint of the gap below it: briefings refuse only what clearly is
not there. The negatives are reported (how many it refuses), not fitted, so that a near miss
in the questions ("the paper gives no figure for X", a topic it does cover) cannot push it up.
``min_absent_similarity`` is fitted on briefing topics only (:func:`fit_absence`), those
below ``absent_coverage`` (:func:`fit_absent_coverage`: a topic the corpus covers that well
as a whole is not refused for a word it puts otherwise). The report
also gives what the whole rule refuses as a briefing applies it (thresholds, names the corpus
never uses, form topics): on questions, metonyms and abbreviations the corpus does not use
("Oslo" for a text that says Norway, "NSR") count as unknown names, which briefing topics
rarely hold.

Run it on dev splits only: a file named like a test split raises ``ValueError``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_bot.briefing.compose import BriefingComposer

# Question kinds that ask about a subject of the text, as a briefing topic does (not about its
# endnotes, its authors, or an earlier turn of the chat).
_TOPICAL = frozenset({"factual", "numeric", "definition", "list", "synthesis"})


def fit_threshold(positives: list[float], max_false: float = 0.03) -> float:
    """The largest threshold under which at most ``max_false`` of ``positives`` fall,
    placed midway between that positive and the next lower one."""
    if not positives:
        raise ValueError("no positive items to fit on")
    ranked = sorted(positives)
    allowed = int(max_false * len(ranked))  # positives that may fall below
    above = ranked[allowed]
    below = ranked[allowed - 1] if allowed > 0 else above - 0.02
    return round((above + below) / 2, 3)


def _items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def calibrate(composer: BriefingComposer, qa: list[Path], briefs: list[Path]) -> dict[str, Any]:
    """Coverage of every dev item of one document and the fitted threshold (see the module
    docstring).

    Raises ``ValueError`` for a file named like a test split: calibrate on dev data only.
    """
    return calibrate_documents([(composer, qa, briefs)])


Run = tuple["BriefingComposer", list[Path], list[Path]]


def score_document(composer: BriefingComposer, qa: list[Path], briefs: list[Path]) -> Scored:
    """Every dev item of one document, scored: coverage, the absence rule's evidence (absent
    subject words' share and closeness; briefing topics only) and whether the composer, as
    configured, refuses it. Raises ``ValueError`` for a file named like a test split."""
    for path in [*qa, *briefs]:
        if "test" in path.name:
            raise ValueError(f"{path} looks like a test split: calibrate on dev data only")
    scored = Scored()
    for path in qa:
        for item in _items(path):
            if item.get("history"):
                continue
            if item.get("kind") in _TOPICAL:
                scored.positives.append(_score(composer, item["question"], topic=False))
            elif "offtopic" in item.get("tags", []):
                scored.negatives.append(_score(composer, item["question"], topic=False))
    for path in briefs:
        for item in _items(path):
            topic = item.get("topic")
            if topic:
                target = scored.positives if item.get("answerable", True) else scored.negatives
                target.append(_score(composer, topic, topic=True))
    return scored


def calibrate_documents(runs: list[Run]) -> dict[str, Any]:
    """One threshold fitted on the dev items of several documents, each scored by the
    composer over its own index: ``[(composer, qa files, brief files), …]``.

    Off-topic questions (unanswerable, tagged ``offtopic``) are reported with the negatives,
    never fitted on. Raises ``ValueError`` for a file named like a test split.
    """
    return fit_scored([score_document(*run) for run in runs])


def calibrate_lodo(runs: dict[str, Run]) -> dict[str, Any]:
    """The fit on every document (:func:`calibrate_documents`) and a leave-one-document-out
    report: for each document, the thresholds fitted on the others and what they do to it
    (covered topics and questions refused, uncovered topics accepted)."""
    scored = {name: score_document(*run) for name, run in runs.items()}
    result = fit_scored(list(scored.values()))
    lodo: dict[str, Any] = {}
    for name, held in scored.items():
        fitted = fit_scored([s for n, s in scored.items() if n != name])
        cut, share, close, whole = (
            fitted["min_coverage"],
            fitted["absent_share"],
            fitted["min_absent_similarity"],
            fitted["absent_coverage"],
        )
        lodo[name] = {
            "min_coverage": cut,
            "min_absent_similarity": close,
            "absent_coverage": whole,
            "false_abstentions": sorted(
                i.text for i in held.positives if i.refused_by(cut, share, close, whole)
            ),
            "accepted_negatives": sorted(
                i.text for i in held.negatives if not i.refused_by(cut, share, close, whole)
            ),
            "positives": len(held.positives),
            "negatives": len(held.negatives),
        }
    result["lodo"] = lodo
    return result


def fit_scored(documents: list[Scored]) -> dict[str, Any]:
    """Fit ``min_coverage``, ``absent_coverage`` and ``min_absent_similarity`` on scored
    documents (see the module docstring) and report what they and the composers' whole rules
    refuse."""
    positives = [i for d in documents for i in d.positives]
    negatives = [i for d in documents for i in d.negatives]
    threshold = fit_threshold([i.coverage for i in positives])
    share = DEFAULT_ABSENT_SHARE
    whole = fit_absent_coverage(positives, negatives, share)
    # the closeness cut decides only what the topic's coverage leaves open
    close = fit_absence([i for i in positives if i.coverage < whole], negatives, share)
    return {
        "min_coverage": threshold,
        "absent_share": share,
        "min_absent_similarity": close,
        "absent_coverage": whole,
        "positives": len(positives),
        "false_abstentions": sorted(i.text for i in positives if i.coverage < threshold),
        "negatives": len(negatives),
        "refused_negatives": sum(1 for i in negatives if i.coverage < threshold),
        "accepted_negatives": sorted(i.text for i in negatives if i.coverage >= threshold),
        "absence_refuses": sorted(
            i.text for i in [*positives, *negatives] if i.absent_refused(share, close, whole)
        ),
        # with the settings the composers run (their own thresholds, names, form topics)
        "briefings_refusing_positives": sorted(i.text for i in positives if i.refused),
        "briefings_accepting_negatives": sorted(i.text for i in negatives if not i.refused),
    }


def fit_absence(positives: list[Item], negatives: list[Item], share: float) -> float:
    """The closeness below which absent subject words refuse a topic, fitted on briefing
    topics whose absent words make up ``share`` of their subject words (not all of them, and
    naming nothing unknown: those are refused whatever their closeness): midway between the
    least close covered topic and the closest uncovered one below it, so that no covered dev
    topic is refused; without a covered one, just above the closest uncovered one."""

    neg = [i.closeness for i in negatives if _counts(i, share)]
    pos = [i.closeness for i in positives if _counts(i, share)]
    if not pos:
        return round(max(neg, default=0.0) + 0.02, 3)
    low = min(pos)
    below = [n for n in neg if n < low]
    return round((low + max(below)) / 2 if below else low - 0.02, 3)


def fit_absent_coverage(positives: list[Item], negatives: list[Item], share: float) -> float:
    """The topic coverage at and above which absent subject words do not refuse a topic (the
    corpus covers it well as a whole and puts the absent words otherwise: "congestion" for a
    text on crowded orbits, "regime" for one on its licensing rules), fitted on the topics
    :func:`fit_absence` fits on: midway between the best covered uncovered topic and the least
    covered covered one above it, so that no uncovered dev topic is let through; without a
    covered one above, just above the best uncovered one."""
    neg = [i.coverage for i in negatives if _counts(i, share)]
    top = max(neg, default=0.0)
    above = [i.coverage for i in positives if _counts(i, share) and i.coverage > top]
    return round((top + min(above)) / 2 if above else top + 0.02, 3)


def _counts(i: Item, share: float) -> bool:
    """Is ``i`` a topic the absence cuts decide (absent words ``share`` of its subject words
    or more, not all of several of them, naming nothing unknown: those are refused anyway)?"""
    if not i.topic or i.unnamed or i.share < share:
        return False
    return not (i.share >= 1.0 and i.absent > 1)


DEFAULT_ABSENT_SHARE = 0.5


@dataclass
class Item:
    """One scored dev item."""

    text: str
    topic: bool  # a briefing topic (the absence rule applies), not a question
    coverage: float
    share: float  # absent subject words' share of the subject words
    absent: int  # how many there are
    unnamed: bool  # it names something (or a setting) the corpus never mentions: refused
    closeness: float  # their closeness in meaning to the candidate sentences
    refused: bool  # the composer, as configured, refuses it

    def absent_refused(self, share: float, close: float, whole: float = math.inf) -> bool:
        return self.topic and (
            (self.share >= share and self.closeness < close and self.coverage < whole)
            or (self.share >= 1.0 and self.absent > 1)
        )

    def refused_by(self, cut: float, share: float, close: float, whole: float = math.inf) -> bool:
        named = self.topic and self.unnamed  # the name rule does not depend on the fit
        return self.coverage < cut or self.absent_refused(share, close, whole) or named


@dataclass
class Scored:
    """A document's scored dev items."""

    positives: list[Item] = field(default_factory=list)
    negatives: list[Item] = field(default_factory=list)


def _score(composer: BriefingComposer, text: str, *, topic: bool) -> Item:
    words, share, closeness = composer.absent(text)
    return Item(
        text=text,
        topic=topic,
        coverage=composer.coverage(text),
        share=share if words else 0.0,
        absent=len(words),
        # a name, or a topic's setting ("X in Y"), the corpus never mentions
        unnamed=bool(composer.unknown_terms(text))
        or (topic and bool(composer.absence.absent_setting(text)))
        or (topic and bool(composer.absence.absent_conjunct(text))),
        closeness=closeness,
        refused=composer.brief(text).abstained,
    )
