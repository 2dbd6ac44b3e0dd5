"""The evaluation: metric functions, scoring of hand-made answers and briefings, suites, the
gate and its allow-list, the report, the CLI, and (slow) the gate itself on fresh indexes of the
paper and of the second document."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from briefing_bot import Settings
from briefing_bot.answering.types import Answer, Citation
from briefing_bot.cli import main
from briefing_bot.config import PROJECT_ROOT
from briefing_bot.evaluation import (
    SUITES,
    AllowList,
    BriefItem,
    DocumentBots,
    EvaluationError,
    QAItem,
    RunReport,
    SuiteResult,
    citation_precision,
    citation_recall,
    contains_quote,
    evaluate_briefs,
    evaluate_qa,
    facts_found,
    facts_recall,
    gate,
    load_allow_list,
    load_baseline,
    load_qa,
    make_baseline,
    normalize_answer,
    redundancy,
    render_markdown,
    repeats,
    retrieval_scores,
    run_suites,
    select_suites,
    strip_markers,
    token_f1,
    write_report,
)
from briefing_bot.evaluation.gate import Allowed

# ---------------------------------------------------------------------------------------------
# Metric functions


def test_normalize_answer_squad_style() -> None:
    assert normalize_answer("The  IRA, “mainly”; an Act!") == "ira mainly act"


def test_token_f1() -> None:
    assert token_f1("The Inflation Reduction Act.", "inflation reduction act") == 1.0
    assert token_f1("nothing alike", "Inflation Reduction Act") == 0.0
    # 5 shared of 5 predicted and 6 reference tokens: P=1, R=5/6
    f1 = token_f1(
        "chips batteries and clean technology", "Mainly chips, batteries, and clean technology."
    )
    assert f1 == pytest.approx(10 / 11)
    assert token_f1("", "") == 1.0 and token_f1("", "an answer") == 0.0
    # repeated words count only as often as the reference has them
    assert token_f1("chips chips", "chips") == pytest.approx(2 / 3)


def test_facts_found_and_recall() -> None:
    facts = [["Inflation Reduction Act", "IRA"], ["batteries"], ["Korea’s"]]
    found, missing = facts_found("Under the ira, korea's batteries…", facts)
    assert found == ["Inflation Reduction Act", "batteries", "Korea’s"] and missing == []
    assert facts_recall("Batteries only", facts) == pytest.approx(1 / 3)
    assert facts_found("nothing", facts)[1] == ["Inflation Reduction Act", "batteries", "Korea’s"]
    assert facts_recall("anything", []) is None


def test_citation_precision_and_recall() -> None:
    quotes = ["chips, batteries, and clean technology", "global pivotal state"]
    passages = [
        "Investment went mainly into chips, batteries,\n and clean technology.",  # quote 1
        "Nothing relevant here.",
        "It hopes to become a global pivotal state and more.",  # quote 2
    ]
    assert contains_quote(passages[0], quotes[0])
    assert citation_precision(passages, quotes) == pytest.approx(2 / 3)
    assert citation_recall(passages, quotes) == 1.0
    assert citation_recall(passages[:2], quotes) == 0.5
    assert citation_precision([], quotes) is None and citation_recall([], quotes) == 0.0
    assert citation_recall(passages, []) is None


def test_strip_markers() -> None:
    assert strip_markers("It is the IRA [1]. And chips [2] [3].") == "It is the IRA. And chips."
    assert strip_markers("Both [1, 2] and a range [3–5].") == "Both and a range."


def test_retrieval_scores_with_ranx() -> None:
    relevant = {"a": {"x", "y"}, "b": {"z"}, "c": set(), "d": {"w"}}
    rankings = {"a": ["y", "q", "x"], "b": ["q", "r", "s", "z"], "c": ["x"]}
    scores = retrieval_scores(relevant, rankings)
    assert set(scores) == {"a", "b", "d"}  # nothing relevant to "c": not a retrieval question
    assert scores["a"] == {"recall@1": 0.5, "recall@3": 1.0, "recall@5": 1.0, "mrr": 1.0}
    assert scores["b"] == {"recall@1": 0.0, "recall@3": 0.0, "recall@5": 1.0, "mrr": 0.25}
    assert scores["d"] == {"recall@1": 0.0, "recall@3": 0.0, "recall@5": 0.0, "mrr": 0.0}


def test_redundancy_of_briefing_points() -> None:
    a = "Korean firms invested USD 140 billion in chips and batteries [1]."
    same_words = "In chips and batteries, Korean firms invested USD 140 billion [2]."
    contained = "Korean firms invested USD 140 billion"
    other = "The alliance institutionalised a dialogue on export controls [3]."
    assert repeats(a, same_words) and repeats(a, contained)
    assert not repeats(a, other)
    # function words alone never make two points the same
    assert not repeats("The rise of the state and the market.", "The fall of the law and the sea.")
    assert redundancy([a, same_words, other]) == pytest.approx(1 / 3)
    assert redundancy([a]) is None


# ---------------------------------------------------------------------------------------------
# Scoring answers (a fake assistant: no index, no model)

PASSAGES = {
    "p1": "Korean firms invested mainly in chips, batteries, and clean technology.",
    "p2": "South Korea aspires to become a global pivotal state.",
    "p3": "The weather section of a different paper.",
}


def _citation(number: int, chunk_id: str, text: str | None = None) -> Citation:
    return Citation(
        number=number,
        text=text or PASSAGES[chunk_id],
        source="Paper",
        locator=f"Section; ¶ {number}",
        chunk_id=chunk_id,
    )


@dataclass
class FakePoint:
    text: str
    citations: list[int]


@dataclass
class FakeBriefing:
    text: str
    points: list[FakePoint]
    citations: list[Citation]
    abstained: bool = False


class FakeBot:
    """Answers each question as scripted (by question, or by question and history); retrieves
    in a fixed order; briefs as scripted by topic."""

    def __init__(
        self,
        answers: dict[Any, Answer],
        order: list[str],
        briefings: dict[str | None, FakeBriefing] | None = None,
    ) -> None:
        self.answers = answers
        self.order = order
        self.briefings = briefings or {}
        self.settings = Settings()
        self.index = SimpleNamespace(manifest={"fingerprint": "idx1", "config_fingerprint": "c1"})
        self.answerer = SimpleNamespace(calibration_fingerprint="cal1")
        self.asked: list[tuple[str, list[dict[str, str]] | None]] = []
        self.queries: list[str] = []

    def chunks(self) -> list[Any]:
        return [SimpleNamespace(id=cid, text=text) for cid, text in PASSAGES.items()]

    def retrieve(self, query: str, k: int = 5) -> list[Any]:
        self.queries.append(query)
        return [SimpleNamespace(chunk=SimpleNamespace(id=cid)) for cid in self.order[:k]]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        self.asked.append((question, history))
        turns = tuple(t["content"] for t in history or [])
        scripted = self.answers.get((question, turns)) or self.answers.get(question)
        return scripted or Answer(question, "Not covered.", [], abstained=True)

    def brief(self, topic: str | None = None, *, points: int | None = None) -> FakeBriefing:
        return self.briefings.get(topic) or FakeBriefing("No briefing.", [], [], abstained=True)


ITEMS = [
    QAItem(
        id="a1",
        question="Where did Korean firms invest?",
        kind="list",
        split="test",
        tags=["synonym"],
        reference_answer="Chips, batteries, and clean technology.",
        reference_evidence=["chips, batteries, and clean technology"],
        required_facts=[["chips"], ["batteries"], ["clean technology"]],
    ),
    QAItem(
        id="a2",
        question="What does it aspire to?",
        kind="followup",
        reference_answer="To become a global pivotal state.",
        reference_evidence=["global pivotal state"],
        required_facts=[["global pivotal state"]],
        history=[
            {"role": "user", "content": "Tell me about South Korea."},
            {"role": "assistant", "content": "It is an ally."},
        ],
    ),
    QAItem(
        id="u1",
        question="What is the weather in Seoul?",
        kind="unanswerable",
        tags=["offtopic"],
        reference_answer="The paper does not say.",
    ),
]


def _scripted(a1_text: str = "Mainly chips and batteries [1].") -> FakeBot:
    answers: dict[Any, Answer] = {
        # a1: one fact missing, evidence cited, plus an irrelevant citation
        ITEMS[0].question: Answer(
            ITEMS[0].question, a1_text, [_citation(1, "p1"), _citation(2, "p3")], abstained=False
        ),
        # a2: a false abstention, quoting the nearest passage (which holds the fact)
        ITEMS[1].question: Answer(
            ITEMS[1].question,
            "Not covered; nearest: a global pivotal state [1].",
            [_citation(1, "p2")],
            abstained=True,
        ),
        # u1: answered although it should abstain
        ITEMS[2].question: Answer(
            ITEMS[2].question, "It is sunny [1].", [_citation(1, "p3")], abstained=False
        ),
    }
    return FakeBot(answers, order=["p3", "p1", "p2"])


def _result(bot: FakeBot | None = None, name: str = "paper-test") -> SuiteResult:
    return evaluate_qa(bot or _scripted(), ITEMS, name=name, fingerprint={"index": "idx1"})


def test_evaluate_scores_hand_made_answers() -> None:
    bot = _scripted()
    result = _result(bot)
    m = result.metrics
    # a refusal earns no facts, even when the passage it quotes holds them
    assert m["facts_recall"] == pytest.approx((2 / 3 + 0) / 2, abs=1e-4)
    assert m["facts_complete"] == 0.0
    assert m["citation_precision"] == pytest.approx((0.5 + 1.0) / 2)
    assert m["citation_recall"] == 1.0
    assert m["citation_verbatim"] == 1.0
    assert m["abstention_accuracy"] == 0.0 and m["false_abstention_rate"] == 0.5
    assert m["pass_rate"] == 0.0
    assert m["standalone_invariance"] is None  # no standalone item
    # retrieval: p1 at rank 2 for a1, p2 at rank 3 for a2
    assert m["recall@1"] == 0.0 and m["recall@3"] == 1.0
    assert m["mrr"] == pytest.approx((1 / 2 + 1 / 3) / 2, abs=1e-4)
    assert result.counts["facts_recall"] == 2 and result.counts["pass_rate"] == 3
    by_id = {q["id"]: q for q in result.items}
    assert by_id["a1"]["facts_missing"] == ["clean technology"]
    assert by_id["a1"]["split"] == "test" and by_id["a1"]["tags"] == ["synonym"]
    assert [c["evidence"] for c in by_id["a1"]["citations"]] == [True, False]
    assert any("abstained" in r for r in by_id["a2"]["reasons"])
    assert by_id["u1"]["reasons"] == ["answered a question the corpus does not answer"]
    # a follow-up is retrieved with the last user turn, and asked with its history
    assert "What does it aspire to? Tell me about South Korea." in bot.queries
    assert (ITEMS[1].question, ITEMS[1].history_dicts) in bot.asked


def test_a_complete_cited_answer_passes() -> None:
    result = _result(_scripted("Chips, batteries, and clean technology [1]."))
    assert result.passes["a1"] and not result.passes["a2"]
    assert result.metrics["facts_complete"] == 0.5


def test_a_citation_not_in_the_corpus_is_counted() -> None:
    bot = _scripted()
    forged = _citation(1, "p1", "Korean firms invested in chips, batteries, and clean technology.")
    bot.answers[ITEMS[0].question] = Answer(ITEMS[0].question, "Chips [1].", [forged], False)
    result = _result(bot)
    assert result.items[0]["citations"][0]["verbatim"] is False
    assert result.metrics["citation_verbatim"] == pytest.approx(2 / 3, abs=1e-4)


STANDALONE = QAItem(
    id="s1",
    question="Where did Korean firms invest?",
    kind="list",
    split="test",
    tags=["standalone"],
    reference_answer="Chips, batteries, and clean technology.",
    reference_evidence=["chips, batteries, and clean technology"],
    required_facts=[["chips"]],
    history=[
        {"role": "user", "content": "What is the weather like?"},
        {"role": "assistant", "content": "Not covered."},
    ],
)


def test_standalone_invariance() -> None:
    q = STANDALONE.question
    fresh = Answer(q, "Chips [1].", [_citation(1, "p1")], abstained=False)
    leaky = Answer(q, "Chips [1] [2].", [_citation(1, "p1"), _citation(2, "p3")], False)
    turns = tuple(t.content for t in STANDALONE.history)

    same = evaluate_qa(FakeBot({q: fresh}, ["p1"]), [STANDALONE])
    assert same.items[0]["standalone_invariant"] is True and same.passes["s1"]
    assert same.metrics["standalone_invariance"] == 1.0
    # standalone questions are retrieved as asked: they must not need their history
    assert same.items[0]["retrieval"]["query"] == q

    changed = evaluate_qa(FakeBot({q: fresh, (q, turns): leaky}, ["p1"]), [STANDALONE])
    record = changed.items[0]
    assert record["standalone_invariant"] is False and not record["pass"]
    assert record["fresh_citations"] == ["p1"]
    assert "changed the answer's citations" in record["reasons"][0]
    assert changed.metrics["standalone_invariance"] == 0.0
    assert changed.counts["standalone_invariance"] == 1


# ---------------------------------------------------------------------------------------------
# Scoring briefings

BRIEF = BriefItem(
    id="b1",
    split="test",
    request="Brief me on Korean investment",
    topic="Korean investment",
    answerable=True,
    fact_groups=[["chips"], ["batteries"], ["global pivotal state"], ["dialogue"]],
)
UNCOVERED = BriefItem(id="b2", request="Brief me on the weather", topic="weather", answerable=False)


def _briefing(points: list[str], cite: bool = True, verbatim: bool = True) -> FakeBriefing:
    cites = [_citation(1, "p1"), _citation(2, "p2")]
    if not verbatim:
        cites[1] = _citation(2, "p2", "A passage nobody wrote.")
    pts = [FakePoint(p, [1] if cite or i else []) for i, p in enumerate(points)]
    text = "# Briefing\n\nBottom line.\n\n" + "\n".join(f"- {p} [1]" for p in points)
    return FakeBriefing(text, pts, cites)


GOOD_POINTS = [
    "Korean firms invested in chips and batteries.",
    "South Korea aspires to be a global pivotal state.",
    "A new dialogue covers export controls.",
]


def test_a_good_briefing_passes() -> None:
    bot = FakeBot({}, ["p1"], {"Korean investment": _briefing(GOOD_POINTS)})
    result = evaluate_briefs(bot, [BRIEF, UNCOVERED], name="paper-briefs-test")
    good, refused = result.items
    assert good["pass"], good["reasons"]
    assert good["fact_coverage"] == 1.0 and good["redundancy"] == 0.0
    assert refused["pass"] and refused["abstained"]
    m = result.metrics
    assert m["fact_coverage"] == 1.0 and m["abstention_accuracy"] == 1.0
    assert m["points_ok"] == 1.0 and m["points_cited"] == 1.0 and m["citations_verbatim"] == 1.0
    assert m["ask_routed"] == 0.0  # the fake's ask() never answers with a briefing


def test_a_bad_briefing_fails_for_each_reason() -> None:
    repeated = [*GOOD_POINTS[:2], "Korean firms invested in chips and batteries, too."]
    cases = {
        "points repeat each other: 1~3": _briefing(repeated),
        "2 points (wanted 3-7)": _briefing(GOOD_POINTS[:2]),
        "a point without a citation": _briefing(GOOD_POINTS, cite=False),
        "a citation is not verbatim in the corpus": _briefing(GOOD_POINTS, verbatim=False),
        "words (limit 250)": _briefing([*GOOD_POINTS[:2], "word " * 260]),
        "fact coverage 0.50": _briefing(["Chips and batteries.", "Nothing.", "Else."]),
    }
    for reason, briefing in cases.items():
        bot = FakeBot({}, ["p1"], {"Korean investment": briefing})
        record = evaluate_briefs(bot, [BRIEF], check_routing=False).items[0]
        assert not record["pass"] and any(reason in r for r in record["reasons"]), (reason, record)
    # asked for 2 points, 2 points are right
    two = BRIEF.model_copy(update={"points": 2, "fact_groups": [["chips"]]})
    bot = FakeBot({}, ["p1"], {"Korean investment": _briefing(GOOD_POINTS[:2])})
    assert evaluate_briefs(bot, [two], check_routing=False).items[0]["pass"]
    # briefing a topic the corpus does not cover fails; refusing a covered one earns 0
    bot = FakeBot({}, ["p1"], {"weather": _briefing(GOOD_POINTS)})
    result = evaluate_briefs(bot, [BRIEF, UNCOVERED], check_routing=False)
    assert [q["pass"] for q in result.items] == [False, False]
    assert result.items[0]["fact_coverage"] == 0.0
    assert result.metrics["false_abstention_rate"] == 1.0


# ---------------------------------------------------------------------------------------------
# Items and suites


def test_load_qa_rejects_malformed_sets(tmp_path: Path) -> None:
    line = json.dumps({"id": "x", "question": "Q?", "kind": "factual", "reference_evidence": ["e"]})
    path = tmp_path / "qa.jsonl"
    path.write_text(f"{line}\n\n")
    assert [i.id for i in load_qa(path)] == ["x"]
    path.write_text(f"{line}\n{line}\n")
    with pytest.raises(EvaluationError, match="duplicate id"):
        load_qa(path)
    path.write_text('{"id": "y"\n')
    with pytest.raises(EvaluationError, match=r"qa.jsonl:1"):
        load_qa(path)
    path.write_text(json.dumps({"id": "z", "question": "Q?", "kind": "factual"}))
    with pytest.raises(EvaluationError, match="without reference_evidence"):
        load_qa(path)
    path.write_text(json.dumps({"id": "z", "question": "Q?", "kind": "x", "split": "train"}))
    with pytest.raises(EvaluationError, match="split"):
        load_qa(path)
    path.write_text(json.dumps({"id": "z", "question": "Q?", "kind": "x", "colour": "red"}))
    with pytest.raises(EvaluationError, match="colour"):
        load_qa(path)


def _eval_dir(tmp_path: Path) -> Path:
    root = tmp_path / "eval"
    (root / "paper").mkdir(parents=True)
    (root / "memo" / "corpus").mkdir(parents=True)
    for folder, name, items in (
        ("paper", "dev.jsonl", [ITEMS[1], ITEMS[2]]),
        ("paper", "test.jsonl", [ITEMS[0]]),
        ("memo", "test.jsonl", [ITEMS[0]]),
    ):
        (root / folder / name).write_text(
            "\n".join(i.model_dump_json() for i in items), encoding="utf-8"
        )
    (root / "paper" / "briefs-test.jsonl").write_text(BRIEF.model_dump_json())
    return root


def test_select_suites(tmp_path: Path) -> None:
    root = _eval_dir(tmp_path)
    chosen, notes = select_suites([], briefs=False, eval_dir=root)
    assert [s.name for s in chosen] == ["paper-dev", "paper-test", "memo-test"]
    assert any("paper-briefs-test not run" in n and "brief()" in n for n in notes)
    chosen, notes = select_suites([], briefs=True, eval_dir=root)
    assert "paper-briefs-test" in [s.name for s in chosen]
    assert any("paper-briefs-dev not run: no item files" in n for n in notes)
    # a named suite brings its other split along: every report shows dev and test
    chosen, _ = select_suites(["paper-test"], briefs=False, eval_dir=root)
    assert [s.name for s in chosen] == ["paper-dev", "paper-test"]
    with pytest.raises(EvaluationError, match="unknown suite"):
        select_suites(["nope"], briefs=False, eval_dir=root)
    with pytest.raises(EvaluationError, match="no item files"):
        select_suites(["paper-briefs-test"], briefs=True, eval_dir=root)
    # a test item in the dev file is refused
    (root / "paper" / "dev.jsonl").write_text(ITEMS[0].model_dump_json())
    paper_dev = next(s for s in SUITES if s.name == "paper-dev")
    with pytest.raises(EvaluationError, match="test split"):
        paper_dev.load(root)


def test_the_second_document_gets_its_own_index(tmp_path: Path) -> None:
    root = _eval_dir(tmp_path)
    loads: list[dict[str, Any]] = []
    paper = _scripted()
    paper.embeddings = "the loaded model"  # type: ignore[attr-defined]

    def load(**kwargs: Any) -> FakeBot:
        loads.append(kwargs)
        return paper if len(loads) == 1 else _scripted()

    settings = Settings(chroma_url="http://127.0.0.1:9")
    bots = DocumentBots(settings, scratch=tmp_path / "scratch", eval_dir=root, load=load)
    suites, _ = select_suites([], briefs=False, eval_dir=root)
    report = run_suites(list(reversed(suites)), bots, eval_dir=root)
    assert list(report.suites) == ["memo-test", "paper-test", "paper-dev"]  # as asked
    assert len(loads) == 2  # one assistant per document
    assert loads[0]["settings"] is settings
    memo = loads[1]["settings"]
    assert memo.corpus_dir == root / "memo" / "corpus" and memo.chroma_url is None
    assert memo.index_dir.parent == tmp_path / "scratch"
    assert memo.index_dir.name.startswith("memo-")
    assert loads[1]["embeddings"] == "the loaded model"  # the model is loaded once
    fp = report.suites["memo-test"].fingerprint
    assert fp["calibration"] == "cal1" and fp["items"] and fp["index"] == "idx1"
    assert report.meta["calibration"] == ["cal1"]


def test_closing_releases_the_scratch_indexes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each embedded store holds its files open for the life of the process: an evaluation lets
    go of the other documents' scratch indexes when it is done, never the configured index."""
    from briefing_bot.index import store

    released: list[Path] = []
    monkeypatch.setattr(store, "release_embedded_store", released.append)
    root = _eval_dir(tmp_path)
    made: list[Any] = []

    def load(**kwargs: Any) -> FakeBot:
        bot = _scripted()
        bot.settings = kwargs["settings"]  # type: ignore[attr-defined]
        made.append(bot)
        return bot

    settings = Settings(index_dir=tmp_path / "index")
    bots = DocumentBots(settings, scratch=tmp_path / "scratch", eval_dir=root, load=load)
    suites, _ = select_suites([], briefs=False, eval_dir=root)
    run_suites(suites, bots, eval_dir=root)
    bots.close()
    assert released == [made[1].settings.chroma_dir]  # the memo's, not the paper's
    assert released[0].is_relative_to(tmp_path / "scratch")
    assert bots(suites[0]) is not made[0]  # forgotten: opened again if asked


# ---------------------------------------------------------------------------------------------
# The gate


def _run(*results: SuiteResult) -> RunReport:
    return RunReport({r.name: r for r in results}, {"created": "now", "notes": []})


def _good() -> SuiteResult:
    return _result(_scripted("Chips, batteries, and clean technology [1]."))


def test_gate_passes_against_its_own_baseline() -> None:
    report = _run(_result())
    result = gate(report, make_baseline(report))
    assert result.passed and not result.flipped and not result.warnings


def test_a_test_item_that_flips_fails_the_gate_unless_allowed() -> None:
    baseline = make_baseline(_run(_good()))
    result = gate(_run(_result()), baseline)  # a1 (test split) loses a fact
    assert not result.passed and result.flipped == {"paper-test": ["a1"]}
    flip = next(f for f in result.failures if f.rule == "test-flip")
    assert flip.items == ["a1"] and "paper-test" in flip.message
    assert "required facts missing: clean technology" in flip.message
    allow = AllowList(allowed=[Allowed(suite="paper-test", id="a1", reason="accepted: see #12")])
    result = gate(_run(_result()), baseline, allow)
    assert not any(f.rule == "test-flip" for f in result.failures)
    assert result.allowed == {"paper-test": {"a1": "accepted: see #12"}}


def test_dev_items_have_a_budget_counted_in_questions() -> None:
    items = [
        QAItem(id=f"d{i}", question=f"Q{i}?", kind="factual", reference_evidence=["chips"])
        for i in range(40)
    ]
    answers = {
        i.question: Answer(i.question, "chips [1]", [_citation(1, "p1")], False) for i in items
    }

    def run(failing: int) -> RunReport:
        bot = FakeBot(dict(answers), ["p1"])
        for item in items[:failing]:
            bot.answers.pop(item.question)
        return _run(evaluate_qa(bot, items, name="paper-dev"))

    baseline = make_baseline(run(0))
    assert gate(run(2), baseline).passed  # 2 of 40: within the budget and the tolerance
    result = gate(run(3), baseline)
    rules = {f.rule for f in result.failures}
    assert rules == {"dev-flips", "metric"}
    dev = next(f for f in result.failures if f.rule == "dev-flips")
    assert dev.items == ["d0", "d1", "d2"] and "at most 2 may" in dev.message
    metric = next(f for f in result.failures if f.metric == "pass_rate")
    assert "2 of 40 items" in metric.message
    baseline["gate"]["dev_flips"] = 3
    baseline["gate"]["metric_questions"] = 3
    assert gate(run(3), baseline).passed


def test_gate_latency_and_ungated_metrics() -> None:
    report = _run(_result())
    baseline = make_baseline(report)
    suite = report.suites["paper-test"]
    slow = suite.metrics["latency_p95_ms"] or 0.0
    suite.metrics.update(latency_p95_ms=slow + 500, token_f1=0.0, answer_words_mean=999.0)
    assert gate(report, baseline).passed
    suite.metrics["latency_p95_ms"] = slow + 5000
    assert [f.metric for f in gate(report, baseline).failures] == ["latency_p95_ms"]


def test_gate_warnings_and_missing_suites() -> None:
    report = _run(_result())
    baseline = make_baseline(_run(_result(), _result(name="memo-test")))
    baseline["suites"]["paper-test"]["fingerprint"]["index"] = "other"
    result = gate(report, baseline)
    assert "paper-test: index fingerprint differs from the baseline's (other → idx1)" in "".join(
        result.warnings
    )
    baseline["suites"]["memo-test"]["fingerprint"]["index"] = "other"
    twice = gate(_run(_result(), _result(name="memo-test")), baseline)
    assert sum("fingerprint" in w for w in twice.warnings) == 1  # one line for both suites
    assert "paper-test, memo-test: index fingerprint" in twice.warnings[0]
    assert [f.rule for f in result.failures] == ["missing-suite"]
    assert result.failures[0].suite == "memo-test"
    assert gate(report, baseline, full_run=False).passed  # a --suite run checks only its own
    stale = AllowList(
        allowed=[
            Allowed(suite="paper-test", id="a1", reason="flaky on purpose"),
            Allowed(suite="paper-test", id="zz", reason="an item since removed"),
        ]
    )
    warnings = gate(_run(_good()), baseline, stale, full_run=False).warnings
    assert "allow-list: paper-test/a1 passes now; remove it from the list" in warnings
    assert "allow-list: paper-test/zz is not in this run" in warnings
    assert not gate(report, None).compared


def test_update_keeps_other_suites_and_tolerances() -> None:
    old = make_baseline(_run(_result(), _result(name="memo-test")))
    old["gate"]["dev_flips"] = 5
    new = make_baseline(_run(_good()), old)
    assert set(new["suites"]) == {"paper-test", "memo-test"} and new["gate"]["dev_flips"] == 5
    assert new["suites"]["paper-test"]["items"]["a1"] == {"pass": True, "split": "test"}


def test_allow_list_file(tmp_path: Path) -> None:
    path = tmp_path / "allow.yaml"
    assert load_allow_list(path).allowed == []
    path.write_text("allowed:\n  - {suite: paper-test, id: a1, reason: 'the item is ambiguous'}\n")
    assert load_allow_list(path).reason("paper-test", "a1") == "the item is ambiguous"
    path.write_text("allowed:\n  - {suite: paper-test, id: a1}\n")
    with pytest.raises(EvaluationError, match="reason"):
        load_allow_list(path)
    shipped = load_allow_list(PROJECT_ROOT / "eval" / "allow.yaml")
    assert all(a.suite in {s.name for s in SUITES} for a in shipped.allowed)


# ---------------------------------------------------------------------------------------------
# Report and files


def test_render_markdown() -> None:
    good = _scripted("Chips, batteries, and clean technology [1].")
    baseline = make_baseline(_run(_good(), _result(good, name="d")))
    bad = _run(_result(), _result(name="d"))
    text = render_markdown(bad, baseline, gate(bad, baseline))
    assert "**Gate: FAIL" in text
    assert "| metric | paper-test | d |" in text  # the suites side by side
    row = next(line for line in text.splitlines() if "`facts_recall`" in line)
    assert "-0.167" in row  # facts recall 1/2 → 1/3, shown per suite
    assert "| synonym | 0/1 | 0/1 |" in text  # the per-tag table across suites
    assert "### By tag in paper-test" in text  # and each suite's own
    assert "| offtopic | 1 | 0 | 0 | 1 | — |" in text  # an unanswerable item answered
    assert "| synonym | 1 | 0 | 0 | 0 | 0.667 |" in text
    assert "#### a1 (test, list) — **newly failing**" in text
    assert "Mainly chips and batteries [1]." in text  # the answer given
    assert "Section; ¶ 1 (holds evidence)" in text  # its citations
    assert "Chips, batteries, and clean technology." in text  # what was expected
    assert "required facts missing: clean technology" in text
    assert "> user: Tell me about South Korea." in text  # a follow-up shows its history
    assert "| paper-test | `idx1` |" in text  # fingerprints


def test_write_report_and_baseline_files(tmp_path: Path) -> None:
    report = _run(_result())
    baseline = make_baseline(report)
    json_path, md_path = write_report(tmp_path / "r", report, baseline, gate(report, baseline))
    data = json.loads(json_path.read_text())
    assert data["gate"]["passed"] and len(data["suites"]["paper-test"]["items"]) == 3
    assert data["suites"]["paper-test"]["by_tag"]["offtopic"]["unanswerable_answered"] == 1
    assert data["suites"]["paper-test"]["by_kind"]["followup"]["false_abstentions"] == 1
    assert md_path.read_text().startswith("# Evaluation report")
    (tmp_path / "b.json").write_text(json.dumps(baseline))
    assert load_baseline(tmp_path / "b.json") == baseline
    assert load_baseline(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(EvaluationError):
        load_baseline(tmp_path / "bad.json")
    (tmp_path / "old.json").write_text(json.dumps({"format": 1, "suites": {}}))
    with pytest.raises(EvaluationError, match="format"):
        load_baseline(tmp_path / "old.json")


# ---------------------------------------------------------------------------------------------
# The command


def _qa_file(tmp_path: Path) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(i.model_dump_json() for i in ITEMS))
    return path


def test_cli_gate_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_bot.assistant import Assistant

    bots = iter([_scripted("Chips, batteries, and clean technology [1]."), _scripted()] * 2)
    # (the first run below fails before loading a bot)
    monkeypatch.setattr(Assistant, "load", classmethod(lambda cls, **kw: next(bots)))
    qa, baseline = _qa_file(tmp_path), tmp_path / "baseline.json"
    allow = tmp_path / "allow.yaml"
    args = ["eval", "--qa", str(qa), "--baseline", str(baseline), "--allow", str(allow)]
    args += ["--report", str(tmp_path / "r")]

    baseline.write_text(json.dumps({"format": 1, "metrics": {}}))  # an old baseline
    assert main(args) == 2  # is an error for the gate, and replaced by --update-baseline:
    assert main([*args, "--update-baseline"]) == 0
    stored = json.loads(baseline.read_text())
    assert stored["suites"]["qa"]["items"]["a1"] == {"pass": True, "split": "test"}

    assert main(args) == 1  # the second bot loses a fact on a1, a test item
    out = capsys.readouterr().out
    assert "gate: FAIL" in out and "qa: test item a1 passed in the baseline" in out
    assert "newly failing in qa: a1" in out
    assert "a1 (test, list)" in (tmp_path / "r" / "report.md").read_text()

    main([*args, "--update-baseline"])
    allow.write_text("allowed:\n  - {suite: qa, id: a1, reason: 'a known trade-off, see #11'}\n")
    assert main(args) == 0
    assert "allowed to fail (qa/a1)" in (tmp_path / "r" / "report.md").read_text()


def test_cli_runs_every_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full run on the repository's item files (a fake assistant answers them): every suite,
    the briefing ones included once the assistant can brief, side by side in one report."""
    from briefing_bot.assistant import Assistant

    loaded: list[Settings] = []

    def load(cls: type, **kw: Any) -> FakeBot:
        loaded.append(kw["settings"])
        return _scripted()

    monkeypatch.setattr(Assistant, "load", classmethod(load))
    monkeypatch.setattr(Assistant, "brief", FakeBot.brief, raising=False)
    args = ["eval", "--baseline", str(tmp_path / "b.json"), "--scratch", str(tmp_path / "s")]
    rc = main([*args, "--report", str(tmp_path / "r"), "--json"])
    assert rc == 0  # no baseline: nothing to compare with
    data = json.loads(capsys.readouterr().out)
    expected = [s.name for s in SUITES if s.files()]
    assert list(data["suites"]) == expected and {"paper-dev", "paper-test", "memo-test"} <= set(
        expected
    )
    assert data["gate"]["compared"] is False
    # the configured corpus, then each eval document's own (memo, devdoc, ...), once each
    others = list(dict.fromkeys(s.document for s in SUITES if s.document != "paper"))
    assert {"memo", "devdoc"} <= set(others)
    assert [s.corpus_dir.name for s in loaded] == ["corpus"] * (1 + len(others))
    assert [s.corpus_dir.parent.name for s in loaded[1:]] == others
    text = (tmp_path / "r" / "report.md").read_text()
    # the paper first, then the held-out documents, then the dev-only ones
    header = next(line for line in text.splitlines() if line.startswith("| metric |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:]
    assert columns[:2] == ["paper-dev", "paper-test"] and "memo-test" in columns
    held_out = [c for c in columns[2:] if c.endswith("-test")]
    assert columns[2 : 2 + len(held_out)] == held_out


def test_cli_reports_a_bad_item_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "qa.jsonl"
    bad.write_text("not json\n")
    assert main(["eval", "--qa", str(bad)]) == 2
    assert "malformed item" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The gate on the real thing: CI fails when answers, briefings or retrieval regress


@pytest.mark.slow
@pytest.mark.timeout(1500)  # two fresh indexes, and ranx's one-time numba compilation
def test_eval_gate_on_a_fresh_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline_path = PROJECT_ROOT / "eval" / "baseline.json"
    baseline = json.loads(baseline_path.read_text())
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    rc = main(
        [
            "eval",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "index"),
            "--scratch",
            str(tmp_path / "scratch"),  # the second document's own fresh index
            "--answerer",
            "grounded",
            "--baseline",
            str(baseline_path),
            "--report",
            str(tmp_path / "report"),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0, (
        f"evaluation regressed against eval/baseline.json:\n{out}\n"
        "(if the change is intended, run `make eval` and `briefing-bot eval --update-baseline`)"
    )
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["gate"]["compared"]
    assert set(baseline["suites"]) <= set(report["suites"])
    assert {"paper-dev", "paper-test", "memo-test"} <= set(report["suites"])
    assert any(p.name.startswith("memo-") for p in (tmp_path / "scratch").iterdir())


def test_split_selection_keeps_one_split_and_says_what_it_left_out() -> None:
    """``--split dev`` (tuning runs) never brings a test suite along, not even as a partner."""
    from briefing_bot.evaluation.items import select_suites

    chosen, notes = select_suites([], briefs=True, split="dev")
    assert chosen and all(s.split == "dev" for s in chosen)
    assert any("paper-test" in n for n in notes)
    named, _ = select_suites(["paper-dev"], briefs=True, split="dev")
    assert [s.name for s in named] == ["paper-dev"]
    with pytest.raises(EvaluationError):
        select_suites(["memo-test"], briefs=True, split="dev")
