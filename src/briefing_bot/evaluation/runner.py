"""Running suites: open each document's own assistant, warm it, score every suite, record
what the numbers depend on (index, settings, answerer and its calibration).

The configured corpus and index serve the ``paper`` suites; any other document's suites run on
an index of ``eval/<document>/corpus`` built in a folder of its own (never mixed with the
configured index), updated incrementally like any index.

Example:
    >>> suites, _ = select_suites([], briefs=hasattr(Assistant, "brief"))
    >>> report = run_suites(suites, DocumentBots(Settings()))
    >>> report.suites["paper-test"].metrics["pass_rate"]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.evaluation.briefs import evaluate_briefs
from briefing_bot.evaluation.items import (
    EVAL_DIR,
    PRIMARY_DOCUMENT,
    BriefItem,
    QAItem,
    Suite,
    files_digest,
)
from briefing_bot.evaluation.qa import evaluate_qa
from briefing_bot.evaluation.results import RunReport, SuiteResult

if TYPE_CHECKING:
    from briefing_bot.config import Settings
    from briefing_bot.index import Message

Progress = Callable[[str, int, int], None]
WARMUP_QUESTION = "What is this document about?"  # any question will do: it only warms caches

_NOT_FINGERPRINTED_SUFFIXES = ("_dir", "_url", "_key", "batch_size", "max_file_bytes")
_NOT_FINGERPRINTED_PREFIXES = (
    "collection",
    "fetch_",
    "cache",
    "ui_",
    "wayback_",
    "archive_",
    "chroma_",
)


def settings_fingerprint(bot: Any) -> dict[str, str]:
    """What the numbers depend on besides the code: index, index settings, answer settings."""
    manifest = bot.index.manifest
    # Where things live, how sources are fetched, the chat's examples and credentials
    # don't change the numbers;
    # every other knob might (a denylist, so that a new answer setting is covered at once).
    dump = {
        key: value
        for key, value in bot.settings.model_dump(mode="json").items()
        if not key.endswith(_NOT_FINGERPRINTED_SUFFIXES)
        and not key.startswith(_NOT_FINGERPRINTED_PREFIXES)
    }
    blob = json.dumps(dump, sort_keys=True, default=str).encode()
    return {
        "index": str(manifest.get("fingerprint", "")),
        "config": str(manifest.get("config_fingerprint", "")),
        "answerer": str(bot.settings.answerer),
        "settings": hashlib.sha256(blob).hexdigest()[:16],
    }


def calibration_fingerprint(bot: Any) -> str | None:
    """The answer layer's calibration fingerprint, when its answerer exposes one."""
    answerer = getattr(bot, "answerer", None)
    value = getattr(answerer, "calibration_fingerprint", None)
    if callable(value):
        value = value()
    return None if value is None else str(value)


def scratch_dir() -> Path:
    """Default home of the indexes of the eval's own documents (a cache: safe to delete)."""
    from briefing_bot.model_files import cache_dir

    return cache_dir() / "eval-indexes"


class DocumentBots:
    """Opens, once each, the assistant of every document a suite needs.

    ``paper`` gets the configured corpus and index (``settings``); another document gets an
    embedded index of ``eval/<document>/corpus`` under ``scratch/<document>-<hash>``, with the
    same answer settings and the already loaded embedding model.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        scratch: Path | None = None,
        eval_dir: Path = EVAL_DIR,
        message: Message | None = None,
        load: Callable[..., Any] | None = None,
    ) -> None:
        self.settings = settings
        self.scratch = scratch or scratch_dir()
        self.eval_dir = eval_dir
        self.message = message
        self._load = load
        self._bots: dict[str, Any] = {}

    def _loader(self) -> Callable[..., Any]:
        if self._load is not None:
            return self._load
        from briefing_bot.assistant import Assistant

        return Assistant.load

    def __call__(self, suite: Suite) -> Any:
        if suite.document in self._bots:
            return self._bots[suite.document]
        load = self._loader()
        corpus = suite.corpus_dir(self.eval_dir)
        if corpus is None:
            bot = load(settings=self.settings, message=self.message)
        else:
            key = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:8]
            settings = self.settings.model_copy(
                update={
                    "corpus_dir": corpus,
                    "index_dir": self.scratch / f"{suite.document}-{key}",
                    "chroma_url": None,  # its own embedded store, never a shared server's
                }
            )
            primary = self._bots.get(PRIMARY_DOCUMENT)
            embeddings = getattr(primary, "embeddings", None)
            extra = {"embeddings": embeddings} if embeddings is not None else {}
            bot = load(settings=settings, message=self.message, **extra)
        self._bots[suite.document] = bot
        return bot

    def close(self) -> None:
        """Close every assistant opened here (``Assistant.close``: each embedded store holds a
        dozen files open until then) and forget them. A bot without ``close`` (a stand-in)
        has its scratch index's store released instead; the configured index's is left."""
        from briefing_bot.index.store import release_embedded_store

        for document, bot in self._bots.items():
            close = getattr(bot, "close", None)
            settings = getattr(bot, "settings", None)
            if callable(close):
                close()
            elif document != PRIMARY_DOCUMENT and settings is not None and not settings.chroma_url:
                release_embedded_store(settings.chroma_dir)
        self._bots.clear()


def run_suites(
    suites: Sequence[Suite],
    bots: Callable[[Suite], Any],
    *,
    eval_dir: Path = EVAL_DIR,
    notes: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunReport:
    """Score every suite on its document's assistant (``bots(suite)``)."""
    # The paper's bot first, so that other documents reuse its embedding model.
    ordered = sorted(suites, key=lambda s: s.document != PRIMARY_DOCUMENT)
    warmed: set[int] = set()
    results: dict[str, SuiteResult] = {}
    calibrations: dict[str, str] = {}  # suite → fingerprint
    bot_calibration: dict[int, str] = {}  # one per assistant: its answers' layer
    for suite in ordered:
        items = suite.load(eval_dir)
        bot = bots(suite)
        if id(bot) not in warmed:
            bot.ask(WARMUP_QUESTION)
            warmed.add(id(bot))
        fingerprint = {
            **settings_fingerprint(bot),
            "items": files_digest(suite.files(eval_dir)),
        }
        calibration = calibration_fingerprint(bot) or bot_calibration.get(id(bot))
        if suite.kind == "qa":
            qa_items = [i for i in items if isinstance(i, QAItem)]
            result = evaluate_qa(
                bot,
                qa_items,
                name=suite.name,
                document=suite.document,
                fingerprint=fingerprint,
                progress=progress,
            )
            per_answer = {q["calibration"] for q in result.items if q.get("calibration")}
            if calibration is None and len(per_answer) == 1:
                calibration = per_answer.pop()
        else:
            brief_items = [i for i in items if isinstance(i, BriefItem)]
            result = evaluate_briefs(
                bot,
                brief_items,
                name=suite.name,
                document=suite.document,
                fingerprint=fingerprint,
                progress=progress,
            )
            points = getattr(getattr(bot, "briefer", None), "point_fingerprint", None)
            if isinstance(points, str):  # the briefing's fitted point scorer
                result.fingerprint["points"] = points
        if calibration is not None:
            result.fingerprint["calibration"] = calibration
            calibrations[suite.name] = calibration
            bot_calibration[id(bot)] = calibration
        results[suite.name] = result
    order = [s.name for s in suites]
    meta = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "suites": order,
        "notes": list(notes),
        "calibration": sorted(set(calibrations.values())),
    }
    return RunReport({name: results[name] for name in order}, meta)
