"""The scale measurements on a prepared synthetic index (see ``benchmarks/scale.py``): opening
it as a server does, searches and answers, adding one document, and a real ``serve`` process.
Each runs in a fresh process of its own when ``scale.py`` drives it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.scale import SEED, embeddings_for, settings_for, store_dir
from benchmarks.util import (
    PAPER,
    bench_env,
    latency_stats,
    load_questions,
    peak_rss_mb,
    rss_mb,
    rss_split_mb,
    stopwatch,
)

if TYPE_CHECKING:
    from briefing_bot import Settings


def _warm_imports(embeddings: Any) -> None:
    """One-time costs that do not grow with the corpus (chromadb, bm25s, the answer layer,
    the model's first call), paid before any clock starts."""
    import chromadb  # noqa: F401

    import briefing_bot.answering.answerer  # noqa: F401
    from briefing_bot.index.lexical import load_bm25s

    load_bm25s()  # as the index loads it

    embeddings.embed_query("warm up")


def open_assistant(
    settings: Settings, embeddings: Any, *, answerer: bool = True
) -> tuple[Any, dict[str, float]]:
    """``open_index`` + ``Assistant`` (+ its answerer), as ``Assistant.load`` and the first
    question do; the seconds of each part."""
    from briefing_bot import Assistant
    from briefing_bot.index import open_index

    times: dict[str, float] = {}
    with stopwatch() as t:
        index = open_index(settings, build=False)
    times["open_index_s"] = round(t["s"], 2)
    with stopwatch() as t:
        bot = Assistant(index, embeddings)
    times["assistant_s"] = round(t["s"], 2)
    if answerer:
        times.update(init_answerer(bot))
    times["open_total_s"] = round(sum(times.values()), 2)
    return bot, times


def init_answerer(bot: Any) -> dict[str, float]:
    with stopwatch() as t:
        _ = bot.answerer
    return {"answerer_init_s": round(t["s"], 2)}


def query(
    size: int, root: Path, backend: str = "onnx", n_questions: int = 40, seed: int = SEED
) -> dict[str, Any]:
    """In a fresh process: open the index as a server does (timed, with its memory) and time
    searches and answers."""
    import numpy as np

    settings = settings_for(store_dir(root, size, backend, seed), backend)
    out: dict[str, Any] = {"size": size, "rss_start_mb": rss_mb()}
    embeddings = embeddings_for(backend, settings)
    _warm_imports(embeddings)
    out["rss_model_mb"] = rss_mb()
    # the index first (what retrieval needs), then the answerer: each one's cost on its own
    bot, times = open_assistant(settings, embeddings, answerer=False)
    out.update(times)
    out["rss_index_mb"] = rss_mb()
    out["rss_index_split_mb"] = rss_split_mb()
    chunks = bot.index.chunks
    out["sentences"] = sum(len(c.sentences) for c in chunks)
    out["companions"] = bot.index.companions is not None

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
    out.update(init_answerer(bot))
    out["load_total_s"] = round(
        out["open_index_s"] + out["assistant_s"] + out["answerer_init_s"], 2
    )
    out["rss_loaded_mb"] = rss_mb()
    out["rss_loaded_split_mb"] = rss_split_mb()
    bot.ask(questions[0])  # warm-up
    asks, cpu, abstained = [], [], 0
    out["load_average_before_asks"] = [round(x, 2) for x in os.getloadavg()]
    for q in questions:
        started, cpu_started = time.perf_counter(), time.process_time()
        answer = bot.ask(q)
        asks.append(time.perf_counter() - started)
        # this process's own CPU time: what an answer costs, whatever else the cores run
        cpu.append(time.process_time() - cpu_started)
        abstained += answer.abstained
    out["ask"] = latency_stats(asks)
    out["ask_cpu"] = latency_stats(cpu)
    out["ask_abstained"] = abstained
    out["rss_after_queries_mb"] = rss_mb()
    out["rss_after_queries_split_mb"] = rss_split_mb()
    out["peak_rss_mb"] = peak_rss_mb()
    out["vector_dim"] = int(np.asarray(vectors[0]).shape[0])
    return out


NEW_DOCUMENT_PARAGRAPHS = 12  # the added document: this many paragraphs of the paper


def add_one(size: int, root: Path, backend: str = "onnx", seed: int = SEED) -> dict[str, Any]:
    """Add one document to a copy of the size-``size`` index with ``build_index`` (the model
    loaded, as in ``briefing-bot add`` after its start-up), then open the updated index."""
    from briefing_bot.index import build as build_module
    from briefing_bot.index import build_index

    folder = store_dir(root, size, backend, seed)
    work = root / f"add-{size}"
    shutil.rmtree(work, ignore_errors=True)
    with stopwatch() as t:
        shutil.copytree(folder, work)
    out: dict[str, Any] = {"copy_s": round(t["s"], 1)}
    try:
        settings = settings_for(work, backend)
        embeddings = embeddings_for(backend, settings)
        _warm_imports(embeddings)
        paragraphs = [p for p in PAPER.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
        new = settings.corpus_dir / "added" / "new-memo.md"
        new.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(paragraphs[:NEW_DOCUMENT_PARAGRAPHS])
        new.write_text(f"# An added memo\n\n## Findings\n\n{body}\n", encoding="utf-8")
        with _timing(build_module, "sync_companions") as companions_s, stopwatch() as t:
            report = build_index(settings, embeddings=embeddings)
        out["add_s"] = round(t["s"], 2)
        out["add_companions_s"] = round(sum(companions_s), 2)
        out["add_cpu_s"] = round(t["cpu_s"], 2)
        out["add_report"] = report.as_dict()
        # the index only: the answer layer's corpus tables are rebuilt for the new version
        # on its first open, which the query phase measures on a version of its own
        _, times = open_assistant(settings, embeddings, answerer=False)
        out["open_after_add"] = times
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


@contextmanager
def _timing(module: Any, name: str) -> Iterator[list[float]]:
    """Time every call of ``module.name`` while the block runs (seconds, one per call)."""
    real = getattr(module, name)
    calls: list[float] = []

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            calls.append(time.perf_counter() - started)

    setattr(module, name, timed)
    try:
        yield calls
    finally:
        setattr(module, name, real)


def serve_memory(size: int, root: Path, backend: str = "onnx", seed: int = SEED) -> dict[str, Any]:
    """``briefing-bot serve`` on the index: ready time, process RSS idle and after answers."""
    import socket
    import subprocess

    import httpx

    from benchmarks.util import cli_command, tree_memory_mb

    settings = settings_for(store_dir(root, size, backend, seed), backend)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    cmd = [*cli_command(), "serve", "--port", str(port), "--corpus", str(settings.corpus_dir)]
    cmd += ["--index", str(settings.index_dir), "--log-level", "warning"]
    out: dict[str, Any] = {}
    started = time.perf_counter()
    log = (root / f"serve-{size}.log").open("wb")
    server = subprocess.Popen(cmd, env=bench_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            deadline = time.monotonic() + 1200  # the answerer is built before "ready"
            while True:
                if server.poll() is not None:
                    err = (root / f"serve-{size}.log").read_text(errors="replace")[-800:]
                    raise RuntimeError(f"serve exited {server.returncode}: {err}")
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("serve not ready after 1200 s")
                time.sleep(0.2)
            out["ready_s"] = round(time.perf_counter() - started, 2)
            out["idle"] = tree_memory_mb(server.pid)
            latencies = []
            for item in load_questions()[::5][:20]:
                t0 = time.perf_counter()
                resp = client.post("/api/ask", json={"question": item["question"]})
                latencies.append(time.perf_counter() - t0)
                resp.raise_for_status()
            out["http_ask"] = latency_stats(latencies)
            out["after_answers"] = tree_memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
    return out
