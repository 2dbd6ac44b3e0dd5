"""The evaluation Q&A set itself: well-formed, varied, and its evidence verbatim in the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from briefing_bot.config import PROJECT_ROOT
from briefing_bot.corpus import corpus_files, load_document
from briefing_bot.evaluation import facts_found, load_qa, normalize_space

QA = PROJECT_ROOT / "eval" / "qa.jsonl"
CORPUS = PROJECT_ROOT / "corpus"
KINDS = {
    "factual",
    "numeric",
    "who",
    "definition",
    "list",
    "synthesis",
    "endnote",
    "followup",
    "unanswerable",
}


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def corpus_text() -> str:
    """Every parsed paragraph (body and endnotes) of every corpus document, one string."""
    texts = []
    for path in corpus_files(CORPUS):
        doc = load_document(Path(path), CORPUS)
        texts.extend(p.text for p in doc.paragraphs)
    return normalize_space(" ".join(texts))


def test_size_ids_and_kinds(items: list[dict[str, Any]]) -> None:
    assert len(items) >= 80
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    questions = [normalize_space(i["question"]).lower() for i in items]
    assert len(set(questions)) == len(questions), "a question appears twice"
    kinds = Counter(i["kind"] for i in items)
    assert set(kinds) == KINDS, kinds
    assert kinds["unanswerable"] >= 15
    assert sum(1 for i in items if i["kind"] == "followup" and i.get("history")) >= 5


def test_items_are_well_formed(items: list[dict[str, Any]]) -> None:
    for item in items:
        assert item["question"].strip() and item["reference_answer"].strip(), item["id"]
        for turn in item.get("history", []):
            assert turn["role"] in ("user", "assistant") and turn["content"].strip(), item["id"]
        if item["kind"] == "unanswerable":
            assert not item["reference_evidence"] and not item["required_facts"], item["id"]
        else:
            assert item["reference_evidence"] and item["required_facts"], item["id"]
            assert all(fact and all(alt.strip() for alt in fact) for fact in item["required_facts"])
        if item["kind"] == "followup":
            assert any(t["role"] == "user" for t in item.get("history", [])), item["id"]
    assert len(load_qa(QA)) == len(items)  # the evaluator reads every item


def test_evidence_is_verbatim_in_the_corpus(items: list[dict[str, Any]], corpus_text: str) -> None:
    missing = [
        (item["id"], quote)
        for item in items
        for quote in item["reference_evidence"]
        if normalize_space(quote) not in corpus_text
    ]
    assert not missing, missing


def test_required_facts_occur_in_the_corpus(items: list[dict[str, Any]], corpus_text: str) -> None:
    """A fact the corpus never states could never be found in a grounded answer."""
    absent = [
        (item["id"], missing)
        for item in items
        if (missing := facts_found(corpus_text, item["required_facts"])[1])
    ]
    assert not absent, absent
