"""``manifest.json`` and ``documents.json``: what an index holds, and whether it is current.

The manifest records a fingerprint of the corpus files, the chunking settings, the embedding
model and the store; an index whose fingerprint differs from the corpus's is stale."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from briefing_bot.config import Settings
from briefing_bot.corpus import corpus_files, doc_id_for, file_sha256
from briefing_bot.errors import IndexUnavailableError

MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
FORMAT_VERSION = 1


def corpus_state(settings: Settings) -> dict[str, str]:
    """``{doc_id: sha256}`` of every indexable corpus file (reads files, parses nothing)."""
    return {
        doc_id_for(p, settings.corpus_dir): _sha_or_unreadable(p)
        for p in corpus_files(settings.corpus_dir)
    }


def _sha_or_unreadable(path: Path) -> str:
    # A file that vanished or can't be read is reported by load_document as skipped, with
    # its reason, instead of aborting the whole run.
    try:
        return file_sha256(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def fingerprint(settings: Settings, state: dict[str, str]) -> str:
    """Hash of everything that changes the index: corpus files, chunking, embedding model."""
    blob = json.dumps(
        {
            "config": settings.index_config_fingerprint(),
            "files": sorted(state.items()),
            "store": store_key(settings),
        },
        sort_keys=True,
    ).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def store_key(settings: Settings) -> str:
    return settings.chroma_url.rstrip("/") if settings.chroma_url else "embedded"


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: bad JSON or bytes that aren't UTF-8
        raise IndexUnavailableError(
            f"index manifest is corrupt ({exc}); run `briefing-bot index --rebuild`"
        ) from exc
    return data if isinstance(data, dict) else None


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def index_status(settings: Settings) -> tuple[str, dict[str, Any] | None]:
    """``("missing" | "stale" | "current", manifest)`` without opening the store."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "missing", None
    if manifest.get("format") != FORMAT_VERSION:
        return "stale", manifest
    state = corpus_state(settings)
    if manifest.get("fingerprint") != fingerprint(settings, state):
        return "stale", manifest
    if not registry_ok(settings.index_dir):
        return "stale", manifest
    return "current", manifest


def registry_ok(index_dir: Path) -> bool:
    """Whether documents.json is there and whole (an empty registry is fine)."""
    try:
        data = json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict)


def read_registry(index_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
