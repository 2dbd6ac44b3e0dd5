"""The public entry point: :class:`Assistant` opens the index and answers questions."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings, get_settings
from briefing_bot.errors import GenerationError, IndexUnavailableError
from briefing_bot.index import Index, Message, Progress, open_index
from briefing_bot.retrieval import HybridSearch, Passage

if TYPE_CHECKING:
    from types import TracebackType

    from langchain_core.embeddings import Embeddings

    from briefing_bot.answering.types import Answer, Answerer
    from briefing_bot.briefing.compose import BriefingComposer
    from briefing_bot.briefing.rephrase import Rephraser
    from briefing_bot.briefing.types import Briefing


class Assistant:
    """A briefing assistant over one index. Safe to share between threads.

    :meth:`close` (or a ``with`` block) lets go of what it holds: its Chroma client, the index
    files it keeps open, its answerer and briefing composer. The embedding model is the
    process's, shared by every assistant, and stays loaded.

    Example:
        >>> with Assistant.load() as bot:
        ...     ans = bot.ask("What does the paper say about biotechnology cooperation?")
        ...     print(ans.text); [c.locator for c in ans.citations]
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
        self._rephraser: Rephraser | None = None
        self._lock = threading.Lock()
        self._closed = False

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

    # -- lifecycle

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def close(self) -> None:
        """Let go of this assistant's index: its Chroma client (an embedded store's files are
        closed once no other open assistant of this process uses the folder, so the index
        folder can be deleted or rebuilt), the index files it keeps open, its answerer and
        briefing composer. The embedding model stays loaded for other assistants. Using the
        assistant afterwards raises :class:`~briefing_bot.errors.IndexUnavailableError`;
        closing again does nothing. Close it when no question is being answered on it."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            answerer, self._answerer = self._answerer, None
            self._briefer = self._rephraser = None
            index = self.index
            gone = _ClosedPart(self.settings)
            self.index = self.retriever = gone  # type: ignore[assignment]
        index.close()
        del answerer, index
        # The index's mapped files (each map holds a descriptor) go with the objects that map
        # them, which sit in reference cycles (bound methods of the index kept by its users):
        # collected now, not at some later collection, so a closed folder is let go.
        gc.collect()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise IndexUnavailableError(_CLOSED.format(dir=self.settings.index_dir))

    # -- corpus access

    def chunks(self) -> list[Chunk]:
        """Every chunk of the index, with its text and metadata, in document order."""
        self._check_open()
        return list(self.index.chunks)

    def documents(self) -> dict[str, Any]:
        """The document registry: title, metadata, paragraphs and endnotes of each document."""
        self._check_open()
        return self.index.documents

    # -- retrieval and answers

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        """Ranked passages for ``query`` with fused scores and chunk metadata.

        Raises ``ValueError`` when ``k`` is not a positive number.
        """
        from briefing_bot.answering.types import clean_question

        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a positive integer, not {k!r}")
        self._check_open()
        return self.retriever.search(clean_question(query, self.settings), k)

    def as_retriever(self, k: int = 5) -> Any:
        """The hybrid search as a LangChain ``BaseRetriever`` (``.invoke(query)`` → Documents)."""
        self._check_open()
        return self.retriever.as_retriever(k)

    @property
    def answerer(self) -> Answerer:
        with self._lock:
            self._check_open()
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
        self._check_open()
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
        self,
        topic: str | None = None,
        *,
        points: int | None = None,
        doc_id: str | None = None,
        rephrase: bool | None = None,
    ) -> Briefing:
        """A cited briefing on ``topic``, or on the whole corpus (or document ``doc_id``).

        Args:
            topic: What to brief on; None (or blank) briefs the whole corpus or document. A
                request in its place ("key points", "a 3-point rundown of X") is read as
                :meth:`ask` reads it.
            points: Bullet points wanted (1–12); default 3–7 as the material allows.
            doc_id: Restrict the briefing to one document (``InvalidQuestionError`` if unknown).
            rephrase: Let the chat model rewrite each point as one shorter sentence; a rewrite
                the verifier does not find in the point's cited sentences keeps the point as
                composed (:mod:`.briefing.rephrase`). None: when the generative mode is on
                (``settings.answerer == "generative"``); a front end with its own answer-mode
                switch passes it.
        """
        if topic and topic.strip():
            from briefing_bot.briefing.requests import parse_request

            # a request written where the topic goes ("key points", "summarize the paper",
            # "a 3-point rundown of X") is read as `ask` reads it, not searched as a topic
            request = parse_request(topic)
            if request is not None and (request.topic is None or request.points is not None):
                topic = request.topic
                points = points if points is not None else request.points
        briefing = self.briefer.brief(topic, points=points, doc_id=doc_id)
        if rephrase is None:
            rephrase = self.settings.answerer == "generative"
        if not rephrase or briefing.abstained:
            return briefing
        try:
            rephraser = self.rephraser
        except GenerationError as exc:  # no model to run: the briefing as composed, and why
            briefing.notice = "; ".join(
                n for n in (briefing.notice, f"points not rephrased: {exc}") if n
            )
            return briefing
        return rephraser.rephrase(briefing)

    @property
    def rephraser(self) -> Rephraser:
        """The generative mode's point rewriter, built once; it shares the generative
        answerer's chat model and verifier when that answerer is this assistant's."""
        answerer = self.answerer  # takes the lock itself
        with self._lock:
            self._check_open()
            if self._rephraser is None:
                from briefing_bot.answering.generative import GenerativeAnswerer
                from briefing_bot.briefing.rephrase import Rephraser

                if isinstance(answerer, GenerativeAnswerer):
                    self._rephraser = Rephraser(
                        self, answerer.chat_model, verifier=answerer.verifier
                    )
                else:
                    self._rephraser = Rephraser(self)
            return self._rephraser


_CLOSED = "this assistant over {dir} was closed; open another with Assistant.load()"


class _ClosedPart:
    """What a closed assistant's index and retriever become: whatever reaches for them (a
    briefing, a retriever handed out before) gets a clear error, not a half-closed store."""

    def __init__(self, settings: Settings) -> None:
        self._dir = settings.index_dir

    def __getattr__(self, name: str) -> Any:
        raise IndexUnavailableError(_CLOSED.format(dir=self._dir))
