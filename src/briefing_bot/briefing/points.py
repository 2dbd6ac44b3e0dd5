"""The fitted point scorer: the probability that a candidate sentence holds one of a topic
briefing's facts, from what the composer already knows of it.

Each candidate of a topic briefing is described by :data:`FEATURES` (its relevance and the
parts it is made of, its specifics, its place in its paragraph, section and
document, whether it is a lead-in, a list's item, a question, …), computed for all the
candidates at once by :func:`point_features`. A logistic model fitted on the dev briefing
requests (:mod:`briefing_bot.briefing.fit_points`, ``briefing-bot brief-calibrate``) turns
them into P(fact); its weights are data (``points.json`` beside this module, with a
fingerprint), applied here with a dot product: scikit-learn is needed only to fit them.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.briefing.signals import leans_back
from briefing_bot.briefing.tables import STRIDE
from briefing_bot.errors import BriefingBotError

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.briefing.settings import BriefingSettings
    from briefing_bot.briefing.tables import DocTable, TableCache

WEIGHTS_FILE = Path(__file__).with_name("points.json")

FEATURES: tuple[str, ...] = (
    "relevance",  # relevance / the best candidate's
    "dense",  # cosine to the topic
    "dense_gap",  # cosine minus the best cosine
    "lexical",  # idf-weighted share of the topic's words
    "lift",  # what its neighbours lend it
    "focus",  # its paragraph's match above the median
    # (not its closeness to the topic's absent subject words: four dev requests have any,
    # and a refit with three more turned one request's four facts into none)
    "specific",  # 0–1 specificity (figures, names, defined terms)
    "vague",  # a short lead-in without specifics
    "tabular",  # a table row
    "listed",  # an enumeration's item or announcing sentence
    "para_first",  # first sentence of its paragraph
    "doc_place",  # its place in its document (0 first, 1 last)
    "words",  # length (log words)
    "centrality",  # closeness to its document's centroid
    "best_section",  # same section as the most relevant candidate
    "question",  # ends with a question mark
    "leans_back",  # opens by pointing back ("But such an approach…")
)
# Left out, each carrying no weight on the dev documents held out one at a time (dropping any
# one of them alone found 367-368 fact groups of 464 against 368; the five together 369): the
# passage's retrieval score, the section heading's match, the sentences before it in its
# paragraph, the first or last 5% of its document, the document of the best passage; then
# (370 -> 371, arctic one fewer) the rank by relevance and the best candidate's paragraph,
# which the relevance share and the best candidate's section already say.
# Also measured and not kept (twelfth session, nineteen dev documents, leave-one-document-out
# fact groups of 717 with the scorer refitted per fold: 556 without any; in-sample 561), each
# added alone: specifics per word 555, figures per word 556 (in-sample 555), a year 554,
# uncapped log specifics 555, specifics the topic does not name 549, a recommendation 556,
# the share of its words the topic lacks (restating vs adding) 555 (in-sample 551), lexical
# share x (1 - specific) 550, specific x relevance 554, the share of its words its heading
# holds 544, its place in its paragraph 553 or section 553, first of its section 550, its
# paragraph's length 555, the candidates of its paragraph / section more relevant than it
# 553 / 555 (as binaries x relevance 554 / 553); figures with its section place, the
# restating share, or both 552 / 556 / 551, with the section's binary 558 but in-sample 555
# (footnote +2, orbit +3; cbam, grid -2); all eight first ones 548; fitting on each request's
# 20 most relevant candidates only 550 (556 with figures). A section already represented is
# no sign of a fact-less candidate: at equal relevance a candidate with a more relevant one
# in its section holds a fact more often (relevance share .75-.9: 32% against 15%), so a
# section-novelty feature points the other way, and as a bonus it gained nothing.


class PointModelError(BriefingBotError):
    """The point scorer's weights file is missing, unreadable or does not fit the features."""


@dataclass(frozen=True)
class PointModel:
    """A fitted logistic model over :data:`FEATURES` (standardised by ``mean`` and ``scale``)."""

    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    meta: dict[str, Any]

    def predict(self, features: np.ndarray) -> np.ndarray:
        """P(fact) of each row of ``features`` (one column per name of :data:`FEATURES`)."""
        import numpy as np

        x = (features - np.asarray(self.mean, dtype=np.float32)) / np.asarray(
            self.scale, dtype=np.float32
        )
        z = x @ np.asarray(self.coef, dtype=np.float32) + np.float32(self.intercept)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "coef": [round(c, 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            **self.meta,
        }

    @property
    def fingerprint(self) -> str:
        """A short hash of the weights (what eval reports show)."""
        body = json.dumps(
            [self.to_dict()[k] for k in ("features", "coef", "intercept", "mean", "scale")]
        )
        return hashlib.sha256(body.encode()).hexdigest()[:12]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PointModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise PointModelError("the point scorer's weights were fitted on other features")
        n = len(FEATURES)
        try:
            coef = tuple(float(c) for c in data["coef"])
            mean = tuple(float(m) for m in data["mean"])
            scale = tuple(float(s) or 1.0 for s in data["scale"])
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise PointModelError(f"unreadable point scorer weights: {exc}") from exc
        if not len(coef) == len(mean) == len(scale) == n:
            raise PointModelError("the point scorer's weights do not match its features")
        meta = {k: v for k, v in data.items() if k not in {"features", "coef", "intercept"}}
        meta = {k: v for k, v in meta.items() if k not in {"mean", "scale"}}
        return cls(coef, intercept, mean, scale, meta)


def load_point_model(path: Path | None = None) -> PointModel | None:
    """The fitted scorer in ``path`` (default :data:`WEIGHTS_FILE`); None when there is none.

    Raises :class:`PointModelError` for a file that is there but unusable."""
    path = path or WEIGHTS_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PointModelError(f"cannot read {path.name}: {exc}") from exc
    return PointModel.from_dict(data)


def point_values(
    model: PointModel, features: np.ndarray, relevance: np.ndarray, pool: list[int], power: float
) -> np.ndarray:
    """The value as a point of the candidates ``pool`` (their ``features``, in that order):
    P(fact) to the ``power`` times the candidate's relevance as a share of the best one.

    A product, not a sum: the scorer knows which sentences hold facts, relevance which are
    about the topic; P(fact) alone (or blended) picked fact-rich sentences off the topic and
    lost facts on the dev documents."""
    import numpy as np

    share = np.maximum(relevance[pool] / (float(relevance.max()) or 1.0), 0.0)
    return model.predict(features) ** power * share


def point_features(
    tables: list[DocTable],
    rows: list[int],
    relevance: np.ndarray,
    *,
    parts: dict[str, np.ndarray],
    pool: list[int],
) -> np.ndarray:
    """The :data:`FEATURES` of the candidates ``rows[k]`` for ``k`` in ``pool`` (one row
    each, in ``pool``'s order), from their tables, the ``relevance`` of all ``rows`` and the
    ``parts`` of it the composer computed (``dense``, ``lexical``, ``lift``, ``focus``)."""
    import numpy as np

    by_base = {t.base // STRIDE: t for t in tables}
    out = np.zeros((len(pool), len(FEATURES)), dtype=np.float32)
    if not rows or not pool:
        return out
    best_k = int(np.argmax(relevance))
    best = float(relevance[best_k]) or 1.0
    dense = parts["dense"]
    best_row = rows[best_k]
    best_table = by_base[best_row // STRIDE]
    best_section = int(best_table.section_of[best_row % STRIDE])
    col = {name: i for i, name in enumerate(FEATURES)}
    at = np.asarray(pool, dtype=np.int64)
    out[:, col["relevance"]] = relevance[at] / best
    out[:, col["dense"]] = dense[at]
    out[:, col["dense_gap"]] = dense[at] - float(dense.max())
    for name in ("lexical", "lift", "focus"):
        out[:, col[name]] = parts[name][at]
    anchors = {
        id(t): set(t.enumerations) | {i for items in t.enumerations.values() for i in items}
        for t in tables
    }
    for k, r in enumerate(rows[i] for i in pool):
        t = by_base[r // STRIDE]
        i = r % STRIDE
        s = t.sents[i]
        place = i / max(len(t.sents) - 1, 1)
        text = s.text.strip()
        out[k, col["specific"]] = float(t.specific[i])
        out[k, col["vague"]] = float(t.vague[i])
        out[k, col["tabular"]] = float(t.tabular[i])
        out[k, col["listed"]] = float(r in anchors[id(t)])
        out[k, col["para_first"]] = float(s.para_first)
        out[k, col["doc_place"]] = place
        out[k, col["words"]] = math.log1p(len(text.split()))
        out[k, col["centrality"]] = float(t.centrality[i])
        out[k, col["best_section"]] = float(
            t is best_table and int(t.section_of[i]) == best_section
        )
        out[k, col["question"]] = float(text.endswith("?"))
        out[k, col["leans_back"]] = float(leans_back(text))
    return out


class PointScoring:
    """The composer's use of the scorer: loading it once and valuing a topic's candidates."""

    cfg: BriefingSettings
    tables: TableCache
    _scratch: threading.local  # this thread's request: .parts, what relevance is made of
    record: bool  # keep each topic briefing's candidates and features (fitting)
    recorded: tuple[list[int], np.ndarray] | None

    @cached_property
    def point_model(self) -> PointModel | None:
        """The fitted point scorer (None: none fitted, or ``point_weight`` 0)."""
        return load_point_model() if self.cfg.point_weight else None

    @property
    def point_fingerprint(self) -> str | None:
        """The fitted point scorer's fingerprint (what eval reports show), if one is used."""
        model = self.point_model
        return model.fingerprint if model is not None else None

    def _point_values(
        self, rows: list[int], relevance: np.ndarray, pool: list[int]
    ) -> np.ndarray | None:
        """The value as a point of each candidate ``rows[i]`` of ``pool`` (in its order), or
        None without a fitted scorer (:func:`~briefing_bot.briefing.points.point_values`).
        With ``record`` set, the pool's rows and features are kept in ``recorded``."""
        if self.point_model is None and not self.record:
            return None
        tables = list({id(t): t for t in (self.tables.of_row(r) for r in rows)}.values())
        features = point_features(tables, rows, relevance, parts=self._scratch.parts, pool=pool)
        if self.record:
            self.recorded = ([rows[i] for i in pool], features)
        if self.point_model is None:
            return None
        return point_values(self.point_model, features, relevance, pool, self.cfg.point_weight)
