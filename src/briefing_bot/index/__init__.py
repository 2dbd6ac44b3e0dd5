"""The index: a Chroma collection of chunks (and one of their sentences) plus local companions.

``index_dir`` holds ``manifest.json`` (fingerprints, counts, build time), ``documents.json``
(document metadata, paragraphs and the endnote registry) and, for embedded mode, ``chroma/``.
With ``chroma_url`` set, the collections live on a Chroma server instead.

Builds are incremental and safe to kill: a chunk id is derived from document and content, new
chunks are written before old ones are deleted, each chunk after its sentences, and the
manifest last. A killed build leaves the old index usable; the next run sees what is already
in the store and finishes the job. Everything opens the index through :func:`open_index`.

Modules: ``manifest`` (fingerprints, manifest and registry files) → ``store`` (Chroma) →
``build`` (:func:`build_index`) → ``loaded`` (:func:`open_index`, :class:`Index`).
"""

from briefing_bot.index.build import BuildReport, Message, Progress, build_index, document_record
from briefing_bot.index.loaded import Index, open_index, remove_index
from briefing_bot.index.manifest import (
    DOCUMENTS,
    FORMAT_VERSION,
    MANIFEST,
    corpus_state,
    fingerprint,
    index_status,
    read_manifest,
)
from briefing_bot.index.store import Store, _forget_embedded_system, chroma_client

__all__ = [
    "DOCUMENTS",
    "FORMAT_VERSION",
    "MANIFEST",
    "BuildReport",
    "Index",
    "Message",
    "Progress",
    "Store",
    "_forget_embedded_system",
    "build_index",
    "chroma_client",
    "corpus_state",
    "document_record",
    "fingerprint",
    "index_status",
    "open_index",
    "read_manifest",
    "remove_index",
]
