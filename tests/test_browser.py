"""End to end in headless Chromium: the page loads the index, answers an example question with
a citation, opens it in context, follows up, and shows an HTML payload from the corpus as text.

Drives Debian's ``chromium`` (Playwright's own browser download cannot work offline); skipped,
with the reason, only where /usr/bin/chromium is absent.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_bot import Settings
from briefing_bot.app import create_app
from tests.conftest import PAPER
from tests.servers import uvicorn_thread

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# Every way the payload could run sets this flag; the page must never set it.
PAYLOAD = (
    "The Zorblax protocol governs quantum widget exchanges between the allies "
    "<script>window.xssflag = 1</script> and was signed in Quxville "
    '<img src=x onerror="window.xssflag = 2"> after long talks ${window.xssflag = 3} '
    "{{constructor.constructor('window.xssflag = 4')()}}."
)
PAYLOAD_DOC = f"""---
title: "Zorblax Field Notes <b>bold</b>"
author: "Test Author"
---

{PAYLOAD}

The Zorblax protocol also created a joint widget council that meets every spring in Quxville.
"""


# Under load the answer's event reached its end (Gradio's "completed" message, which re-sends
# the last outputs) well after the answer was on the page; a source opened, a card picked or a
# question typed in between was undone when it came. The server here makes every answer's end
# that late, and while HELD is set, holds it back until the test has done what a reader would.
LATE_SECONDS = 1.0
HOLD_SECONDS = 60.0  # a held end is let go after this, so a failing test cannot hang
HELD = threading.Event()
COMPLETED: list[float] = []  # when each answer's event ended (time.monotonic)
# Answer events started and not yet ended (by event id). Under CI load the example answer's
# end came after the test had counted COMPLETED for the next question, which then looked as
# though its own end had not been held back: each step first waits for the ends before it.
IN_FLIGHT: set[str] = set()


@pytest.fixture(scope="module")
def late_completions() -> Iterator[None]:
    from gradio import route_utils

    call = route_utils.call_process_api

    async def late(*args: Any, **kwargs: Any) -> Any:
        fn = kwargs.get("fn")
        answering = getattr(fn, "name", "") == "respond"
        event = str(getattr(kwargs.get("body"), "event_id", None))
        if answering:
            IN_FLIGHT.add(event)
        response = await call(*args, **kwargs)
        if answering and not response.get("is_generating"):
            await asyncio.sleep(LATE_SECONDS)
            held_until = time.monotonic() + HOLD_SECONDS
            while HELD.is_set() and time.monotonic() < held_until:
                await asyncio.sleep(0.05)
            COMPLETED.append(time.monotonic())
            IN_FLIGHT.discard(event)
        return response

    patch = pytest.MonkeyPatch()
    patch.setattr(route_utils, "call_process_api", late)
    yield
    HELD.clear()
    patch.undo()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory, late_completions: None) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    (corpus / "zorblax-notes.md").write_text(PAYLOAD_DOC, encoding="utf-8")
    # real model, fresh index: the page comes up while the index builds in the background
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    with uvicorn_thread(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent (Debian package `chromium`); browser test skipped"
        print(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _settle(page: Any, what: str) -> int:
    """Wait until every answer event started so far has ended (``what`` came before); the
    number of ended events, to check the next one's end against."""
    deadline = time.monotonic() + 90
    while IN_FLIGHT and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert not IN_FLIGHT, f"{what}'s event never ended"
    return len(COMPLETED)


def _release_held_end(page: Any, ended: int, what: str) -> None:
    """Let the held-back end of ``what``'s event go, after checking it was held, and wait
    until its message has reached the page."""
    assert len(COMPLETED) == ended, f"{what}'s end was not held back"
    HELD.clear()
    deadline = time.monotonic() + 30
    while len(COMPLETED) == ended and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(COMPLETED) > ended, f"{what}'s event never ended"
    page.wait_for_timeout(1000)  # its message reaches the page


def test_chat_cites_opens_context_and_shows_html_as_text(browser: Any, server_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server_url)
    page.wait_for_selector("#bb-status .bb-ready", timeout=300_000)

    # an empty question gets a friendly message, not an error
    page.click("#bb-send")
    page.wait_for_selector(".toast-body:has-text('Type a question')", timeout=15_000)

    # an example question: an answer with [n] markers and numbered source cards
    page.click("#bb-chat button.example >> nth=1")
    page.wait_for_selector("#bb-sources [data-cite='1']", timeout=60_000)
    chat = page.inner_text("#bb-chat")
    assert re.search(r"\[1\]", chat) and re.search(r"Sources: .*\[1\] (¶|p\.) \d+", chat)
    card = page.inner_text("#bb-sources [data-cite='1']")
    assert "From Security Alliance" in card
    assert page.locator("#bb-sources [data-cite='1'] mark").count() >= 1
    # the conversation downloads as a Markdown briefing with its references
    with page.expect_download() as download:
        page.click("#bb-download")
    briefing = Path(download.value.path()).read_text(encoding="utf-8")
    assert briefing.startswith("# Briefing") and "**References**" in briefing
    assert "\\[1\\] *From Security Alliance" in briefing  # brackets escaped: inert Markdown

    # clicking the citation opens the passage in context, the cited paragraph marked
    page.click("#bb-sources [data-cite='1']")
    page.wait_for_selector("#bb-context .bb-cited", timeout=30_000)
    assert page.locator("#bb-context .bb-para, #bb-context .bb-cited").count() >= 2

    # a follow-up about the payload document: shown as text everywhere, never run. Wait for
    # its own sources: the briefing before it cites the payload document too. Its event's end
    # is held back until the reader has opened a source and typed the next question.
    ended = _settle(page, "the example")
    page.fill("#bb-question textarea", "What does the Zorblax protocol govern?")
    HELD.set()
    page.keyboard.press("Enter")
    page.wait_for_selector("#bb-context .bb-panel-empty", timeout=15_000)  # a new question
    page.wait_for_selector("#bb-sources .bb-q:has-text('Zorblax protocol govern')", timeout=60_000)
    chat = page.inner_text("#bb-chat")
    assert "<script>window.xssflag = 1</script>" in chat
    assert '<img src=x onerror="window.xssflag = 2">' in chat
    assert "${window.xssflag = 3}" in chat
    sources = page.inner_text("#bb-sources")
    assert "Zorblax Field Notes <b>bold</b>" in sources
    assert "<script>window.xssflag = 1</script>" in sources
    cite = page.locator("#bb-sources .bb-cite:has-text('Zorblax') >> nth=0")
    cite.click()
    page.wait_for_selector("#bb-context .bb-cited:has-text('Zorblax')", timeout=30_000)
    assert '<img src=x onerror="window.xssflag = 2">' in page.inner_text("#bb-context")
    picked = page.locator("#bb-sources .bb-cite.bb-active:has-text('Zorblax')")
    assert picked.count() == 1  # the card opened is marked
    typed = "And who meets every spring?"
    page.fill("#bb-question textarea", typed)
    # the answer's event ends after all that: the panel stays open, the card marked, and the
    # question being typed stays in the box
    _release_held_end(page, ended, "the follow-up")
    assert page.locator("#bb-context .bb-cited:has-text('Zorblax')").count() >= 1
    assert picked.count() == 1, "the late end dropped the card the reader picked"
    assert page.input_value("#bb-question textarea") == typed, "the late end emptied the box"

    # a briefing asked for while the typed question's end is held back: when that end comes,
    # the briefing's turn stays in the chat (the end used to restore the older conversation)
    ended = _settle(page, "the follow-up")
    HELD.set()
    page.keyboard.press("Enter")
    page.wait_for_selector("#bb-sources .bb-q:has-text('who meets every spring')", timeout=60_000)
    page.fill("#bb-topic textarea, #bb-topic input", "the widget council")
    page.click("#bb-brief")
    page.wait_for_selector("#bb-sources .bb-q:has-text('Brief me on the widget council')")
    _release_held_end(page, ended, "the question")
    chat = page.inner_text("#bb-chat")
    assert "who meets every spring" in chat
    assert "Brief me on the widget council" in chat, "the late end dropped the later briefing"

    page.wait_for_timeout(500)  # let any injected handler fire
    assert page.evaluate("window.xssflag") is None
    assert page.locator("img[src='x']").count() == 0
    assert (
        page.evaluate("[...document.scripts].some(s => s.textContent.includes('xssflag'))") is False
    )
    assert dialogs == []

    # the Sources tab lists the paper's endnotes with links
    page.click("button[role=tab]:has-text('Sources')")
    registry = page.locator("#bb-registry")
    registry.locator("a[href^='https://']").first.wait_for(timeout=15_000)
    assert "Cited by" in registry.inner_text()
    page.close()
