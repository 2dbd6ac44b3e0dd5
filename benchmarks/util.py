"""Shared helpers for the benchmarks: timing statistics, process memory, the evaluation
questions, relevance of a passage to a reference quote, and subprocess plumbing."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "corpus" / "snyder-from-security-alliance-to-technology-partnership.md"
QA_FILE = ROOT / "eval" / "paper" / "dev.jsonl"


# ---------------------------------------------------------------------------------------------
# Timing


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def latency_stats(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean/max in milliseconds, and the sample count."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def median_of(fn: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    times = [timed(fn)[0] for _ in range(runs)]
    return statistics.median(times), times


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """``with stopwatch() as t: ...`` then ``t["s"]`` (wall) and ``t["cpu_s"]``."""
    out: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["s"] = time.perf_counter() - wall
        out["cpu_s"] = time.process_time() - cpu


# ---------------------------------------------------------------------------------------------
# Memory (Linux /proc; no psutil dependency)


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process in KiB; empty when it is gone."""
    out: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
            out[key] = int(value.split()[0])
    return out


def rss_mb(pid: int | str = "self") -> float:
    return round(proc_status(pid).get("VmRSS", 0) / 1024, 1)


def rss_split_mb(pid: int | str = "self") -> dict[str, float]:
    """RSS split into private memory (``anon``) and pages of mapped files (``file``): the
    page cache of a memory-mapped index is shared by every process that maps it."""
    status = proc_status(pid)
    return {
        "anon": round(status.get("RssAnon", 0) / 1024, 1),
        "file": round(status.get("RssFile", 0) / 1024, 1),
    }


def peak_rss_mb(pid: int | str = "self") -> float:
    return round(proc_status(pid).get("VmHWM", 0) / 1024, 1)


def descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (from /proc/*/stat parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree_memory_mb(pid: int) -> dict[str, float]:
    """RSS and summed per-process peaks (VmHWM) of a process and its descendants, in MiB."""
    rss = hwm = 0
    for p in [pid, *descendants(pid)]:
        status = proc_status(p)
        rss += status.get("VmRSS", 0)
        hwm += status.get("VmHWM", 0)
    return {"rss_mb": round(rss / 1024, 1), "hwm_mb": round(hwm / 1024, 1)}


def dir_size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(total / 1024 / 1024, 2)


# ---------------------------------------------------------------------------------------------
# Evaluation questions and relevance


def load_questions(path: Path = QA_FILE) -> list[dict[str, Any]]:
    """The evaluation items (question, kind, reference_evidence, ...)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """Text as compared for relevance: endnote markers, Markdown emphasis, link targets and
    escapes removed, quotes folded, whitespace collapsed, lower-cased. Applied to both
    pipelines' passages and to the reference quotes alike."""
    text = _SUP.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = text.replace("*", "").replace("\\", "").translate(_QUOTES)
    return " ".join(text.split()).lower()


def recall_at_k(passages: Sequence[str], quotes: Sequence[str]) -> float:
    """Share of ``quotes`` contained (normalized) in at least one of ``passages``."""
    if not quotes:
        return float("nan")
    texts = [normalize(p) for p in passages]
    found = sum(any(normalize(q) in t for t in texts) for q in quotes)
    return found / len(quotes)


# ---------------------------------------------------------------------------------------------
# Subprocesses


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: offline, no telemetry, default settings (no
    ``BRIEFING_BOT_*`` overrides but the cache folder), onnx embeddings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BRIEFING_BOT_") or k == "BRIEFING_BOT_CACHE_DIR"
    }
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        TOKENIZERS_PARALLELISM="false",
        BRIEFING_BOT_EMBEDDING_BACKEND="onnx",
    )
    env.update(extra)
    return env


def cli_command() -> list[str]:
    """How to run ``briefing-bot``: the venv's console script, else ``python -m``."""
    script = Path(sys.executable).with_name("briefing-bot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefing_bot"]


def run_timed(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 300
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``cmd`` to completion; wall seconds from spawn to exit. Raises on failure.

    The result also carries the child's own peak RSS (``peak_rss_mb``) and CPU time
    (``cpu_s``, user + system: on a shared machine, steadier than wall time), from ``wait4``."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=env, stdout=out, stderr=err, text=True)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(list(cmd), proc.returncode, out.read(), err.read())
    done.peak_rss_mb = round(usage.ru_maxrss / 1024, 1)  # type: ignore[attr-defined]
    done.cpu_s = round(usage.ru_utime + usage.ru_stime, 2)  # type: ignore[attr-defined]
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])}… exited {done.returncode}: {done.stderr.strip()[-800:]}"
        )
    return seconds, done


def machine_info() -> dict[str, Any]:
    """nproc, CPU model, memory and load when the run started."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "mem_gb": mem_gb,
        "loadavg_at_start": load,
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }


def package_versions(names: Sequence[str]) -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
