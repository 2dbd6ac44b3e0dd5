"""The "Brief me" action and briefing bubbles of the web chat (hash embeddings, synthetic
corpus of ``test_briefing``): the briefing shows in the chat with its sources, escaped, and
downloads as Markdown with references."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.service import AssistantHolder
from briefing_bot.ui import answer_bubble, briefing_markdown, briefing_text, build_app, md_text
from briefing_bot.ui.layout import EMPTY_CONTEXT
from tests.fakes import HashEmbeddings
from tests.test_briefing import FREIGHT, WATER

SCRIPT = "<script>window.xssflag = 1</script>"
SKIP = gr.skip()  # an output that leaves its component as it is


@pytest.fixture(scope="module")
def app_fns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root: Path = tmp_path_factory.mktemp("brief-ui")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(WATER, encoding="utf-8")
    (corpus / "freight.md").write_text(FREIGHT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    bot = Assistant.load(settings=settings, embeddings=HashEmbeddings())
    demo = build_app(AssistantHolder.of(bot))
    fns = {getattr(f.fn, "__name__", ""): f for f in demo.fns.values()}
    assert fns["brief_me"].api_visibility == "private"
    return {name: f.fn for name, f in fns.items()}


def _last(gen: Any) -> tuple[Any, ...]:
    outputs = list(gen)
    assert outputs
    return tuple(outputs[-1])


def test_brief_me_shows_the_briefing_with_its_sources(app_fns: dict[str, Any]) -> None:
    runs = [tuple(out) for out in app_fns["brief_me"]("green bonds", [], 1, None)]
    assert runs[0][0] == "" and runs[0][-1] == EMPTY_CONTEXT  # the topic box cleared when sent
    box, turns, messages, sources, selected, download, context = runs[-1]
    # Gradio re-applies the last outputs when the event ends, maybe long after they were shown:
    # they leave alone what the reader may have changed since (a new question or topic being
    # typed, the card picked, the answer selected, the passage opened)
    assert box == sources == selected == context == SKIP
    assert [out[3] for out in runs].count(SKIP) == len(runs) - 1  # the sources: shown once
    sources = next(out[3] for out in runs if out[3] != SKIP)
    assert turns[-1]["question"] == "Brief me on green bonds"
    answer = turns[-1]["answer"]
    assert answer["briefing"]["points"] and not answer["abstained"]
    # every source of the briefing stays, whatever the "sources per answer" setting (here 1)
    assert len(answer["citations"]) == len(answer["briefing"]["citations"]) > 1
    bubble = messages[-1]["content"]
    assert bubble.startswith(f"**{md_text('Briefing: Green bonds')}**") and "\n- " in bubble
    assert "*Bottom line:*" in bubble and "**\\[1\\]**" in bubble
    assert 'data-cite="1"' in sources and "Brief me on green bonds" in sources
    # the download is a data: link made in memory (nothing written to disk)
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", download)
    assert data is not None
    text = base64.b64decode(data.group(1)).decode("utf-8")
    assert "## 1. Brief me on green bonds" in text and "**References**" in text


def test_brief_me_without_a_topic_briefs_everything(app_fns: dict[str, Any]) -> None:
    _, turns, messages, *_ = _last(app_fns["brief_me"]("  ", [], 5, None))
    assert turns[-1]["question"] == "Brief me"
    assert messages[-1]["content"].startswith(f"**{md_text('Briefing: 2 documents')}**")


def test_a_summary_request_typed_in_the_chat_gets_a_briefing(app_fns: dict[str, Any]) -> None:
    _, turns, messages, *_ = _last(
        app_fns["respond"]("Give me a 2-point briefing on drought", [], 5, None)
    )
    assert turns[-1]["answer"]["briefing"]["points"]
    assert messages[-1]["content"].count("\n- ") == 2
    _, turns, messages, *_ = _last(app_fns["respond"]("What do green bonds finance?", [], 5, None))
    assert "briefing" not in turns[-1]["answer"]


def test_briefing_bubble_renders_corpus_text_as_text() -> None:
    point = {"text": f"Pipes {SCRIPT} *leak*.", "citations": [1, 2], "source": "Memo"}
    named = {"text": f"*Memo <b>x</b>*: Meters {SCRIPT}.", "citations": [3]}
    named["source"] = "Memo <b>x</b>"
    briefing = {
        "title": "Briefing: <b>Leaks</b>",
        "bottom_line": point,
        "points": [point, named],
        "abstained": False,
        "citations": [],
    }
    text = briefing_text(briefing)
    assert not re.search(r"<\s*(script|b)\b", text)
    assert md_text(SCRIPT) in text and "**\\[1\\]\\[2\\]**" in text
    assert text.splitlines()[-1].startswith(f"- *{md_text('Memo <b>x</b>')}*: Meters")
    bubble = answer_bubble({"answer": "ignored", "citations": [], "briefing": briefing})
    assert bubble.startswith(text)
    refused = {**briefing, "abstained": True, "briefing": "**T**\n\nThe corpus doesn't cover it."}
    shown = briefing_text(refused)
    assert md_text("doesn't cover") in shown and "Nearest passages:" in shown
    assert "Not covered by the paper" not in answer_bubble({"abstained": True, "briefing": refused})


def test_the_gradio_ask_endpoint_routes_briefing_requests(app_fns: dict[str, Any]) -> None:
    data = app_fns["ask_api"]("Give me a 3-point briefing on drought")
    assert data["answer"].startswith("**Briefing: Drought**") and data["citations"]
    assert data["answer"].count("\n- ") == 3
    assert "**Briefing" not in app_fns["ask_api"]("What do green bonds finance?")["answer"]


def _reworded_briefing() -> dict[str, Any]:
    """A two-document briefing whose second and third points the local model reworded."""
    return {
        "title": "Briefing: Leaks",
        "bottom_line": {"text": "Pipes leak.", "citations": [1]},
        "points": [
            {"text": "Pipes leak.", "citations": [1], "rephrased": False},
            {"text": f"Meters {SCRIPT} fail [sic].", "citations": [2], "rephrased": True},
            {
                "text": "*Memo <b>x</b>*: Crews fix them.",
                "source": "Memo <b>x</b>",
                "citations": [3, 4],
                "rephrased": True,
            },
            {"text": "Budgets grow.", "citations": [4]},  # no rewriting ran: no key
        ],
        "abstained": False,
        "citations": [],
    }


def test_a_reworded_point_is_tagged_in_the_chat() -> None:
    text = briefing_text(_reworded_briefing())
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    tag = 'class="bb-reworded" title="reworded by the local model; checked against the cited'
    assert [tag in line for line in bullets] == [False, True, True, False]
    assert "*Bottom line:* Pipes leak" in text and tag not in text.split("\n- ")[0]
    # the point's words stay escaped text; the tag comes after them, before the markers
    assert bullets[1] == f"- {md_text(f'Meters {SCRIPT} fail [sic].')} {_tag(text)} **\\[2\\]**"
    assert bullets[2].startswith(f"- *{md_text('Memo <b>x</b>')}*: Crews fix them\\. <span")
    assert not re.search(r"<\s*(script|b)\b", text)
    # a briefing nobody reworded shows no tag
    plain = {**_reworded_briefing(), "points": [{"text": "Pipes leak.", "citations": [1]}]}
    assert "bb-reworded" not in briefing_text(plain)


def _tag(text: str) -> str:
    found = re.search(r'<span class="bb-reworded"[^>]*>reworded</span>', text)
    assert found, text
    return found[0]


def test_a_reworded_point_is_marked_in_the_markdown_briefing() -> None:
    from markdown_it import MarkdownIt

    briefing = _reworded_briefing()
    turn = {"question": "Brief me on leaks", "answer": {"answer": "x", "briefing": briefing}}
    md = briefing_markdown([turn])
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    assert len(bullets) == 4  # one bullet per point, not the answer text on one line
    assert ["\u2020" in line for line in bullets] == [False, True, True, False]
    assert (
        bullets[1]
        == "- Meters &lt;script&gt;window.xssflag = 1&lt;/script&gt; fail \\[sic\\].\u2020 \\[2\\]"
    )
    assert bullets[2] == "- *Memo &lt;b&gt;x&lt;/b&gt;*: Crews fix them.\u2020 \\[3\\]\\[4\\]"
    assert "\u2020 Reworded by the local model; checked against the cited passage." in md
    assert "*Bottom line:* Pipes leak. \\[1\\]" in md
    html = MarkdownIt("commonmark", {"html": True}).render(md)
    assert not re.search(r"<\s*(script|b|a|img)\b", html)
    assert html.count("<li>") == 4
    # nothing reworded: no mark and no note
    briefing["points"] = [p for p in briefing["points"] if not p.get("rephrased")]
    assert "\u2020" not in briefing_markdown([turn])
