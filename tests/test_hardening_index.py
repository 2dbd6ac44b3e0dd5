"""Hardening of the index (issue 15 items 2-5): an empty corpus folder, valid JSON of the wrong
shape, a garbled store, concurrent builds, a full disk and a read-only folder. Fast: the hash
fake embedding; the two-indexes-on-one-server test runs a real `chroma run` (slow)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.errors import CorpusError, IndexUnavailableError
from briefing_bot.index import Store, build_index, open_index
from briefing_bot.index.lock import index_lock
from tests.answer_contract import check_answer
from tests.servers import ROOT, clean_env, cli

EXTRA = (
    "# Extra note\n\n## Budget\n\nThe pilot programme costs nine million won. "
    "It starts in spring.\n"
)


def _manifest(settings: Settings) -> dict[str, Any]:
    return json.loads((settings.index_dir / "manifest.json").read_text())


def _env(settings: Settings) -> dict[str, str]:
    return clean_env(
        BRIEFING_BOT_CORPUS_DIR=str(settings.corpus_dir),
        BRIEFING_BOT_INDEX_DIR=str(settings.index_dir),
    )


# ---------------------------------------------------------------------------------------------
# 2. An empty corpus folder does not empty the index


def test_an_empty_corpus_folder_is_refused_unless_allowed(hash_settings: Settings) -> None:
    built = build_index(hash_settings)
    before = (hash_settings.index_dir / "manifest.json").read_text()
    for path in hash_settings.corpus_dir.iterdir():
        path.unlink()
    with pytest.raises(CorpusError, match="--allow-empty"):
        build_index(hash_settings)
    with pytest.raises(CorpusError, match="--allow-empty"):
        build_index(hash_settings, rebuild=True)
    assert (hash_settings.index_dir / "manifest.json").read_text() == before
    assert Store(hash_settings).count() == built.chunks
    # a server's automatic update refuses too, and says so
    with pytest.raises(CorpusError, match="holds no documents"):
        open_index(hash_settings)
    emptied = build_index(hash_settings, allow_empty=True)
    assert (emptied.documents, emptied.chunks, emptied.removed) == (0, 0, built.chunks)


def test_cli_index_refuses_an_empty_corpus_with_one_line(hash_settings: Settings) -> None:
    build_index(hash_settings)
    for path in hash_settings.corpus_dir.iterdir():
        path.unlink()
    refused = cli("index", env=_env(hash_settings), fake_embeddings=True)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("error: ") and "--allow-empty" in refused.stderr
    allowed = cli("index", "--allow-empty", "--json", env=_env(hash_settings), fake_embeddings=True)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["documents"] == 0


# ---------------------------------------------------------------------------------------------
# 4. Valid JSON of the wrong shape, and a garbled store, are found and repaired

WRONG_MANIFESTS = {
    "counts a string": lambda m: {**m, "counts": "many"},
    "documents a list": lambda m: {**m, "documents": []},
    "chunks not strings": lambda m: {
        **m,
        "documents": {d: {**v, "chunks": [1, 2]} for d, v in m["documents"].items()},
    },
    "fingerprint a number": lambda m: {**m, "fingerprint": 42},
    "a list": lambda m: [m],
    "null": lambda m: None,
}


@pytest.mark.parametrize("name", sorted(WRONG_MANIFESTS))
def test_a_manifest_of_the_wrong_shape_is_corrupt_and_repaired(
    hash_settings: Settings, name: str
) -> None:
    built = build_index(hash_settings)
    path = hash_settings.index_dir / "manifest.json"
    path.write_text(json.dumps(WRONG_MANIFESTS[name](json.loads(path.read_text()))))
    with pytest.raises(IndexUnavailableError, match=r"corrupt.*index --rebuild"):
        open_index(hash_settings, build=False)
    index = open_index(hash_settings)  # repairs itself
    assert len(index.chunks) == built.chunks
    assert _manifest(hash_settings)["counts"]["chunks"] == built.chunks


def test_cli_index_repairs_a_manifest_of_the_wrong_shape(hash_settings: Settings) -> None:
    built = build_index(hash_settings)
    path = hash_settings.index_dir / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "counts": [1, 2]}))
    proc = cli("index", "--json", env=_env(hash_settings), fake_embeddings=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert json.loads(proc.stdout)["chunks"] == built.chunks


WRONG_REGISTRIES = {
    "title a number": lambda r: {d: {**v, "title": 5} for d, v in r.items()},
    "paragraphs a dict": lambda r: {d: {**v, "paragraphs": {}} for d, v in r.items()},
    "a paragraph without text": lambda r: {
        d: {**v, "paragraphs": [{"number": 1}]} for d, v in r.items()
    },
    "a list": lambda r: list(r.values()),
}


@pytest.mark.parametrize("name", sorted(WRONG_REGISTRIES))
def test_a_registry_of_the_wrong_shape_is_rebuilt(hash_settings: Settings, name: str) -> None:
    built = build_index(hash_settings)
    path = hash_settings.index_dir / "documents.json"
    good = json.loads(path.read_text())
    path.write_text(json.dumps(WRONG_REGISTRIES[name](good)))
    with pytest.raises(IndexUnavailableError):
        open_index(hash_settings, build=False)
    bot = Assistant.load(settings=hash_settings)
    assert bot.documents() == good and len(bot.chunks()) == built.chunks
    # the rebuilt index answers: its word index finds the question's passage (the fake
    # embeddings' vector rankings are noise) and the answer is well formed
    question = "What is the Minerals Security Partnership?"
    found = bot.retriever.search(question, 3, weights=(0.0, 1.0, 0.0))
    assert "Minerals Security Partnership" in found[0].chunk.text
    check_answer(bot.ask(question), bot)
    again = build_index(hash_settings)
    assert again.added == 0 and json.loads(path.read_text()) == good


def test_plain_index_notices_a_garbled_store_and_rebuilds_it(hash_settings: Settings) -> None:
    from briefing_bot.index import _forget_embedded_system

    built = build_index(hash_settings)
    _forget_embedded_system(hash_settings.chroma_dir)
    db = hash_settings.chroma_dir / "chroma.sqlite3"
    size = db.stat().st_size
    with db.open("r+b") as fh:  # keep the header page, garble the rest
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    report = build_index(hash_settings)
    assert report.rebuilt and report.added == built.chunks
    index = open_index(hash_settings, build=False)
    assert len(index.chunks) == built.chunks
    assert build_index(hash_settings).added == 0


def test_a_store_that_lost_chunks_is_repaired_by_plain_index(hash_settings: Settings) -> None:
    built = build_index(hash_settings)
    store = Store(hash_settings)
    lost = sorted(store.ids())[:5]
    store.delete(lost)
    report = build_index(hash_settings)  # the manifest alone would say "unchanged"
    assert report.added == 5 and Store(hash_settings).count() == built.chunks


# ---------------------------------------------------------------------------------------------
# 5. One lock: a second build waits and does not redo the work; disk full; read-only folder


def test_concurrent_builds_do_the_work_once(hash_settings: Settings) -> None:
    env = _env(hash_settings)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.fake_cli", "index", "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    reports = [json.loads(out) for out, _ in outs]
    chunks = reports[0]["chunks"]
    assert sorted(r["added"] for r in reports) == [0, chunks], reports
    assert Store(hash_settings).count() == chunks


def test_a_build_waits_for_the_lock_and_then_finds_the_work_done(
    hash_settings: Settings,
) -> None:
    first = build_index(hash_settings)
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)
    messages: list[str] = []
    results: list[Any] = []
    with index_lock(hash_settings.index_dir, exclusive=True):
        worker = threading.Thread(
            target=lambda: results.append(build_index(hash_settings, message=messages.append))
        )
        worker.start()
        time.sleep(1.0)
        assert worker.is_alive() and not results  # waiting for the lock
        assert messages and "waiting" in messages[0]
        done = build_index(hash_settings)  # this thread holds the lock: its own build runs
    worker.join(60)
    assert done.added > 0 and results and results[0].added == 0
    assert results[0].chunks == done.chunks > first.chunks


def _old_index_still_serves(settings: Settings, chunks: int) -> None:
    paper_only = settings.model_copy(update={"corpus_dir": settings.corpus_dir.parent / "p"})
    paper_only.corpus_dir.mkdir(exist_ok=True)
    for path in settings.corpus_dir.iterdir():
        if path.name != "extra.md":
            shutil.copy(path, paper_only.corpus_dir / path.name)
    index = open_index(paper_only, build=False)
    assert len(index.chunks) == chunks


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_index(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_index(hash_settings)
    before = (hash_settings.index_dir / "manifest.json").read_text()
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(IndexUnavailableError, match=r"disk is full.*unchanged"):
        build_index(hash_settings)
    monkeypatch.undo()
    assert (hash_settings.index_dir / "manifest.json").read_text() == before
    assert not list(hash_settings.index_dir.glob(".*.tmp"))  # no half-written file left
    _old_index_still_serves(hash_settings, built.chunks)
    # space again: the update goes through (adopting what the failed run had stored)
    again = build_index(hash_settings)
    assert again.documents == 2 and again.chunks > built.chunks


def test_a_read_only_index_folder_is_a_clear_error_and_still_reads(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_index(hash_settings)
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(IndexUnavailableError, match="read-only"):
        build_index(hash_settings)
    monkeypatch.undo()
    _old_index_still_serves(hash_settings, built.chunks)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs (root only: skipped where mounting is not permitted)."""
    where = tmp_path / "tiny"
    where.mkdir()
    mounted = subprocess.run(  # noqa: PLW1510
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here; the monkeypatched test covers it")
    try:
        yield where
    finally:
        from briefing_bot.index import _forget_embedded_system

        _forget_embedded_system(where / "index" / "chroma")
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_really_full_disk_keeps_the_old_index(hash_settings: Settings, tiny_disk: Path) -> None:
    settings = hash_settings.model_copy(update={"index_dir": tiny_disk / "index"})
    built = build_index(settings)
    # fill the disk, then ask for an update that needs room
    filler = tiny_disk / "filler"
    with filler.open("wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    (settings.corpus_dir / "extra.md").write_text(EXTRA * 40)
    with pytest.raises(IndexUnavailableError) as caught:
        build_index(settings)
    message = str(caught.value)
    assert "disk" in message and "--rebuild" not in message and "unchanged" in message
    _old_index_still_serves(settings, built.chunks)
    filler.unlink()
    again = build_index(settings)
    assert again.documents == 2 and again.chunks > built.chunks
