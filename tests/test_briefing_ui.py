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
from briefing_bot.service import AssistantHolder, generative_available
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
    return {"bot": bot, **{name: f.fn for name, f in fns.items()}}


def _last(gen: Any) -> tuple[Any, ...]:
    """The run's answer: its last outputs but one (the very last change nothing)."""
    outputs = [tuple(out) for out in gen]
    assert len(outputs) >= 2 and outputs[-1] == (SKIP,) * 7
    return outputs[-2]


def test_brief_me_shows_the_briefing_with_its_sources(app_fns: dict[str, Any]) -> None:
    runs = [tuple(out) for out in app_fns["brief_me"]("green bonds", [], 1, None)]
    assert runs[0][0] == "" and runs[0][-1] == EMPTY_CONTEXT  # the topic box cleared when sent
    box, turns, messages, sources, selected, download, context = runs[-2]
    # Gradio re-applies the last outputs when the event ends, maybe long after they were shown:
    # they change nothing the reader may have changed since (a new question or topic being
    # typed, the card picked, the answer selected, the passage opened, another turn)
    assert runs[-1] == (SKIP,) * 7
    assert box == context == SKIP and selected == len(turns) - 1
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


def _labelled_briefing() -> dict[str, Any]:
    """Two documents: the first point of each names it in full with its author, the next by
    the title's head (the composer's label format)."""
    title = "Pricing the River: Why Tolls <b>Rise</b>"
    return {
        "title": "Briefing: 2 documents",
        "points": [
            {"text": f"*{title}* (Ana Ruiz): Tolls rose.", "source": title, "citations": [1]},
            {"text": "*Pricing the River*: Barges wait.", "source": title, "citations": [2]},
            {"text": "*Leaks* (Bo Li): Pipes fail.", "source": "Leaks", "citations": [3]},
            {"text": "*Other*: Not its document.", "source": "Leaks", "citations": [3]},
        ],
        "abstained": False,
        "citations": [],
    }


def test_a_document_label_shows_as_a_label_in_the_chat_and_the_download() -> None:
    title = md_text("Pricing the River: Why Tolls <b>Rise</b>")
    bullets = [ln for ln in briefing_text(_labelled_briefing()).splitlines() if ln[:2] == "- "]
    assert bullets == [
        f"- *{title}* ({md_text('Ana Ruiz')}): Tolls rose\\. **\\[1\\]**",
        f"- *{md_text('Pricing the River')}*: Barges wait\\. **\\[2\\]**",
        f"- *Leaks* ({md_text('Bo Li')}): Pipes fail\\. **\\[3\\]**",
        # a label naming another document than the point's is text, escaped as such
        f"- {md_text('*Other*: Not its document.')} **\\[3\\]**",
    ]
    turn = {"question": "Brief me", "answer": {"answer": "x", "briefing": _labelled_briefing()}}
    md = [ln for ln in briefing_markdown([turn]).splitlines() if ln[:2] == "- "]
    head = "- *Pricing the River: Why Tolls &lt;b&gt;Rise&lt;/b&gt;* (Ana Ruiz): "
    assert md[0] == f"{head}Tolls rose. \\[1\\]"
    assert md[1] == "- *Pricing the River*: Barges wait. \\[2\\]"


def test_a_composed_two_document_briefing_shows_its_labels(app_fns: dict[str, Any]) -> None:
    _, turns, messages, *_ = _last(app_fns["brief_me"]("", [], 5, None))
    points = turns[-1]["answer"]["briefing"]["points"]
    assert len({p["source"] for p in points}) == 2
    bullets = [ln for ln in messages[-1]["content"].splitlines() if ln.startswith("- ")]
    assert len(bullets) == len(points)
    for bullet, point in zip(bullets, points, strict=True):
        # the label in italics, never the escaped asterisks and colon of its raw text
        assert bullet.startswith("- *") and not bullet.startswith("- \\*"), bullet
        assert "\\*" not in bullet and md_text(point["source"].split(":")[0]) in bullet
    assert any("): " in b for b in bullets)  # the author, after the title, once


@pytest.mark.skipif(
    not generative_available(Settings()), reason="the mode switch shows only with the [llm] extra"
)
def test_the_answer_mode_switch_decides_whether_a_briefing_is_reworded(
    app_fns: dict[str, Any],
) -> None:
    """The chat's switch, not only the server's setting: "generative" rewords the points of a
    briefing (Brief me, or one asked for in words), "grounded" keeps them as composed."""
    from briefing_bot.answering.answerer import GroundedAnswerer
    from briefing_bot.answering.generative import GenerativeAnswerer
    from tests.test_brief_rephrase import RewritingChatModel

    bot: Assistant = app_fns["bot"]
    model = RewritingChatModel()
    gen = GenerativeAnswerer(bot, GroundedAnswerer(bot), chat_model=model)
    mine = Assistant.load(settings=bot.settings, embeddings=bot.embeddings, answerer=gen)
    fns = {
        getattr(f.fn, "__name__", ""): f.fn
        for f in build_app(AssistantHolder.of(mine)).fns.values()
    }
    for run in (
        lambda mode: fns["brief_me"]("leak detection", [], 5, mode),
        lambda mode: fns["respond"]("Brief me on leak detection", [], 5, mode),
    ):
        asked = len(model.prompts)
        _, turns, messages, *_ = _last(run("grounded"))
        assert len(model.prompts) == asked  # the model is not asked
        points = turns[-1]["answer"]["briefing"]["points"]
        assert (
            all("rephrased" not in p for p in points)
            and "bb-reworded" not in messages[-1]["content"]
        )
        _, turns, messages, *_ = _last(run("generative"))
        points = turns[-1]["answer"]["briefing"]["points"]
        assert any(p["rephrased"] for p in points) and "bb-reworded" in messages[-1]["content"]
