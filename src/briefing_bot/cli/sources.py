"""``sources``, ``add`` and ``fetch-sources``: the works the paper cites, and adding documents."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from briefing_bot.cli._common import message, print_json

if TYPE_CHECKING:
    from briefing_bot.chunking import Chunk
    from briefing_bot.config import Settings
    from briefing_bot.index import BuildReport, Index
    from briefing_bot.sources import ClaimBesideSource


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "sources",
        parents=[common],
        help="list the endnotes, the passages citing them and the cited works held",
    )
    p.add_argument("--json", action="store_true", help="print the registry as JSON")
    p.add_argument(
        "--check",
        action="store_true",
        help="list only the claims whose closest source passage is weakly similar (exit 1 if any)",
    )
    command("sources")(cmd_sources)

    p = sub.add_parser(
        "add",
        parents=[common],
        help="add a Markdown, text, HTML or PDF document from a file or URL",
    )
    p.add_argument("source", metavar="PATH_OR_URL", help="a file, or an http(s) URL")
    p.add_argument("--title", help="the document's title (default: its own)")
    _fetch_options(p)
    command("add")(cmd_add)

    p = sub.add_parser(
        "fetch-sources",
        parents=[common],
        help="download the works the endnotes cite (or an archived copy) into the corpus",
    )
    p.add_argument(
        "--doc", action="append", metavar="DOC_ID", help="only this citing document (repeatable)"
    )
    _fetch_options(p)
    command("fetch-sources")(cmd_fetch_sources)


def _positive(kind: type[float] | type[int]) -> Any:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text}")
        return value

    return parse


def _fetch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print a JSON report")
    p.add_argument(
        "--timeout", type=_positive(float), help="seconds per download in all (default 10)"
    )
    p.add_argument(
        "--max-bytes", type=_positive(int), help="largest download in bytes (default 10 MB)"
    )
    p.add_argument("--no-index", action="store_true", help="don't update the index afterwards")


def _with_fetch_options(args: argparse.Namespace, settings: Settings) -> Settings:
    updates = {
        k: v
        for k, v in (("fetch_timeout", args.timeout), ("fetch_max_bytes", args.max_bytes))
        if v is not None
    }
    return settings.model_copy(update=updates) if updates else settings


def _index_line(report: BuildReport | None) -> str:
    if report is None:
        return "index not updated (run `briefing-bot index`)"
    return (
        f"index: {report.documents} documents, {report.chunks} chunks "
        f"({report.added} added, {report.removed} removed)"
    )


class _IndexView:
    """An open index seen as :class:`briefing_bot.sources.CorpusView` (no model needed)."""

    def __init__(self, index: Index) -> None:
        self._index = index

    def documents(self) -> dict[str, Any]:
        return self._index.documents

    def chunks(self) -> list[Chunk]:
        return list(self._index.chunks)


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.index import open_index
    from briefing_bot.sources import source_registry

    index = open_index(settings, message=lambda m: print(m, file=sys.stderr))
    try:
        registry = source_registry(_IndexView(index))
        claims = _claims(index, settings) if any(e["in_corpus"] for e in registry) else []
    finally:
        index.close()
    if args.check:
        weak = [c for c in claims if c.weak]
        if args.json:
            print_json([c.as_dict() for c in weak])
        else:
            for c in weak:
                _print_claim(c, indent="")
            print(f"{len(weak)} of {len(claims)} claims weakly similar to their cited source")
        return 1 if weak else 0
    if args.json:
        for entry in registry:
            key = (entry["doc_id"], entry["number"])
            entry["beside"] = [c.as_dict() for c in claims if (c.doc_id, c.endnote) == key]
        print_json(registry)
        return 0
    for entry in registry:
        parts = [entry["publisher"], f"“{entry['title']}”" if entry["title"] else None]
        label = ", ".join(p for p in [*parts, entry["date"]] if p) or entry["text"]
        print(f"[{entry['number']}] {label}  ({entry['doc_id']})")
        for src in entry["sources"][1:]:
            print(f"    also: {src.get('publisher') or ''} “{src.get('title')}”".rstrip())
        for src in entry["sources"]:
            if src.get("url"):
                print(f"    {src['url']}")
        for passage in entry["citing_passages"]:
            print(f"    cited at {passage['locator']}: “{passage['sentence']}”")
        for held in entry["in_corpus"]:
            print(f"    in the corpus as {held['doc_id']}: {held['copy']}")
        for c in claims:
            if (c.doc_id, c.endnote) == (entry["doc_id"], entry["number"]):
                _print_claim(c, indent="    ")
    if not registry:
        print("no endnotes in the corpus")
    return 0


def _claims(index: Index, settings: Settings) -> list[ClaimBesideSource]:
    """The claims beside their sources: needs the embedding model, so only when a cited work
    is in the corpus."""
    from briefing_bot.assistant import Assistant
    from briefing_bot.embeddings import get_embeddings
    from briefing_bot.sources import claims_beside_sources

    with Assistant(index, get_embeddings(settings)) as bot:
        return claims_beside_sources(bot)


def _print_claim(c: ClaimBesideSource, indent: str) -> None:
    flag = "  WEAK" if c.weak else ""
    print(f"{indent}claim [{c.endnote}] at {c.locator}: “{c.claim}”")
    if c.passage is None:
        print(f"{indent}  source {c.source_doc} has no passage to compare{flag}")
    else:
        print(
            f"{indent}  source {c.source_doc} ({c.passage_locator}), "
            f"similarity {c.score:.2f}{flag}: “{c.passage}”"
        )


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.sources import add_document

    settings = _with_fetch_options(args, settings)
    added = add_document(settings, args.source, title=args.title, update_index=not args.no_index)
    if args.json:
        print_json(added.as_dict())
        return 0
    print(f"added {added.doc_id}: “{added.title}” ({added.kind}, {added.paragraphs} paragraphs)")
    for key in ("url", "retrieved"):
        if added.metadata.get(key):
            print(f"    {key}: {added.metadata[key]}")
    print(_index_line(added.index))
    return 0


def cmd_fetch_sources(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.sources import fetch_sources

    settings = _with_fetch_options(args, settings)
    report = fetch_sources(settings, doc_ids=args.doc, update_index=not args.no_index)
    if args.json:
        print_json(report.as_dict())
    else:
        for r in report.results:
            shared = f" (same URL as endnote {r.shared_with})" if r.shared_with else ""
            print(f"endnote {r.endnote} [{_STATUS[r.status]}] {r.url}{shared}")
            if r.source_doc:
                print(f"    → {r.source_doc}: {r.copy}")
            if r.status == "failed" and r.reason:
                print(f"    {r.reason}")
        counts = report.as_dict()
        print(
            f"{counts['fetched']} fetched, {counts['archived']} from archives, "
            f"{counts['partial']} partial, {counts['failed']} failed, "
            f"{counts['present']} already in the corpus"
        )
        if report.added:
            print(_index_line(report.index))
    if report.index_error:
        message(f"error: the index was not updated: {report.index_error}")
        return 1
    # Nothing fetched although something was tried: a failure for scripts and CI.
    return 1 if report.failed and not report.added else 0


_STATUS = {
    "fetched": "fetched",
    "archived": "fetched from archive",
    "partial": "partial: paywalled or incomplete",
    "failed": "failed",
    "present": "already in the corpus",
}
