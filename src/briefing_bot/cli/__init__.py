"""The ``briefing-bot`` command line. Library errors become one-line messages here, and only here.

Each sub-command group is one module of this package defining
``register(sub, common, command)``: it adds its sub-parser to ``sub`` (with
``parents=[common]`` for the shared --corpus/--index/--chroma-url flags) and decorates its
handler with ``@command(NAME)``. Modules whose name starts with ``_`` are helpers.

Heavy imports (models, Chroma, Gradio) happen inside the handlers that need them, so
``briefing-bot --help`` and a no-op ``index`` stay fast: keep module-level imports light.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing_bot.cli._common import COMMANDS, command
from briefing_bot.config import get_settings
from briefing_bot.errors import BriefingBotError

# The order of sub-commands in --help.
_FIRST = ("index", "ask")


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
    names = sorted(
        (m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")),
        key=lambda n: (_FIRST.index(n) if n in _FIRST else len(_FIRST), n),
    )
    for name in names:
        importlib.import_module(f"{__name__}.{name}").register(sub, common, command)
    return parser


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
        return COMMANDS[args.command](args, settings)
    except BriefingBotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0
