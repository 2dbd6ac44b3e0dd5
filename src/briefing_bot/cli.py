"""The ``briefing-bot`` command line. Library errors become one-line messages here, and only here.

Heavy imports (models, Chroma, Gradio) happen inside the commands that need them, so
``briefing-bot --help`` and a no-op ``index`` stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefing_bot.config import Settings, get_settings
from briefing_bot.errors import BriefingBotError

Command = Callable[[argparse.Namespace, Settings], int]
_COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        _COMMANDS[name] = fn
        return fn

    return register


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _message(text: str) -> None:
    print(text, file=sys.stderr)


def _progress_bar() -> Callable[[str, int, int], None] | None:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="chunk", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


# ---------------------------------------------------------------------------------------------
# Commands


@command("index")
def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.index import build_index

    report = build_index(settings, rebuild=args.rebuild, progress=_progress_bar())
    if args.json:
        _print_json(report.as_dict())
    else:
        print(
            f"{report.documents} documents, {report.chunks} chunks: {report.added} added, "
            f"{report.removed} removed, {report.unchanged} unchanged ({report.seconds:.2f} s)"
        )
        for skip in report.skipped:
            kept = " (kept the previously indexed version)" if skip.get("kept") else ""
            print(f"skipped {skip['path']}: {skip['reason']}{kept}", file=sys.stderr)
    return 0


@command("ask")
def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.answering.types import clean_question
    from briefing_bot.assistant import Assistant

    question = " ".join(args.question)
    if question.strip() == "-":
        question = sys.stdin.read()
    clean_question(question, settings)  # an empty question fails before the index loads
    bot = Assistant.load(settings=settings, message=_message, progress=_progress_bar())
    answer = bot.ask(question)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(answer.to_markdown())
    return 0


# ---------------------------------------------------------------------------------------------
# Parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", dest="corpus_dir", type=Path, help="corpus folder")
    common.add_argument("--index", dest="index_dir", type=Path, help="index folder")
    common.add_argument("--chroma-url", help="use a Chroma server (http://HOST:PORT)")

    parser = argparse.ArgumentParser(
        prog="briefing-bot",
        description="Offline briefing assistant: answers with checkable citations.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", parents=[common], help="build or update the index")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it anew")
    p.add_argument("--json", action="store_true", help="print a JSON report")

    p = sub.add_parser("ask", parents=[common], help="answer one question")
    p.add_argument("question", nargs="+", help="the question ('-' reads standard input)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")

    _extend_parser(sub, common)
    return parser


def _extend_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Sub-commands defined in other modules register their arguments here."""
    from briefing_bot.commands import add_commands

    add_commands(sub, common, command)


# One-shot commands that write nothing: when run as a process, they end with os._exit once
# their output is flushed. Tearing down the interpreter after Chroma, onnxruntime and numba
# are loaded takes ~1 s on two cores, a fifth of `briefing-bot ask`'s cold start.
_FAST_EXIT = frozenset({"ask"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code = _run(args)
    if argv is None and args.command in _FAST_EXIT:  # a process, not a call from Python
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        settings = get_settings(
            corpus_dir=args.corpus_dir, index_dir=args.index_dir, chroma_url=args.chroma_url
        )
        return _COMMANDS[args.command](args, settings)
    except BriefingBotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0
