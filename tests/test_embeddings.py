"""The ONNX query encoder gives the same vectors as sentence-transformers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefing_bot.embeddings import OnnxMiniLMEmbeddings, sentence_transformer_embeddings
from tests.fakes import HashEmbeddings

TEXTS = [
    "What does the paper say about biotechnology cooperation?",
    "The Minerals Security Partnership (MSP) promotes supply chain resiliency.",
    "한국과 미국의 기술 동맹",
    "x",
    " ".join(["long"] * 400),  # past the 256-token window: both truncate the same way
]


@pytest.mark.slow
def test_onnx_matches_sentence_transformers() -> None:
    onnx = np.asarray(OnnxMiniLMEmbeddings().embed_documents(TEXTS))
    st = np.asarray(sentence_transformer_embeddings().embed_documents(TEXTS))
    cosines = (onnx * st).sum(axis=1) / (np.linalg.norm(onnx, axis=1) * np.linalg.norm(st, axis=1))
    assert onnx.shape == (len(TEXTS), 384)
    assert np.all(cosines > 1 - 1e-4), cosines


def test_hash_embeddings_are_deterministic_unit_vectors() -> None:
    emb = HashEmbeddings()
    a, b = emb.embed_documents(["policy alliance", "policy alliance"])
    assert a == b and abs(sum(x * x for x in a) - 1) < 1e-9


@pytest.mark.slow
def test_the_one_time_onnx_export_prints_one_calm_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from briefing_bot.embeddings import export_onnx; "
        "export_onnx(Path(sys.argv[1]))"
    )
    target = tmp_path / "model.onnx"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True
    )
    assert target.stat().st_size > 1_000_000
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Preparing the embedding model"), proc.stderr
