"""Render benchmark results (the JSON of ``run.py``) as the Markdown of ``RESULTS.md``.

Every section may be missing or have failed; the tables then show "—" or the error.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

NA = "—"


def get(data: Any, path: str) -> Any:
    """``get(results, "sections.project.ask.p50_ms")``, None where anything is missing."""
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def fmt(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NA
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text}{unit}"


def ms(value: Any) -> str:
    if value is None:
        return NA
    return fmt(float(value), " ms", 1 if value < 100 else 0)


def secs(value: Any) -> str:
    if value is None:
        return NA
    return fmt(float(value), " s", 3 if value < 0.1 else 2 if value < 10 else 1)


def ratio(a: Any, b: Any) -> str:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or not b:
        return NA
    r = a / b
    return f"{r:.2f}×" if r >= 0.01 else f"{r:.4f}×"


def verdict(ok: bool | None) -> str:
    return NA if ok is None else ("✅ met" if ok else "❌ missed")


def _check(value: Any, limit: float, *, at_least: bool = False) -> bool | None:
    if not isinstance(value, int | float):
        return None
    return value >= limit if at_least else value <= limit


def _load(values: Any) -> str:
    """A load average triple as "1.2, 0.9, 0.8" (— when not recorded)."""
    return ", ".join(f"{v:g}" for v in values) if isinstance(values, list) and values else "—"


def targets(results: dict[str, Any]) -> list[tuple[str, str, str, bool | None, str]]:
    """(target, limit, measured, met, what the time is made of) for each target."""
    t = results.get("targets", {})
    p = get(results, "sections.project") or {}
    c = get(results, "sections.coldstart") or {}
    tp = get(results, "sections.throughput") or {}
    largest = _largest(results)
    big = get(results, f"sections.scale.sizes.{largest}") or {}
    build_vs_st = tp.get("build_vs_st")
    return [
        (
            "warm full answer p50 on the paper",
            f"≤ {t.get('warm_answer_p50_ms')} ms",
            ms(get(p, "ask.p50_ms")),
            _check(get(p, "ask.p50_ms"), t.get("warm_answer_p50_ms", 30)),
            f"query embedding p50 {ms(get(p, 'embed_query.p50_ms'))}, retrieval (embedding "
            f"included) {ms(get(p, 'retrieve.p50_ms'))}",
        ),
        (
            f"warm full answer p50 at {fmt(largest)} chunks",
            f"≤ {t.get('scale_answer_p50_ms')} ms",
            ms(get(big, "ask.p50_ms")),
            _check(get(big, "ask.p50_ms"), t.get("scale_answer_p50_ms", 50)),
            f"hybrid search {ms(get(big, 'hybrid_search.p50_ms'))} (Chroma "
            f"{ms(get(big, 'chroma_query.p50_ms'))}, BM25 {ms(get(big, 'bm25_query.p50_ms'))}); "
            f"CPU p50 {ms(get(big, 'ask_cpu.p50_ms'))}, load average "
            f"{_load(big.get('load_average_before_asks'))} before the questions",
        ),
        (
            f"warm full answer p95 at {fmt(largest)} chunks",
            f"≤ {t.get('scale_answer_p95_ms')} ms",
            ms(get(big, "ask.p95_ms")),
            _check(get(big, "ask.p95_ms"), t.get("scale_answer_p95_ms", 150)),
            f"max {ms(get(big, 'ask.max_ms'))}; CPU p95 {ms(get(big, 'ask_cpu.p95_ms'))}",
        ),
        (
            f"opening the index at {fmt(largest)} chunks (index + answerer)",
            f"≤ {t.get('scale_open_s')} s",
            secs(big.get("load_total_s")),
            _check(big.get("load_total_s"), t.get("scale_open_s", 5.0)),
            f"index (Chroma client, companion files) {secs(big.get('open_index_s'))}, "
            f"answerer {secs(big.get('answerer_init_s'))}",
        ),
        (
            f"RSS of a serving process at {fmt(largest)} chunks",
            f"≤ {fmt(t.get('scale_rss_mb'), ' MB')}",
            fmt(get(big, "serve.after_answers.rss_mb") or big.get("rss_after_queries_mb"), " MB"),
            _check(
                get(big, "serve.after_answers.rss_mb") or big.get("rss_after_queries_mb"),
                t.get("scale_rss_mb", 1024),
            ),
            "`serve` after answers; in-process assistant "
            f"{fmt(big.get('rss_after_queries_mb'), ' MB')} "
            f"({fmt(get(big, 'rss_after_queries_split_mb.anon'), ' MB')} private, "
            f"{fmt(get(big, 'rss_after_queries_split_mb.file'), ' MB')} mapped files)",
        ),
        (
            f"adding one document to the {fmt(largest)}-chunk index",
            f"≤ {t.get('scale_add_s')} s",
            secs(get(big, "add.add_s")),
            _check(get(big, "add.add_s"), t.get("scale_add_s", 10.0)),
            f"`build_index` with the model loaded; {fmt(get(big, 'add.add_report.added'))} chunks "
            "embedded",
        ),
        (
            "cold start → first answer (median)",
            f"≤ {t.get('cold_start_s')} s",
            secs(c.get("median_s")),
            _check(c.get("median_s"), t.get("cold_start_s", 3.0)),
            _cold_note(c),
        ),
        (
            "no-op re-index (`briefing-bot index`, whole process)",
            f"≤ {t.get('noop_reindex_s')} s",
            secs(p.get("cli_noop_s")),
            _check(p.get("cli_noop_s"), t.get("noop_reindex_s", 1.0)),
            f"CPU {', '.join(secs(x) for x in p.get('cli_noop_cpu_s') or [])}; in process "
            f"{secs(p.get('noop_s'))}",
        ),
        (
            "indexing throughput vs sentence-transformers alone",
            f"≥ {t.get('throughput_ratio', 0.8):.0%}",
            f"{build_vs_st:.0%}" if isinstance(build_vs_st, float) else NA,
            _check(build_vs_st, t.get("throughput_ratio", 0.8), at_least=True),
            f"onnx embedding alone {_pct(tp.get('onnx_vs_st'))}, with length-sorted batches "
            f"{_pct(tp.get('onnx_sorted_vs_st'))}",
        ),
    ]


def _median(values: Any) -> float | None:
    vals = sorted(v for v in values or [] if isinstance(v, int | float))
    return vals[len(vals) // 2] if vals else None


def _pct(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, float) else NA


def _cold_note(c: dict[str, Any]) -> str:
    cpu = c.get("cpu_s") or []
    phases = sorted(get(c, "phases.phases") or [], key=lambda row: -row[-1])[:3]
    parts = [f"{name} {secs(row_cpu)}" for name, *_, row_cpu in phases]
    head = f"CPU {', '.join(secs(x) for x in cpu)} per run" if cpu else ""
    return "; ".join(x for x in [head, "largest (CPU): " + ", ".join(parts) if parts else ""] if x)


def _largest(results: dict[str, Any]) -> int | None:
    sizes = get(results, "sections.scale.sizes") or {}
    return max((int(k) for k in sizes), default=None)


def render_markdown(results: dict[str, Any]) -> str:
    lines: list[str] = ["# Benchmark results", ""]
    lines += _header(results)
    lines += _side_by_side(results)
    lines += _targets_table(results)
    lines += _scale(results)
    lines += _coldstart(results)
    lines += _throughput(results)
    lines += _serve(results)
    lines += _errors(results)
    return "\n".join(lines).rstrip() + "\n"


def _header(results: dict[str, Any]) -> list[str]:
    m = results.get("machine", {})
    v = results.get("versions", {})
    load = m.get("loadavg_at_start") or []
    return [
        f"One run of `{results.get('command', 'benchmarks/run.py')}` started "
        f"{results.get('started', '?')}, {fmt(results.get('total_s'), ' s')} in all, on "
        f"{m.get('nproc', '?')} CPU cores ({m.get('cpu_model', '?')}), "
        f"{fmt(m.get('mem_gb'), ' GB')} RAM, no GPU; load average at start "
        f"{', '.join(str(x) for x in load) or '?'}. The machine is shared: numbers are from "
        "this one run, not averaged over several; treat differences under ~20% as noise.",
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
    ]


def _side_by_side(results: dict[str, Any]) -> list[str]:
    p = get(results, "sections.project") or {}
    b = get(results, "sections.baseline") or {}
    c = get(results, "sections.coldstart") or {}
    tp = get(results, "sections.throughput") or {}
    tok_s = results.get("llm_tokens_per_s_estimate", 20)
    llm = get(b, "llm") or {}
    llm_note = (
        f"With `--llm` the baseline answered through SmolLM2: p50 {ms(get(llm, 'ask.p50_ms'))}, "
        f"{fmt(llm.get('tokens_per_s'))} tokens/s."
        if llm.get("status") == "ok"
        else f"A local LLM would add roughly {100 / tok_s:.0f} s to each baseline answer "
        f"(~100 tokens at ~{tok_s} tokens/s on these cores) on top of the times below."
    )
    rows = [
        (
            "Index build from scratch, in process (model loaded)",
            secs(p.get("build_s")),
            secs(b.get("build_s")),
            ratio(p.get("build_s"), b.get("build_s")),
        ),
        (
            "Re-index of an unchanged corpus, in process",
            secs(p.get("noop_s")),
            secs(b.get("noop_s")) + " (rebuild)",
            ratio(p.get("noop_s"), b.get("noop_s")),
        ),
        (
            "Re-index of an unchanged corpus: `briefing-bot index` (whole process)",
            secs(p.get("cli_noop_s")),
            NA,
            NA,
        ),
        (
            "Model load (in process)",
            secs(p.get("model_load_s")),
            secs(b.get("model_load_s")),
            ratio(p.get("model_load_s"), b.get("model_load_s")),
        ),
        (
            "Warm retrieval p50 / p95 (top 4)",
            f"{ms(get(p, 'retrieve.p50_ms'))} / {ms(get(p, 'retrieve.p95_ms'))}",
            f"{ms(get(b, 'retrieve.p50_ms'))} / {ms(get(b, 'retrieve.p95_ms'))}",
            ratio(get(p, "retrieve.p50_ms"), get(b, "retrieve.p50_ms")),
        ),
        (
            "Warm full answer p50 / p95",
            f"{ms(get(p, 'ask.p50_ms'))} / {ms(get(p, 'ask.p95_ms'))}",
            f"{ms(get(b, 'ask.p50_ms'))} / {ms(get(b, 'ask.p95_ms'))}",
            ratio(get(p, "ask.p50_ms"), get(b, "ask.p50_ms")),
        ),
        (
            "Cold start: process start → first answer (median of "
            f"{len(c.get('runs_s') or []) or '?'}; median CPU time)",
            f"{secs(c.get('median_s'))} (CPU {secs(_median(c.get('cpu_s')))})",
            f"{secs(c.get('baseline_median_s'))} (CPU {secs(_median(c.get('baseline_cpu_s')))})",
            ratio(c.get("median_s"), c.get("baseline_median_s")),
        ),
        (
            "Peak memory of that cold process (RSS)",
            fmt(c.get("peak_rss_mb"), " MB"),
            fmt(c.get("baseline_peak_rss_mb"), " MB"),
            ratio(c.get("peak_rss_mb"), c.get("baseline_peak_rss_mb")),
        ),
        (
            "Recall@4 of the evidence quotes (answerable questions)",
            fmt(get(p, "quality.recall_at_4"), digits=3),
            fmt(get(b, "quality.recall_at_4"), digits=3),
            ratio(get(p, "quality.recall_at_4"), get(b, "quality.recall_at_4")),
        ),
        (
            "Answer cites the evidence (recall over cited passages)",
            fmt(get(p, "quality.answer_citations_recall"), digits=3),
            NA + " (no citations)",
            NA,
        ),
        (
            "Abstains on unanswerable questions",
            fmt(get(p, "quality.abstained_on_unanswerable"), digits=3),
            NA + " (always answers)",
            NA,
        ),
        (
            "Embedding throughput while indexing (texts/s)",
            fmt(get(tp, "texts_per_s.build_index")),
            fmt(get(tp, "texts_per_s.st")) + " (sentence-transformers alone)",
            ratio(get(tp, "texts_per_s.build_index"), get(tp, "texts_per_s.st")),
        ),
        (
            "Memory (RSS) after indexing and answering in one process",
            fmt(p.get("rss_loaded_mb"), " MB"),
            fmt(b.get("rss_loaded_mb"), " MB"),
            ratio(p.get("rss_loaded_mb"), b.get("rss_loaded_mb")),
        ),
    ]
    n = get(p, "ask.n")
    return [
        "## briefing-bot vs the LangChain RAG tutorial pipeline",
        "",
        "Both on the paper, with the same all-MiniLM-L6-v2 weights: briefing-bot through "
        "onnxruntime, the baseline through `HuggingFaceEmbeddings` (sentence-transformers). "
        "The baseline is `RecursiveCharacterTextSplitter(1000, 200)` → Chroma → "
        '`similarity_search(k=4)`; **its "answer" is retrieval + stuffing** (the four '
        f"passages concatenated), no LLM. {llm_note} Latencies are over {fmt(n)} evaluation "
        f"questions (`eval/paper/dev.jsonl`); the paper gives {fmt(p.get('chunks'))} chunks "
        f"here and {fmt(b.get('chunks'))} in the baseline.",
        "",
        "| | briefing-bot | LangChain baseline | ratio (this / baseline) |",
        "|---|---|---|---|",
        *[f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows],
        "",
    ]


def _targets_table(results: dict[str, Any]) -> list[str]:
    rows = targets(results)
    return [
        "## Targets",
        "",
        "| target | limit | measured | | made of |",
        "|---|---|---|---|---|",
        *[
            f"| {name} | {limit} | {value} | {verdict(ok)} | {note} |"
            for name, limit, value, ok, note in rows
        ],
        "",
    ]


def _scale(results: dict[str, Any]) -> list[str]:
    sc = get(results, "sections.scale")
    if not sc:
        return []
    if "error" in sc:
        return ["## Scale", "", f"Failed: `{sc['error'][-300:]}`", ""]
    lines = [
        "## Scale (synthetic corpus, the project's own classes)",
        "",
        str(sc.get("method", "")).replace("\n", " "),
        "",
        "| chunks | sentences | open (index + answerer) | RSS once open (private + mapped) "
        "| Chroma / BM25 / hybrid p50 | full answer p50 / p95 | add one document "
        "| `serve` RSS after answers | on disk (Chroma + companions) "
        "| store build + companions |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows = sorted(sc.get("sizes", {}).items(), key=lambda kv: int(kv[0]))
    for size, r in rows:
        split = r.get("rss_loaded_split_mb") or {}
        lines.append(
            f"| {fmt(int(size))} | {fmt(r.get('sentences'))} "
            f"| {secs(r.get('load_total_s'))} ({secs(r.get('open_index_s'))} + "
            f"{secs(r.get('answerer_init_s'))}) "
            f"| {fmt(r.get('rss_loaded_mb'), ' MB')} ({fmt(split.get('anon'), ' MB')} + "
            f"{fmt(split.get('file'), ' MB')}) "
            f"| {ms(get(r, 'chroma_query.p50_ms'))} / {ms(get(r, 'bm25_query.p50_ms'))} / "
            f"{ms(get(r, 'hybrid_search.p50_ms'))} "
            f"| {ms(get(r, 'ask.p50_ms'))} / {ms(get(r, 'ask.p95_ms'))} "
            f"| {secs(get(r, 'add.add_s'))} "
            f"| {fmt(get(r, 'serve.after_answers.rss_mb'), ' MB')} "
            f"| {fmt(r.get('disk_mb'), ' MB')} + {fmt(r.get('companions_mb'), ' MB')} "
            f"| {secs(r.get('store_build_s'))} + {secs(r.get('companions_build_s'))} |"
        )
    pr = sc.get("projection")
    if pr:
        lines.append(
            f"| {fmt(pr.get('size'))} (**projected**) | — | {secs(pr.get('load_total_s'))} "
            f"| {fmt(pr.get('rss_loaded_mb'), ' MB')} "
            f"| {ms(pr.get('chroma_query_p50'))} / {ms(pr.get('bm25_query_p50'))} / "
            f"{ms(pr.get('hybrid_search_p50'))} "
            f"| {ms(pr.get('ask_p50'))} / {ms(pr.get('ask_p95'))} | {secs(pr.get('add_s'))} "
            f"| {fmt(pr.get('serve_rss_mb'), ' MB')} "
            f"| {fmt(pr.get('disk_mb'), ' MB')} + {fmt(pr.get('companions_mb'), ' MB')} "
            f"| {secs(pr.get('store_build_s'))} + {secs(pr.get('companions_build_s'))} |"
        )
        lines += [
            "",
            f"The {fmt(pr.get('size'))} row is **projected, not measured**: each cost "
            f"extrapolated from the two measured sizes ({fmt(pr['from'][0])} and "
            f"{fmt(pr['from'][1])} chunks) — sizes, memory and start-up as a fixed part plus a "
            "cost per chunk (a straight line through the two points), latencies as c·N^k (the "
            "growth exponent measured between them).",
        ]
    for size, r in rows:
        add = r.get("add") or {}
        notes = [
            f"the `{phase}` phase failed: `{r[phase]['error'][-300:]}`"
            for phase in ("query", "add", "serve")
            if isinstance(r.get(phase), dict) and "error" in r[phase]
        ]
        if "error" in r:
            notes.append(f"the `query` phase failed: `{r['error'][-300:]}`")
        first = r.get("first_open") or {}
        if first and r.get("tables_built", ["?"]):
            notes.append(
                f"the first open after the index was made (the answer layer builds its corpus "
                f"tables then: {', '.join(r.get('tables_built') or ['?'])}) took "
                f"{secs(first.get('open_total_s'))} (answerer "
                f"{secs(first.get('answerer_init_s'))}); the row shows a later start"
            )
        elif first:
            notes.append(
                "the answer layer's corpus tables were kept from an earlier run (same index, "
                f"same code), so no open here built them (prepare's open took "
                f"{secs(first.get('open_total_s'))})"
            )
        if add:
            rep = add.get("add_report") or {}
            after = add.get("open_after_add") or {}
            notes.append(
                f"adding one document ({fmt(rep.get('added'))} chunks) with `build_index` took "
                f"{secs(add.get('add_s'))} (CPU {secs(add.get('add_cpu_s'))}; the model already "
                f"loaded; companion files {secs(add.get('add_companions_s'))} of it), and "
                f"opening the updated index (without the answer layer) "
                f"{secs(after.get('open_index_s'))}"
            )
        serve = r.get("serve") or {}
        if serve:
            notes.append(
                f"`briefing-bot serve` was ready in {secs(serve.get('ready_s'))}, held "
                f"{fmt(get(serve, 'idle.rss_mb'), ' MB')} idle and "
                f"{fmt(get(serve, 'after_answers.rss_mb'), ' MB')} after "
                f"{fmt(get(serve, 'http_ask.n'))} answers (HTTP p50 "
                f"{ms(get(serve, 'http_ask.p50_ms'))})"
            )
        if r.get("reused"):
            notes.append(
                f"the Chroma store was reused from an earlier run (built {r.get('built_at', '?')})"
            )
        if notes:
            lines += ["", f"At {fmt(int(size))} chunks: " + "; ".join(notes) + "."]
    g = sc.get("growth")
    if g:
        lines += [
            "",
            f"Growth {fmt(g.get('from'))} → {fmt(g.get('to'))} chunks "
            f"({fmt(g.get('chunks'), '×')} the data): hybrid search "
            f"{fmt(g.get('hybrid_search_p50'), '×')}, full answer p50 "
            f"{fmt(g.get('ask_p50'), '×')} (p95 {fmt(g.get('ask_p95'), '×')}), open "
            f"{fmt(g.get('load_total_s'), '×')}, RSS {fmt(g.get('rss_loaded_mb'), '×')}, add one "
            f"document {fmt(g.get('add_s'), '×')}, disk {fmt(g.get('disk_mb'), '×')}.",
        ]
    return [*lines, ""]


def _coldstart(results: dict[str, Any]) -> list[str]:
    c = get(results, "sections.coldstart")
    if not c or "error" in c:
        return []
    lines = [
        "## Cold start: where the time goes",
        "",
        f"`{c.get('command')}` with an existing index: runs "
        f"{', '.join(secs(x) for x in c.get('runs_s', []))} (after one unmeasured warm-up run); "
        f"the baseline script (import LangChain + torch, load the model, open Chroma, search): "
        f"{', '.join(secs(x) for x in c.get('baseline_runs_s', [])) or NA}.",
        "",
    ]
    phases = get(c, "phases.phases")
    if phases:
        lines += [
            f"Phases of the same work in one process ({secs(get(c, 'phases.total_s'))} wall, "
            f"{secs(get(c, 'phases.cpu_s'))} CPU in all; CPU time is what this process itself "
            "used, wall time adds waiting for the shared cores):",
            "",
            "| phase | wall | CPU |",
            "|---|---|---|",
            *[
                f"| {row[0]} | {secs(row[1])} | {secs(row[2] if len(row) > 2 else None)} |"
                for row in phases
            ],
            "",
        ]
    imports = c.get("imports") or {}
    if imports.get("triggered_by"):
        lines += [
            f"`-X importtime` ({secs(imports.get('total_s'))} of imports in all; times include "
            "the import tracer's overhead): the costliest third-party imports and what "
            "triggers them:",
            "",
            "| imported by | module | seconds (cumulative) |",
            "|---|---|---|",
            *[
                f"| `{e['by']}` | `{e['module']}` | {secs(e['s'])} |"
                for e in imports["triggered_by"]
            ],
            "",
        ]
    return lines


def _throughput(results: dict[str, Any]) -> list[str]:
    tp = get(results, "sections.throughput")
    if not tp or "error" in tp:
        return []
    per = tp.get("texts_per_s", {})
    return [
        "## Embedding throughput",
        "",
        f"The paper's {fmt(tp.get('chunks'))} chunks + {fmt(tp.get('sentences'))} sentences "
        f"(what `build_index` embeds), best of {tp.get('repeats')} interleaved runs:",
        "",
        "| | texts/s | vs sentence-transformers |",
        "|---|---|---|",
        f"| `build_index` from scratch (parse, chunk, embed, write Chroma) | "
        f"{fmt(per.get('build_index'))} | {fmt(tp.get('build_vs_st'), digits=2)} |",
        f"| onnxruntime embedding alone (`embed_matrix`) | {fmt(per.get('onnx'))} | "
        f"{fmt(tp.get('onnx_vs_st'), digits=2)} |",
        f"| onnxruntime, texts sorted by length first | {fmt(per.get('onnx_sorted'))} | "
        f"{fmt(tp.get('onnx_sorted_vs_st'), digits=2)} |",
        f"| sentence-transformers alone (`encode`, batch 32, torch "
        f"{tp.get('torch_threads')} threads) | {fmt(per.get('st'))} | 1.00 |",
        "",
    ]


def _serve(results: dict[str, Any]) -> list[str]:
    sv = get(results, "sections.serve")
    if not sv:
        return []
    lines = ["## `briefing-bot serve` memory", ""]
    if sv.get("status") != "ok" or "error" in sv:
        return [*lines, f"{sv.get('status') or sv.get('error')}", ""]
    load = sv.get("load", {})
    return [
        *lines,
        f"Server process tree RSS: idle after start-up {fmt(get(sv, 'idle.rss_mb'), ' MB')} "
        f"(ready in {secs(sv.get('ready_s'))}), after the first answer "
        f"{fmt(get(sv, 'after_first_answer.rss_mb'), ' MB')}, peak under "
        f"{sv.get('concurrency')} concurrent chats {fmt(load.get('peak_sampled_rss_mb'), ' MB')} "
        f"(sampled every 50 ms; summed per-process high-water marks "
        f"{fmt(load.get('peak_hwm_mb'), ' MB')}). {fmt(load.get('requests'))} `POST /api/ask` "
        f"requests, {fmt(load.get('errors'))} errors, latency p50 "
        f"{ms(get(load, 'latency.p50_ms'))} / p95 {ms(get(load, 'latency.p95_ms'))}, "
        f"{fmt(load.get('answers_per_s'))} answers/s.",
        "",
    ]


def _errors(results: dict[str, Any]) -> list[str]:
    failed = {
        n: d["error"]
        for n, d in results.get("sections", {}).items()
        if isinstance(d, dict) and "error" in d
    }
    if not failed:
        return []
    lines = ["## Sections that failed", ""]
    for name, err in failed.items():
        last = err.strip().splitlines()[-1] if err.strip() else "?"
        lines.append(f"- `{name}`: {last}")
    return [*lines, ""]


def publish(results: dict[str, Any], markdown: str, bench_dir: Path) -> None:
    """Write the committed copies: ``benchmarks/results.json`` and ``benchmarks/RESULTS.md``."""
    (bench_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (bench_dir / "RESULTS.md").write_text(markdown)


if __name__ == "__main__":
    import sys

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")
    print(render_markdown(json.loads(path.read_text())))
