"""Evaluation items and suites: the Q&A and briefing item schemas, loading, and where each
suite's files and corpus live.

A Q&A item (one JSON object per line) holds the question, its ``kind``, its ``split`` (``dev``
or ``test``), ``tags``, a ``reference_answer``, ``reference_evidence`` (quotes copied verbatim
from the corpus), ``required_facts`` (each fact a list of acceptable spellings) and, for
follow-ups and self-contained questions after an unrelated turn, the chat ``history``.
Unanswerable items (``kind: unanswerable``) have no evidence and no facts.

A briefing item holds the ``request`` as a user would type it, the ``topic`` (None: the whole
document), the ``points`` asked for (None: the composer decides), whether the corpus covers it
(``answerable``) and the ``fact_groups`` a good briefing covers (each a list of spellings).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefing_bot.config import PROJECT_ROOT
from briefing_bot.errors import BriefingBotError

EVAL_DIR = PROJECT_ROOT / "eval"
KINDS_UNANSWERABLE = frozenset({"unanswerable"})
STANDALONE_TAG = "standalone"

Split = Literal["dev", "test"]
SuiteKind = Literal["qa", "brief"]


class EvaluationError(BriefingBotError):
    """An item file, a suite, the baseline or the allow-list is missing or malformed."""


def _spellings(facts: list[list[str]]) -> list[list[str]]:
    for fact in facts:
        if not fact or not all(isinstance(s, str) and s.strip() for s in fact):
            raise ValueError("every fact needs at least one non-empty spelling")
    return facts


class Turn(BaseModel):
    """One earlier chat turn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class QAItem(BaseModel):
    """One evaluation question with what a good answer must contain."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    split: Split = "dev"  # ad-hoc files may leave it out; suite files always give it
    tags: list[str] = Field(default_factory=list)
    reference_answer: str = ""
    reference_evidence: list[str] = Field(default_factory=list)
    required_facts: list[list[str]] = Field(default_factory=list)
    history: list[Turn] = Field(default_factory=list)

    _check_facts = field_validator("required_facts")(_spellings)

    @property
    def answerable(self) -> bool:
        return self.kind not in KINDS_UNANSWERABLE

    @property
    def standalone(self) -> bool:
        """A self-contained question asked after an unrelated turn."""
        return STANDALONE_TAG in self.tags and bool(self.history)

    @property
    def history_dicts(self) -> list[dict[str, str]]:
        return [t.model_dump() for t in self.history]

    @property
    def retrieval_query(self) -> str:
        """The question; for a follow-up, followed by the last user turn it refers back to.

        A standalone question is retrieved as asked: it must not depend on its history.
        """
        if self.standalone:
            return self.question
        previous = [t.content for t in self.history if t.role == "user"]
        return f"{self.question} {previous[-1]}" if previous else self.question


class BriefItem(BaseModel):
    """One briefing request with the fact groups a good briefing covers."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    split: Split = "dev"
    request: str = Field(min_length=1)
    topic: str | None = None
    points: int | None = Field(None, ge=1, le=30)
    answerable: bool = True
    fact_groups: list[list[str]] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    _check_facts = field_validator("fact_groups")(_spellings)


Item = QAItem | BriefItem
_M = TypeVar("_M", QAItem, BriefItem)


def _load(path: Path, model: type[_M]) -> list[_M]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read the item file {path}: {exc.strerror or exc}") from exc
    items: list[_M] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = model.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{path}:{number}: malformed item (not JSON: {exc})") from exc
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors()
            )
            raise EvaluationError(f"{path}:{number}: malformed item ({problems})") from exc
        if item.id in seen:
            raise EvaluationError(f"{path}:{number}: duplicate id {item.id!r}")
        if isinstance(item, QAItem) and item.answerable and not item.reference_evidence:
            raise EvaluationError(f"{path}:{number}: answerable item without reference_evidence")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise EvaluationError(f"the item file {path} is empty")
    return items


def load_qa(path: str | Path) -> list[QAItem]:
    """Read a Q&A item file (JSON Lines); raises :class:`EvaluationError` when malformed."""
    return _load(Path(path), QAItem)


def load_briefs(path: str | Path) -> list[BriefItem]:
    """Read a briefing item file (JSON Lines); raises :class:`EvaluationError` when malformed."""
    return _load(Path(path), BriefItem)


def file_kind(path: str | Path) -> SuiteKind:
    """``brief`` when the file's first item has a ``request``, else ``qa``."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                first = json.loads(line)
            except json.JSONDecodeError:
                return "qa"  # load_qa reports the error with its line number
            return "brief" if isinstance(first, dict) and "request" in first else "qa"
    return "qa"


def files_digest(paths: Sequence[Path]) -> str:
    """A short hash of the item files' contents, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Suites


@dataclass(frozen=True)
class Suite:
    """A named set of item files scored against one document's own index.

    ``document`` is ``"paper"`` for the configured corpus and index (``--corpus``/``--index``)
    or the name of a folder under ``eval/`` whose ``corpus/`` the eval indexes on its own.
    ``patterns`` are globs under ``eval/<document>/``; ``partner`` is the other split of the
    same document, run alongside so that a report always shows both.
    """

    name: str
    document: str
    kind: SuiteKind
    split: Split | None
    patterns: tuple[str, ...]
    partner: str | None = None
    files_override: tuple[Path, ...] = ()

    def files(self, eval_dir: Path = EVAL_DIR) -> list[Path]:
        if self.files_override:
            return list(self.files_override)
        folder = eval_dir / self.document
        found: list[Path] = []
        for pattern in self.patterns:
            found.extend(sorted(p for p in folder.glob(pattern) if p not in found))
        return found

    def corpus_dir(self, eval_dir: Path = EVAL_DIR) -> Path | None:
        """The suite's own corpus, or None for the configured one."""
        return None if self.document == PRIMARY_DOCUMENT else eval_dir / self.document / "corpus"

    def load(self, eval_dir: Path = EVAL_DIR) -> list[Any]:
        """Every item of the suite's files (QAItem or BriefItem, by ``kind``)."""
        files = self.files(eval_dir)
        if not files:
            raise EvaluationError(f"suite {self.name}: no item files ({self._where(eval_dir)})")
        loader = load_qa if self.kind == "qa" else load_briefs
        items: list[Any] = []
        seen: set[str] = set()
        for path in files:
            for item in loader(path):
                if item.id in seen:
                    raise EvaluationError(f"suite {self.name}: duplicate id {item.id!r} in {path}")
                if self.split and item.split != self.split:
                    raise EvaluationError(
                        f"{path}: item {item.id!r} is in the {item.split} split, "
                        f"but suite {self.name} holds {self.split} items only"
                    )
                seen.add(item.id)
                items.append(item)
        return items

    def _where(self, eval_dir: Path) -> str:
        return ", ".join(str(eval_dir / self.document / p) for p in self.patterns)


PRIMARY_DOCUMENT = "paper"


def document_suites(document: str) -> tuple[Suite, ...]:
    """The four suites a document folder may hold: Q&A and briefings, dev and test.

    Which of them exist is decided by the item files present (``dev.jsonl``, ``test.jsonl``,
    ``briefs-dev.jsonl``, ``briefs-test.jsonl``, each optionally with ``-*`` siblings); a
    suite without files is simply not run.
    """

    def pair(kind: SuiteKind, stem: str, prefix: str) -> tuple[Suite, Suite]:
        dev, test = f"{document}-{prefix}dev", f"{document}-{prefix}test"
        return (
            Suite(dev, document, kind, "dev", (f"{stem}dev.jsonl", f"{stem}dev-*.jsonl"), test),
            Suite(test, document, kind, "test", (f"{stem}test.jsonl", f"{stem}test-*.jsonl"), dev),
        )

    return (*pair("qa", "", ""), *pair("brief", "briefs-", "briefs-"))


def discover_suites(eval_dir: Path = EVAL_DIR) -> tuple[Suite, ...]:
    """Every document's suites: the paper (the configured corpus) first, then each folder
    under ``eval/`` with a ``corpus/`` of its own (those with test items first, then by
    name). Adding a document to the evaluation is adding such a folder; nothing names one."""
    folders = [p.parent for p in eval_dir.glob("*/corpus") if p.is_dir()]
    # held-out documents before dev-only ones, so a report leads with what is measured
    folders.sort(key=lambda f: (not any(f.glob("*test*.jsonl")), f.name))
    names = [PRIMARY_DOCUMENT, *(f.name for f in folders if f.name != PRIMARY_DOCUMENT)]
    suites = [s for name in names for s in document_suites(name)]
    # a partner only when both splits have files: a test-only document runs alone
    present = {s.name for s in suites if s.files(eval_dir)}
    return tuple(
        s if s.partner in present else replace(s, partner=None) for s in suites if s.name in present
    )


SUITES: tuple[Suite, ...] = discover_suites()
SUITE_NAMES = {s.name: s for s in SUITES}


def adhoc_suite(path: str | Path) -> Suite:
    """A suite of one item file on the configured index, named after the file."""
    path = Path(path)
    return Suite(path.stem, PRIMARY_DOCUMENT, file_kind(path), None, (), None, (path,))


def select_suites(
    names: Sequence[str],
    *,
    briefs: bool,
    eval_dir: Path = EVAL_DIR,
    split: Split | None = None,
) -> tuple[list[Suite], list[str]]:
    """The suites to run and notes on those left out.

    No names: every suite whose item files exist (briefing suites only when ``briefs``).
    A named suite brings its other split along. An unknown name raises EvaluationError, as
    does a named suite without item files. ``split="dev"`` keeps the dev suites only, so that
    tuning runs never print a test result.
    """
    if split is not None:
        every, said = select_suites(names, briefs=briefs, eval_dir=eval_dir)
        kept = [s for s in every if s.split == split]
        if not kept:
            raise EvaluationError(f"no {split} suite among {', '.join(s.name for s in every)}")
        left = [s.name for s in every if s.split != split]
        return kept, [*said, *([f"not run (--split {split}): {', '.join(left)}"] if left else [])]
    notes: list[str] = []
    if names:
        unknown = [n for n in names if n not in SUITE_NAMES]
        if unknown:
            raise EvaluationError(
                f"unknown suite {', '.join(unknown)} (known: {', '.join(SUITE_NAMES)})"
            )
        wanted = set(names)
        wanted |= {p for n in names if (p := SUITE_NAMES[n].partner)}
        chosen = [s for s in SUITES if s.name in wanted]
        for suite in chosen:
            if suite.kind == "brief" and not briefs:
                raise EvaluationError(f"suite {suite.name}: the assistant has no brief()")
            if not suite.files(eval_dir):
                raise EvaluationError(
                    f"suite {suite.name}: no item files ({suite._where(eval_dir)})"
                )
        return chosen, notes
    chosen = []
    for suite in SUITES:
        if suite.kind == "brief" and not briefs:
            notes.append(f"{suite.name} not run: the assistant has no brief() yet")
        elif not suite.files(eval_dir):
            notes.append(f"{suite.name} not run: no item files ({suite._where(eval_dir)})")
        else:
            chosen.append(suite)
    return chosen, notes
