"""``briefing-bot brief``: a cited briefing on a topic or a whole document;
``briefing-bot brief-calibrate``: refit the briefing's abstention threshold on dev data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefing_bot.cli._common import message, print_json, progress_bar
from briefing_bot.config import Settings


def _points(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= n <= 12:
        raise argparse.ArgumentTypeError("choose between 1 and 12 points")
    return n


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "brief",
        parents=[common],
        help="a cited briefing on a topic (or the whole corpus)",
        description="A briefing built from the corpus's own sentences: a bottom line and "
        "3–7 cited points. Without a topic it briefs the whole corpus (or --doc).",
    )
    p.add_argument("topic", nargs="*", help="what to brief on (none: the whole corpus)")
    p.add_argument("--points", type=_points, help="number of points, 1–12")
    p.add_argument("--doc", dest="doc_id", help="brief one document (its id: the file name)")
    p.add_argument("--json", action="store_true", help="print the briefing as JSON")
    p.add_argument("--out", type=Path, help="also write the briefing, with references, as Markdown")
    command("brief")(cmd_brief)

    c = sub.add_parser(
        "brief-calibrate",
        parents=[common],
        help="refit the briefing abstention threshold on dev files",
        description="Fit min_coverage on dev questions and dev briefing requests (never a test "
        "split); prints the threshold and what it refuses.",
    )
    c.add_argument("--qa", type=Path, action="append", default=[], help="dev questions (JSONL)")
    c.add_argument("--briefs", type=Path, action="append", default=[], help="dev briefs (JSONL)")
    command("brief-calibrate")(cmd_calibrate)


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.assistant import Assistant

    topic = " ".join(args.topic).strip() or None
    if topic == "-":
        topic = sys.stdin.read().strip() or None
    if args.out is not None and args.out.is_dir():
        print(f"error: {args.out} is a folder; give a file name", file=sys.stderr)
        return 2
    bot = Assistant.load(settings=settings, message=message, progress=progress_bar())
    briefing = bot.brief(topic, points=args.points, doc_id=args.doc_id)
    if args.out is not None:
        try:
            args.out.write_text(briefing.to_markdown(), encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        message(f"briefing written to {args.out}")
    if args.json:
        print_json(briefing.to_dict())
    else:
        print(briefing.to_markdown())
    return 0


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.assistant import Assistant
    from briefing_bot.briefing.calibrate import calibrate

    if not args.qa and not args.briefs:
        print("error: give --qa and/or --briefs dev files", file=sys.stderr)
        return 2
    bot = Assistant.load(settings=settings, message=message, progress=progress_bar())
    try:
        result = calibrate(bot.briefer, args.qa, args.briefs)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_json(result)
    return 0
