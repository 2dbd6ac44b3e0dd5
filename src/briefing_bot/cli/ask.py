"""``briefing-bot ask``: answer one question."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from briefing_bot.cli._common import message, print_json, progress_bar
from briefing_bot.config import Settings


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser("ask", parents=[common], help="answer one question")
    p.add_argument("question", nargs="+", help="the question ('-' reads standard input)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    command("ask")(cmd_ask)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.answering.types import clean_question
    from briefing_bot.assistant import Assistant

    question = " ".join(args.question)
    if question.strip() == "-":
        question = sys.stdin.read()
    clean_question(question, settings)  # an empty question fails before the index loads
    with Assistant.load(settings=settings, message=message, progress=progress_bar()) as bot:
        answer = bot.ask(question)
    if args.json:
        print_json(answer.to_dict())
    else:
        print(answer.to_markdown())
    return 0
