"""Shared fixtures. Unit tests use the hash fake embedding (`tests/fakes.py`, injected by the
`fake_embeddings` fixture); `paper_bot` is the real thing (real MiniLM through onnxruntime,
real embedded Chroma) built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from briefing_bot import Assistant, Settings
from briefing_bot.config import PROJECT_ROOT
from tests import fakes

PAPER = PROJECT_ROOT / "corpus" / "snyder-from-security-alliance-to-technology-partnership.md"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus folder holding a copy of the paper."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(PAPER, folder / PAPER.name)
    return folder


@pytest.fixture
def fake_embeddings() -> Iterator[fakes.HashEmbeddings]:
    """The hash fake embedding, also standing in for the configured model during the test."""
    with fakes.fake_embeddings() as embeddings:
        yield embeddings


@pytest.fixture
def hash_settings(
    tmp_path: Path, corpus_dir: Path, fake_embeddings: fakes.HashEmbeddings
) -> Settings:
    """Settings for a throw-away index; the test runs with the fast fake embedding."""
    return Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def paper_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("paper")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    return Settings(corpus_dir=corpus, index_dir=root / "index")


@pytest.fixture(scope="session")
def paper_bot(paper_settings: Settings) -> Assistant:
    """The real assistant on the paper: real model, real embedded Chroma."""
    from briefing_bot.embeddings import OnnxMiniLMEmbeddings

    # the model given explicitly: a module that fakes the configured one can't swap it here
    real = OnnxMiniLMEmbeddings(batch_size=paper_settings.embedding_batch_size)
    return Assistant.load(settings=paper_settings, embeddings=real)
