"""The works a document cites: its endnote registry, adding documents, fetching cited sources.

A paper rests on its endnotes. This package lists every endnote with the passages that cite
it (:func:`source_registry`), adds a Markdown, text, HTML or PDF document to the corpus from a
file or an http(s) URL (:func:`add_document`), downloads the works the endnotes cite into the
corpus from wherever they still live — the original, a known archive, the Wayback Machine —
each linked to its endnote with its provenance (:func:`fetch_sources`), and sets each claim of
the paper beside the closest passage of the work it cites (:func:`matching_source_passage`,
:func:`claims_beside_sources`).

Modules: ``registry`` (endnotes, provenance, claims beside sources), ``fetch`` (bounded,
polite HTTP), ``archives`` (archive rules and the Wayback Machine), ``completeness`` (paywall
and partial-text heuristics), ``ingest`` (adding documents atomically), ``works`` (fetching
the cited works).
"""

from briefing_bot.sources.archives import ArchiveRule, ArchiveRulesError, load_archive_rules
from briefing_bot.sources.fetch import (
    USER_AGENT,
    Download,
    FetchError,
    HTTPStatusError,
    Politeness,
    check_url,
    fetch_url,
    http_client,
)
from briefing_bot.sources.ingest import AddedDocument, add_document, slugify, store_document
from briefing_bot.sources.registry import (
    MIN_MATCH_SCORE,
    WEAK_MATCH_SCORE,
    ClaimBesideSource,
    CorpusView,
    claims_beside_sources,
    describe_copy,
    matching_source_passage,
    provenance,
    source_registry,
)
from briefing_bot.sources.works import FetchReport, FetchResult, fetch_sources

__all__ = [
    "MIN_MATCH_SCORE",
    "USER_AGENT",
    "WEAK_MATCH_SCORE",
    "AddedDocument",
    "ArchiveRule",
    "ArchiveRulesError",
    "ClaimBesideSource",
    "CorpusView",
    "Download",
    "FetchError",
    "FetchReport",
    "FetchResult",
    "HTTPStatusError",
    "Politeness",
    "add_document",
    "check_url",
    "claims_beside_sources",
    "describe_copy",
    "fetch_sources",
    "fetch_url",
    "http_client",
    "load_archive_rules",
    "matching_source_passage",
    "provenance",
    "slugify",
    "source_registry",
    "store_document",
]
