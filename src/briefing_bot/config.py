"""One settings object for the whole pipeline.

Every field can be set by environment variable ``BRIEFING_BOT_<FIELD>`` (e.g.
``BRIEFING_BOT_INDEX_DIR``), by the CLI flags that mirror them, or in code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from briefing_bot._version import __version__

# Nothing in this project may reach a model hub or phone home; set these before any
# Hugging Face or Chroma import can read them.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Bump when parsing or chunking changes what goes into the index: existing indexes then
# count as stale and are rebuilt.
PARSER_REVISION = 34  # 34: the lexical tokenizer folds accents ("Doñana" had been "do" "ana")

EmbeddingBackend = Literal["onnx", "sentence-transformers"]


class Settings(BaseSettings):
    """Settings for corpus, chunking, embeddings, index, retrieval and answers."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFING_BOT_", extra="forbid", validate_assignment=True
    )

    # -- where things live
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder of documents to index.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Folder of the generated index.")
    chroma_url: str | None = Field(
        None, description="http://HOST:PORT of a Chroma server; embedded Chroma when unset."
    )
    collection: str = Field("briefing_bot", description="Chroma collection name prefix.")
    chroma_namespace: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9]{1,32}$",
        description=(
            "With chroma_url: this index's part of the Chroma server (collection names start "
            "with it). Default: a hash of the index folder's resolved path, so two index "
            "folders never share or delete each other's collections."
        ),
    )

    # -- chunking
    chunk_max_tokens: int = Field(
        200, ge=32, le=250, description="Word pieces per chunk (MiniLM sees 256 at most)."
    )
    chunk_min_tokens: int = Field(
        40, ge=0, description="Chunks smaller than this merge with a neighbour of the same section."
    )
    max_file_bytes: int = Field(
        20_000_000, ge=1, description="Corpus files larger than this are skipped."
    )

    # -- embeddings
    embedding_backend: EmbeddingBackend = Field(
        "onnx",
        description=(
            "'onnx' runs all-MiniLM-L6-v2 through onnxruntime (no torch), "
            "'sentence-transformers' through torch."
        ),
    )
    embedding_batch_size: int = Field(32, ge=1)

    # -- retrieval and answers
    top_k: int = Field(5, ge=1, le=50, description="Passages cited at most per answer.")
    retrieve_k: int = Field(
        14, ge=1, le=200, description="Candidates per ranked list (passage, sentence, BM25)."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    sentence_search_max: int = Field(
        50_000,
        ge=0,
        description="The best-sentence ranking joins the fusion up to this many sentences in "
        "the index (0: never). Above it, searching the sentence collection costs a second "
        "vector query per question and its whole HNSW graph in memory (measured at 100k "
        "passages / 195k sentences: +370 MB, answer p50 44 -> 65 ms).",
    )
    # bounded: question analysis is linear, but a question is untrusted text read by a dozen
    # patterns on every turn (and a history turn keeps twice this much)
    max_question_chars: int = Field(
        2000, ge=10, le=20_000, description="Longer questions are truncated."
    )
    ui_examples: list[str] = Field(
        default_factory=lambda: [
            "What is the main argument?",
            "Summarize it in 5 points",
            "Who wrote it?",
            "What risks does it identify?",
        ],
        description="Example questions on the chat page (JSON list in the environment): "
        "generic by default, so they fit any corpus.",
    )
    answerer: Literal["grounded", "generative"] = "grounded"
    llm: str = Field(
        "smollm2",
        description="Generative mode: 'smollm2' (local GGUF) or an OpenAI-compatible base URL.",
    )
    llm_model: str | None = Field(None, description="Model name for an OpenAI-compatible server.")
    llm_api_key: SecretStr | None = Field(
        None, description="Bearer token for an OpenAI-compatible server, if it wants one."
    )

    # -- adding documents (`briefing-bot add` / `fetch-sources`)
    fetch_timeout: float = Field(
        10.0, gt=0, le=300, description="Seconds a download may take in all (connect + read)."
    )
    fetch_max_bytes: int = Field(
        10_000_000, ge=1, description="Downloads larger than this are aborted."
    )
    fetch_max_redirects: int = Field(5, ge=0, le=20, description="Redirects followed at most.")
    wayback_api: str = Field(
        "https://archive.org/wayback/available",
        description="Wayback Machine availability API, asked for a dead source's closest capture.",
    )
    wayback_base: str = Field(
        "https://web.archive.org/web",
        description="Wayback Machine capture prefix; only capture URLs under it are followed.",
    )
    archive_rules: Path | None = Field(
        None, description="YAML file of archive rewrite rules; the package's default when unset."
    )

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"

    def index_config_fingerprint(self) -> str:
        """Hash of every setting that changes what goes into the index."""
        relevant = {
            "parser": [*__version__.split(".")[:2], PARSER_REVISION],
            "chunk_max_tokens": self.chunk_max_tokens,
            "chunk_min_tokens": self.chunk_min_tokens,
            "embedding": embedding_model_id(self.embedding_backend),
        }
        blob = json.dumps(relevant, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def embedding_model_id(backend: EmbeddingBackend) -> str:
    """The model behind a backend: onnx and sentence-transformers run the same weights, so
    an index built with one serves the other."""
    return EMBEDDING_MODEL if backend in ("onnx", "sentence-transformers") else backend


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None values ignored)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
