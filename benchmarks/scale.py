"""Scale: the project's own store, companion files, hybrid retriever, grounded answerer and
server on a synthetic corpus of N chunks (10k and 100k by default, 1M projected).

Embedding 100k real chunks would take hours on two cores, so the corpus is synthetic but
shaped like the real one: every chunk is 1-3 sentences of the paper (so the evaluation
questions still find matching text), each tagged with two Zipf-distributed pseudo-words (so
the BM25 vocabulary grows with N); each sentence vector is the real MiniLM vector of its
sentence plus noise (cosine ~0.9 to the original), each chunk vector the normalised mean of
its sentences' plus noise, and questions are embedded by the real model: right for systems
numbers, meaningless for answer quality. Vectors go through the project's own ``Store.add``;
the store is then made an index as ``build_index`` leaves one (a corpus file per synthetic
document, manifest, registry, companion files), so ``open_index``, ``Assistant.ask``,
``build_index`` (adding a document) and ``briefing-bot serve`` run on it unchanged.

The sentence collection is only read by id (never searched), so it is created with a cheaper
HNSW graph (M=8, ef_construction=16) to keep the build in minutes; this makes its part of
the on-disk size ~4% smaller than the real thing and changes no query path.

Each phase (build, prepare, query, add, serve) runs in a fresh process so memory numbers are
not mixed. Building 100k chunks into Chroma takes several minutes on two cores, so ``make
bench`` keeps the stores as a cache (named by a hash of everything that shapes them) and says
when a size was reused. By hand: ``python benchmarks/scale.py all --size 10000 --size 100000
--keep --root ~/.cache/briefing-bot/bench-scale``.
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
    peak_rss_mb,
    stopwatch,
)

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot import Settings
    from briefing_bot.chunking import Chunk

SEED = 7
GENERATOR_VERSION = 1  # bump when synthetic_batches changes what it makes
META = "bench-meta.json"
PREPARED = "bench-index.json"
PREPARE_VERSION = 2  # bump when prepare() changes what it writes
BATCH = 1500  # chunks per Store.add: ≤ 4500 sentences, under Chroma's max batch (5461)
CHUNKS_PER_DOC = 100
SENTENCE_HNSW = {"space": "cosine", "ef_construction": 16, "max_neighbors": 8}


def store_dir(root: Path, size: int, backend: str, seed: int = SEED) -> Path:
    """Where the synthetic store of ``size`` chunks lives: the name carries a hash of all
    that shapes it (the sentences it is made of included), so a cached store is reused only
    when it is the same store. The index configuration is not part of it: the synthetic
    chunks do not go through the parser or the chunker, so a new parser revision renames the
    store's collections (:func:`adopt_collections`) instead of building it again."""
    import chromadb

    from briefing_bot.config import embedding_model_id

    pool = hashlib.sha256("\n".join(pool_texts()).encode()).hexdigest()[:16]
    key = json.dumps(
        {
            "size": size,
            "seed": seed,
            "generator": GENERATOR_VERSION,
            "backend": backend,
            "chromadb": chromadb.__version__,
            "model": embedding_model_id(_engine(backend)),
            "pool": pool,
        },
        sort_keys=True,
    )
    return root / f"n{size}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def adopt_collections(settings: Settings) -> bool:
    """Give a cached store's two collections the names the current index configuration
    uses (they carry its fingerprint); True when they were renamed. Run before anything
    opens the store in this process."""
    from briefing_bot.index.store import chroma_client, collection_names

    chunks, sentences = collection_names(settings)
    client = chroma_client(settings)
    names = {getattr(c, "name", c) for c in client.list_collections()}
    if chunks in names:
        return False
    old = sorted(n for n in names if not n.endswith("_sentences"))
    if len(old) != 1 or f"{old[0]}_sentences" not in names:
        raise RuntimeError(f"cannot tell the synthetic store's collections apart: {names}")
    client.get_collection(f"{old[0]}_sentences").modify(name=sentences)
    client.get_collection(old[0]).modify(name=chunks)
    return True


def settings_for(store: Path, backend: str) -> Settings:
    """The index of a synthetic store: the store folder, with its corpus inside it."""
    from briefing_bot import Settings

    corpus = store / "corpus"
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


def pool_texts() -> list[str]:
    """The paper's body sentences, deduplicated, in order: what synthetic chunks are made of."""
    from briefing_bot.chunking import chunk_document
    from briefing_bot.corpus import load_document

    doc = load_document(PAPER, PAPER.parent)
    texts: dict[str, None] = {}
    for chunk in chunk_document(doc):
        if chunk.kind == "body":
            texts.update(dict.fromkeys(s.strip() for s in chunk.sentence_texts() if s.strip()))
    return list(texts)


def sentence_pool(embeddings: Any) -> tuple[list[str], np.ndarray]:
    """The paper's body sentences (deduplicated) and their vectors."""
    from briefing_bot.embeddings import embed_matrix

    pool = pool_texts()
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
    settings.index_dir.mkdir(parents=True, exist_ok=True)
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


def prepare(size: int, root: Path, backend: str = "onnx", seed: int = SEED) -> dict[str, Any]:
    """Make a synthetic store an index as ``build_index`` leaves one (see :func:`make_index`),
    then open it once with its answerer, as the first process after a build does: the answer
    layer's corpus tables are built then (and kept, where it keeps them), so the ``query``
    and ``serve`` phases measure an ordinary start. That first open is timed."""
    data = make_index(size, root, backend, seed)
    from benchmarks.scale_measure import open_assistant

    folder = store_dir(root, size, backend, seed)
    settings = settings_for(folder, backend)
    embeddings = embeddings_for(backend, settings)
    embeddings.embed_query("warm up")
    kept = set(folder.glob("companions/*/cache/*.pkl"))
    _, times = open_assistant(settings, embeddings)
    # the tables this open built: none when an earlier run left them (same index, same code)
    new = set(folder.glob("companions/*/cache/*.pkl")) - kept
    built = sorted(p.name.rsplit("-", 1)[0] for p in new)
    return {**data, "first_open": times, "tables_built": built}


def make_index(size: int, root: Path, backend: str = "onnx", seed: int = SEED) -> dict[str, Any]:
    """A corpus file per synthetic document, ``documents.json``, ``manifest.json`` and the
    companion files (written from the store, timed). Kept with the store and redone when
    the companion format changes."""
    from briefing_bot.index.companion_write import sync_companions
    from briefing_bot.index.companions import FORMAT

    folder = store_dir(root, size, backend, seed)
    settings = settings_for(folder, backend)
    renamed = adopt_collections(settings)
    stamp = folder / PREPARED
    if stamp.exists() and not renamed:
        data: dict[str, Any] = json.loads(stamp.read_text())
        if (
            data.get("companions_format") == FORMAT
            and data.get("version") == PREPARE_VERSION
            and data.get("config_fingerprint") == settings.index_config_fingerprint()
        ):
            return {**data, "prepared_reused": True}
    from briefing_bot.index import Store

    store = Store(settings)
    with stopwatch() as t:
        chunks = store.all_chunks()
    read_s = t["s"]
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    shutil.rmtree(settings.corpus_dir, ignore_errors=True)
    for doc_id, doc_chunks in by_doc.items():
        path = settings.corpus_dir / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(c.text for c in doc_chunks)
        path.write_text(f"# {doc_chunks[0].title}\n\n{body}\n", encoding="utf-8")
    manifest = write_index_files(settings, by_doc)
    shutil.rmtree(folder / "companions", ignore_errors=True)
    with stopwatch() as t:
        sync_companions(settings, store, manifest)
    data = {
        "companions_build_s": round(t["s"], 1),
        "companions_read_store_s": round(read_s, 1),
        "companions_mb": dir_size_mb(folder / "companions"),
        "companions_format": FORMAT,
        "version": PREPARE_VERSION,
        "config_fingerprint": settings.index_config_fingerprint(),
        "prepared_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    stamp.write_text(json.dumps(data))
    return {**data, "prepared_reused": False}


def write_index_files(settings: Settings, by_doc: dict[str, list[Chunk]]) -> dict[str, Any]:
    """``documents.json`` and ``manifest.json`` as ``build_index`` writes them, for the
    synthetic documents (their corpus files written first, so the fingerprint matches)."""
    from briefing_bot.config import embedding_model_id
    from briefing_bot.index import FORMAT_VERSION, corpus_state, fingerprint
    from briefing_bot.index.manifest import store_key, write_json_atomic
    from briefing_bot.index.reconcile import POSITIONS
    from briefing_bot.index.store import collection_names

    state = corpus_state(settings)
    documents = documents_for([c for cs in by_doc.values() for c in cs])
    manifest = {
        "format": FORMAT_VERSION,
        "fingerprint": fingerprint(settings, state),
        "config_fingerprint": settings.index_config_fingerprint(),
        "embedding_model": embedding_model_id(settings.embedding_backend),
        "embedding_backend": settings.embedding_backend,
        "chunking": {
            "max_tokens": settings.chunk_max_tokens,
            "min_tokens": settings.chunk_min_tokens,
        },
        "store": store_key(settings),
        "collections": list(collection_names(settings)),
        "documents": {
            d: {"sha256": state[d], "title": cs[0].title, "chunks": [c.id for c in cs]}
            for d, cs in by_doc.items()
        },
        "skipped": [],
        # the chunks' positions are those of the corpus files written above, not stale ones
        "positions": POSITIONS,
        "counts": {"documents": len(by_doc), "chunks": sum(len(cs) for cs in by_doc.values())},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": 0.0,
    }
    write_json_atomic(settings.index_dir / "documents.json", documents)
    write_json_atomic(settings.index_dir / "manifest.json", manifest)
    return manifest


# ---------------------------------------------------------------------------------------------
# Driver


def _ratio(a: float | None, b: float | None) -> float | None:
    if not a or not b:
        return None
    return round(b / a, 2)


# (name, path in a size's results, how it grows: "linear" = fixed + per-chunk part, fitted
# through the two sizes; "power" = c·N^k through them)
GROWTH = [
    ("chroma_query_p50", "chroma_query.p50_ms", "power"),
    ("bm25_query_p50", "bm25_query.p50_ms", "power"),
    ("hybrid_search_p50", "hybrid_search.p50_ms", "power"),
    ("ask_p50", "ask.p50_ms", "power"),
    ("ask_p95", "ask.p95_ms", "power"),
    ("disk_mb", "disk_mb", "linear"),
    ("companions_mb", "companions_mb", "linear"),
    ("rss_loaded_mb", "rss_loaded_mb", "linear"),
    ("rss_after_queries_mb", "rss_after_queries_mb", "linear"),
    ("load_total_s", "load_total_s", "linear"),
    ("add_s", "add.add_s", "linear"),
    ("serve_rss_mb", "serve.after_answers.rss_mb", "linear"),
    ("store_build_s", "store_build_s", "linear"),
    ("companions_build_s", "companions_build_s", "linear"),
]


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)  # type: ignore[assignment]
    return data


def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """How each cost grows from the smaller to the larger size (large / small)."""
    out: dict[str, Any] = {"chunks": _ratio(small["size"], large["size"])}
    for name, path, _ in GROWTH:
        out[name] = _ratio(_get(small, path), _get(large, path))
    return out


def project(small: dict[str, Any], large: dict[str, Any], target: int) -> dict[str, Any]:
    """Each cost at ``target`` chunks, extrapolated from the two measured sizes (a projection,
    not a measurement): sizes and start-up as fixed + per-chunk cost, latencies as c·N^k."""
    import math

    n1, n2 = small["size"], large["size"]
    out: dict[str, Any] = {"size": target, "from": [n1, n2], "projected": True}
    for name, path, model in GROWTH:
        a, b = _get(small, path), _get(large, path)
        if not isinstance(a, int | float) or not isinstance(b, int | float) or a <= 0 or b <= 0:
            out[name] = None
            continue
        if model == "linear":
            per = (b - a) / (n2 - n1)
            value = b + per * (target - n2)
        else:
            k = math.log(b / a) / math.log(n2 / n1)
            value = b * (target / n2) ** k
        out[name] = round(max(value, 0.0), 2)
    return out


PHASES = ["build", "prepare", "query", "add", "serve"]


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
    project_to: int | None = 1_000_000,
    phases: list[str] | None = None,
) -> dict[str, Any]:
    """Build (or reuse, with ``keep``), prepare, query, add a document to and serve each
    size; ``isolate`` runs each phase in a fresh process. Without ``keep`` the stores are
    deleted afterwards. With two sizes or more, growth and a ``project_to`` projection."""
    results: dict[str, Any] = {"backend": backend, "sizes": {}, "method": __doc__.split("\n\n")[1]}
    wanted = phases or PHASES
    for size in sizes:
        row: dict[str, Any] = {}
        for phase in [p for p in PHASES if p in wanted or p in ("build", "prepare")]:
            try:
                if isolate:
                    flags = ["--questions", str(n_questions), *(["--fresh"] if fresh else [])]
                    got = _child(phase, size, root, backend, flags, timeout=timeout)
                else:
                    got = _phase(phase, size, root, backend, n_questions=n_questions, fresh=fresh)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                if phase in ("build", "prepare"):
                    raise
                got = {"error": f"{type(exc).__name__}: {exc}"[-1500:]}  # the others still run
            if phase in ("add", "serve"):
                row[phase] = got
            else:
                row.update(got)
        results["sizes"][str(size)] = row
        if not keep:
            shutil.rmtree(store_dir(root, size, backend), ignore_errors=True)
    if len(sizes) >= 2:
        ordered = sorted(sizes)
        small, large = results["sizes"][str(ordered[0])], results["sizes"][str(ordered[-1])]
        results["growth"] = {"from": ordered[0], "to": ordered[-1], **growth(small, large)}
        if project_to and project_to > ordered[-1]:
            results["projection"] = project(small, large, project_to)
    return results


def _phase(
    phase: str, size: int, root: Path, backend: str, *, n_questions: int = 40, fresh: bool = False
) -> dict[str, Any]:
    if phase == "build":
        return build(size, root, backend, fresh=fresh)
    if phase == "prepare":
        return prepare(size, root, backend)
    from benchmarks import scale_measure as measure

    if phase == "query":
        return measure.query(size, root, backend, n_questions)
    if phase == "add":
        return measure.add_one(size, root, backend)
    return measure.serve_memory(size, root, backend)


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
    parser.add_argument("phase", choices=[*PHASES, "all"])
    parser.add_argument("--size", type=int, action="append", required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--backend", default="onnx")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--fresh", action="store_true", help="rebuild even if cached")
    parser.add_argument("--keep", action="store_true", help="keep the stores (a cache)")
    args = parser.parse_args(argv)
    args.root.mkdir(parents=True, exist_ok=True)
    if args.phase == "all":
        data = run_scale(
            args.size,
            args.root,
            backend=args.backend,
            n_questions=args.questions,
            keep=args.keep,
            fresh=args.fresh,
        )
    else:
        data = _phase(
            args.phase,
            args.size[0],
            args.root,
            args.backend,
            n_questions=args.questions,
            fresh=args.fresh,
        )
    text = json.dumps(data, indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
