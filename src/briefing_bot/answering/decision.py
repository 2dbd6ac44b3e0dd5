"""The calibrated decision: how likely a sentence answers, and whether to answer at all.

Two logistic models, fitted on the dev split by :func:`briefing_bot.answering.calibration.
calibrate` and stored as data in ``calibration.json`` next to this module:

* the **sentence** model scores every candidate sentence from its features
  (:data:`~briefing_bot.answering.evidence.SENTENCE_FEATURES`); ``select_threshold`` is the
  probability a further sentence needs to join the answer;
* the **question** model decides answer-or-refuse from the best candidates
  (:data:`~briefing_bot.answering.question_features.QUESTION_FEATURES`); ``threshold`` is its cut.

Before either model is asked, :func:`hard_refusal` refuses a question whose specific detail
(a figure, date or institution for the noun asked about, or the year or place it names) no
best candidate holds, and one none of whose words the corpus uses with nothing near it in
meaning (:func:`no_evidence`). Only the
standard library runs on the question path; scikit-learn is needed to fit, never to answer.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_bot.errors import BriefingBotError

if TYPE_CHECKING:
    from briefing_bot.answering.answerer import Evidence

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


class CalibrationError(BriefingBotError):
    """The calibration file is missing, damaged, or does not match the features."""


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic model: ``sigmoid(intercept + Σ weight·feature)``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            w * values[f] for f, w in zip(self.features, self.weights, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, data: Mapping[str, object], expected: Sequence[str]) -> Logistic:
        features = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
        if list(features) != list(expected):
            raise CalibrationError(
                f"calibration features {list(features)} differ from the code's {list(expected)}: "
                "rerun briefing_bot.answering.calibration.calibrate"
            )
        return cls(
            features,
            tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
            float(data["intercept"]),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Calibration:
    """The fitted models and where they came from (``ranker``: the sentence model that orders
    an answered question's candidates, :mod:`~briefing_bot.answering.listwise`; without one
    the ``sentence`` model orders them too)."""

    sentence: Logistic
    question: Logistic
    fingerprint: str
    dev_files: dict[str, str]
    ranker: Logistic | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Calibration:
        from briefing_bot.answering.evidence import SENTENCE_FEATURES
        from briefing_bot.answering.question_features import QUESTION_FEATURES

        path = Path(path) if path else CALIBRATION_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                Logistic.from_dict(data["sentence"], SENTENCE_FEATURES),
                Logistic.from_dict(data["question"], QUESTION_FEATURES),
                str(data["fingerprint"]),
                dict(data.get("dev_files", {})),
                Logistic.from_dict(data["ranker"], SENTENCE_FEATURES) if "ranker" in data else None,
            )
        except CalibrationError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CalibrationError(f"cannot read the answer calibration {path}: {exc}") from exc


STRICT_TYPES = frozenset({"quantity", "percent", "date", "year", "month", "name", "org"})


# "Who is/was the <role>?" and "who runs/heads/chairs <body>?" ask for the person's name;
# "who announced…?" may be answered by a role ("the national security advisors"). (Dev: of 17
# questions asking who runs, heads, leads, chairs or owns something, the five answered without
# a name were unanswerable; each answerable one had the name beside the role.)
_IDENTITY = re.compile(
    r"^who(?:'s| is| was| are| were) (?:the|a|an)\b"
    r"|^who (?:runs|ran|heads|headed|leads|led|chairs|chaired|directs|directed|manages|managed"
    r"|owns|owned|oversees|oversaw|commands|commanded|founded|presides)\b",
    re.IGNORECASE,
)


def hard_refusal(
    ev: Evidence,
    min_cosine: float = 0.3,
    *,
    places: bool = True,
    paraphrase: bool = True,
    strict_below: float = math.inf,
) -> bool:
    """Refused before the fitted model is asked: the specific thing asked for is absent
    (a figure, date or name for the noun asked about; the year or, with ``places``, the
    place the question names: :func:`place_gap`), or there is no evidence at all
    (:func:`no_evidence`, below ``min_cosine``). ``paraphrase``: :func:`strict_gap` reads
    the asked noun written otherwise too (what answering does; calibration chooses the rows
    it fits on with the word-for-word reading). ``strict_below``: the gap refuses only a
    question the fitted model answers with less confidence than this (``ev.p_answer``)."""
    return (
        (strict_gap(ev, paraphrase=paraphrase) and ev.p_answer < strict_below)
        or year_gap(ev)
        or (places and place_gap(ev))
        or no_evidence(ev, min_cosine)
        or anonymous_speaker(ev)
    )


_SAYS = (
    r"(?:said|says|argued|argues|warned|warns|claimed|claims|told|suggested|suggests|proposed"
    r"|described|called|complained|noted|observed|remarked|insisted|stressed|admitted|put it)"
)
# "who said …?", "which minister argued …?"
_SPEAKER_ASKED = re.compile(rf"^(?:who|which(?:\s+[\w-]+){{1,2}}?)\s+(?:first\s+)?{_SAYS}\b", re.I)
# a speaker the text leaves unnamed: "One operator said…", "Several participants warned…"
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:one|another|some|several|many|most|a few|a|an|two|three)\s+(?:[\w-]+\s+){0,3}?"
    + _SAYS
    + r"\b",
    re.IGNORECASE,
)


# "which operator …", "which minister …"
_WHICH = re.compile(r"^which\s+(?!of\b)(?P<noun>[a-z][\w-]*)\s", re.IGNORECASE)
# "One operator", "another participant", "a second operator"
_INDEFINITE = re.compile(
    r"\b(?:one|another|a\s+second|a\s+third|some|several)\s+(?P<first>[a-z][\w-]*)"
    r"(?:\s+(?P<second>[a-z][\w-]*))?",
    re.IGNORECASE,
)


def anonymous_speaker(ev: Evidence) -> bool:
    """A question asking who said something, or which one of a kind did something, whose best
    sentence gives it to someone it does not name ("One operator said…", "One participant
    from a national ministry put it bluntly", as a summary held under the Chatham House rule
    puts it) and names no person: the name asked for is not in the corpus."""
    text = ev.q.text.strip()
    speaker = _SPEAKER_ASKED.match(text) is not None
    # "which operator lost a third of its sidings?" against "One operator said that its
    # network had lost …": the text has the operator only as "one operator"
    which = None if speaker else _WHICH.match(text)
    if not (speaker or which) or not ev.ranked:
        return False
    best = ev.ranked[0]
    if best.facts.type_positions.get("person"):
        return False
    if which is None:
        return bool(_UNNAMED_SPEAKER.search(best.text))
    noun = which.group("noun").lower()
    from briefing_bot.answering.wording import parts_of_speech

    # … and what it did ("One operator *said*"; not "One option is …", which names it next)
    return any(
        m.group("first").lower().rstrip("s") == noun.rstrip("s")
        and m.group("second") is not None
        and parts_of_speech(m.group("second")) & {"VERB"}
        and not parts_of_speech(m.group("second")) & {"AUX", "NOUN"}
        for m in _INDEFINITE.finditer(best.text)
    )


def place_gap(ev: Evidence) -> bool:
    """A question asking for a figure or date for a place (in any case: "how much did X
    cost in <country>?") that neither the best candidate nor another of the best holding
    what is asked says in any spelling, while the best one says another place: whatever
    figure it holds is that other place's."""
    return ev.features.get("place_gap", 0.0) >= 1.0


def no_evidence(ev: Evidence, min_cosine: float) -> bool:
    """A question standing on its own none of whose words (nor any other spelling of them)
    the corpus uses, whose nearest sentence is too far in meaning to be quoted as a near
    miss (cosine below ``min_cosine``): nothing in the corpus speaks to it, whatever the
    fitted model's floor ("a good recipe for sourdough bread?")."""
    return (
        ev.features.get("nothing_known", 0.0) >= 1.0
        and ev.features.get("top_dense", 0.0) < min_cosine
    )


def year_gap(ev: Evidence) -> bool:
    """The question names a year ("the catch in 2024") that neither the best candidate nor,
    for a question asking for a figure, date or name, another of the best holding what is
    asked (nor their section headings) states: whatever they say is about another time."""
    return ev.features.get("year_gap", 0.0) >= 1.0


def strict_gap(ev: Evidence, *, paraphrase: bool = True) -> bool:
    """A question asking for a figure, date or name that no best candidate holds next to the
    noun it is about — nor, for a figure or date, with most of the question's words the corpus
    uses around it (the asked noun's among them): the specific thing asked for is absent. The
    asked noun written otherwise counts (evidence's ``type_head_read``: a clipped word, one
    close in meaning; only as written without ``paraphrase``). A word the corpus never uses
    is no test: the noun parsed as asked about may be slang or the
    question's verb ("how much cash does the plan want for the rescue fund?")."""
    from briefing_bot.answering.evidence import expected_type

    wanted = expected_type(ev.q)
    strict = wanted in STRICT_TYPES or (wanted == "person" and bool(_IDENTITY.match(ev.q.text)))
    gap = ev.features.get("strict_gap", ev.features.get("type_gap", 0.0))
    if not paraphrase:
        gap = ev.features.get("strict_gap_plain", gap)
    return strict and gap >= 1.0
