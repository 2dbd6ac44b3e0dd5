"""Answers on the paper: the answerer contract, then behaviour (real model, real Chroma).

The questions here are the developers' own phrasings, written independently of eval/qa.jsonl.
"""

from __future__ import annotations

import threading

import pytest

from briefing_bot import Assistant, InvalidQuestionError
from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.types import clean_question
from tests.answer_contract import OFF_TOPIC, check_answer

pytestmark = pytest.mark.slow

ON_TOPIC = [
    "What does the paper say about biotechnology cooperation?",
    "How has South Korean investment in America changed the alliance?",
    "Which source supports the claim about new institutionalized mechanisms in 2023?",
    "What are the four types of cooperation?",
]


@pytest.mark.parametrize("question", ON_TOPIC + OFF_TOPIC)
def test_grounded_answerer_contract(paper_bot: Assistant, question: str) -> None:
    check_answer(paper_bot.ask(question), paper_bot)


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_abstains(paper_bot: Assistant, question: str) -> None:
    answer = paper_bot.ask(question)
    assert answer.abstained
    assert "doesn't cover" in answer.text


def test_figure(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("How large has Korean investment into the United States become?")
    assert not answer.abstained and "140 billion" in answer.text
    assert answer.citations[0].endnotes[0].publisher == "Congressional Research Service"


def test_acronym_found_once_in_the_paper(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("What is IPEF?")
    assert not answer.abstained and "Indo-Pacific Economic Framework" in answer.text
    hits = paper_bot.retrieve("SOSAs", k=3)
    assert "Security of Supply Arrangements" in hits[0].chunk.text


def test_whole_list_in_one_sentence(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("Which fields were chosen for the Next Generation CET Dialogue?")
    for item in ("biotechnology", "quantum", "digital connectivity", "artificial intelligence"):
        assert item in answer.text


def test_enumerated_list_across_paragraphs(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("What are the four categories of cooperation between the allies?")
    text = answer.text
    for ordinal in ("first type", "second type", "third type", "fourth type"):
        assert ordinal in text.lower()
    assert len({c.locator for c in answer.citations}) >= 4  # four paragraphs cited


def test_follow_up_uses_history(paper_bot: Assistant) -> None:
    history = [
        {"role": "user", "content": "What is the outlook for AI cooperation?"},
        {"role": "assistant", "content": "…"},
    ]
    answer = paper_bot.ask("And for quantum?", history=history)
    assert not answer.abstained and "quantum" in answer.text.lower()
    history = [
        {"role": "user", "content": "What does the volume's paper on cybersecurity argue?"},
        {"role": "assistant", "content": "…"},
    ]
    answer = paper_bot.ask("Who are its authors?", history=history)
    assert "Jenny Jun" in answer.text and "So Jeong Kim" in answer.text


def test_author_of_the_paper(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("Who wrote this paper?")
    assert "Scott Snyder" in answer.text and not answer.abstained


@pytest.mark.parametrize(
    "question",
    [
        "How much did Hyundai invest in its battery plant in Georgia?",
        pytest.param(
            "What did the US-ROK Nuclear Consultative Group decide?",
            # a known miss of calibration 037450336579 (p_answer .625 against a cut of .561;
            # the former fit refused it at .567 against .58): the corpus names the alliance
            # and nuclear matters but never this group, and a name the corpus has only in
            # part is answerable in 19 of the 26 dev questions naming one, so the fitted model
            # does not weigh it. Strict: the day a refit refuses it again, this is removed.
            marks=pytest.mark.xfail(strict=True, reason="borderline near miss, see comment"),
        ),
    ],
)
def test_near_miss_abstains_with_nearest_passage(paper_bot: Assistant, question: str) -> None:
    answer = paper_bot.ask(question)
    assert answer.abstained
    check_answer(answer, paper_bot)


def test_citation_chains_to_the_endnote(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("What backs the statement that a dozen new mechanisms were announced?")
    assert not answer.abstained
    notes = [e for c in answer.citations for e in c.endnotes]
    assert any(e.number == 4 and e.date == "April 26, 2023" for e in notes)
    assert "April 26, 2023" in answer.text


def test_definition_from_an_endnote(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("What does the author mean by integration?")
    assert "joint and combined response" in answer.text


def test_empty_question_is_a_clear_error(paper_bot: Assistant) -> None:
    with pytest.raises(InvalidQuestionError, match="empty"):
        paper_bot.ask("  \n\t ")


def test_long_question_is_truncated_with_a_notice(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("biotechnology " * 10_000)
    assert answer.notice and "truncated" in answer.notice


def test_thread_safety_gives_identical_answers(paper_bot: Assistant) -> None:
    questions = ON_TOPIC * 3
    expected = [paper_bot.ask(q).to_dict() for q in questions]
    results: dict[int, dict[str, object]] = {}

    def work(i: int) -> None:
        results[i] = paper_bot.ask(questions[i]).to_dict()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [results[i] for i in range(len(questions))] == expected


def test_cli_ask_json(paper_settings) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing_bot",
            "ask",
            "--json",
            "--corpus",
            str(paper_settings.corpus_dir),
            "--index",
            str(paper_settings.index_dir),
            "What is the Minerals Security Partnership?",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    data = json.loads(proc.stdout)
    assert set(data) >= {"answer", "abstained", "citations"} and data["citations"]


def test_question_analysis() -> None:
    assert analyse(
        "Who wrote it?", [{"role": "user", "content": "the space paper"}]
    ).query.endswith("the space paper")
    assert analyse("What are the four types?", []).count == 4
    assert analyse("Which source supports that?", []).kind == "source"
    # malformed history entries are ignored, not a KeyError
    assert analyse("And on AI?", [{"x": 1}, "junk", {"role": "user", "content": None}]).query  # type: ignore[list-item]


def test_clean_question_strips_control_characters(paper_settings) -> None:  # type: ignore[no-untyped-def]
    assert clean_question("a\x00b\x07c  d", paper_settings) == "a b c d"


def test_langchain_retriever_interface(paper_bot: Assistant) -> None:
    docs = paper_bot.as_retriever(k=3).invoke("Minerals Security Partnership")
    assert len(docs) == 3
    assert "Minerals Security Partnership" in docs[0].page_content
    assert docs[0].metadata["chunk_id"] and docs[0].metadata["locator"]
