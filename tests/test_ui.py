"""The web chat's building blocks: escaping, source cards, the context panel, the briefing
export, the loading holder and the app itself (hash embeddings: fast)."""

from __future__ import annotations

import argparse
import re
import threading
from pathlib import Path

import pytest

from briefing_bot import Assistant, IndexUnavailableError, Settings
from briefing_bot.cli.serve import cmd_serve
from briefing_bot.http.auth import is_loopback, parse_auth
from briefing_bot.service import AssistantHolder, clean_history
from briefing_bot.sources import source_registry
from briefing_bot.ui import (
    answer_bubble,
    briefing_markdown,
    build_app,
    chat_messages,
    citation_html,
    context_html,
    highlight,
    history_of,
    limit_sources,
    md_text,
    registry_html,
    safe_url,
    sources_html,
)

SCRIPT = "<script>window.xssflag = 1</script>"
SYSTEM = [{"role": "system", "content": "x"}]  # only user and assistant turns are history
IMG = '<img src=x onerror="window.xssflag = 2">'
PAYLOAD_DOC = f"""---
title: "Zorblax Field Notes <b>bold</b>"
---

The Zorblax protocol governs quantum widget exchanges between the allies {SCRIPT} and was
signed in Quxville {IMG} after long talks.

The Zorblax protocol also created a joint widget council that meets every spring in Quxville.

Widget councils elsewhere meet in autumn, far from Quxville and its protocol.
"""


def _raw_tags(html: str) -> list[str]:
    """Tags an HTML string would create (escaped text creates none)."""
    return re.findall(r"<\s*(script|img|b)\b", html, flags=re.IGNORECASE)


def _citation(**extra: object) -> dict[str, object]:
    text = f"First sentence {SCRIPT}. Second sentence {IMG} here."
    data: dict[str, object] = {
        "number": 1,
        "text": text,
        "source": "Doc <b>title</b>",
        "locator": "Section; ¶ 3",
        "chunk_id": "c1",
        "doc_id": "d1",
        "highlights": [[0, text.index("</script>.") + len("</script>.")]],
        "endnotes": [
            {
                "number": 4,
                "title": "A <i>report</i>",
                "publisher": "Agency",
                "date": "May 1, 2023",
                "url": "https://example.org/r?a=1&b=2",
                "text": "Agency, A report.",
            },
            {
                "number": 5,
                "title": "Bad link",
                "publisher": None,
                "date": None,
                "url": "javascript:alert(1)",
                "text": "Bad link.",
            },
        ],
    }
    data.update(extra)
    return data


# -- escaping and rendering


def test_citation_card_escapes_the_passage_and_highlights_the_supporting_sentence() -> None:
    html = citation_html(_citation())
    assert _raw_tags(html) == []
    assert "&lt;script&gt;window.xssflag = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.xssflag = 2&quot;&gt;" in html
    assert "Doc &lt;b&gt;title&lt;/b&gt;" in html
    # the highlighted span is the first sentence, escaped inside the <mark>
    mark = re.search(r"<mark>(.*?)</mark>", html)
    assert mark and mark.group(1).startswith("First sentence &lt;script&gt;")
    assert 'data-cite="1"' in html


def test_endnote_links_are_http_only_and_escaped() -> None:
    html = citation_html(_citation())
    assert 'href="https://example.org/r?a=1&amp;b=2"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert 'href="javascript' not in html
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://ok.example/x") == "https://ok.example/x"
    assert safe_url("https://ok.example/a b") is None
    assert safe_url('https://ok.example/"><script>') is None


def test_highlight_merges_and_clips_spans() -> None:
    assert highlight("a<b>c", [(1, 4)]) == "a<mark>&lt;b&gt;</mark>c"
    assert highlight("abcdef", [(0, 2), (1, 3), (10, 12)]) == "<mark>abc</mark>def"


def test_chat_bubbles_render_corpus_text_as_text() -> None:
    answer = {
        "answer": f"It says {SCRIPT} and {IMG} [1] and [see](javascript:x) *x* $$a$$ [2].",
        "abstained": False,
        "citations": [_citation(), _citation(number=2)],
    }
    bubble = answer_bubble(answer)
    assert _raw_tags(bubble) == []
    assert "](javascript" not in bubble  # no Markdown link can form
    assert "**\\[1\\]**" in bubble and "**\\[2\\]**" in bubble
    assert "*Sources: Section: \\[1\\] ¶ 3 · \\[2\\] ¶ 3*" in bubble
    user = chat_messages([{"question": f"why {SCRIPT}?", "answer": answer}])[0]
    assert user["role"] == "user" and _raw_tags(user["content"]) == []
    assert md_text("a_b*c") == "a\\_b\\*c"
    adjacent = answer_bubble({"answer": "x [1][2].", "citations": []})
    assert adjacent == "x **\\[1\\]\\[2\\]**\\."


def test_abstention_is_shown_as_such_not_as_an_error() -> None:
    answer = {
        "answer": "The paper doesn't cover this. The nearest related passage says: “x” [1]",
        "abstained": True,
        "citations": [_citation()],
    }
    assert "Nearest passage: Section: \\[1\\] ¶ 3" in answer_bubble(answer)
    panel = sources_html({"question": "q", "answer": answer})
    assert "does not answer this question" in panel and "nearest passage" in panel
    generative = {"answer": "No idea [1]", "abstained": True, "citations": [_citation()]}
    assert answer_bubble(generative).startswith("**Not covered by the paper.**")


def test_limit_sources_keeps_the_first_k_and_their_sentences() -> None:
    answer = {
        "answer": "One [1] Two [2] Three [1] [3] It rests on endnote 4: X [4].",
        "abstained": False,
        "citations": [_citation(number=n) for n in (1, 2, 3, 4)],
    }
    two = limit_sources(answer, 2)
    assert two["answer"] == "One [1] Two [2] Three [1]"
    assert [c["number"] for c in two["citations"]] == [1, 2]
    assert limit_sources(answer, 4) == answer
    assert limit_sources(answer, 1)["answer"] == "One [1] Three [1]"


def test_markdown_briefing_contains_questions_answers_and_references() -> None:
    turns = [
        {
            "question": "What is it?",
            "answer": {"answer": "It is X [1].", "abstained": False, "citations": [_citation()]},
        },
        {"question": "Pending?", "answer": None},
        {"question": "Broken?", "answer": {"answer": "Could not answer", "error": True}},
    ]
    md = briefing_markdown(turns)
    assert md.startswith("# Briefing")
    # untrusted text inert (HTML as entities, brackets escaped), the one http(s) URL a link
    assert "## 1. What is it?" in md and "It is X \\[1\\]." in md
    assert "**References**" in md
    assert "\\[1\\] *Doc &lt;b&gt;title&lt;/b&gt;*, Section; ¶ 3." in md
    assert (
        "endnote 4: Agency, “A &lt;i&gt;report&lt;/i&gt;”, May 1, 2023 "
        "<https://example.org/r?a=1&b=2>" in md
    )
    assert "javascript:" not in md
    assert "Pending?" not in md and "Broken?" not in md


def test_history_and_client_history() -> None:
    turns = [
        {"question": "Q1", "answer": {"answer": "A1 [1]", "citations": []}},
        {"question": "Q2", "answer": None},
        {"question": "Q3", "answer": {"answer": "Error: x", "citations": [], "error": True}},
    ]
    assert history_of(turns) == [
        {"role": "user", "content": "Q1"},
        {"role": "assistant", "content": "A1 [1]"},
    ]
    assert clean_history(None) == []
    assert clean_history([{"role": "user", "content": "hi"}]) == [{"role": "user", "content": "hi"}]
    for bad in ("x", [{"role": "user"}], [{"role": "robot", "content": "x"}], [1], SYSTEM):
        with pytest.raises(ValueError):
            clean_history(bad)


# -- on a real (hash-embedded) index


@pytest.fixture
def payload_bot(hash_settings: Settings) -> Assistant:
    (hash_settings.corpus_dir / "zorblax.md").write_text(PAYLOAD_DOC, encoding="utf-8")
    return Assistant.load(settings=hash_settings)


def test_context_panel_shows_surrounding_paragraphs_escaped(payload_bot: Assistant) -> None:
    chunk = next(c for c in payload_bot.chunks() if "Zorblax" in c.text and "Quxville" in c.text)
    doc = payload_bot.documents()[chunk.doc_id]
    start, end = chunk.sentences[0]
    citation = {
        "number": 2,
        "text": chunk.text,
        "source": chunk.title,
        "locator": chunk.locator,
        "chunk_id": chunk.id,
        "highlights": [[start, end]],
        "endnotes": [],
    }
    html = context_html(payload_bot.documents(), chunk, citation)
    assert _raw_tags(html) == []
    assert "Zorblax Field Notes &lt;b&gt;bold&lt;/b&gt;" in html
    body = [p for p in doc["paragraphs"] if p["kind"] == "body"]
    # every paragraph of this short document is within the context window, the cited one marked
    for para in body:
        assert f"¶ {para['number']}" in html
    assert html.count('class="bb-cited"') == chunk.paragraph_end - chunk.paragraph + 1
    assert "<mark>" in html and "&lt;script&gt;" in html


def test_context_panel_on_the_paper_shows_neighbours(hash_settings: Settings) -> None:
    bot = Assistant.load(settings=hash_settings)
    chunk = next(c for c in bot.chunks() if c.kind == "body" and c.paragraph >= 5)
    citation = {"number": 1, "text": chunk.text, "highlights": [[0, 10]], "endnotes": []}
    html = context_html(bot.documents(), chunk, citation)
    numbers = [int(n) for n in re.findall(r"¶ (\d+)", html)]
    assert chunk.paragraph - 1 in numbers and chunk.paragraph_end + 1 in numbers
    assert max(numbers) <= chunk.paragraph_end + 2 and min(numbers) >= chunk.paragraph - 2


def test_registry_lists_every_endnote_with_links(hash_settings: Settings) -> None:
    bot = Assistant.load(settings=hash_settings)
    registry = source_registry(bot)
    html = registry_html(registry)
    assert len(registry) >= 1
    for entry in registry:
        assert f'id="bb-note-{entry["number"]}"' in html
        if (entry.get("url") or "").startswith("http"):
            assert 'href="' + entry["url"].replace("&", "&amp;") in html
    assert "Cited by" in html


def test_holder_reports_loading_failure_and_ready(hash_settings: Settings) -> None:
    release = threading.Event()
    bot = Assistant.load(settings=hash_settings)

    def load(say: object) -> Assistant:
        release.wait(10)
        return bot

    holder = AssistantHolder(load, hash_settings)  # type: ignore[arg-type]
    holder.start()
    assert holder.state == "loading" and holder.wait(0.05) is None
    assert holder.health() == {"status": "loading", "loaded": False, "message": holder.message}
    release.set()
    assert holder.wait(10) is bot
    health = holder.health()
    assert health["status"] == "ready" and health["chunks"] == len(bot.chunks())
    answer = holder.ask("What does the paper say about biotechnology?")
    assert answer.citations

    def broken(say: object) -> Assistant:
        raise IndexUnavailableError("no index here")

    failed = AssistantHolder(broken, hash_settings)  # type: ignore[arg-type]
    failed.start()
    with pytest.raises(IndexUnavailableError, match="no index here"):
        failed.wait(10)
    assert failed.health()["status"] == "error"


def test_app_exposes_only_the_ask_api(hash_settings: Settings) -> None:
    holder = AssistantHolder.of(Assistant.load(settings=hash_settings))
    demo = build_app(holder)
    public = [fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"]
    assert public == ["ask"]


# -- the serve command


def test_serve_command_warns_off_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    calls: list[dict[str, object]] = []

    def fake_serve(host: str, port: int, **kw: object) -> None:
        calls.append({"host": host, "port": port, **kw})

    monkeypatch.setattr("briefing_bot.app.serve", fake_serve)
    monkeypatch.delenv("BRIEFING_BOT_AUTH", raising=False)
    settings = Settings(corpus_dir=tmp_path, index_dir=tmp_path / "i")
    args = argparse.Namespace(host="0.0.0.0", port=8000, auth=None, log_level="info")
    assert cmd_serve(args, settings) == 0
    err = capsys.readouterr().err
    assert "WARNING" in err and "NO login" in err
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["auth"] is None

    monkeypatch.setenv("BRIEFING_BOT_AUTH", "analyst:s3cret")
    args = argparse.Namespace(host="127.0.0.1", port=7860, auth=None, log_level="info")
    assert cmd_serve(args, settings) == 0
    assert "WARNING" not in capsys.readouterr().err
    assert calls[-1]["auth"] == ("analyst", "s3cret")

    args = argparse.Namespace(host="127.0.0.1", port=7860, auth="nopassword", log_level="info")
    assert cmd_serve(args, settings) == 2


def test_loopback_and_auth_parsing() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert parse_auth("u:p:q") == ("u", "p:q")
    assert parse_auth(None) is None
    with pytest.raises(ValueError):
        parse_auth(":p")


# -- the issue-13 details


def test_registry_lists_every_work_a_note_cites() -> None:
    entry = {
        "doc_id": "d.md",
        "document": "Doc",
        "number": 7,
        "text": "First Org, “One,” 2020; Second Org, “Two,” 2021.",
        "title": "One",
        "publisher": "First Org",
        "url": "https://one.example/a",
        "sources": [
            {"title": "One", "publisher": "First Org", "url": "https://one.example/a"},
            {"title": "Two", "publisher": "Second Org", "url": "https://two.example/b"},
        ],
        "citing_passages": [],
    }
    html = registry_html([entry])
    assert "“One”" in html and "“Two”" in html and "Second Org" in html
    assert 'href="https://one.example/a"' in html and 'href="https://two.example/b"' in html


def test_long_section_names_are_shown_whole() -> None:
    section = "A very long section heading " * 6
    citation = {"number": 1, "text": "Text.", "locator": f"{section.strip()}; ¶ 3"}
    bubble = answer_bubble({"answer": "Text. [1]", "citations": [citation]})
    assert md_text(section.strip()) in bubble and "…" not in bubble
    card = citation_html(citation)
    assert f'title="{section.strip()}; ¶ 3"' in card


def test_page_css_and_js_are_package_files() -> None:
    from briefing_bot.ui import css, static_text

    assert ".bb-cite" in css() and "overflow-wrap" in css()
    assert "trigger('click'" in static_text("cards.js")
    assert "scrollTop" in static_text("context.js")


TRANSCRIPT = """# Talking Tides: An Interview

*Ana Ruiz talks to harbour engineer Tomas Vell about sea walls, 3 May 2026.*

## Walls

**How high is the new wall?**

Four metres along the whole front, and it took two winters to build.

**And who paid for it?**

The port authority paid most of it, and the town the rest.
"""


def test_context_panel_shows_the_question_an_answer_answers(hash_settings: Settings) -> None:
    (hash_settings.corpus_dir / "tides.md").write_text(TRANSCRIPT, encoding="utf-8")
    bot = Assistant.load(settings=hash_settings)
    chunk = next(c for c in bot.chunks() if "port authority" in c.text)
    assert chunk.kind == "body"
    citation = {"number": 1, "text": chunk.text, "highlights": [[0, 10]], "endnotes": []}
    html = context_html(bot.documents(), chunk, citation)
    # the interviewer's question before it is shown, marked as a turn, the answer cited
    assert "And who paid for it?" in html and "Four metres" in html
    assert re.search(r'class="bb-para bb-turn"><span class="bb-pnum">¶ \d+</span>And who', html)
    assert re.search(r"class=\"bb-cited\">.*uthority paid most", html)
