"""Scale: the project's own store, BM25, hybrid retriever and grounded answerer on a synthetic
corpus of N chunks (10k and 100k by default).

Embedding 100k real chunks would take hours on two cores, so the corpus is synthetic but
shaped like the real one: every chunk is 1-3 sentences of the paper (so the evaluation
questions still find matching text), each tagged with two Zipf-distributed pseudo-words (so
the BM25 vocabulary grows with N); each sentence vector is the real MiniLM vector of its
sentence plus noise (cosine ~0.9 to the original), each chunk vector the normalised mean of
its sentences' plus noise. Vectors go through the project's own ``Store.add``; queries through
``HybridSearch.search`` and ``Assistant.ask`` on an :class:`~briefing_bot.index.Index` built
from the store, as ``open_index`` would.

The sentence collection is only read by id (never searched), so it is created with a cheaper
HNSW graph (M=8, ef_construction=16) to keep the build in minutes; this makes its part of
the on-disk size ~4% smaller than the real thing and changes no query path.

Each size runs in two fresh processes (build, then query) so memory numbers are not mixed.
Building 100k chunks into Chroma takes several minutes on two cores, so ``make bench`` keeps
the stores as a cache (named by a hash of everything that shapes them) and says when a size
was reused. By hand: ``python benchmarks/scale.py both --size 10000 --root /tmp/s``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.util import (
    PAPER,
    bench_env,
    dir_size_mb,
    latency_stats,
    load_questions,
    peak_rss_mb,
    rss_mb,
    stopwatch,
)

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot import Settings
    from briefing_bot.chunking import Chunk

SEED = 7
GENERATOR_VERSION = 1  # bump when synthetic_batches changes what it makes
META = "bench-meta.json"
BATCH = 1500  # chunks per Store.add: ≤ 4500 sentences, under Chroma's max batch (5461)
CHUNKS_PER_DOC = 100
SENTENCE_HNSW = {"space": "cosine", "ef_construction": 16, "max_neighbors": 8}


def store_dir(root: Path, size: int, backend: str, seed: int = SEED) -> Path:
    """Where the synthetic store of ``size`` chunks lives: the name carries a hash of all
    that shapes it, so a cached store is reused only when it is the same store."""
    import chromadb

    from briefing_bot import Settings

    key = json.dumps(
        {
            "size": size,
            "seed": seed,
            "generator": GENERATOR_VERSION,
            "backend": backend,
            "chromadb": chromadb.__version__,
            "index_config": Settings(embedding_backend=_engine(backend)).index_config_fingerprint(),
        },
        sort_keys=True,
    )
    return root / f"n{size}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def settings_for(store: Path, backend: str) -> Settings:
    from briefing_bot import Settings

    corpus = store.parent / "empty-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    return Settings(corpus_dir=corpus, index_dir=store, embedding_backend=_engine(backend))


def _engine(backend: str) -> Any:
    # "hash" (the tests' fake model) is no setting: its stores are configured as onnx ones
    return "onnx" if backend == "hash" else backend


def embeddings_for(backend: str, settings: Settings) -> Any:
    """The model a run uses: the configured one, or ``hash``, the tests' fake (the harness's
    smoke test in tests/test_benchmarks.py runs on it)."""
    if backend == "hash":
        from tests.fakes import HashEmbeddings

        return HashEmbeddings()
    from briefing_bot.embeddings import get_embeddings

    return get_embeddings(settings)


def sentence_pool(embeddings: Any) -> tuple[list[str], np.ndarray]:
    """The paper's body sentences (deduplicated) and their vectors."""
    from briefing_bot.chunking import chunk_document
    from briefing_bot.corpus import load_document
    from briefing_bot.embeddings import embed_matrix

    doc = load_document(PAPER, PAPER.parent)
    texts: dict[str, None] = {}
    for chunk in chunk_document(doc):
        if chunk.kind == "body":
            texts.update(dict.fromkeys(s.strip() for s in chunk.sentence_texts() if s.strip()))
    pool = list(texts)
    return pool, embed_matrix(embeddings, pool)


def _pseudo_words(rng: Any, count: int) -> list[str]:
    letters = rng.integers(0, 26, size=(count, 9)) + ord("a")
    lengths = rng.integers(4, 10, size=count)
    return [bytes(row[:n].astype("u1")).decode() for row, n in zip(letters, lengths, strict=True)]


def synthetic_batches(size: int, pool: list[str], pool_vecs: np.ndarray, seed: int = SEED) -> Any:
    """Yield ``(chunks, chunk_vectors, sentence_vectors)`` batches; deterministic in ``seed``."""
    import numpy as np

    from briefing_bot.chunking import Chunk

    rng = np.random.default_rng(seed)
    vocab = _pseudo_words(rng, 20_000)
    zipf = 1.0 / np.arange(1, len(vocab) + 1)
    zipf /= zipf.sum()
    dim = pool_vecs.shape[1]
    noise = 0.45 / np.sqrt(dim)
    for start in range(0, size, BATCH):
        stop = min(size, start + BATCH)
        # everything random for the batch drawn at once (numpy per-item calls are slow)
        counts = rng.choice([1, 2, 3], size=stop - start, p=[0.3, 0.45, 0.25])
        total = int(counts.sum())
        picks = rng.integers(0, len(pool), size=total)
        tags = rng.choice(len(vocab), size=2 * total, p=zipf)
        sent_vecs = pool_vecs[picks] + rng.standard_normal((total, dim)) * noise
        sent_vecs /= np.linalg.norm(sent_vecs, axis=1, keepdims=True)
        owner = np.repeat(np.arange(stop - start), counts)
        chunk_vecs = np.zeros((stop - start, dim))
        np.add.at(chunk_vecs, owner, sent_vecs)
        chunk_vecs = chunk_vecs / counts[:, None] + rng.standard_normal(chunk_vecs.shape) * noise
        chunk_vecs /= np.linalg.norm(chunk_vecs, axis=1, keepdims=True)
        chunks: list[Chunk] = []
        first = 0
        for i, n in zip(range(start, stop), counts.tolist(), strict=True):
            sentences = [
                f"{pool[picks[k]]} [{vocab[tags[2 * k]]} {vocab[tags[2 * k + 1]]}]"
                for k in range(first, first + n)
            ]
            first += n
            spans, pos = [], 0
            for sentence in sentences:
                spans.append((pos, pos + len(sentence)))
                pos += len(sentence) + 1
            doc = i // CHUNKS_PER_DOC
            chunks.append(
                Chunk(
                    id=f"syn{i:07d}",
                    doc_id=f"synthetic/doc{doc:05d}.md",
                    title=f"Synthetic document {doc}",
                    section_path=(f"Part {(i // 10) % 10 + 1}",),
                    paragraph=i % CHUNKS_PER_DOC + 1,
                    paragraph_end=i % CHUNKS_PER_DOC + 1,
                    text=" ".join(sentences),
                    sentences=spans,
                    sentence_endnotes=[[] for _ in sentences],
                )
            )
        yield chunks, chunk_vecs.astype(np.float32), sent_vecs.astype(np.float32)


def documents_for(chunks: list[Chunk]) -> dict[str, Any]:
    """A minimal document registry (no endnotes) for the synthetic documents."""
    return {
        c.doc_id: {
            "doc_id": c.doc_id,
            "title": c.title,
            "kind": "synthetic",
            "metadata": {},
            "endnotes": {},
            "paragraphs": [],
        }
        for c in chunks
    }


# ---------------------------------------------------------------------------------------------
# The two phases


def build(
    size: int, root: Path, backend: str = "onnx", seed: int = SEED, *, fresh: bool = False
) -> dict[str, Any]:
    """Write a synthetic store of ``size`` chunks under ``root`` (or reuse the one a previous
    run left there, unless ``fresh``); returns its build costs."""
    from briefing_bot.index import Store

    folder = store_dir(root, size, backend, seed)
    meta = folder / META
    if meta.exists() and not fresh:
        data: dict[str, Any] = json.loads(meta.read_text())
        return {**data, "reused": True}
    for old in root.glob(f"n{size}-*"):  # stale or half-built stores of this size
        shutil.rmtree(old, ignore_errors=True)
    settings = settings_for(folder, backend)
    settings.index_dir.mkdir(parents=True)
    pool, pool_vecs = sentence_pool(embeddings_for(backend, settings))
    store = Store(settings)
    store.client.delete_collection(store.sentence_name)
    store.sentences = store.client.get_or_create_collection(
        store.sentence_name, embedding_function=None, configuration={"hnsw": SENTENCE_HNSW}
    )
    n_sentences = 0
    generate = 0.0
    with stopwatch() as total:
        batches = synthetic_batches(size, pool, pool_vecs, seed)
        while True:
            started = time.perf_counter()
            batch = next(batches, None)
            generate += time.perf_counter() - started
            if batch is None:
                break
            chunks, cvecs, svecs = batch
            store.add(chunks, cvecs, svecs)
            n_sentences += len(svecs)
    data = {
        "size": size,
        "sentences": n_sentences,
        "pool_sentences": len(pool),
        "store_build_s": round(total["s"] - generate, 1),
        "generate_s": round(generate, 1),
        "disk_mb": dir_size_mb(settings.index_dir),
        "build_peak_rss_mb": peak_rss_mb(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    meta.write_text(json.dumps(data))  # last: a killed build leaves no meta and is redone
    return {**data, "reused": False}


def query(
    size: int, root: Path, backend: str = "onnx", n_questions: int = 40, seed: int = SEED
) -> dict[str, Any]:
    """Open the synthetic store as the assistant does and time searches and answers."""
    import numpy as np

    from briefing_bot import Assistant
    from briefing_bot.index import Index, Store
    from briefing_bot.retrieval import LexicalIndex

    settings = settings_for(store_dir(root, size, backend, seed), backend)
    out: dict[str, Any] = {"size": size, "rss_start_mb": rss_mb()}
    embeddings = embeddings_for(backend, settings)
    embeddings.embed_query("warm up")
    # One-time costs that do not grow with the corpus (Chroma's client start, BM25's and
    # the answerer's imports) are paid before the clock starts.
    from briefing_bot.chunking import Chunk

    store = Store(settings)
    got = store.chunks.get(limit=5, include=["documents", "metadatas"])
    LexicalIndex(
        [
            Chunk.from_record(*r)
            for r in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
    )
    import briefing_bot.answer  # noqa: F401

    out["rss_model_mb"] = rss_mb()

    with stopwatch() as t:
        chunks = store.all_chunks()
    out["load_chunks_s"] = round(t["s"], 2)
    index = Index(
        settings=settings,
        store=store,
        chunks=chunks,
        documents=documents_for(chunks),
        manifest={"counts": {"chunks": len(chunks), "documents": len(chunks) // CHUNKS_PER_DOC}},
    )
    with stopwatch() as t:
        bot = Assistant(index, embeddings)  # builds the BM25 index
    out["bm25_build_s"] = round(t["s"], 2)
    rss_before_answerer = rss_mb()
    try:
        with stopwatch() as t:
            answerer = bot.answerer
    except Exception as exc:
        # Record the failure, then measure the rest with the preload fetched in batches.
        out["answerer_init_error"] = f"{type(exc).__name__}: {exc}"[:400]
        _fetch_sentence_vectors_in_batches(store)
        rss_before_answerer = rss_mb()
        with stopwatch() as t:
            answerer = bot.answerer
    out["answerer_init_s"] = round(t["s"], 2)
    preloaded = getattr(answerer, "_sentence_vectors", {}) or {}
    out["sentences"] = sum(len(c.sentences) for c in chunks)
    out["preloaded_sentence_vectors"] = sum(len(v) for v in preloaded.values())
    out["preloaded_mb"] = round(sum(v.nbytes for v in preloaded.values()) / 2**20, 1)
    out["answerer_rss_delta_mb"] = round(rss_mb() - rss_before_answerer, 1)
    out["rss_loaded_mb"] = rss_mb()
    out["load_total_s"] = round(
        out["load_chunks_s"] + out["bm25_build_s"] + out["answerer_init_s"], 2
    )

    items = load_questions()[::3][:n_questions]
    questions = [q["question"] for q in items]
    vectors = [bot.retriever.embed_query(q) for q in questions]
    retriever = bot.retriever
    retriever.search(questions[0], vector=vectors[0])  # warm-up
    dense, lexical, search = [], [], []
    for q, v in zip(questions, vectors, strict=True):
        started = time.perf_counter()
        retriever.dense(v, settings.retrieve_k)
        dense.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever.lexical.search(q, settings.retrieve_k)
        lexical.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever.search(q, vector=v)
        search.append(time.perf_counter() - started)
    out["chroma_query"] = latency_stats(dense)
    out["bm25_query"] = latency_stats(lexical)
    out["hybrid_search"] = latency_stats(search)
    bot.ask(questions[0])  # warm-up
    asks, abstained = [], 0
    for q in questions:
        started = time.perf_counter()
        answer = bot.ask(q)
        asks.append(time.perf_counter() - started)
        abstained += answer.abstained
    out["ask"] = latency_stats(asks)
    out["ask_abstained"] = abstained
    out["rss_after_queries_mb"] = rss_mb()
    # What preloading every sentence vector costs, measured on its own (the answerer does
    # it at start-up only under its sentence-count threshold).
    del preloaded
    with stopwatch() as t:
        fetched = store.sentence_vectors(chunks)
    out["preload_all_s"] = round(t["s"], 2)
    out["preload_all_mb"] = round(sum(v.nbytes for v in fetched.values()) / 2**20, 1)
    out["preload_all_vectors"] = int(sum(len(v) for v in fetched.values()))
    del fetched
    out["peak_rss_mb"] = peak_rss_mb()
    out["vector_dim"] = int(np.asarray(vectors[0]).shape[0])
    return out


def _fetch_sentence_vectors_in_batches(store: Any, batch: int = 5000) -> None:
    """Harness workaround: ``Store.sentence_vectors`` asks Chroma for every id in one call,
    which SQLite refuses past 32,766 ids ("too many SQL variables")."""
    whole = store.sentence_vectors

    def batched(chunks: list[Chunk]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i in range(0, len(chunks), batch):
            out.update(whole(chunks[i : i + batch]))
        return out

    store.sentence_vectors = batched


# ---------------------------------------------------------------------------------------------
# Driver


def _ratio(a: float | None, b: float | None) -> float | None:
    if not a or not b:
        return None
    return round(b / a, 2)


def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """How each cost grows from the smaller to the larger size (large / small)."""
    pairs = {
        "chunks": (small["size"], large["size"]),
        "chroma_query_p50": (small["chroma_query"]["p50_ms"], large["chroma_query"]["p50_ms"]),
        "bm25_query_p50": (small["bm25_query"]["p50_ms"], large["bm25_query"]["p50_ms"]),
        "hybrid_search_p50": (small["hybrid_search"]["p50_ms"], large["hybrid_search"]["p50_ms"]),
        "ask_p50": (small["ask"]["p50_ms"], large["ask"]["p50_ms"]),
        "disk_mb": (small["disk_mb"], large["disk_mb"]),
        "rss_loaded_mb": (small["rss_loaded_mb"], large["rss_loaded_mb"]),
        "load_total_s": (small["load_total_s"], large["load_total_s"]),
        "store_build_s": (small["store_build_s"], large["store_build_s"]),
    }
    return {k: _ratio(a, b) for k, (a, b) in pairs.items()}


def run_scale(
    sizes: list[int],
    root: Path,
    *,
    backend: str = "onnx",
    isolate: bool = True,
    n_questions: int = 40,
    timeout: float = 1800,
    keep: bool = False,
    fresh: bool = False,
) -> dict[str, Any]:
    """Build (or reuse, with ``keep``) and query each size; ``isolate`` runs each phase in a
    fresh process. Without ``keep`` the stores are deleted afterwards."""
    results: dict[str, Any] = {"backend": backend, "sizes": {}, "method": __doc__.split("\n\n")[1]}
    for size in sizes:
        if isolate:
            flags = ["--questions", str(n_questions), *(["--fresh"] if fresh else [])]
            built = _child("build", size, root, backend, flags, timeout=timeout)
            queried = _child("query", size, root, backend, flags, timeout=timeout)
        else:
            built = build(size, root, backend, fresh=fresh)
            queried = query(size, root, backend, n_questions)
        results["sizes"][str(size)] = {**built, **queried}
        if not keep:
            shutil.rmtree(store_dir(root, size, backend), ignore_errors=True)
    if len(sizes) >= 2:
        ordered = sorted(sizes)
        small, large = results["sizes"][str(ordered[0])], results["sizes"][str(ordered[-1])]
        results["growth"] = {"from": ordered[0], "to": ordered[-1], **growth(small, large)}
    return results


def _child(
    phase: str, size: int, root: Path, backend: str, flags: list[str], *, timeout: float
) -> dict[str, Any]:
    out = root / f"{phase}-{size}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), phase, "--size", str(size)]
    cmd += ["--root", str(root), "--backend", backend, "--out", str(out), *flags]
    proc = subprocess.run(
        cmd, env=bench_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scale {phase} {size} failed: {proc.stderr.strip()[-1500:]}")
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["build", "query", "both"])
    parser.add_argument("--size", type=int, action="append", required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--backend", default="onnx")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--fresh", action="store_true", help="rebuild even if cached")
    parser.add_argument("--keep", action="store_true", help="keep the stores (a cache)")
    args = parser.parse_args(argv)
    args.root.mkdir(parents=True, exist_ok=True)
    if args.phase == "both":
        data = run_scale(
            args.size,
            args.root,
            backend=args.backend,
            n_questions=args.questions,
            keep=args.keep,
            fresh=args.fresh,
        )
    elif args.phase == "build":
        data = build(args.size[0], args.root, args.backend, fresh=args.fresh)
    else:
        data = query(args.size[0], args.root, args.backend, args.questions)
    text = json.dumps(data, indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
