"""The public entry point: :class:`Assistant` opens the index and answers questions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings, get_settings
from briefing_bot.index import Index, Message, Progress, open_index
from briefing_bot.retrieval import HybridSearch, Passage

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from briefing_bot.answering.types import Answer, Answerer
    from briefing_bot.briefing.compose import BriefingComposer
    from briefing_bot.briefing.types import Briefing


class Assistant:
    """A briefing assistant over one index. Safe to share between threads.

    Example:
        >>> bot = Assistant.load()
        >>> ans = bot.ask("What does the paper say about biotechnology cooperation?")
        >>> print(ans.text); [c.locator for c in ans.citations]
    """

    def __init__(
        self, index: Index, embeddings: Embeddings, answerer: Answerer | None = None
    ) -> None:
        self.index = index
        self.settings = index.settings
        self.embeddings = embeddings
        self.retriever = HybridSearch.from_index(index, embeddings)
        self._answerer = answerer
        self._briefer: BriefingComposer | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        index_dir: str | Path | None = None,
        corpus_dir: str | Path | None = None,
        settings: Settings | None = None,
        *,
        embeddings: Embeddings | None = None,
        answerer: Answerer | None = None,
        build: bool = True,
        message: Message | None = None,
        progress: Progress | None = None,
    ) -> Assistant:
        """Open (building or updating when needed) the index and return an assistant.

        Args:
            index_dir: Index folder; default from settings (``BRIEFING_BOT_INDEX_DIR``).
            corpus_dir: Corpus folder; default from settings (``BRIEFING_BOT_CORPUS_DIR``).
            settings: A full :class:`Settings`; ``index_dir``/``corpus_dir`` override it.
            embeddings: An embedding model to use instead of the configured one (tests).
            answerer: An answerer to use instead of the configured one.
            build: Build a missing or stale index (else raise ``IndexUnavailableError``).
            message: Called with human-readable status messages (e.g. "building the index").
            progress: Called as ``(stage, done, total)`` while embedding.
        """
        settings = settings or get_settings()
        updates: dict[str, Any] = {}
        if index_dir is not None:
            updates["index_dir"] = Path(index_dir)
        if corpus_dir is not None:
            updates["corpus_dir"] = Path(corpus_dir)
        if updates:
            settings = settings.model_copy(update=updates)
        if embeddings is None:
            from briefing_bot.embeddings import get_embeddings

            embeddings = get_embeddings(settings)
        index = open_index(
            settings, build=build, message=message, embeddings=embeddings, progress=progress
        )
        return cls(index, embeddings, answerer)

    # -- corpus access

    def chunks(self) -> list[Chunk]:
        """Every chunk of the index, with its text and metadata, in document order."""
        return list(self.index.chunks)

    def documents(self) -> dict[str, Any]:
        """The document registry: title, metadata, paragraphs and endnotes of each document."""
        return self.index.documents

    # -- retrieval and answers

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        """Ranked passages for ``query`` with fused scores and chunk metadata.

        Raises ``ValueError`` when ``k`` is not a positive number.
        """
        from briefing_bot.answering.types import clean_question

        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a positive integer, not {k!r}")
        return self.retriever.search(clean_question(query, self.settings), k)

    def as_retriever(self, k: int = 5) -> Any:
        """The hybrid search as a LangChain ``BaseRetriever`` (``.invoke(query)`` → Documents)."""
        return self.retriever.as_retriever(k)

    @property
    def answerer(self) -> Answerer:
        with self._lock:
            if self._answerer is None:
                from briefing_bot.answering.answerer import make_answerer

                self._answerer = make_answerer(self)
            return self._answerer

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        """Answer ``question`` from the corpus, with inline [n] citations.

        Args:
            question: The question; surrounding whitespace is ignored, an empty one raises
                ``InvalidQuestionError`` (a ``ValueError``).
            history: The chat so far, as ``[{"role": "user"|"assistant", "content": str}]``.

        A request for a briefing or summary ("summarize…", "brief me on X", "key points",
        "what are the risks of X") is answered with :meth:`brief`, as an ``Answer``.
        """
        routed = self.briefing_answer(question, history)
        if routed is not None:
            return routed
        return self.answerer.answer(question, history or [])

    def briefing_answer(
        self, question: str, history: list[dict[str, str]] | None = None
    ) -> Answer | None:
        """The briefing ``question`` asks for, as an ``Answer`` (``mode == "briefing"``); None
        when it is a plain question. Front ends that pick their own answerer call this first.
        A topic that points back at the chat ("what are the challenges for it?") is read
        against ``history``."""
        from briefing_bot.briefing.requests import parse_request, resolve_topic

        request = parse_request(question) if isinstance(question, str) else None
        if request is None:
            return None
        topic = resolve_topic(request.topic, history)
        return self.brief(topic, points=request.points).to_answer(question.strip())

    @property
    def briefer(self) -> BriefingComposer:
        """The briefing composer, built once. It opens without per-sentence work: a document's
        sentence tables are built when a briefing first needs them (kept in a bounded cache),
        sentence vectors come from the index and word statistics from its lexicon."""
        with self._lock:
            if self._briefer is None:
                from briefing_bot.briefing.compose import BriefingComposer

                self._briefer = BriefingComposer(self)
            return self._briefer

    def brief(
        self, topic: str | None = None, *, points: int | None = None, doc_id: str | None = None
    ) -> Briefing:
        """A cited briefing on ``topic``, or on the whole corpus (or document ``doc_id``).

        Args:
            topic: What to brief on; None (or blank) briefs the whole corpus or document.
            points: Bullet points wanted (1–12); default 3–7 as the material allows.
            doc_id: Restrict the briefing to one document (``InvalidQuestionError`` if unknown).
        """
        return self.briefer.brief(topic, points=points, doc_id=doc_id)
