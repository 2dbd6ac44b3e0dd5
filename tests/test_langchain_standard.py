"""LangChain's own standard test suites (``langchain-tests``) run against the project's
retriever and embeddings: what any LangChain chain may expect of them.

The retriever suite runs on the paper's index with the hash fake embedding (fast: the
retriever's contract does not depend on the model's semantics; Chroma and BM25 are real); the
embeddings suite loads the real ONNX model (``slow``).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import (
    EmbeddingsIntegrationTests,
    RetrieversIntegrationTests,
)

from briefing_bot import Assistant, Settings
from briefing_bot.embeddings import OnnxMiniLMEmbeddings
from tests.conftest import PAPER
from tests.fakes import HashEmbeddings

_BOT: dict[str, Assistant] = {}


@pytest.fixture(scope="module")
def paper_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("standard")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


class TestHybridRetriever(RetrieversIntegrationTests):
    """``Assistant.as_retriever()``: dense + BM25 fused, as a LangChain ``BaseRetriever``."""

    @pytest.fixture(autouse=True)
    def _assistant(self, paper_assistant: Assistant) -> None:
        _BOT["paper"] = paper_assistant

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return type(_BOT["paper"].as_retriever())

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"search": _BOT["paper"].retriever}

    @property
    def retriever_query_example(self) -> str:
        return "What is the Minerals Security Partnership?"


@pytest.mark.slow
class TestOnnxEmbeddings(EmbeddingsIntegrationTests):
    """all-MiniLM-L6-v2 on onnxruntime, the model every index and question uses."""

    @property
    def embeddings_class(self) -> type[Embeddings]:
        return OnnxMiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {}


def test_retriever_k_kwarg_is_per_call(paper_assistant: Assistant) -> None:
    retriever = paper_assistant.as_retriever(k=4)
    question = "What is the Minerals Security Partnership?"
    assert len(retriever.invoke(question, k=1)) == 1
    assert len(retriever.invoke(question)) == 4  # the constructor's k again
