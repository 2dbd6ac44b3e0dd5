"""``sources``, ``add`` and ``fetch-sources``: the works the paper cites, and adding documents."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_bot.chunking import Chunk
    from briefing_bot.config import Settings
    from briefing_bot.index import BuildReport, Index


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "sources",
        parents=[common],
        help="list the endnotes and the passages that cite them",
    )
    p.add_argument("--json", action="store_true", help="print the registry as JSON")
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
        help="download the works the endnotes cite into the corpus",
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


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


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
    registry = source_registry(_IndexView(index))
    if args.json:
        _print_json(registry)
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
            print(f"    in the corpus as {held['doc_id']}")
    if not registry:
        print("no endnotes in the corpus")
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.sources import add_document

    settings = _with_fetch_options(args, settings)
    added = add_document(settings, args.source, title=args.title, update_index=not args.no_index)
    if args.json:
        _print_json(added.as_dict())
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
        _print_json(report.as_dict())
    else:
        for r in report.results:
            where = f" → {r.source_doc}" if r.source_doc else ""
            why = f": {r.reason}" if r.reason else ""
            print(f"endnote {r.endnote} [{r.status}] {r.url}{where}{why}")
        print(
            f"{len(report.added)} added, {len(report.failed)} failed, "
            f"{len(report.results) - len(report.added) - len(report.failed)} already in the corpus"
        )
        if report.added:
            print(_index_line(report.index))
    # Nothing fetched although something was tried: a failure for scripts and CI.
    return 1 if report.failed and not report.added else 0
