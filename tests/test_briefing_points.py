"""The fitted point scorer: its weights as data (round trip, fingerprint, refusal of a file
that does not fit), its fit on labelled candidate rows, and the composer using it. On the
hash fake embedding: nothing here depends on a model or on one corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from briefing_bot import Assistant
from briefing_bot.briefing import fit_points
from briefing_bot.briefing.points import (
    FEATURES,
    WEIGHTS_FILE,
    PointModel,
    PointModelError,
    load_point_model,
)
from tests.test_briefing import check_briefing
from tests.test_briefing_coverage import SPEECH
from tests.test_briefing_generalise import BROADBAND, LIBRARIES, _bot


def _model(**coef: float) -> PointModel:
    n = len(FEATURES)
    weights = tuple(coef.get(name, 0.0) for name in FEATURES)
    return PointModel(weights, -1.0, (0.0,) * n, (1.0,) * n, {})


def test_weights_round_trip_and_predict_a_logistic() -> None:
    model = _model(specific=2.0, question=-3.0)
    again = PointModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.fingerprint == model.fingerprint
    x = np.zeros((2, len(FEATURES)), dtype=np.float32)
    x[0, FEATURES.index("specific")] = 1.0
    x[1, FEATURES.index("question")] = 1.0
    p = again.predict(x)
    assert p[0] == pytest.approx(1 / (1 + np.exp(-1.0)), abs=1e-6)
    assert p[1] == pytest.approx(1 / (1 + np.exp(4.0)), abs=1e-6)
    assert _model(specific=2.5).fingerprint != model.fingerprint


def test_a_weights_file_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    assert load_point_model(tmp_path / "none.json") is None
    data = _model().to_dict()
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({**data, "features": data["features"][:-1]}), encoding="utf-8")
    with pytest.raises(PointModelError, match="other features"):
        load_point_model(wrong)
    short = tmp_path / "short.json"
    short.write_text(json.dumps({**data, "coef": data["coef"][:-1]}), encoding="utf-8")
    with pytest.raises(PointModelError):
        load_point_model(short)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(PointModelError):
        load_point_model(broken)


def test_the_shipped_weights_load_with_their_fingerprint() -> None:
    model = load_point_model()
    assert model is not None
    stored = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert stored["fingerprint"] == model.fingerprint
    assert stored["rows"] > stored["positives"] > 0
    assert stored["fitted_on"] and "memo" not in stored["fitted_on"]  # dev documents only


def test_fit_learns_which_feature_marks_a_fact() -> None:
    rng = np.random.default_rng(0)
    rows = fit_points.Rows()
    for _ in range(6):
        x = rng.normal(size=(30, len(FEATURES))).astype(np.float32)
        held = (x[:, FEATURES.index("specific")] > 0.3).astype(np.int8).reshape(-1, 1)
        rows.features.append(x)
        rows.labels.append(held)
    model = fit_points.fit([rows])
    coef = dict(zip(FEATURES, model.coef, strict=True))
    assert coef["specific"] > 1.0
    assert coef["specific"] > 3 * max(abs(v) for k, v in coef.items() if k != "specific")
    assert model.meta["rows"] == 180


def test_requests_read_dev_files_only(tmp_path: Path) -> None:
    dev = tmp_path / "briefs-dev.jsonl"
    dev.write_text(
        "\n".join(
            json.dumps(i)
            for i in [
                {"id": "a", "topic": "x", "fact_groups": [["one", "1"]]},
                {"id": "b", "topic": "y", "answerable": False, "fact_groups": []},
                {"id": "c", "topic": None, "points": 3, "fact_groups": [["two"]]},
            ]
        ),
        encoding="utf-8",
    )
    got = fit_points.requests([dev])
    assert [(r.id, r.topic, r.points) for r in got] == [("a", "x", None), ("c", None, 3)]
    with pytest.raises(ValueError, match="test split"):
        fit_points.requests([tmp_path / "briefs-test.jsonl"])


def test_leave_one_document_out_end_to_end(tmp_path: Path) -> None:
    bots: dict[str, Assistant] = {
        "speech": _bot(tmp_path / "speech", {"buses.md": SPEECH}),
        "libraries": _bot(tmp_path / "libraries", {"libraries.md": LIBRARIES}),
        "broadband": _bot(tmp_path / "broadband", {"broadband.md": BROADBAND}),
    }
    requests = {
        "speech": [("electric buses", [["two hundred million"], ["sixty million"]])],
        "libraries": [("evening opening hours", [["a third"], ["volunteers"]])],
        "broadband": [("why rollout has stalled", [["9,400"], ["310 certified"]])],
    }
    runs = {}
    for name, items in requests.items():
        path = tmp_path / f"{name}-briefs-dev.jsonl"
        path.write_text(
            "\n".join(
                json.dumps({"id": f"{name}{k}", "topic": t, "fact_groups": f})
                for k, (t, f) in enumerate(items)
            ),
            encoding="utf-8",
        )
        runs[name] = (bots[name].briefer, [path])
    result = fit_points.fit_lodo(runs)
    model = result["model"]
    assert model.meta["rows"] > model.meta["positives"] > 0
    assert set(result["lodo"]) == set(requests)
    for row in result["lodo"].values():
        assert row["facts"] == 2 and 0 <= row["before"] <= 2 and 0 <= row["after"] <= 2
    assert "speech" in fit_points.lodo_report(result)
    # the composer briefs with the fitted scorer, and every briefing keeps its promises
    composer = bots["speech"].briefer
    composer.__dict__["point_model"] = model
    assert composer.point_fingerprint == model.fingerprint
    briefing = composer.brief("electric buses")
    assert not briefing.abstained
    check_briefing(briefing, bots["speech"])
    written = fit_points.write_model(model, tmp_path / "points.json")
    loaded = load_point_model(written)
    assert loaded is not None and loaded.fingerprint == model.fingerprint
