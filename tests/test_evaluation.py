"""The evaluation: metric functions, scoring of hand-made answers, the gate, the report, the CLI,
and (slow) the gate itself on a fresh index of the repository's corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from briefing_bot import Settings
from briefing_bot.answering.types import Answer, Citation
from briefing_bot.cli import main
from briefing_bot.config import PROJECT_ROOT
from briefing_bot.evaluation import (
    EvaluationError,
    QAItem,
    Report,
    citation_precision,
    citation_recall,
    contains_quote,
    evaluate,
    facts_found,
    facts_recall,
    gate,
    load_baseline,
    load_qa,
    make_baseline,
    normalize_answer,
    render_markdown,
    retrieval_scores,
    strip_markers,
    token_f1,
    write_report,
)

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


def test_retrieval_scores_with_ranx() -> None:
    relevant = {"a": {"x", "y"}, "b": {"z"}, "c": set(), "d": {"w"}}
    rankings = {"a": ["y", "q", "x"], "b": ["q", "r", "s", "z"], "c": ["x"]}
    scores = retrieval_scores(relevant, rankings)
    assert set(scores) == {"a", "b", "d"}  # nothing relevant to "c": not a retrieval question
    assert scores["a"] == {"recall@1": 0.5, "recall@3": 1.0, "recall@5": 1.0, "mrr": 1.0}
    assert scores["b"] == {"recall@1": 0.0, "recall@3": 0.0, "recall@5": 1.0, "mrr": 0.25}
    assert scores["d"] == {"recall@1": 0.0, "recall@3": 0.0, "recall@5": 0.0, "mrr": 0.0}


# ---------------------------------------------------------------------------------------------
# Scoring answers (a fake assistant: no index, no model)

PASSAGES = {
    "p1": "Korean firms invested mainly in chips, batteries, and clean technology.",
    "p2": "South Korea aspires to become a global pivotal state.",
    "p3": "The weather section of a different paper.",
}


def _citation(number: int, chunk_id: str) -> Citation:
    return Citation(
        number=number,
        text=PASSAGES[chunk_id],
        source="Paper",
        locator=f"Section; ¶ {number}",
        chunk_id=chunk_id,
    )


class FakeBot:
    """Answers each question as scripted; retrieves in a fixed order."""

    def __init__(self, answers: dict[str, Answer], order: list[str]) -> None:
        self.answers = answers
        self.order = order
        self.settings = Settings()
        self.index = SimpleNamespace(manifest={"fingerprint": "idx1", "config_fingerprint": "c1"})
        self.asked: list[tuple[str, list[dict[str, str]] | None]] = []
        self.queries: list[str] = []

    def chunks(self) -> list[Any]:
        return [SimpleNamespace(id=cid, text=text) for cid, text in PASSAGES.items()]

    def retrieve(self, query: str, k: int = 5) -> list[Any]:
        self.queries.append(query)
        return [SimpleNamespace(chunk=SimpleNamespace(id=cid)) for cid in self.order[:k]]

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        self.asked.append((question, history))
        return self.answers.get(question) or Answer(question, "Warm.", [], abstained=True)


ITEMS = [
    QAItem(
        id="a1",
        question="Where did Korean firms invest?",
        kind="list",
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
        reference_answer="The paper does not say.",
        reference_evidence=[],
        required_facts=[],
    ),
]


def _scripted(a1_text: str = "Mainly chips and batteries [1].") -> FakeBot:
    answers = {
        # a1: one fact missing, evidence cited, plus an irrelevant citation
        ITEMS[0].question: Answer(
            ITEMS[0].question, a1_text, [_citation(1, "p1"), _citation(2, "p3")], abstained=False
        ),
        # a2: a false abstention
        ITEMS[1].question: Answer(
            ITEMS[1].question, "The paper doesn't cover this.", [], abstained=True
        ),
        # u1: answered although it should abstain
        ITEMS[2].question: Answer(
            ITEMS[2].question, "It is sunny [1].", [_citation(1, "p3")], abstained=False
        ),
    }
    return FakeBot(answers, order=["p3", "p1", "p2"])


def _report(bot: FakeBot | None = None) -> Report:
    return evaluate(bot or _scripted(), ITEMS, qa_digest="qa1")  # type: ignore[arg-type]


def test_evaluate_scores_hand_made_answers() -> None:
    bot = _scripted()
    report = _report(bot)
    m = report.metrics
    assert m["facts_recall"] == pytest.approx((2 / 3 + 0) / 2, abs=1e-4)
    assert m["citation_precision"] == 0.5  # a2 cites nothing: no precision to average
    assert m["citation_recall"] == 0.5
    assert m["abstention_accuracy"] == 0.0 and m["false_abstention_rate"] == 0.5
    assert m["pass_rate"] == 0.0
    # retrieval: p1 at rank 2 for a1, p2 at rank 3 for a2
    assert m["recall@1"] == 0.0 and m["recall@3"] == 1.0
    assert m["mrr"] == pytest.approx((1 / 2 + 1 / 3) / 2, abs=1e-4)
    by_id = {q["id"]: q for q in report.questions}
    assert by_id["a1"]["facts_missing"] == ["clean technology"]
    assert [c["evidence"] for c in by_id["a1"]["citations"]] == [True, False]
    assert any("abstained" in r for r in by_id["a2"]["reasons"])
    assert by_id["u1"]["reasons"] == ["answered a question the paper does not answer"]
    # a follow-up is retrieved with the last user turn, and asked with its history
    assert "What does it aspire to? Tell me about South Korea." in bot.queries
    assert (ITEMS[1].question, ITEMS[1].history) in bot.asked
    assert report.fingerprint == {
        "index": "idx1",
        "config": "c1",
        "answerer": "grounded",
        "settings": report.fingerprint["settings"],
        "qa": "qa1",
    }


def test_a_complete_cited_answer_passes() -> None:
    report = _report(_scripted("Chips, batteries, and clean technology [1]."))
    assert report.passes["a1"] and not report.passes["a2"]


# ---------------------------------------------------------------------------------------------
# The gate


def _worse(report: Report, **metrics: float) -> Report:
    return Report(
        {**report.metrics, **metrics},
        report.questions,
        report.fingerprint,
        report.meta,
        report.by_kind,
    )


def test_gate_passes_against_its_own_baseline() -> None:
    report = _report()
    result = gate(report, make_baseline(report))
    assert result.passed and not result.flipped and not result.warnings


def test_gate_names_the_metric_that_regressed() -> None:
    good = _report(_scripted("Chips, batteries, and clean technology [1]."))
    baseline = make_baseline(good)
    tol = baseline["metrics"]["facts_recall"]["tolerance"]
    within = _worse(good, facts_recall=good.metrics["facts_recall"] - tol / 2)  # type: ignore[operator]
    assert gate(within, baseline).passed
    bad = _report()  # a1 loses a fact: facts recall drops, a1 flips to failing
    result = gate(bad, baseline)
    assert not result.passed
    names = [r.metric for r in result.regressions]
    assert "facts_recall" in names and "pass_rate" in names
    assert result.flipped == ["a1"]
    assert "facts_recall" in result.regressions[names.index("facts_recall")].describe()


def test_gate_lower_is_better_and_ungated_metrics() -> None:
    report = _report()
    baseline = make_baseline(report)
    result = gate(_worse(report, false_abstention_rate=0.9, answer_words_mean=999.0), baseline)
    assert [r.metric for r in result.regressions] == ["false_abstention_rate"]
    # latency is gated only against a large slowdown
    slow = report.metrics["latency_p95_ms"] or 0.0
    assert gate(_worse(report, latency_p95_ms=slow + 500), baseline).passed
    assert not gate(_worse(report, latency_p95_ms=slow + 5000), baseline).passed


def test_gate_warns_on_another_fingerprint_but_still_compares() -> None:
    report = _report()
    baseline = make_baseline(report)
    baseline["fingerprint"] = {**baseline["fingerprint"], "index": "other"}
    baseline["metrics"]["pass_rate"]["value"] = 1.0
    result = gate(report, baseline)
    assert any("index fingerprint" in w for w in result.warnings)
    assert [r.metric for r in result.regressions] == ["pass_rate"]


def test_gate_without_baseline_and_tolerances_kept() -> None:
    report = _report()
    assert gate(report, None).passed and not gate(report, None).compared
    old = make_baseline(report)
    old["metrics"]["mrr"]["tolerance"] = 0.1
    assert make_baseline(report, old)["metrics"]["mrr"]["tolerance"] == 0.1


# ---------------------------------------------------------------------------------------------
# Report and files


def test_render_markdown() -> None:
    good = _report(_scripted("Chips, batteries, and clean technology [1]."))
    bad = _report()
    baseline = make_baseline(good)
    text = render_markdown(bad, baseline, gate(bad, baseline))
    assert "| metric | baseline | current | delta | gate |" in text
    assert "FAIL: regression" in text
    row = next(line for line in text.splitlines() if "`facts_recall`" in line)
    assert row.endswith("| FAIL |") and "-0.167" in row  # facts recall 1/2 → 1/3
    assert "### a1 (list) — **newly failing**" in text
    assert "Mainly chips and batteries [1]." in text  # the answer given
    assert "Section; ¶ 1 (holds evidence)" in text  # its citations
    assert "Chips, batteries, and clean technology." in text  # what was expected
    assert "required facts missing: clean technology" in text
    assert "> user: Tell me about South Korea." in text  # a follow-up shows its history


def test_write_report_and_baseline_files(tmp_path: Path) -> None:
    report = _report()
    baseline = make_baseline(report)
    json_path, md_path = write_report(tmp_path / "r", report, baseline, gate(report, baseline))
    data = json.loads(json_path.read_text())
    assert data["gate"]["passed"] and len(data["questions"]) == 3
    assert md_path.read_text().startswith("# Evaluation report")
    (tmp_path / "b.json").write_text(json.dumps(baseline))
    assert load_baseline(tmp_path / "b.json") == baseline
    assert load_baseline(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(EvaluationError):
        load_baseline(tmp_path / "bad.json")


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


# ---------------------------------------------------------------------------------------------
# The command


def _qa_file(tmp_path: Path) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": i.id,
                    "question": i.question,
                    "kind": i.kind,
                    "reference_answer": i.reference_answer,
                    "reference_evidence": i.reference_evidence,
                    "required_facts": i.required_facts,
                    "history": i.history,
                }
            )
            for i in ITEMS
        )
    )
    return path


def test_cli_gate_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_bot.assistant import Assistant

    bots = iter([_scripted("Chips, batteries, and clean technology [1]."), _scripted()])
    monkeypatch.setattr(Assistant, "load", classmethod(lambda cls, **kw: next(bots)))
    qa, baseline = _qa_file(tmp_path), tmp_path / "baseline.json"
    args = ["eval", "--qa", str(qa), "--baseline", str(baseline), "--report", str(tmp_path / "r")]

    assert main([*args, "--update-baseline"]) == 0
    stored = json.loads(baseline.read_text())
    assert stored["questions"] == {"a1": True, "a2": False, "u1": False}

    assert main(args) == 1  # the second bot loses a fact on a1
    out = capsys.readouterr().out
    assert "gate: FAIL" in out and "regressed: facts_recall" in out
    assert "newly failing: a1" in out
    assert "a1 (list)" in (tmp_path / "r" / "report.md").read_text()


def test_cli_reports_a_bad_qa_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "qa.jsonl"
    bad.write_text("not json\n")
    assert main(["eval", "--qa", str(bad)]) == 2
    assert "malformed Q&A item" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The gate on the real thing: CI fails when answers or retrieval regress


@pytest.mark.slow
@pytest.mark.timeout(1200)  # a fresh index, and ranx's one-time numba compilation on a new venv
def test_eval_gate_on_a_fresh_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = PROJECT_ROOT / "eval" / "baseline.json"
    assert json.loads(baseline.read_text())["fingerprint"]["answerer"] == "grounded"
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    rc = main(
        [
            "eval",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "index"),
            "--answerer",
            "grounded",
            "--baseline",
            str(baseline),
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
    assert report["gate"]["compared"] and len(report["questions"]) >= 80
