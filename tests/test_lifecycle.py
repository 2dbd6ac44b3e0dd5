"""An assistant's life in one process: ``close()`` and ``with`` let go of its Chroma client and
index files (so file descriptors do not pile up and the folder can be deleted and rebuilt),
leave the shared embedding model and other assistants alone, and make later use a clear error.
Real embedded Chroma throughout; the hash fake stands in for the model."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.errors import IndexUnavailableError
from briefing_bot.evaluation import DocumentBots
from briefing_bot.index.store import Store
from briefing_bot.service import AssistantHolder
from tests import fakes

DOC = """---
title: "Harbour Notes {n}"
author: "Test Author"
---

## Ports

The harbour board approved a new container terminal in {n} after two years of talks.

## Funding

The terminal is paid for by a bond of 40 million dollars and by port fees.
"""


def open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def _settings(root: Path, n: int = 1) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "harbour.md").write_text(DOC.format(n=2000 + n), encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=root / "index")


def _cycle(settings: Settings, embeddings: Any) -> None:
    with Assistant.load(settings=settings, embeddings=embeddings) as bot:
        answer = bot.ask("How is the terminal paid for?")
        assert answer.citations and bot.retrieve("container terminal", k=1)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_opening_and_closing_many_assistants_keeps_descriptors_flat(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    _cycle(_settings(tmp_path / "warm"), fake_embeddings)  # imports, caches, the first system
    before = open_fds()
    for n in range(8):
        _cycle(_settings(tmp_path / f"i{n}", n), fake_embeddings)
    grown = open_fds() - before
    # an assistant left open holds ~15 (Chroma's sqlite and vector files, the companions)
    assert grown <= 3, f"{grown} descriptors more after 8 assistants opened and closed"


def test_a_closed_index_folder_can_be_deleted_and_rebuilt(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    settings = _settings(tmp_path)
    _cycle(settings, fake_embeddings)
    shutil.rmtree(settings.index_dir)
    # the folder is rebuilt from scratch in the same process, on a Chroma system of its own
    (settings.corpus_dir / "harbour.md").write_text(DOC.format(n=1999), encoding="utf-8")
    with Assistant.load(settings=settings, embeddings=fake_embeddings) as bot:
        assert any("1999" in c.text for c in bot.chunks())
        assert bot.index.store.count() == len(bot.chunks())
        assert "1999" in bot.ask("When was the terminal approved?").text


def test_use_after_close_is_a_clear_error_and_close_is_idempotent(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    bot = Assistant.load(settings=_settings(tmp_path), embeddings=fake_embeddings)
    retriever = bot.as_retriever(k=2)
    assert retriever.invoke("container terminal")
    assert not bot.closed
    bot.close()
    bot.close()  # again: nothing
    assert bot.closed
    calls = {
        "ask": lambda: bot.ask("How is the terminal paid for?"),
        "brief": lambda: bot.brief("funding"),
        "retrieve": lambda: bot.retrieve("terminal"),
        "chunks": bot.chunks,
        "documents": bot.documents,
        "answerer": lambda: bot.answerer,
        "as_retriever": bot.as_retriever,
        "retriever handed out before": lambda: retriever.invoke("container terminal"),
        "index": lambda: bot.index.chunks,
    }
    for name, call in calls.items():
        with pytest.raises(IndexUnavailableError, match="closed"):
            call()
            pytest.fail(f"{name} worked after close")


def test_closing_one_assistant_leaves_another_on_the_same_folder_working(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    settings = _settings(tmp_path)
    first = Assistant.load(settings=settings, embeddings=fake_embeddings)
    second = Assistant.load(settings=settings, embeddings=fake_embeddings)
    first.close()
    assert second.retrieve("container terminal", k=1)  # the folder's Chroma system lives on
    assert second.index.store.count() == len(second.chunks())
    second.close()
    # the last one let go of the folder: it can be removed and opened afresh
    shutil.rmtree(settings.index_dir)
    _cycle(settings, fake_embeddings)


def test_a_fresh_store_closed_late_does_not_stop_a_newer_one(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    """A server reload opens each version on a Chroma system of its own and closes the old
    one a minute later; by then a newer version may have taken the folder's place in
    Chroma's cache, and closing the old must not stop that one."""
    settings = _settings(tmp_path)
    _cycle(settings, fake_embeddings)
    old = Store(settings, fresh=True)
    new = Store(settings, fresh=True)
    old.close()
    assert new.count() > 0
    with pytest.raises(IndexUnavailableError, match="closed"):
        old.count()
    new.close()


def test_the_holder_closes_what_it_opened_and_not_what_it_was_given(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    settings = _settings(tmp_path)
    given = Assistant.load(settings=settings, embeddings=fake_embeddings)
    holder = AssistantHolder.of(given)
    holder.close()
    assert not given.closed and given.retrieve("terminal", k=1)
    given.close()

    loaded = AssistantHolder.from_settings(settings)
    loaded.start(watch=False)
    bot = loaded.wait(60)
    assert bot is not None and loaded.ask("How is the terminal paid for?").citations
    loaded.close()
    loaded.close()
    assert bot.closed


def test_a_holder_closed_while_loading_closes_what_the_load_brings(
    tmp_path: Path, fake_embeddings: fakes.HashEmbeddings
) -> None:
    settings = _settings(tmp_path)
    release = threading.Event()
    made: list[Assistant] = []

    def load(_say: Any) -> Assistant:
        release.wait(30)
        made.append(Assistant.load(settings=settings, embeddings=fake_embeddings))
        return made[-1]

    holder = AssistantHolder(load, settings, owns=True)
    holder.start(watch=False)
    holder.close()
    release.set()
    with pytest.raises(IndexUnavailableError):
        holder.wait(60)
    assert made and made[0].closed


def test_the_evaluation_closes_the_assistants_it_opened(tmp_path: Path) -> None:
    closed: list[str] = []

    class Bot:
        def __init__(self, name: str) -> None:
            self.name = name
            self.settings = Settings(index_dir=tmp_path / name)

        def close(self) -> None:
            closed.append(self.name)

    bots = DocumentBots(Settings(index_dir=tmp_path / "paper"), scratch=tmp_path / "scratch")
    bots._bots = {"paper": Bot("paper"), "memo": Bot("memo")}
    bots.close()
    assert sorted(closed) == ["memo", "paper"]
    assert bots._bots == {}


@pytest.mark.slow
def test_the_real_model_outlives_the_assistants_that_use_it(tmp_path: Path) -> None:
    from briefing_bot.embeddings import get_embeddings

    first = _settings(tmp_path / "a")
    with Assistant.load(settings=first) as bot:  # the configured model, loaded for the process
        model = bot.embeddings
        assert bot.ask("How is the terminal paid for?").citations
    assert get_embeddings(first) is model  # still loaded: nothing to load again
    shutil.rmtree(first.index_dir)
    with Assistant.load(settings=_settings(tmp_path / "b", 2)) as other:
        assert other.embeddings is model
        assert "2002" in other.ask("When was the terminal approved?").text
