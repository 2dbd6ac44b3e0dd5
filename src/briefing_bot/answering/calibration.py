"""Fitting the decision models on the dev split (scikit-learn; never imported to answer).

``calibrate(settings, qa_paths, out_path)`` asks every dev question through the grounded
answerer's own evidence path — over the index the settings name, or, for a dev file beside a
``corpus/`` folder (a dev-only document), over that corpus's own index — and fits three logistic
models:

* the **sentence** model on every candidate sentence of the answerable questions: a sentence is
  a positive when it holds (or is held by) one of the question's reference evidence quotes; its
  threshold maximises F1 on those labels; its probability is what the question model reads;
* the **ranker** on the same rows, fitted to rank one question's candidates (:mod:`~briefing_
  bot.answering.listwise`): it orders an answered question's candidates (what is quoted), and
  its threshold is the least probability of a further sentence;
* the **question** model on every question the answer-type rule (:func:`~briefing_bot.
  answering.answerer.hard_refusal`) does not already refuse — a name the corpus never
  mentions is a feature here (``entity_unknown``), not a rule: answerable questions are
  positives, unanswerable ones negatives, plus one constructed
  near miss per answerable question (the same question over its candidates without the
  evidence sentences, weighted ``AnswerSettings.near_miss_weight``), penalised by
  ``AnswerSettings.question_c``; the features read off the question alone (a near miss
  repeats them) are weighted on the real questions only (:mod:`~briefing_bot.answering.
  nearmiss`). A feature whose weight
  comes out against its meaning (:data:`QUESTION_SIGNS`) is dropped and the model refitted.
  The answer/refuse cut minimises, on 5-fold cross-validated probabilities of the real
  questions, false abstentions plus ``AnswerSettings.false_answer_cost`` × false answers,
  each probability blurred by ``AnswerSettings.cut_bandwidth`` (:mod:`~briefing_bot.
  answering.cut`: a smooth cost curve, whose least does not jump with a few questions).

Each dev question is retrieved and measured once (:func:`asked`); a fit only rescores its
candidates (:func:`rescore`), so refitting without a document is cheap.

Whether a fit carries over to an unseen document is checked by **leaving one document out**,
twice: ``cross_document`` refits only the question model (weights and cut) on the other
documents' rows and scores this one's real questions (false abstentions, unanswerable ones
refused); ``leave_one_document_out`` (:mod:`~briefing_bot.answering.crossdoc`) refits both
models without the document and answers its questions end to end with them, scoring false
abstentions, refusals and required facts as a held-out suite would. ``in_sample`` gives the
same three numbers under the fit on every document. They are reported, not used to fit: a
change is worth keeping when it helps there on most documents.

It writes weights, thresholds, feature names, the dev files' hashes, the cross-document check
and a fingerprint to ``calibration.json`` (by default the one shipped in this package). Rerun
it after changing a feature or the dev set: ``briefing-bot calibrate [--qa DEV.jsonl ...]
[--out FILE]`` (or ``python -m briefing_bot.answering.calibration [DEV.jsonl ...]``). Test
splits and the held-out memo are refused: fitting on them would invalidate the measurement.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing_bot.answering.analysis import split_parts
from briefing_bot.answering.decision import (
    CALIBRATION_FILE,
    Calibration,
    CalibrationError,
    Logistic,
    hard_refusal,
)
from briefing_bot.answering.evidence import SENTENCE_FEATURES
from briefing_bot.answering.listwise import fit_ranker, question_groups
from briefing_bot.answering.question_features import (
    QUESTION_FEATURES,
    QUESTION_ONLY,
    QUESTION_SIGNS,
    question_features,
)
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.config import Settings


def guard(path: str | Path) -> None:
    """Refuse a held-out file (a test split, or the held-out memo document)."""
    path = Path(path)
    parts = [p.lower() for p in path.parts]
    if "test" in path.name.lower() or "memo" in parts:
        raise CalibrationError(f"{path} is held-out test data: calibrate on dev files only")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()


def holds_evidence(sentence: str, quotes: Sequence[str]) -> bool:
    """A sentence is evidence when it contains a quote, or is part of a longer quote."""
    s = _norm(sentence)
    return any((q := _norm(quote)) and (q in s or (len(s) >= 20 and s in q)) for quote in quotes)


def _read(paths: Sequence[Path]) -> list[dict[str, Any]]:
    items = []
    for path in paths:
        guard(path)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    return items


def neutral() -> Calibration:
    """Unfitted models (all weights zero): what the features are gathered under."""
    zeros = lambda n: tuple(0.0 for _ in range(n))  # noqa: E731
    return Calibration(
        Logistic(tuple(SENTENCE_FEATURES), zeros(len(SENTENCE_FEATURES)), 0.0, 0.5),
        Logistic(tuple(QUESTION_FEATURES), zeros(len(QUESTION_FEATURES)), 0.0, 0.5),
        "uncalibrated",
        {},
    )


def calibrate(
    settings: Settings | None,
    qa_paths: Sequence[str | Path],
    out_path: str | Path | None = None,
    *,
    answer_settings: AnswerSettings | None = None,
    assistant: Any = None,
    lodo_answers: bool = True,
) -> dict[str, Any]:
    """Fit both models on the dev files ``qa_paths`` and write them to ``out_path``
    (``lodo_answers``: also answer each document's questions with models fitted without it,
    see :mod:`~briefing_bot.answering.crossdoc`)."""
    import sklearn

    from briefing_bot.answering.answerer import GroundedAnswerer
    from briefing_bot.answering.backend import OpenIndex
    from briefing_bot.config import get_settings
    from briefing_bot.model_files import cache_dir

    paths = [Path(p) for p in qa_paths]
    settings = settings or get_settings()
    # A dev file beside its own corpus/ folder (a dev-only document) is asked over an index of
    # that corpus; the others over the index the settings name.
    groups: dict[Path | None, list[Path]] = {}
    for path in paths:
        own = path.parent / "corpus"
        groups.setdefault(own if own.is_dir() else None, []).append(path)
    work: list[Asked] = []
    for corpus, files in groups.items():
        if corpus is None:
            backend = assistant or OpenIndex.open(settings)
        else:
            name = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:12]
            index_dir = cache_dir() / "calibration-indexes" / name
            backend = OpenIndex.open(
                settings.model_copy(update={"corpus_dir": corpus, "index_dir": index_dir})
            )
        answerer = GroundedAnswerer(backend, answer_settings, calibration=neutral())
        # every question is retrieved and measured once; each fit only rescores it
        work.extend(asked(answerer, files[0].parent.name, item) for item in _read(files))
    items = [a.item for a in work]
    knobs = answer_settings or AnswerSettings()

    sx, sy, sdoc = sentence_rows(work)
    sentence = fit_sentence(sx, sy)
    ranker = fit_ranker(sx, sy, question_groups(work))
    qxa, qya, reala, docs = question_rows(work, sentence)
    question = _fit_question(qxa, qya, reala, knobs, docs)
    cross = _cross_document(qxa, qya, reala, docs, knobs)
    from briefing_bot.answering.crossdoc import answer_scores, leave_one_document_out

    lodo = leave_one_document_out(work, sx, sy, sdoc, knobs) if lodo_answers else {}
    shipped = _shipped_scores(work) if lodo_answers else {}
    for a in work:  # the answerers keep the fitted models (a caller may ask with them)
        a.answerer.calibration = Calibration(sentence, question, "fitted", {}, ranker)
    in_sample = answer_scores(work) if lodo_answers else {}

    dev_files = {
        f"{p.parent.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in paths
    }
    body = {
        "sentence": _as_dict(sentence),
        "ranker": _as_dict(ranker),
        "question": _as_dict(question),
        "dev_files": dev_files,
        "settings": (answer_settings or AnswerSettings()).fingerprint(),
    }
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
    data = {
        "format": 1,
        "fingerprint": fingerprint,
        "fitted": datetime.now(UTC).isoformat(timespec="seconds"),
        "scikit_learn": sklearn.__version__,
        "counts": {
            "questions": len(items),
            "sentences": len(sy),
            "sentence_positives": int(sy.sum()),
            "question_rows": len(qya),
            "question_positives": int(qya.sum()),
            "question_near_miss_rows": int((~reala).sum()),
        },
        **body,
        "cross_document": cross,
        "leave_one_document_out": lodo,
        "in_sample": in_sample,
        # the calibration in use before this fit, answering the same questions with today's
        # code: what the refit is compared with (its own recorded check was of older code)
        "shipped_in_sample": shipped,
    }
    out = Path(out_path) if out_path else CALIBRATION_FILE
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def _shipped_scores(work: Sequence[Asked]) -> dict[str, Any]:
    """:func:`~briefing_bot.answering.crossdoc.answer_scores` under the shipped calibration
    (``fingerprint`` and scores per document); empty when its features are not the code's."""
    from briefing_bot.answering.crossdoc import answer_scores

    try:
        shipped = Calibration.load()
    except CalibrationError:
        return {}
    for a in work:
        a.answerer.calibration = shipped
    return {"fingerprint": shipped.fingerprint, "documents": answer_scores(work)}


def score_totals(scores: dict[str, Any]) -> dict[str, float | int]:
    """Per-document answer scores (``answer_scores``' form) summed over the documents, facts
    as the mean over all answerable questions."""
    docs = scores.get("documents", scores)
    total: dict[str, float | int] = {}
    facts = 0.0
    for row in docs.values():
        for key in ("answerable", "false_abstentions", "unanswerable", "refused"):
            total[key] = total.get(key, 0) + int(row.get(key, 0))
        facts += float(row.get("facts", 0.0)) * int(row.get("answerable", 0))
    if total.get("answerable"):
        total["facts"] = round(facts / int(total["answerable"]), 4)
    return total


@dataclass
class Asked:
    """One dev item asked once, whole, through an answerer's evidence path (``multipart``: it
    is answered part by part, so its answer/refuse label belongs to the whole, not to ``ev``)."""

    answerer: Any
    doc: str
    item: dict[str, Any]
    ev: Any
    multipart: bool = False

    @property
    def quotes(self) -> list[str]:
        return list(self.item.get("reference_evidence") or [])


def asked(answerer: Any, doc: str, item: dict[str, Any]) -> Asked:
    """Retrieve and measure one dev item (under whatever models the answerer holds)."""
    q = answerer.analyse(item["question"], item.get("history") or [])
    multipart = len(split_parts(item["question"])) > 1
    return Asked(answerer, doc, item, answerer.gather(q), multipart)


def sentence_candidates(work: Sequence[Asked]) -> Iterator[tuple[int, Asked, Any]]:
    """(item's position in ``work``, item, candidate) of every row of the sentence models, in
    row order: each candidate sentence of the items with reference evidence. One loop for
    :func:`sentence_rows` and the ranker's question ids (:func:`~briefing_bot.answering.
    listwise.question_groups`), so the two cannot disagree."""
    for i, a in enumerate(work):
        if a.quotes:
            for c in a.ev.ranked:
                yield i, a, c


def sentence_rows(work: Sequence[Asked]) -> tuple[Any, Any, Any]:
    """(features, labels, document) of every candidate sentence of the answerable items:
    a positive holds (or is held by) one of the item's reference quotes."""
    import numpy as np

    xs, ys, docs = [], [], []
    for _, a, c in sentence_candidates(work):
        xs.append([c.features[f] for f in SENTENCE_FEATURES])
        ys.append(int(holds_evidence(c.text, a.quotes)))
        docs.append(a.doc)
    return np.asarray(xs), np.asarray(ys), np.asarray(docs)


def fit_sentence(x: Any, y: Any) -> Logistic:
    """The sentence model on rows ``x`` (labels ``y``); its threshold maximises F1."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    select = _best_f1_threshold(model.predict_proba(x)[:, 1], y)
    return Logistic(
        tuple(SENTENCE_FEATURES),
        tuple(float(w) for w in model.coef_[0]),
        float(model.intercept_[0]),
        select,
    )


def rescore(a: Asked, sentence: Logistic, ranked: Sequence[Any] | None = None) -> Any:
    """The item's evidence under the sentence model ``sentence`` (its candidates re-ranked
    and its question features recomputed), without retrieving again; ``ranked``: only these
    candidates (a near miss without its evidence)."""
    from briefing_bot.answering.answerer import Evidence

    ev = a.ev
    found = list(ev.ranked if ranked is None else ranked)
    for c in found:
        c.prob = sentence.probability(c.features)
    found.sort(key=lambda c: (-c.prob, c.rank, c.index))
    out = Evidence(ev.q, found, ev.missing, ev.partial)
    out.features = question_features(
        ev.q,
        found,
        a.answerer.lexicon,
        partial_entity=ev.partial,
        missing=ev.missing,
        top_n=a.answerer.settings.type_support_top,
        cover_support=a.answerer.settings.figure_cover,
        measure_window=a.answerer.settings.measure_window,
    )
    return out


def question_rows(work: Sequence[Asked], sentence: Logistic) -> tuple[Any, Any, Any, Any]:
    """(features, labels, real, document) of the question model under ``sentence``: every
    item the answer-type rule (:func:`hard_refusal`) does not already refuse, and for an
    answerable one the same question over its candidates without the evidence sentences (a
    near miss by construction: what a refusal must catch, so the model sees many more
    negatives than the dev set's unanswerable questions alone)."""
    import numpy as np

    qx: list[list[float]] = []
    qy: list[int] = []
    real: list[bool] = []
    docs: list[str] = []
    for a in work:
        if a.multipart or not a.ev.ranked:
            continue
        ev = rescore(a, sentence)
        # refused by a rule before the model is asked: not the model's decision. A place
        # gap's rows stay: the names' features learn from them what an absent place looks
        # like (without them the model answered more near misses on documents left out)
        # (the gap read word for word: a rule reading paraphrases too would move the rows a
        # fit sees, and with them every fold's cut, for the few questions it lets through)
        near = a.answerer.settings.near_miss_min_cosine
        if hard_refusal(ev, near, places=False, paraphrase=False):
            continue
        qx.append([ev.features[f] for f in QUESTION_FEATURES])
        qy.append(int(bool(a.quotes)))
        real.append(True)
        docs.append(a.doc)
        if a.quotes:
            rest = [c for c in ev.ranked if not holds_evidence(c.text, a.quotes)]
            if rest and len(rest) < len(ev.ranked):
                near = rescore(a, sentence, rest)
                qx.append([near.features[f] for f in QUESTION_FEATURES])
                qy.append(0)
                real.append(False)
                docs.append(a.doc)
    return np.asarray(qx), np.asarray(qy), np.asarray(real), np.asarray(docs)


def _fit_question(x: Any, y: Any, real: Any, knobs: AnswerSettings, docs: Any = None) -> Logistic:
    """The answer/refuse model on rows ``x`` (labels ``y``; ``real`` marks dev questions as
    opposed to constructed near misses; ``docs`` their documents), its cut chosen on
    out-of-fold probabilities of the real questions (:func:`held_out_probabilities`)."""
    import numpy as np

    from briefing_bot.answering.nearmiss import NearMissLogistic

    # the question-only features are fitted on the real questions alone (nearmiss.py): a
    # near miss repeats its answerable question's words
    own = [QUESTION_FEATURES.index(f) for f in QUESTION_ONLY]
    rows = np.c_[x, real.astype(float)]
    # near misses made from answerable questions count less than real unanswerable questions
    weights = np.where(real, 1.0, knobs.near_miss_weight)
    if knobs.document_weights and docs is not None:
        # every document weighs alike, however many questions it brings
        names, index, sizes = np.unique(docs, return_inverse=True, return_counts=True)
        weights = weights * (len(docs) / len(names)) / sizes[index]
    # A feature whose weight comes out against its meaning (an unknown word raising the
    # confidence) fits the dev set's accidents, not the evidence: it is dropped and the
    # model refitted, until every weight has its expected sign.
    keep = list(range(len(QUESTION_FEATURES)))
    while True:
        model = NearMissLogistic(C=knobs.question_c, columns=keep, question_only=own)
        model.fit(rows, y, sample_weight=weights)
        wrong = [k for k in keep if model.coef_[0][k] * QUESTION_SIGNS[QUESTION_FEATURES[k]] < 0]
        if not wrong:
            break
        keep = [k for k in keep if k not in wrong]
    cv = held_out_probabilities(model, rows, y, weights, docs=docs, knobs=knobs)
    from briefing_bot.answering.cut import best_cut

    # least cost, a false answer counting false_answer_cost times a false abstention, each
    # held-out probability blurred by cut_bandwidth
    threshold = best_cut(
        cv[real],
        y[real],
        knobs.false_answer_cost,
        bandwidth=knobs.cut_bandwidth,
        tolerance=knobs.cut_tolerance,
    )
    model.fit(rows, y, sample_weight=weights)
    coef = [float(w) for w in model.coef_[0]]
    return Logistic(tuple(QUESTION_FEATURES), tuple(coef), float(model.intercept_[0]), threshold)


def held_out_probabilities(
    model: Any, x: Any, y: Any, weights: Any, *, docs: Any, knobs: AnswerSettings
) -> Any:
    """Out-of-fold probabilities of rows ``x``: averaged over ``knobs.cv_repeats`` shuffled
    5-fold splits, or, with ``knobs.cut_by_document`` and three documents or more, each
    document's rows (``docs``) scored by ``model`` fitted on the other documents'."""
    import numpy as np
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold, cross_val_predict

    # At deployment the document is always unseen, and folds by question have each seen it;
    # but a cut chosen on documents left out measured worse on LODO (11 dev documents: false
    # abstentions 73 -> 82, one document lost six), so it is not the default.
    if knobs.cut_by_document and docs is not None and len(set(docs.tolist())) >= 3:
        return cross_val_predict(
            model,
            x,
            y,
            groups=docs,
            cv=LeaveOneGroupOut(),
            method="predict_proba",
            params={"sample_weight": weights},
        )[:, 1]
    # averaged over several shuffles: one 5-fold split moves the cut with the accident of
    # which questions share a fold
    return np.mean(
        [
            cross_val_predict(
                model,
                x,
                y,
                cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed),
                method="predict_proba",
                params={"sample_weight": weights},
            )[:, 1]
            for seed in range(knobs.cv_repeats)
        ],
        axis=0,
    )


def _cross_document(
    x: Any, y: Any, real: Any, docs: Any, knobs: AnswerSettings
) -> dict[str, dict[str, float | int]]:
    """Leave one document out: the question model (weights and cut) fitted on the other
    documents' rows, scored on this document's real questions — false abstentions among its
    answerable ones and the share of its unanswerable ones refused. (The sentence model,
    whose probability is one of the features, is the one fitted on every document.)"""
    out: dict[str, dict[str, float | int]] = {}
    for doc in sorted(set(docs.tolist())):
        train, held = docs != doc, (docs == doc) & real
        if len(set(y[train].tolist())) < 2 or not held.any():
            continue
        model = _fit_question(x[train], y[train], real[train], knobs, docs[train])
        answered = [
            model.probability(dict(zip(QUESTION_FEATURES, row, strict=True))) >= model.threshold
            for row in x[held].tolist()
        ]
        labels = y[held].tolist()
        pos = [a for a, label in zip(answered, labels, strict=True) if label == 1]
        neg = [a for a, label in zip(answered, labels, strict=True) if label == 0]
        out[doc] = {
            "answerable": len(pos),
            "false_abstentions": sum(not a for a in pos),
            "unanswerable": len(neg),
            "refused": sum(not a for a in neg),
            "threshold": round(model.threshold, 4),
        }
    return out


def default_dev_files() -> list[Path]:
    """Every dev Q&A file under ``eval/`` (``eval/*/dev*.jsonl``)."""
    from briefing_bot.config import PROJECT_ROOT

    paths = sorted((PROJECT_ROOT / "eval").glob("*/dev*.jsonl"))
    if not paths:
        raise CalibrationError("no dev files given and none under eval/")
    return paths


def _as_dict(model: Logistic) -> dict[str, Any]:
    return {
        "features": list(model.features),
        "weights": [round(w, 6) for w in model.weights],
        "intercept": round(model.intercept, 6),
        "threshold": round(model.threshold, 6),
    }


def _best_f1_threshold(probs: Any, labels: Any) -> float:
    best, cut = -1.0, 0.5
    for t in sorted({round(float(p), 4) for p in probs}):
        pred = probs >= t
        tp = float((pred & (labels == 1)).sum())
        f1 = 2 * tp / (pred.sum() + labels.sum()) if pred.sum() + labels.sum() else 0.0
        if f1 > best:
            best, cut = f1, t
    return cut


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m briefing_bot.answering.calibration [DEV.jsonl ...]``: refit on the dev
    files (default: ``eval/*/dev*.jsonl``; a file beside a ``corpus/`` folder over that
    corpus's own index, the others over the index the settings name), and rewrite the
    shipped ``calibration.json``."""
    args = list(sys.argv[1:] if argv is None else argv)
    paths = [Path(a) for a in args] or default_dev_files()
    data = calibrate(None, paths)
    print(json.dumps({k: data[k] for k in ("fingerprint", "counts", "dev_files")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
