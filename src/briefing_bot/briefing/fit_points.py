"""Fitting the point scorer (:mod:`briefing_bot.briefing.points`) on the dev briefing
requests, with a leave-one-document-out report scored end to end.

For every covered dev briefing request with a topic, each candidate sentence the composer
considers (its pool, as ranked by relevance) is a row: its
:data:`~briefing_bot.briefing.points.FEATURES`, labelled 1 when the sentence holds one of the
request's fact groups (any spelling, any case). A logistic regression (scikit-learn,
standardised features, L2 with ``C`` 1) fits P(fact); every row weighs the same (weighting
each request alike, or a fact few candidates hold above one many hold, and ``C`` from 0.01 to
10 were measured and found no more facts). The report refits without each document and
briefs that document's dev requests with the fold's model, counting the fact groups found,
against the composer without a scorer.

Only ``briefs-dev.jsonl`` files are read: a file named like a test split raises ``ValueError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.briefing.points import FEATURES, WEIGHTS_FILE, PointModel
from briefing_bot.text import facts_held, strip_citation_markers

if TYPE_CHECKING:
    from briefing_bot.briefing.compose import BriefingComposer

C = 1.0  # L2 strength of the logistic regression (1 / C)


@dataclass
class Request:
    """One covered dev briefing request."""

    id: str
    topic: str | None
    points: int | None
    facts: list[list[str]]


@dataclass
class Rows:
    """One document's candidate rows: features, labels, and the requests they came from."""

    features: list[Any] = field(default_factory=list)
    labels: list[Any] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)


def requests(paths: list[Path]) -> list[Request]:
    """The covered briefing requests of ``paths`` (dev files only)."""
    out: list[Request] = []
    for path in paths:
        if "test" in path.name:
            raise ValueError(f"{path} looks like a test split: fit on dev data only")
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item.get("answerable", True) and item.get("fact_groups"):
                facts = [list(f) for f in item["fact_groups"]]
                out.append(Request(item["id"], item.get("topic"), item.get("points"), facts))
    return out


def _holds(text: str, facts: list[list[str]]) -> list[bool]:
    """Which of the fact groups ``text`` holds, as the eval matches them (markers out)."""
    return facts_held(strip_citation_markers(text), facts)


def collect(composer: BriefingComposer, items: list[Request]) -> Rows:
    """The candidate rows of each topic request, as the composer without a scorer ranks them."""
    import numpy as np

    rows = Rows(requests=items)
    saved = composer.__dict__.get("point_model")
    composer.__dict__["point_model"] = None
    composer.record = True
    try:
        for item in items:
            if not item.topic:
                continue
            composer.recorded = None
            briefing = composer.brief(item.topic, points=item.points)
            if briefing.abstained or composer.recorded is None:
                continue
            cand, feats = composer.recorded
            held = [_holds(composer._sent(r).text, item.facts) for r in cand]
            rows.features.append(feats)
            rows.labels.append(np.asarray(held, dtype=np.int8).reshape(len(cand), -1))
    finally:
        composer.record = False
        composer.__dict__["point_model"] = saved
    return rows


def fit(documents: list[Rows], **meta: Any) -> PointModel:
    """A logistic model fitted on the rows of ``documents``. Raises ``ValueError`` when
    they are all labelled alike."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if not any(d.features for d in documents):
        raise ValueError("no candidate rows to fit the point scorer on")
    x = np.concatenate([f for d in documents for f in d.features]).astype(np.float64)
    held = [lab for d in documents for lab in d.labels]
    y = np.concatenate([h.any(axis=1) for h in held]).astype(np.int8)
    if len(set(y.tolist())) < 2:
        raise ValueError("the point scorer needs candidates with a fact and without one")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit((x - mean) / scale, y)
    info = {"rows": len(y), "positives": int(y.sum()), "C": C, **meta}
    return PointModel(
        tuple(float(c) for c in model.coef_[0]),
        float(model.intercept_[0]),
        tuple(float(m) for m in mean),
        tuple(float(s) for s in scale),
        info,
    )


def facts_found(composer: BriefingComposer, items: list[Request], model: PointModel | None) -> int:
    """Fact groups found by the composer's briefings of ``items`` with ``model`` (None: off)."""
    saved = composer.__dict__.get("point_model")
    composer.__dict__["point_model"] = model
    try:
        total = 0
        for item in items:
            briefing = composer.brief(item.topic, points=item.points)
            if not briefing.abstained:
                total += sum(_holds(briefing.text, item.facts))
        return total
    finally:
        composer.__dict__["point_model"] = saved


def fit_lodo(runs: dict[str, tuple[BriefingComposer, list[Path]]]) -> dict[str, Any]:
    """The scorer fitted on every document's dev requests (``model``: None when no request
    has candidates with and without a fact), and per document the fact groups its dev
    briefings find without a scorer and with the one fitted on the other documents (a
    document whose fold cannot be fitted is left out of the table)."""
    docs = {name: (c, requests(paths)) for name, (c, paths) in runs.items()}
    rows = {name: collect(c, items) for name, (c, items) in docs.items()}
    table: dict[str, Any] = {}
    for name, (composer, items) in docs.items():
        try:
            fold_model = fit([r for n, r in rows.items() if n != name])
        except ValueError:
            continue  # nothing to fit on without this document
        table[name] = {
            "facts": sum(len(i.facts) for i in items),
            "before": facts_found(composer, items, None),
            "after": facts_found(composer, items, fold_model),
        }
    try:
        model: PointModel | None = fit(list(rows.values()), fitted_on=sorted(rows))
    except ValueError:
        model = None
    return {"model": model, "lodo": table}


def write_model(model: PointModel, path: Path | None = None) -> Path:
    """Write the fitted weights (with their fingerprint) where the composer loads them."""
    path = path or WEIGHTS_FILE
    data = {**model.to_dict(), "fingerprint": model.fingerprint}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def lodo_report(result: dict[str, Any]) -> str:
    """The leave-one-document-out table: fact groups found before and after, per document."""
    model: PointModel | None = result["model"]
    if model is None:
        return "point scorer: no dev briefing request with fact groups to fit it on"
    lines = [
        f"point scorer {model.fingerprint}: {model.meta['rows']} candidate rows, "
        f"{model.meta['positives']} holding a fact, {len(FEATURES)} features",
        f"{'left out':<12}{'facts':>7}{'before':>8}{'after':>7}",
    ]
    rows = result["lodo"]
    for name, row in rows.items():
        lines.append(f"{name:<12}{row['facts']:>7}{row['before']:>8}{row['after']:>7}")
    total = {k: sum(r[k] for r in rows.values()) for k in ("facts", "before", "after")}
    lines.append(f"{'all':<12}{total['facts']:>7}{total['before']:>8}{total['after']:>7}")
    return "\n".join(lines)
