"""The index: build, no-op, incremental add/edit/delete, fingerprints, recovery."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.errors import CorpusError, IndexUnavailableError
from briefing_bot.index import Store, build_index, index_status, open_index
from tests.servers import ROOT

EXTRA = (
    "# Extra note\n\n## Budget\n\nThe pilot programme costs nine million won. "
    "It starts in spring.\n"
)


def test_build_then_noop(hash_settings: Settings) -> None:
    first = build_index(hash_settings)
    assert first.documents == 1 and first.added == first.chunks > 20 and first.removed == 0
    second = build_index(hash_settings)
    assert (second.added, second.removed, second.unchanged) == (0, 0, first.chunks)
    assert index_status(hash_settings)[0] == "current"
    manifest = json.loads((hash_settings.index_dir / "manifest.json").read_text())
    counts = manifest["counts"]
    assert (counts["documents"], counts["chunks"]) == (1, first.chunks)
    assert counts["sentences"] == Store(hash_settings).counts()[1] > first.chunks
    assert manifest["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"


def test_incremental_add_edit_delete(hash_settings: Settings) -> None:
    base = build_index(hash_settings)
    extra = hash_settings.corpus_dir / "extra.md"
    extra.write_text(EXTRA)
    added = build_index(hash_settings)
    assert added.documents == 2 and added.added == 1 and added.removed == 0
    assert added.unchanged == base.chunks

    extra.write_text(EXTRA.replace("nine", "ten"))
    edited = build_index(hash_settings)
    assert (edited.added, edited.removed) == (1, 1)

    extra.unlink()
    deleted = build_index(hash_settings)
    assert (deleted.added, deleted.removed, deleted.chunks) == (0, 1, base.chunks)
    store = Store(hash_settings)
    ids = store.ids()
    assert len(ids) == base.chunks  # never a duplicate or a leftover
    assert store.sentences.count() == sum(len(c.sentences) for c in store.all_chunks())


def test_noop_does_not_load_a_model(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(hash_settings)
    import briefing_bot.embeddings as emb

    monkeypatch.setattr(emb, "get_embeddings", lambda *_: pytest.fail("model loaded"))
    assert build_index(hash_settings).added == 0


def test_settings_change_rebuilds(hash_settings: Settings) -> None:
    first = build_index(hash_settings)
    smaller = hash_settings.model_copy(update={"chunk_max_tokens": 80})
    assert index_status(smaller)[0] == "stale"
    second = build_index(smaller)
    assert second.chunks > first.chunks and second.added == second.chunks


def test_open_builds_missing_and_updates_stale(hash_settings: Settings) -> None:
    messages: list[str] = []
    index = open_index(hash_settings, message=messages.append)
    assert "building" in messages[-1] and index.chunks
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)
    index = open_index(hash_settings, message=messages.append)
    assert "updating" in messages[-1]
    assert any(c.doc_id == "extra.md" for c in index.chunks)
    with pytest.raises(IndexUnavailableError):
        (hash_settings.corpus_dir / "extra.md").unlink()
        open_index(hash_settings, build=False)


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "absent", index_dir=tmp_path / "i")
    with pytest.raises(CorpusError, match="corpus folder not found"):
        build_index(settings)


def test_corrupt_manifest_and_deleted_store_recover(hash_settings: Settings) -> None:
    built = build_index(hash_settings)
    (hash_settings.index_dir / "manifest.json").write_text("{not json")
    index = open_index(hash_settings)
    assert len(index.chunks) == built.chunks
    shutil.rmtree(hash_settings.index_dir / "chroma")
    index = open_index(hash_settings)
    assert len(index.chunks) == built.chunks
    assert build_index(hash_settings, rebuild=True).added == built.chunks


def test_bad_files_are_skipped_with_reasons(hash_settings: Settings) -> None:
    corpus = hash_settings.corpus_dir
    (corpus / "empty.md").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    report = build_index(hash_settings)
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"empty.md", "binary.txt", "broken.pdf"}
    assert report.documents == 1 and report.chunks > 20


def test_assistant_chunks(hash_settings: Settings) -> None:
    bot = Assistant.load(settings=hash_settings)
    chunks = bot.chunks()
    assert chunks[0].kind == "about" and "Scott Snyder" in chunks[0].text
    assert {c.doc_id for c in chunks} == {
        "snyder-from-security-alliance-to-technology-partnership.md"
    }


def test_cli_index_json_twice(hash_settings: Settings) -> None:
    env_args = ["--corpus", str(hash_settings.corpus_dir), "--index", str(hash_settings.index_dir)]
    cmd = [sys.executable, "-m", "tests.fake_cli", "index", "--json", *env_args]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(Path.home()),
    }
    first = json.loads(
        subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    )
    second = json.loads(
        subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    )
    assert set(first) >= {"documents", "chunks", "added", "removed", "unchanged", "seconds"}
    assert first["added"] > 0 and second["added"] == 0 and second["unchanged"] == first["chunks"]


def test_cli_missing_corpus_message(tmp_path: Path) -> None:
    proc = subprocess.run(  # noqa: PLW1510
        [
            sys.executable,
            "-m",
            "briefing_bot",
            "index",
            "--corpus",
            str(tmp_path / "x"),
            "--index",
            str(tmp_path / "i"),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
    )
    assert proc.returncode == 2
    assert "corpus folder not found" in proc.stderr and "Traceback" not in proc.stderr
