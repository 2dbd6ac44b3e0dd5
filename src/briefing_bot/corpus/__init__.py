"""Corpus documents and their structure: sections, paragraphs, sentences and endnotes.

Markdown and text files are parsed directly; HTML is reduced to its main text by trafilatura
and PDF pages are read with pypdf, then both go through the same structural parser
(:mod:`.structure`), which turns ``<sup>N</sup>`` endnote markers into links to a registry of
the endnotes (:mod:`.endnotes`). Modules, bottom up: ``types`` → ``sentences`` → ``markup`` →
``endnotes`` / ``layout`` → ``pagefoot`` / ``paragraphs`` → ``turns`` → ``apparatus`` →
``structure`` → ``readers``.
"""

from briefing_bot.corpus.readers import (
    SUPPORTED_SUFFIXES,
    corpus_files,
    doc_id_for,
    file_sha256,
    iter_documents,
    load_document,
)
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.structure import parse_markdown
from briefing_bot.corpus.types import (
    SECTION_SEPARATOR,
    Endnote,
    Paragraph,
    ParsedDocument,
    Source,
)

__all__ = [
    "SECTION_SEPARATOR",
    "SUPPORTED_SUFFIXES",
    "Endnote",
    "Paragraph",
    "ParsedDocument",
    "Source",
    "corpus_files",
    "doc_id_for",
    "file_sha256",
    "iter_documents",
    "load_document",
    "parse_markdown",
    "split_sentences",
]
