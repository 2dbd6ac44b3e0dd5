"""``manifest.json`` and ``documents.json``: what an index holds, and whether it is current.

The manifest records a fingerprint of the corpus files, the chunking settings, the embedding
model and the store; an index whose fingerprint differs from the corpus's is stale. Both files
are validated (pydantic) when read: valid JSON of the wrong shape counts as corrupt, exactly
like a truncated file, so it is rebuilt (or named, with the command that repairs it) instead
of failing later with a traceback."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class ManifestDocument(_Strict):
    sha256: str
    title: str = ""
    chunks: list[str]


class ManifestCounts(_Strict):
    documents: int
    chunks: int
    sentences: int | None = None


class Manifest(_Strict):
    """The fields of ``manifest.json`` the code relies on (others are kept as they are)."""

    format: int
    fingerprint: str
    generation: str = ""
    collections: list[str] = []
    previous_collections: list[str] = []
    documents: dict[str, ManifestDocument]
    skipped: list[dict[str, str]] = []
    counts: ManifestCounts


class RegistryParagraph(_Strict):
    number: int
    section_path: list[str]
    text: str
    page: int | None = None
    kind: str


class RegistryDocument(_Strict):
    """One document of ``documents.json``."""

    doc_id: str
    title: str
    kind: str
    metadata: dict[str, Any]
    endnotes: dict[str, dict[str, Any]]
    paragraphs: list[RegistryParagraph]


_REGISTRY = TypeAdapter(dict[str, RegistryDocument])


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "top level"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The manifest as a dict (validated), or None when there is none.

    Raises:
        IndexUnavailableError: unreadable, not JSON, or JSON of the wrong shape.
    """
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: bad JSON or bytes that aren't UTF-8
        raise IndexUnavailableError(
            f"index manifest is corrupt ({exc}); run `briefing-bot index --rebuild`"
        ) from exc
    try:
        Manifest.model_validate(data)
    except ValidationError as exc:
        raise IndexUnavailableError(
            f"index manifest is corrupt ({_problem(exc)}); run `briefing-bot index --rebuild`"
        ) from None
    return dict(data)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON so that readers see the old file or the new one, never half:
    a temporary file, flushed to disk, renamed over ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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
    """Whether documents.json is there, whole and of the right shape (empty is fine)."""
    try:
        _REGISTRY.validate_python(json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8")))
    except (OSError, ValueError):  # ValidationError is a ValueError
        return False
    return True


def read_registry(index_dir: Path) -> dict[str, Any]:
    """documents.json as a dict; ``{}`` when missing or not of the right shape."""
    try:
        data = json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8"))
        _REGISTRY.validate_python(data)
    except (OSError, ValueError):
        return {}
    return dict(data)
