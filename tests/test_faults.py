"""Faults: a build killed halfway, a damaged or deleted index, a Chroma server that goes away.

Damage is done to copies of one index built with the hash embedding; the killed build runs
the real model in a `briefing-bot index` subprocess and is SIGKILLed while it embeds.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.errors import IndexUnavailableError
from briefing_bot.index import BuildReport, Store, _forget_embedded_system, build_index
from tests import fakes
from tests.answer_contract import check_answer
from tests.conftest import PAPER
from tests.servers import clean_env, cli

QUESTION = "What is the Minerals Security Partnership?"


def _sqlite(index: Path) -> Path:
    return index / "chroma" / "chroma.sqlite3"


def _overwrite_pages(index: Path) -> None:
    """Keep sqlite's first page (the header opens), garble every page after it."""
    db = _sqlite(index)
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


def _replace_chroma_with_a_file(index: Path) -> None:
    shutil.rmtree(index / "chroma")
    (index / "chroma").write_text("not a folder")


DAMAGE: dict[str, Callable[[Path], object]] = {
    "sqlite header garbage": lambda d: _sqlite(d).write_bytes(
        b"garbage!" * 512 + _sqlite(d).read_bytes()[4096:]
    ),
    "sqlite pages garbage": _overwrite_pages,
    "sqlite truncated": lambda d: os.truncate(_sqlite(d), _sqlite(d).stat().st_size // 2),
    "vector files garbage": lambda d: [
        p.write_bytes(b"\x07" * p.stat().st_size) for p in (d / "chroma").rglob("*.bin")
    ],
    "manifest truncated": lambda d: (d / "manifest.json").write_text(
        (d / "manifest.json").read_text()[:100]
    ),
    "manifest not UTF-8": lambda d: (d / "manifest.json").write_bytes(b"\xff\xfe\x00{garbage"),
    "documents.json truncated": lambda d: (d / "documents.json").write_text(
        (d / "documents.json").read_text()[:100]
    ),
    "chroma folder is a file": _replace_chroma_with_a_file,
    "index deleted": shutil.rmtree,
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildReport]:
    """A hash-embedding index of the paper, built once; tests damage copies of it."""
    root = tmp_path_factory.mktemp("pristine")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    report = build_index(settings, embeddings=fakes.FAKE)
    _forget_embedded_system(settings.chroma_dir)  # closed, so copies of it are whole
    return settings, report


def _damaged_copy(pristine: Settings, where: Path, damage: str) -> Settings:
    index = where / "index"
    shutil.copytree(pristine.index_dir, index)
    DAMAGE[damage](index)
    return pristine.model_copy(update={"index_dir": index})


def _answers_from_the_index(bot: Assistant) -> None:
    """The restored index finds the question's passage through its word index (the fake
    embeddings of these tests make the vector rankings, and so the calibrated answer/refuse
    cut, noise) and gives a well-formed answer."""
    found = bot.retriever.search(QUESTION, 3, weights=(0.0, 1.0, 0.0))
    assert "Minerals Security Partnership" in found[0].chunk.text
    check_answer(bot.ask(QUESTION), bot)


def _assert_whole(settings: Settings, chunks: int) -> None:
    """Manifest, registry and store agree, with no duplicate or missing ids."""
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    listed = [c for d in manifest["documents"].values() for c in d["chunks"]]
    store = Store(settings)
    assert manifest["counts"]["chunks"] == chunks == len(listed) == len(set(listed))
    assert store.ids() == set(listed) and store.count() == chunks
    stored = store.all_chunks()
    assert store.sentences.count() == sum(len(c.sentences) for c in stored)
    registry = json.loads((settings.index_dir / "documents.json").read_text())
    assert set(registry) == set(manifest["documents"])


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_index_is_a_clear_error_or_rebuilt(
    pristine: tuple[Settings, BuildReport],
    tmp_path: Path,
    damage: str,
    fake_embeddings: fakes.HashEmbeddings,
) -> None:
    base, built = pristine
    settings = _damaged_copy(base, tmp_path, damage)
    try:
        bot = Assistant.load(settings=settings)
    except IndexUnavailableError as exc:
        assert "briefing-bot index --rebuild" in str(exc)  # says how to recover
    else:  # rebuilt or updated by itself: whole, with the registry's endnotes
        assert len(bot.chunks()) == built.chunks
        assert bot.documents()[PAPER.name]["endnotes"]
        _answers_from_the_index(bot)
        _assert_whole(settings, built.chunks)
    finally:
        _forget_embedded_system(settings.chroma_dir)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_rebuild_always_recovers(
    pristine: tuple[Settings, BuildReport],
    tmp_path: Path,
    damage: str,
    fake_embeddings: fakes.HashEmbeddings,
) -> None:
    base, built = pristine
    settings = _damaged_copy(base, tmp_path, damage)
    try:
        report = build_index(settings, rebuild=True)
        assert (report.documents, report.chunks, report.added) == (1, built.chunks, built.chunks)
        _assert_whole(settings, built.chunks)
        bot = Assistant.load(settings=settings, build=False)
        _answers_from_the_index(bot)
    finally:
        _forget_embedded_system(settings.chroma_dir)


def test_cli_on_a_damaged_store_says_so_and_rebuild_recovers(
    pristine: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    base, built = pristine
    settings = _damaged_copy(base, tmp_path, "sqlite pages garbage")
    env = clean_env(
        BRIEFING_BOT_CORPUS_DIR=str(settings.corpus_dir),
        BRIEFING_BOT_INDEX_DIR=str(settings.index_dir),
    )
    ask = cli("ask", QUESTION, env=env, fake_embeddings=True)
    assert ask.returncode == 2 and "Traceback" not in ask.stderr, ask.stderr
    assert ask.stderr.startswith("error: ") and "briefing-bot index --rebuild" in ask.stderr
    rebuild = cli("index", "--rebuild", "--json", env=env, fake_embeddings=True)
    assert rebuild.returncode == 0, rebuild.stderr
    report = json.loads(rebuild.stdout)
    assert (report["chunks"], report["added"], report["removed"]) == (built.chunks,) * 2 + (0,)
    _assert_whole(settings, built.chunks)
    _forget_embedded_system(settings.chroma_dir)


# ---------------------------------------------------------------------------------------------
# A build killed while it embeds (real model)

TOPICS = [
    ("undersea cables", "Undersea cables carry most of the data traffic between the allies"),
    ("hydrogen fuel cells", "Hydrogen fuel cells power a pilot fleet of city buses in Ulsan"),
    ("satellite navigation", "A shared satellite navigation augmentation service is planned"),
    ("vaccine research", "Joint vaccine research centres test mRNA platforms in Songdo"),
    ("battery recycling", "Battery recycling plants recover nickel and lithium in Georgia"),
]


def _generated_doc(i: int, topic: str, lead: str) -> str:
    parts = [f"# Briefing {i} on {topic}\n"]
    for s, section in enumerate(["Background", "Programmes", "Funding", "Outlook"]):
        parts.append(f"## {section}\n")
        for p in range(2):
            parts.append(
                f"{lead} (item {s}.{p}). Officials reviewed {topic} in meeting {i * 10 + s} "
                f"with {3 + p} agencies and {s + 2} universities. The {section.lower()} note "
                f"for {topic} lists {p + s + 4} milestones through {2025 + s + p}, each with a "
                f"budget line of {(i + 1) * (s + 1) * (p + 2)} million dollars.\n"
            )
    return "\n".join(parts)


def _read_progress(fd: int, buffer: bytearray, timeout: float) -> tuple[int, int] | None:
    """The last ``done/total`` of the progress bar the CLI draws on a terminal."""
    # poll, not select: late in a long test session the pty's descriptor can be above
    # select's FD_SETSIZE (1024), every cached Chroma client holding its files open
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    if poller.poll(timeout * 1000):
        try:
            buffer.extend(os.read(fd, 65536))
        except OSError:  # EIO: the child closed its end
            return None
    found = re.findall(rb"(\d+)/(\d+) \[", bytes(buffer))
    return (int(found[-1][0]), int(found[-1][1])) if found else None


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_killed_build_keeps_the_old_index_and_the_next_run_finishes(
    paper_settings: Settings, paper_bot: Assistant, tmp_path: Path
) -> None:
    # the previous index: a copy of the session's real-model index of the paper
    index = tmp_path / "index"
    shutil.copytree(paper_settings.index_dir, index)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    old_manifest = (index / "manifest.json").read_text()
    old_ids = {c for d in json.loads(old_manifest)["documents"].values() for c in d["chunks"]}
    for i, (topic, lead) in enumerate(TOPICS):
        (corpus / f"briefing-{i}.md").write_text(_generated_doc(i, topic, lead))
    settings = Settings(corpus_dir=corpus, index_dir=index)
    env = clean_env(
        BRIEFING_BOT_CORPUS_DIR=str(corpus),
        BRIEFING_BOT_INDEX_DIR=str(index),
        BRIEFING_BOT_EMBEDDING_BATCH_SIZE="4",  # batches of 8 chunks: several writes
    )

    # stderr on a terminal, so the CLI draws its progress bar; kill once a batch is stored
    master, slave = pty.openpty()
    # a new pty is 0 columns wide, and tqdm draws nothing in 0 columns
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing_bot", "index", "--json"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    buffer = bytearray()
    progress = None
    try:
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline:
            progress = _read_progress(master, buffer, 0.1) or progress
            if progress and 0 < progress[0] < progress[1]:
                proc.kill()  # SIGKILL: no cleanup, no atexit, mid-way through embedding
                break
    finally:
        if proc.poll() is None and not progress:
            proc.kill()
        proc.wait(30)
        os.close(master)
    assert proc.returncode == -9, (
        f"the build was not killed mid-way (exit {proc.returncode}, progress {progress}):\n"
        + buffer.decode(errors="replace")[-2000:]
    )

    # the previous index is untouched and usable: the manifest as it was, every old chunk
    assert (index / "manifest.json").read_text() == old_manifest
    after_kill = Store(settings).ids()
    assert old_ids <= after_kill and after_kill - old_ids, "nothing was stored before the kill"
    paper_only = tmp_path / "paper-only"
    paper_only.mkdir()
    shutil.copy(PAPER, paper_only / PAPER.name)
    old_view = settings.model_copy(update={"corpus_dir": paper_only})
    previous = Assistant.load(settings=old_view, build=False, embeddings=paper_bot.embeddings)
    assert {c.id for c in previous.chunks()} == old_ids
    answer = previous.ask(QUESTION)
    check_answer(answer, previous)
    assert not answer.abstained
    _forget_embedded_system(settings.chroma_dir)

    # the next run finishes the job: it embeds only what the killed run had not stored
    finish = cli("index", "--json", env=env, timeout=300)
    assert finish.returncode == 0, finish.stderr
    report = json.loads(finish.stdout)
    manifest = json.loads((index / "manifest.json").read_text())
    final_ids = {c for d in manifest["documents"].values() for c in d["chunks"]}
    assert report["added"] == len(final_ids - after_kill) > 0
    assert report["removed"] == len(after_kill - final_ids) == 0
    assert report["documents"] == 1 + len(TOPICS) and report["skipped"] == []
    _assert_whole(settings, report["chunks"])

    bot = Assistant.load(settings=settings, build=False, embeddings=paper_bot.embeddings)
    answer = bot.ask("What carries most of the data traffic between the allies?")
    check_answer(answer, bot)
    assert any(c.doc_id == "briefing-0.md" for c in answer.citations), answer.text
    _forget_embedded_system(settings.chroma_dir)


# ---------------------------------------------------------------------------------------------
# Server mode: the Chroma server goes away under a loaded assistant, then comes back


@pytest.mark.slow
def test_loaded_assistant_survives_the_chroma_server_going_away(
    hash_settings: Settings, tmp_path: Path
) -> None:
    from tests.test_server_mode import _free_port, start_chroma

    port = _free_port()
    data = tmp_path / "server-data"
    server = start_chroma(data, port)
    try:
        settings = hash_settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{port}"})
        build_index(settings)
        bot = Assistant.load(settings=settings)
        expected = bot.ask(QUESTION).to_dict()
        server.terminate()
        server.wait(10)
        # a clear error of the library's own type, quickly, for answers and retrieval alike
        for call in (lambda: bot.ask(QUESTION), lambda: bot.retrieve(QUESTION, k=3)):
            started = time.monotonic()
            with pytest.raises(IndexUnavailableError, match="Chroma server"):
                call()
            assert time.monotonic() - started < 10
        server = start_chroma(data, port)
        assert bot.ask(QUESTION).to_dict() == expected  # the same client works again
    finally:
        server.terminate()
        server.wait(10)
