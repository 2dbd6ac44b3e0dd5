"""Smoke tests of the benchmark harness (benchmarks/), so it cannot rot silently.

No timings are asserted: only that each part runs at a toy size and reports what the
README's table is built from.
"""

from __future__ import annotations

import importlib
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench(name: str) -> ModuleType:
    # pysbd ships a top-level package also called `benchmarks`: put ours first.
    if str(ROOT) not in sys.path[:1]:
        sys.path.insert(0, str(ROOT))
    loaded = sys.modules.get("benchmarks")
    if loaded is not None and not str(getattr(loaded, "__file__", "")).startswith(str(ROOT)):
        for key in [k for k in sys.modules if k == "benchmarks" or k.startswith("benchmarks.")]:
            del sys.modules[key]
    return importlib.import_module(f"benchmarks.{name}")


def test_scale_runs_at_toy_size(tmp_path: Path) -> None:
    scale = _bench("scale")
    results = scale.run_scale(
        [40, 100],
        tmp_path,
        backend="hash",
        isolate=False,
        n_questions=2,
        keep=True,
        phases=["query", "add"],  # `serve` loads the real model: not at toy size
    )
    assert set(results["sizes"]) == {"40", "100"}
    for size, row in results["sizes"].items():
        assert row["size"] == int(size)
        assert row["sentences"] >= int(size)  # every chunk has at least one sentence
        assert row["disk_mb"] > 0 and row["companions_mb"] > 0
        assert row["companions"] is True  # opened from the companion files
        assert row["rss_loaded_mb"] > 0 and row["rss_loaded_split_mb"]["anon"] > 0
        for key in ("chroma_query", "bm25_query", "hybrid_search", "ask"):
            assert row[key]["n"] == 2
            assert row[key]["p50_ms"] > 0
        add = row["add"]
        assert add["add_report"]["added"] >= 1 and add["add_report"]["removed"] == 0
        assert add["add_report"]["chunks"] == int(size) + add["add_report"]["added"]
        assert add["open_after_add"]["open_index_s"] > 0
        assert row["first_open"]["open_total_s"] > 0
        assert 0 < add["add_companions_s"] < add["add_s"]
    growth = results["growth"]
    assert growth["from"] == 40
    assert growth["to"] == 100
    assert growth["chunks"] == 2.5
    assert {"hybrid_search_p50", "ask_p50", "disk_mb", "rss_loaded_mb", "add_s"} <= set(growth)
    projected = results["projection"]
    assert projected["projected"] is True and projected["size"] == 1_000_000
    assert projected["disk_mb"] > results["sizes"]["100"]["disk_mb"]
    assert results["sizes"]["40"]["reused"] is False
    assert scale.build(40, tmp_path, "hash")["reused"] is True  # kept stores are a cache
    again = scale.prepare(40, tmp_path, "hash")
    assert again["prepared_reused"] is True and again["first_open"]["answerer_init_s"] >= 0
    report = _bench("report")
    text = "\n".join(report._scale({"sections": {"scale": results}}))
    assert "1,000,000 (**projected**)" in text and "add one document" in text


def test_projection_fits_both_models() -> None:
    scale = _bench("scale")
    small = {"size": 10, "disk_mb": 20.0, "ask": {"p50_ms": 1.0}}
    large = {"size": 100, "disk_mb": 110.0, "ask": {"p50_ms": 10.0}}
    got = scale.project(small, large, 1000)
    assert got["disk_mb"] == pytest.approx(1010.0)  # 10 + 1 per chunk
    assert got["ask_p50"] == pytest.approx(100.0)  # c·N^1
    assert got["bm25_query_p50"] is None  # not measured: not projected


def test_synthetic_corpus_is_deterministic() -> None:
    np = pytest.importorskip("numpy")
    scale = _bench("scale")
    pool = ["Alpha beta gamma.", "Delta epsilon.", "Zeta eta theta iota."]
    vecs = np.eye(3, 8, dtype=np.float32)
    first = next(b[0] for b in scale.synthetic_batches(20, pool, vecs, seed=3))
    again = next(b[0] for b in scale.synthetic_batches(20, pool, vecs, seed=3))
    assert [c.text for c in first] == [c.text for c in again]
    chunk = first[0]
    assert [chunk.text[s:e] for s, e in chunk.sentences] == chunk.sentence_texts()
    assert all(any(p in s for p in pool) for s in chunk.sentence_texts())


def test_relevance_normalizes_both_sides() -> None:
    util = _bench("util")
    passage = "The **Minerals Security Partnership**<sup>12</sup> (MSP) “matters”\n more."
    assert util.recall_at_k([passage], ['Minerals Security Partnership (MSP) "matters" more']) == 1
    assert util.recall_at_k([passage], ["Inflation Reduction Act"]) == 0
    assert math.isnan(util.recall_at_k([passage], []))
    assert util.latency_stats([0.010, 0.020, 0.030])["p50_ms"] == 20.0


def test_importtime_digest() -> None:
    run = _bench("run")
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:    100000 |     100000 |     langsmith.run_trees",
            "import time:    200000 |     300000 |   langchain_core.retrievers",
            "import time:     50000 |     350000 | briefing_bot.retrieval",
            "import time:    900000 |     900000 | chromadb",
        ]
    )
    digest = run.importtime_summary(stderr)
    assert digest["total_s"] == pytest.approx(1.25)
    edges = {(e["by"], e["module"]) for e in digest["triggered_by"]}
    assert ("briefing_bot.retrieval", "langchain_core.retrievers") in edges
    assert ("(at run time)", "chromadb") in edges
    assert digest["packages"][0]["package"] == "chromadb"


def test_report_renders_partial_and_failed_results() -> None:
    report = _bench("report")
    results = {
        "machine": {"nproc": 2, "cpu_model": "test CPU"},
        "targets": {"warm_answer_p50_ms": 30, "cold_start_s": 3.0},
        "sections": {
            "project": {"ask": {"p50_ms": 12.0, "p95_ms": 20.0, "n": 5}, "cli_noop_s": 0.5},
            "baseline": {"error": "Traceback…\nRuntimeError: boom"},
            "serve": {"status": "not available (no `briefing-bot serve` command)"},
        },
    }
    text = report.render_markdown(results)
    assert "test CPU" in text
    assert "12.0 ms" in text
    assert "✅ met" in text  # 12 ms ≤ 30 ms
    assert "`baseline`: RuntimeError: boom" in text
    assert "not available" in text
