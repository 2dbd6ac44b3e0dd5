"""``briefing-bot index``: build or update the index."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from briefing_bot.cli._common import message, print_json, progress_bar
from briefing_bot.config import Settings


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser("index", parents=[common], help="build or update the index")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it anew")
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="let an empty corpus folder empty the index (refused otherwise)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON report")
    command("index")(cmd_index)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.index import build_index

    report = build_index(
        settings,
        rebuild=args.rebuild,
        allow_empty=args.allow_empty,
        progress=progress_bar(),
        message=message,
    )
    if args.json:
        print_json(report.as_dict())
    else:
        print(
            f"{report.documents} documents, {report.chunks} chunks: {report.added} added, "
            f"{report.removed} removed, {report.moved} moved, {report.unchanged} unchanged "
            f"({report.seconds:.2f} s)"
        )
        for skip in report.skipped:
            kept = " (kept the previously indexed version)" if skip.get("kept") else ""
            print(f"skipped {skip['path']}: {skip['reason']}{kept}", file=sys.stderr)
    return 0
