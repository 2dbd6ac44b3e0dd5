"""The one object every front end shares: an :class:`Assistant` loaded in the background.

The HTTP routes and the web chat both hold one :class:`AssistantHolder`: they show its status
while the index loads (or builds), wait on it before answering, and ask through it. Nothing
here imports a web framework, so the JSON API starts without Gradio.

Once started, the holder follows the index: a watcher looks at the index's manifest once a
second (a ``stat``), and when another process changed it (``briefing-bot add``, ``index``,
``index --rebuild``) opens the new version in the background, on a Chroma client of its own,
and swaps it in when it is ready. Questions keep being answered by the old version until then.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from briefing_bot.config import Settings
from briefing_bot.errors import BriefingBotError, IndexUnavailableError, InvalidQuestionError

if TYPE_CHECKING:
    from briefing_bot.answering.types import Answer, Answerer
    from briefing_bot.assistant import Assistant
    from briefing_bot.chunking import Chunk

logger = logging.getLogger(__name__)

MODES = ("grounded", "generative")
LOAD_WAIT_SECONDS = 600.0  # how long a question waits for the index to load
WATCH_SECONDS = 1.0  # how often a started holder looks for a new index version
RETIRE_SECONDS = 60.0  # how long a replaced index stays open for questions still using it
ROLES = ("user", "assistant")


class AssistantHolder:
    """Loads the assistant once per process, in a background thread, and reports progress.

    Example:
        >>> holder = AssistantHolder.from_settings(get_settings())
        >>> holder.start()
        >>> holder.wait(60) and holder.ask("What is the MSP?").text
    """

    def __init__(
        self,
        load: Callable[[Callable[[str], None]], Assistant],
        settings: Settings,
        *,
        reopen: Callable[[Assistant], Assistant] | None = None,
        owns: bool = False,
    ):
        """``owns``: what ``load`` returns is the holder's to close (else its caller's); the
        versions ``reopen`` opens when the index changes always are."""
        self._load = load
        self._owns_loaded = owns
        self._reopen = reopen or reopen_assistant
        self.settings = settings
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._seen: tuple[int, int, int] | None = manifest_signature(settings)
        self._store_checked = (0.0, True, "")
        self._ready = threading.Event()
        self._start_lock = threading.Lock()
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._answerers: dict[str, Answerer] = {}
        self._chunk_map: dict[str, Chunk] | None = None
        self._registry: list[dict[str, Any]] | None = None
        self._owned: set[int] = set()  # ids of the assistants this holder opened (it closes them)
        self._retiring: dict[threading.Timer, Assistant] = {}
        self._closed = False
        self.assistant: Assistant | None = None
        self.error: str | None = None
        self.message = "Starting…"

    @classmethod
    def from_settings(cls, settings: Settings) -> AssistantHolder:
        """A holder that opens (building when needed) the index ``settings`` name."""

        def load(say: Callable[[str], None]) -> Assistant:
            from briefing_bot.assistant import Assistant

            def progress(stage: str, done: int, total: int) -> None:
                say(f"Building the index: {stage} {done}/{total} passages…")

            return Assistant.load(settings=settings, message=say, progress=progress)

        return cls(load, settings, owns=True)

    @classmethod
    def of(cls, assistant: Assistant) -> AssistantHolder:
        """A holder around an assistant that is already loaded (the caller's: :meth:`close`
        leaves it open; the versions the holder opens when the index changes are its own)."""
        holder = cls(lambda _say: assistant, assistant.settings)
        holder._finish(assistant)
        return holder

    def start(self, *, watch: bool = True) -> None:
        """Start loading in a background thread, and (``watch``) following the index; once:
        later calls do nothing."""
        with self._start_lock:
            if watch and self._watcher is None:
                self._watcher = threading.Thread(
                    target=self._watch, name="index-watcher", daemon=True
                )
                self._watcher.start()
            if self._thread is not None or self._ready.is_set():
                return
            self.message = "Opening the index…"
            self._thread = threading.Thread(target=self._run, name="assistant-loader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop following the index."""
        self._stop.set()

    def close(self) -> None:
        """Stop following the index and close the assistants this holder opened (the loaded
        one, versions it replaced); an assistant handed to :meth:`of` is left to its owner.
        The server calls this when it shuts down. Idempotent."""
        self.stop()
        with self._lock:
            if self._closed:
                return
            self._closed = True
            retiring = list(self._retiring.items())
            self._retiring.clear()
            current = self.assistant
            self._answerers.clear()
            self._chunk_map = None
            self._registry = None
        for timer, old in retiring:
            timer.cancel()
            self._close_owned(old)
        if current is not None:
            self._close_owned(current)

    def _close_owned(self, assistant: Assistant) -> None:
        if id(assistant) in self._owned:
            self._owned.discard(id(assistant))
            assistant.close()

    def _retire(self, old: Assistant) -> None:
        """Close ``old`` once the questions still running on it are done."""

        def close() -> None:
            with self._lock:
                self._retiring.pop(timer, None)
            self._close_owned(old)  # an assistant handed to `of` stays its owner's

        timer = threading.Timer(RETIRE_SECONDS, close)
        timer.daemon = True
        with self._lock:
            self._retiring[timer] = old
        timer.start()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_SECONDS):
            if not self._ready.is_set():
                continue  # the first load is still running; it reads the newest version
            seen = manifest_signature(self.settings)
            if seen == self._seen or seen is None:
                continue
            self._seen = seen
            if self._loaded_current():
                continue  # the version loaded is the one written (the first load built it)
            try:
                self._follow()
            except Exception:  # the watcher must survive anything; the old index still serves
                logger.exception("reloading the index failed")

    def _loaded_current(self) -> bool:
        """Whether the manifest on disk names the version the assistant has loaded."""
        assistant = self.assistant
        if assistant is None:
            return False
        try:
            on_disk = json.loads((self.settings.index_dir / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return False
        keys = ("fingerprint", "generation", "counts", "built_at")
        loaded = assistant.index.manifest
        return isinstance(on_disk, dict) and all(on_disk.get(k) == loaded.get(k) for k in keys)

    def _follow(self) -> None:
        """Open the index's new version and swap it in; keep the old one if that fails."""
        old = self.assistant
        if old is None:  # the first load failed: try it again on the new version
            self._ready.clear()
            self.error = None
            self._run()
            return
        new = None
        try:
            new = self._reopen(old)
            self._owned.add(id(new))
            _ = new.answerer  # built here so the first question does not pay for it
        except BriefingBotError as exc:
            logger.warning("the index changed but could not be reopened: %s", exc)
            if new is not None:
                self._close_owned(new)
            return
        with self._lock:
            if self._closed:  # closed while the new version opened
                self._close_owned(new)
                return
            self.assistant = new
            self._answerers.clear()
            self._chunk_map = None
            self._registry = None
        self._finish(new)
        logger.info("reloaded the index: %s", self.message)
        self._retire(old)  # questions already running finish on the old version

    def _run(self) -> None:
        self._seen = manifest_signature(self.settings)  # before loading: a change during it
        assistant = None
        try:
            assistant = self._load(self._say)
            if self._owns_loaded:
                self._owned.add(id(assistant))
            self._say("Preparing the answerer…")
            _ = assistant.answerer  # built here so the first question does not pay for it
        except BriefingBotError as exc:
            self._fail(str(exc))
        except Exception as exc:  # the front ends must show *something*; details go to the log
            logger.exception("loading the assistant failed")
            self._fail(f"unexpected {type(exc).__name__}; see the server log")
        else:
            if self._closed:  # the server stopped while it loaded
                self._close_owned(assistant)
                self._fail("the server was shut down")
                return
            self._finish(assistant)
            return
        if assistant is not None:
            self._close_owned(assistant)

    def _say(self, text: str) -> None:
        self.message = text

    def _fail(self, reason: str) -> None:
        self.error = reason
        self.message = f"The index could not be loaded: {reason}"
        self._ready.set()

    def _finish(self, assistant: Assistant) -> None:
        self.assistant = assistant
        chunks = len(assistant.index.chunks)
        docs = len(assistant.documents())
        self.message = f"Ready: {plural(docs, 'document')}, {plural(chunks, 'passage')} indexed."
        self._ready.set()

    @property
    def state(self) -> str:
        """``loading``, ``ready`` or ``error``."""
        if not self._ready.is_set():
            return "loading"
        return "error" if self.error else "ready"

    def wait(self, timeout: float | None = None) -> Assistant | None:
        """The assistant once loaded; None if still loading after ``timeout`` seconds.

        Raises:
            IndexUnavailableError: loading failed.
        """
        if not self._ready.wait(timeout):
            return None
        if self.assistant is None:
            raise IndexUnavailableError(self.error or "the index could not be loaded")
        return self.assistant

    def health(self) -> dict[str, Any]:
        """Status and index counts, as ``GET /api/health`` returns them. ``ready`` only while
        the store answers (a count, checked at most once a second); ``error`` with a message
        while it does not (a Chroma server gone away)."""
        assistant = self.assistant
        data: dict[str, Any] = {"status": self.state, "loaded": assistant is not None}
        if assistant is not None:
            data["documents"] = len(assistant.documents())
            data["chunks"] = len(assistant.index.chunks)
            data["generation"] = assistant.index.manifest.get("generation", "")
            data["answerer"] = assistant.settings.answerer
            ok, problem = self._store_ok(assistant)
            if not ok:
                data["status"] = "error"
                data["message"] = problem
        else:
            data["message"] = self.message
        return data

    def _store_ok(self, assistant: Assistant) -> tuple[bool, str]:
        checked, ok, problem = self._store_checked
        if time.monotonic() - checked < 1.0:
            return ok, problem
        try:
            assistant.index.store.count()
            ok, problem = True, ""
        except BriefingBotError as exc:
            ok, problem = False, str(exc)
        self._store_checked = (time.monotonic(), ok, problem)
        return ok, problem

    # -- answering

    def answerer(self, mode: str) -> Answerer:
        """The answerer for ``mode`` (``grounded`` or ``generative``), made once."""
        assistant = self.wait(0)
        if assistant is None:
            raise IndexUnavailableError("the index is still loading")
        with self._lock:
            found = self._answerers.get(mode)
            if found is not None:
                return found
            if mode == assistant.settings.answerer:
                made = assistant.answerer
            elif mode == "grounded":
                from briefing_bot.answering.answerer import GroundedAnswerer

                made = GroundedAnswerer(assistant)
            elif mode == "generative" and generative_available(assistant.settings):
                from briefing_bot.answering.generative import GenerativeAnswerer

                made = GenerativeAnswerer(assistant, self.answerer("grounded"))
            else:
                raise InvalidQuestionError(f"answer mode {mode!r} is not available")
            self._answerers[mode] = made
            return made

    def ask(
        self, question: str, history: Sequence[dict[str, str]] = (), mode: str | None = None
    ) -> Answer:
        """Answer with the answerer for ``mode`` (the configured one by default)."""
        assistant = self.wait(0)
        if assistant is None:
            raise IndexUnavailableError("the index is still loading")
        mode = mode or assistant.settings.answerer
        answer = self.answerer(mode).answer(question, list(history))
        answer.mode = mode
        return answer

    # -- the corpus, for the front ends

    def documents(self) -> dict[str, Any]:
        """The document registry (empty while loading)."""
        return self.assistant.documents() if self.assistant is not None else {}

    def chunk(self, chunk_id: str) -> Chunk | None:
        if self.assistant is None:
            return None
        with self._lock:
            if self._chunk_map is None:
                self._chunk_map = {c.id: c for c in self.assistant.chunks()}
            return self._chunk_map.get(chunk_id)

    def source_registry(self) -> list[dict[str, Any]] | None:
        """Every endnote with the works it cites and the passages citing it, built once;
        None while loading."""
        if self.assistant is None:
            return None
        with self._lock:
            if self._registry is None:
                from briefing_bot.sources import source_registry

                self._registry = source_registry(self.assistant)
            return self._registry


def manifest_signature(settings: Settings) -> tuple[int, int, int] | None:
    """What changes whenever a build writes the index's manifest (it is replaced by a
    rename): its inode, size and modification time; None while there is none."""
    try:
        st = (settings.index_dir / "manifest.json").stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def reopen_assistant(old: Assistant) -> Assistant:
    """The index's current version as a new assistant beside ``old``: the same settings and
    embedding model, a Chroma client of its own, no building (a build is the CLI's job)."""
    from briefing_bot.assistant import Assistant
    from briefing_bot.index import open_index

    index = open_index(old.settings, build=False, embeddings=old.embeddings, fresh=True)
    return Assistant(index, old.embeddings)


def generative_available(settings: Settings) -> bool:
    """Whether the generative answerer can run here: its module, and a model to run."""
    if importlib.util.find_spec("briefing_bot.answering.generative") is None:
        return False
    remote = settings.llm.startswith(("http://", "https://"))
    return remote or importlib.util.find_spec("transformers") is not None


def clean_history(value: object) -> list[dict[str, str]]:
    """A chat history from a client: ``[{"role": "user"|"assistant", "content": str}]``.

    Raises:
        ValueError: it has another shape, or a message has another role.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("history must be a list of {role, content} messages")
    history = []
    for item in value:
        if (
            not isinstance(item, dict)
            or item.get("role") not in ROLES
            or not isinstance(item.get("content"), str)
        ):
            raise ValueError(
                'each history message must be {"role": "user"|"assistant", "content": str}'
            )
        history.append({"role": str(item["role"]), "content": str(item["content"])})
    return history


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
