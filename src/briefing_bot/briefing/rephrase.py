"""Rephrased briefing points: with the generative mode on, a chat model may rewrite each point
as one plain, shorter sentence, and the answer layer's verifier decides whether it may.

The briefing is composed as always, from the corpus's own sentences. Then, point by point, the
chat model gets the point — made of the sentences it cites, and corpus text, so untrusted:
quoted inside tags it cannot close, with the rule that nothing inside them is an instruction —
and is asked for one shorter sentence saying the same. The rewrite replaces the point only when
it is one sentence, shorter than the point, keeps the point's meaning (its negations, modals
and hedges, its numbers in their order: :func:`~briefing_bot.answering.verify.keeps_meaning`)
and the :class:`~briefing_bot.answering.verify.Verifier` finds it supported by the sentences
the point was built from (every number, name — its first word included — and negation in
them, enough of its words, close enough in meaning). Anything else — a figure the sentences do
not give, a reversed claim, an instruction obeyed, two sentences — keeps the extractive point.
Once the model fails (an error, a timeout), it is not asked again for that briefing.

Nothing else changes: the title, the bottom line, the citations and their highlights, each
point's [n] markers and document label; a point only gets shorter, so the word limit holds.
Each point records whether it was rewritten (``BriefPoint.rephrased``).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from langchain_core.messages import BaseMessage

from briefing_bot.answering.generative import TransformersChatModel, chat_model_from_settings
from briefing_bot.answering.prompts import (
    REPHRASE_INSTRUCTIONS,
    REPHRASE_TEMPLATE,
    build_rephrase_messages,
)
from briefing_bot.answering.types import Citation
from briefing_bot.answering.verify import (
    EvidencePassage,
    Verifier,
    ensure_full_stop,
    keeps_meaning,
    parse_sentences,
)
from briefing_bot.briefing.types import Briefing, BriefPoint, split_label

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from briefing_bot.answering.backend import Backend
    from briefing_bot.chunking import Chunk

log = logging.getLogger(__name__)

__all__ = [
    "REPHRASE_INSTRUCTIONS",
    "REPHRASE_TEMPLATE",
    "Rephraser",
    "Rewrite",
    "build_rephrase_messages",
]

_WHOLE_TAG = re.compile(r"<\s*/?\s*point\b[^>]*>", re.IGNORECASE)
# "Here is a shorter version: "…"": the quoted sentence after a lead-in
_LEAD_IN = re.compile(r"^[^\"“:]{0,80}:\s*[\"“](.+)[\"”]$")


@dataclass
class Rewrite:
    """What became of one point: the model's reply and the verdict on it."""

    index: int  # the point's position in ``Briefing.points``
    original: str  # the extractive text (its document label included)
    reply: str | None = None  # what the model wrote; None when it was not asked or failed
    text: str | None = None  # the point's new text when the rewrite was accepted
    reason: str | None = None  # why the rewrite was refused
    failure: str | None = None  # the model's error, when asking it failed

    @property
    def accepted(self) -> bool:
        return self.text is not None


class Rephraser:
    """Rewrites a briefing's points with a chat model, keeping only verified rewrites.

    Example:
        >>> rephraser = Rephraser(bot, chat_model=my_chat_model)
        >>> briefing, rewrites = rephraser.rephrase_with_checks(bot.brief("export controls"))
        >>> [(r.original, r.reply, r.reason) for r in rewrites if not r.accepted]

    Args:
        assistant: The assistant whose index holds the cited chunks.
        chat_model: Any LangChain chat model; by default the one ``settings.llm`` names.
        verifier: The verifier of generated text; by default one over the index's chunks.
    """

    max_new_tokens = 80  # one sentence; a local model left to run on writes a paragraph

    def __init__(
        self,
        assistant: Backend,
        chat_model: BaseChatModel | None = None,
        *,
        verifier: Verifier | None = None,
    ) -> None:
        self.bot = assistant
        self.chat_model = (
            chat_model if chat_model is not None else chat_model_from_settings(assistant.settings)
        )
        self.verifier = verifier or Verifier(assistant.index.chunks, assistant.embeddings)

    def rephrase(self, briefing: Briefing) -> Briefing:
        """``briefing`` with its verified rewrites in place (a new object; the points it
        offered the model carry ``rephrased``). An abstention is returned as it is."""
        return self.rephrase_with_checks(briefing)[0]

    def rephrase_with_checks(self, briefing: Briefing) -> tuple[Briefing, list[Rewrite]]:
        """The rephrased briefing and, per point, what the model wrote and the verdict. The
        briefing's ``seconds`` include the rewriting."""
        if briefing.abstained or not briefing.points:
            return briefing, []
        start = time.perf_counter()
        by_number = {c.number: c for c in briefing.citations}
        points: list[BriefPoint] = []
        rewrites: list[Rewrite] = []
        failed: str | None = None
        for i, point in enumerate(briefing.points):
            if failed is not None:
                # a model that failed once (a crash, a server that hangs until the timeout)
                # would fail again: the rest of the briefing is not sent, and says why
                rewrite = Rewrite(i, point.text, reason=f"not sent: the model failed ({failed})")
            else:
                rewrite = self._rewrite(i, point, by_number)
                failed = rewrite.failure
            rewrites.append(rewrite)
            text = rewrite.text if rewrite.text is not None else point.text
            points.append(dataclasses.replace(point, text=text, rephrased=rewrite.accepted))
        notice = briefing.notice
        if failed is not None:
            note = f"the language model failed ({failed}); points kept as written"
            notice = "; ".join(n for n in (notice, note) if n)
        log.debug("rephrased %d of %d points", sum(r.accepted for r in rewrites), len(rewrites))
        seconds = briefing.seconds + time.perf_counter() - start
        return (
            dataclasses.replace(briefing, points=points, notice=notice, seconds=seconds),
            rewrites,
        )

    # -- one point

    def _rewrite(self, i: int, point: BriefPoint, by_number: dict[int, Citation]) -> Rewrite:
        rewrite = Rewrite(i, point.text)
        label, body = split_label(point.text, point.source)
        passages = self._evidence(point, by_number)
        if not passages:
            rewrite.reason = "no cited sentences to check against"
            return rewrite
        try:
            reply = self._invoke(build_rephrase_messages(body))
        except Exception as exc:  # any model or transport failure: keep the point
            log.warning("rephrasing failed: %s", exc)
            rewrite.failure = str(exc) or type(exc).__name__
            rewrite.reason = f"the language model failed ({rewrite.failure})"
            return rewrite
        rewrite.reply = reply
        text, reason = self._check(reply, body, passages)
        if text is None:
            rewrite.reason = reason
        else:
            rewrite.text = f"{label}: {text}" if label else text
        return rewrite

    def _invoke(self, messages: list[BaseMessage]) -> str:
        if isinstance(self.chat_model, TransformersChatModel):
            reply = self.chat_model.invoke(messages, max_new_tokens=self.max_new_tokens)
        else:
            reply = self.chat_model.invoke(messages)
        return reply.text

    def _check(
        self, reply: str, body: str, passages: Sequence[EvidencePassage]
    ) -> tuple[str | None, str | None]:
        """(the rewrite, None) when it may replace ``body``, else (None, why not). The cheap
        checks first; the verifier embeds the rewrite."""
        parsed = parse_sentences(_clean_reply(reply))
        if not parsed:
            return None, "the model wrote nothing"
        if len(parsed) > 1:
            return None, f"the model wrote {len(parsed)} sentences, not one"
        text = ensure_full_stop(parsed[0][0])
        if " ".join(text.split()) == " ".join(body.split()):
            return None, "the model repeated the point"
        if len(text.split()) >= len(body.split()):
            return None, "the rewrite is not shorter than the point"
        changed = keeps_meaning(body, text)
        if changed is not None:
            return None, changed
        # cited to every passage of the point: its facts may come from any of them together
        markers = "".join(f"[{p.number}]" for p in passages)
        verification = self.verifier.verify(f"{text} {markers}", passages, check_opening=True)
        check = verification.sentences[0]  # one sentence, as parsed above
        return (text, None) if check.kept else (None, check.reason)

    def _evidence(self, point: BriefPoint, by_number: dict[int, Citation]) -> list[EvidencePassage]:
        """One passage per citation of the point, showing only the sentences the point was
        built from (``BriefPoint.sentences``; a citation's highlights also hold other points'
        sentences from the same passage). A point that does not record them (one read back
        from JSON) is checked against its citations' highlighted sentences."""
        index = self.bot.index
        built: dict[str, set[int]] = {}
        for chunk_id, j in point.sentences:
            built.setdefault(chunk_id, set()).add(j)
        found: list[tuple[Chunk, tuple[int, ...]]] = []
        for number in point.citations:
            cit = by_number.get(number)
            chunk = index.chunk(cit.chunk_id) if cit is not None else None
            if cit is None or chunk is None:
                continue
            if point.sentences:
                shown = tuple(sorted(built.get(chunk.id, ())))
            else:
                spans = set(cit.highlights)
                shown = tuple(j for j, span in enumerate(chunk.sentences) if tuple(span) in spans)
            if shown:
                found.append((chunk, shown))
        vectors = index.sentence_vectors([c for c, _ in found])
        return [
            EvidencePassage(n, chunk, vectors.get(chunk.id), shown)
            for n, (chunk, shown) in enumerate(found, start=1)
        ]


def _clean_reply(reply: str) -> str:
    """The model's sentence without what wraps it: the tags of the prompt, surrounding
    quotes, a lead-in line ending in a colon."""
    text = _WHOLE_TAG.sub(" ", reply)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    while len(lines) > 1 and lines[0].endswith(":"):
        lines.pop(0)
    text = " ".join(lines).strip()
    m = _LEAD_IN.match(text)
    if m is not None:
        text = m.group(1)
    return text.strip("\"'“”‘’ ")
