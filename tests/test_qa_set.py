"""The evaluation item files themselves: schema-valid (the evaluator's own pydantic models),
ids unique, splits and tags consistent, and every quote and fact verbatim in the corpus of the
document the item is about (paper items against corpus/, memo and devdoc items against their own
eval/<document>/corpus/)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from briefing_bot.config import PROJECT_ROOT
from briefing_bot.corpus import corpus_files, load_document
from briefing_bot.evaluation import SUITES, BriefItem, QAItem, Suite, facts_found, normalize_space

EVAL = PROJECT_ROOT / "eval"
QA_SUITES = [s for s in SUITES if s.kind == "qa"]
BRIEF_SUITES = [s for s in SUITES if s.kind == "brief" and s.files()]
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
TAGS = {
    "plain",
    "metonym",
    "abbreviation",
    "number",
    "synonym",
    "multipart",
    "ordinal_followup",
    "standalone",
    "nearmiss",
    "offtopic",
}
# the sizes the known suites were written with; a new document's suite needs 25 items
MIN_ITEMS = {"paper-dev": 80, "paper-test": 30, "memo-test": 25, "devdoc-dev": 30}
MIN_NEW_DOCUMENT = 25


@cache
def corpus_text(document: str) -> str:
    """Every parsed paragraph (body and endnotes) of every file of the document's corpus."""
    folder = PROJECT_ROOT / "corpus" if document == "paper" else EVAL / document / "corpus"
    texts = []
    for path in corpus_files(folder):
        doc = load_document(Path(path), folder)
        texts.extend(p.text for p in doc.paragraphs)
    return normalize_space(" ".join(texts))


def _raw(suite: Suite) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in suite.files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("suite", QA_SUITES, ids=lambda s: s.name)
def test_qa_suite_schema_and_size(suite: Suite) -> None:
    items = suite.load()  # pydantic: unknown fields, wrong types, bad split are errors
    raw = _raw(suite)
    assert len(items) == len(raw) >= MIN_ITEMS.get(suite.name, MIN_NEW_DOCUMENT)
    assert all("split" in r for r in raw), "suite files give every item's split"
    questions = [normalize_space(i.question).lower() for i in items]
    assert len(set(questions)) == len(questions), "a question appears twice"
    kinds = Counter(i.kind for i in items)
    assert set(kinds) <= KINDS, kinds
    assert kinds["unanswerable"] >= 5
    unknown_tags = {t for i in items for t in i.tags} - TAGS
    assert not unknown_tags, unknown_tags


@pytest.mark.parametrize("suite", QA_SUITES, ids=lambda s: s.name)
def test_qa_items_are_well_formed(suite: Suite) -> None:
    for item in suite.load():
        assert isinstance(item, QAItem)
        assert item.question.strip() and item.reference_answer.strip(), item.id
        if not item.answerable:
            assert not item.reference_evidence and not item.required_facts, item.id
        else:
            assert item.reference_evidence and item.required_facts, item.id
        if item.kind == "followup" or "ordinal_followup" in item.tags:
            assert any(t.role == "user" for t in item.history), item.id
        if "standalone" in item.tags:
            assert item.standalone and item.history, f"{item.id}: standalone needs a history"


def test_test_items_are_tagged_by_what_they_probe() -> None:
    for suite in QA_SUITES:
        if suite.split == "test":
            untagged = [i.id for i in suite.load() if not i.tags]
            assert not untagged, (suite.name, untagged)
    memo = next(s for s in QA_SUITES if s.name == "memo-test").load()
    assert {t for i in memo for t in i.tags} >= TAGS - {"plain"}, "the memo probes every kind"


def test_ids_are_unique_across_every_file() -> None:
    ids = [(s.document, r["id"]) for s in SUITES for r in _raw(s)]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]


def test_no_test_question_is_also_a_dev_question() -> None:
    dev = {
        normalize_space(i.question).lower() for s in QA_SUITES if s.split == "dev" for i in s.load()
    }
    test = {
        normalize_space(i.question).lower()
        for s in QA_SUITES
        if s.split == "test"
        for i in s.load()
    }
    assert not dev & test


@pytest.mark.parametrize("suite", QA_SUITES, ids=lambda s: s.name)
def test_evidence_is_verbatim_in_the_corpus(suite: Suite) -> None:
    text = corpus_text(suite.document)
    missing = [
        (item.id, quote)
        for item in suite.load()
        for quote in item.reference_evidence
        if normalize_space(quote) not in text
    ]
    assert not missing, missing


@pytest.mark.parametrize("suite", QA_SUITES, ids=lambda s: s.name)
def test_required_facts_occur_in_the_corpus(suite: Suite) -> None:
    """A fact the corpus never states could never be found in a grounded answer."""
    text = corpus_text(suite.document)
    absent = [
        (item.id, missing)
        for item in suite.load()
        if (missing := facts_found(text, item.required_facts)[1])
    ]
    assert not absent, absent


def test_the_memo_is_its_own_corpus() -> None:
    memo = EVAL / "memo" / "corpus"
    assert corpus_files(memo), "the second document is missing"
    assert not {p.name for p in corpus_files(memo)} & {
        p.name for p in corpus_files(PROJECT_ROOT / "corpus")
    }


@pytest.mark.parametrize("suite", BRIEF_SUITES, ids=lambda s: s.name)
def test_briefing_items(suite: Suite) -> None:
    items = suite.load()
    assert len(items) == len(_raw(suite)) >= 5
    text = corpus_text(suite.document)
    assert any(not i.answerable for i in items), "a briefing suite asks for an uncovered topic"
    for item in items:
        assert isinstance(item, BriefItem)
        if item.answerable:
            assert len(item.fact_groups) >= 2, item.id
            missing = facts_found(text, item.fact_groups)[1]
            assert not missing, (item.id, missing)
        else:
            assert not item.fact_groups and item.topic, item.id
