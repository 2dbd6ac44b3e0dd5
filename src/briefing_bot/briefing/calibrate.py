"""Fit the briefing composer's abstention threshold (``min_coverage``) on dev data.

Run ``briefing-bot brief-calibrate [--qa FILE]… [--briefs FILE]…`` on the dev splits only
(never a test split), or :func:`calibrate_documents` with one composer per document (each
over its own index) to fit one threshold on several domains at once — the shipped value was
fitted so on the paper's and the dev-only tuna paper's dev files (see
:class:`~briefing_bot.briefing.settings.BriefingSettings`). Each item gives the coverage of
its text (the best sentence's cosine plus the weighted share of its words,
:meth:`BriefingComposer.coverage`):

* answerable questions about a subject of the text (kinds factual, numeric, definition, list,
  synthesis: not endnote, author or follow-up questions, which are about something else than
  a topic) and briefing topics expected to be covered are positives;
* briefing topics the corpus does not cover (``"answerable": false``) and off-topic questions
  (unanswerable, tagged ``offtopic``) are negatives.

The threshold is the highest one that abstains on at most ``max_false`` (3%) of the positives,
lowered to the midpoint of the gap below it: briefings refuse only what clearly is not there.
The negatives are reported (how many it refuses), not fitted, so that a near miss in the
questions ("the paper gives no figure for X", a topic it does cover) cannot push it up. The
report also gives what the whole rule refuses as a briefing applies it (threshold, names the
corpus never uses, form topics): on questions, metonyms and abbreviations the corpus does not
use ("Seoul", "NK") count as unknown names, which briefing topics rarely hold.
"""

from __future__ import annotations

import json
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


def calibrate_documents(
    runs: list[tuple[BriefingComposer, list[Path], list[Path]]],
) -> dict[str, Any]:
    """One threshold fitted on the dev items of several documents, each scored by the
    composer over its own index: ``[(composer, qa files, brief files), …]``.

    Off-topic questions (unanswerable, tagged ``offtopic``) are reported with the negatives,
    never fitted on. Raises ``ValueError`` for a file named like a test split.
    """
    positives: list[tuple[float, str]] = []
    negatives: list[tuple[float, str]] = []
    refused: dict[str, list[str]] = {"positives": [], "negatives": []}
    for composer, qa, briefs in runs:
        first = (len(positives), len(negatives))
        for path in [*qa, *briefs]:
            if "test" in path.name:
                raise ValueError(f"{path} looks like a test split: calibrate on dev data only")
        for path in qa:
            for item in _items(path):
                if item.get("history"):
                    continue
                if item.get("kind") in _TOPICAL:
                    positives.append((composer.coverage(item["question"]), item["question"]))
                elif "offtopic" in item.get("tags", []):
                    negatives.append((composer.coverage(item["question"]), item["question"]))
        for path in briefs:
            for item in _items(path):
                topic = item.get("topic")
                if not topic:
                    continue
                target = positives if item.get("answerable", True) else negatives
                target.append((composer.coverage(topic), topic))
        # the whole rule (threshold, unknown names, form topics) as a briefing applies it
        for kind, items in (
            ("positives", positives[first[0] :]),
            ("negatives", negatives[first[1] :]),
        ):
            refused[kind] += [t for _, t in items if composer.brief(t).abstained]
    threshold = fit_threshold([p for p, _ in positives])
    return {
        "min_coverage": threshold,
        "positives": len(positives),
        "false_abstentions": sorted(t for p, t in positives if p < threshold),
        "negatives": len(negatives),
        "refused_negatives": sum(1 for p, _ in negatives if p < threshold),
        "accepted_negatives": sorted(t for p, t in negatives if p >= threshold),
        # with the settings the composers run (their own min_coverage, names, form topics)
        "briefings_refusing_positives": sorted(refused["positives"]),
        "briefings_accepting_negatives": sorted(
            t for _, t in negatives if t not in set(refused["negatives"])
        ),
    }
