"""Load: 8 chat sessions × 25 questions at once through POST /api/ask on loopback.

Each session has its own topic and sends its own history, and half its questions are
follow-ups ("And why does it matter?") answered from that history — so a session that saw
another's history would get another answer. Every answer must equal the one computed
sequentially for the same question and history. Latency percentiles are printed, not asserted.
"""

from __future__ import annotations

import shutil
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.app import create_app
from tests import fakes
from tests.conftest import PAPER
from tests.servers import uvicorn_thread

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

SESSIONS = 8
TURNS = 25

TOPICS = [
    ["What is the Minerals Security Partnership?", "Which minerals matter for supply chains?"],
    ["What does the paper say about semiconductors?", "How do chips figure in the alliance?"],
    ["What does the paper say about biotechnology?", "Is biotech cooperation growing?"],
    ["What does the paper say about space cooperation?", "Who cooperates on space exploration?"],
    ["How large is Korean investment in the United States?", "Where does the investment go?"],
    ["What does the paper say about export controls?", "Which export controls affect Korea?"],
    ["What does the paper say about quantum technology?", "Who funds quantum research?"],
    ["What does the paper say about nuclear energy?", "Is civil nuclear cooperation planned?"],
]
FOLLOW_UPS = [
    "And why does it matter?",
    "Tell me more about that.",
    "Who is involved in it?",
    "What are the challenges for it?",
    "How does that affect the alliance?",
]


def _questions(session: int) -> list[str]:
    topic = TOPICS[session]
    out = []
    for turn in range(TURNS):
        if turn % 2 == 0:
            out.append(topic[(turn // 2) % len(topic)])
        else:
            out.append(FOLLOW_UPS[(session + turn) % len(FOLLOW_UPS)])
    return out


def _turn(history: list[dict[str, str]], question: str, answer: str) -> None:
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "content": answer})


@pytest.fixture(scope="module")
def load_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("load")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=fakes.FAKE)


def _sequential(bot: Assistant) -> list[list[dict[str, Any]]]:
    """Every session's answers, asked one after another with its own growing history."""
    results = []
    for session in range(SESSIONS):
        history: list[dict[str, str]] = []
        answers = []
        for question in _questions(session):
            data = bot.ask(question, list(history)).to_dict()
            answers.append(data)
            _turn(history, question, data["answer"])
        results.append(answers)
    return results


def test_concurrent_sessions_get_their_own_sequential_answers(
    load_bot: Assistant, tmp_path: Path
) -> None:
    expected = _sequential(load_bot)
    # the design can catch a mix-up: the same follow-up gets different answers in different
    # sessions, because their histories differ
    by_text: dict[str, set[str]] = {}
    for session in range(SESSIONS):
        for turn, question in enumerate(_questions(session)):
            if question in FOLLOW_UPS:
                by_text.setdefault(question, set()).add(expected[session][turn]["answer"])
    assert all(len(answers) >= 3 for answers in by_text.values()), by_text

    results: list[list[tuple[int, dict[str, Any] | str, float]]] = [[] for _ in range(SESSIONS)]
    start = threading.Barrier(SESSIONS)

    def run(session: int, url: str) -> None:
        history: list[dict[str, str]] = []
        with httpx.Client(base_url=url, timeout=60) as client:
            start.wait(30)
            for question in _questions(session):
                began = time.perf_counter()
                try:
                    r = client.post("/api/ask", json={"question": question, "history": history})
                except httpx.HTTPError as exc:
                    results[session].append((0, repr(exc), time.perf_counter() - began))
                    return
                seconds = time.perf_counter() - began
                data = r.json() if r.status_code == 200 else r.text
                results[session].append((r.status_code, data, seconds))
                if r.status_code != 200:
                    return
                _turn(history, question, r.json()["answer"])

    with uvicorn_thread(create_app(assistant=load_bot)) as url:
        threads = [
            threading.Thread(target=run, args=(s, url), name=f"session-{s}")
            for s in range(SESSIONS)
        ]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(240)
        wall = time.perf_counter() - began
        assert not any(t.is_alive() for t in threads), "a session did not finish in time"

    latencies = sorted(seconds for session in results for _, _, seconds in session)
    for session in range(SESSIONS):
        got = results[session]
        assert [status for status, _, _ in got] == [200] * TURNS, got[-1]
        for turn, (_, data, _) in enumerate(got):
            assert data == expected[session][turn], (
                f"session {session}, turn {turn} ({_questions(session)[turn]!r}) differs "
                "from the sequential answer"
            )
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"\n{SESSIONS} sessions × {TURNS} questions: {len(latencies)} requests in {wall:.1f} s "
        f"({len(latencies) / wall:.1f}/s); latency p50 {p50 * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
