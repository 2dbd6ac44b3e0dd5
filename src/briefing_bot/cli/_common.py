"""What the command modules share: the handler registry and the output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from briefing_bot.config import Settings

Command = Callable[[argparse.Namespace, Settings], int]
COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    """Register ``fn`` as the handler of the sub-command ``name``."""

    def register(fn: Command) -> Command:
        COMMANDS[name] = fn
        return fn

    return register


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def message(text: str) -> None:
    print(text, file=sys.stderr)


def progress_bar() -> Callable[[str, int, int], None] | None:
    """A tqdm progress callback on a terminal; ``None`` when stderr is not one."""
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
