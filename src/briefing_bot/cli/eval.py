"""``briefing-bot eval``: score retrieval and answers on the Q&A set and gate on a baseline.

Exit status: 0 when no gated metric regressed (or no baseline exists), 1 on a regression,
2 on an error (bad Q&A file, missing index), as for every command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefing_bot.config import PROJECT_ROOT, Settings

DEFAULT_QA = PROJECT_ROOT / "eval" / "qa.jsonl"
DEFAULT_BASELINE = PROJECT_ROOT / "eval" / "baseline.json"


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "eval",
        parents=[common],
        help="evaluate retrieval and answers on the Q&A set; fail on a regression",
        description=(
            "Ask every question of the Q&A set, score retrieval and answers, compare with the "
            "baseline. Exit 1 when a gated metric falls outside its tolerance."
        ),
    )
    p.add_argument("--qa", type=Path, default=DEFAULT_QA, help="Q&A set (JSON Lines)")
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="baseline JSON")
    p.add_argument("--report", type=Path, help="write report.json and report.md into this folder")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="write this run's metrics and per-question results as the new baseline",
    )
    p.add_argument(
        "--answerer",
        choices=["grounded", "generative"],
        help="answerer to evaluate (default: the configured one)",
    )
    command("eval")(cmd_eval)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.assistant import Assistant
    from briefing_bot.evaluation import (
        evaluate,
        file_digest,
        gate,
        load_baseline,
        load_qa,
        make_baseline,
        render_summary,
        write_baseline,
        write_report,
    )

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    if args.answerer:
        settings = settings.model_copy(update={"answerer": args.answerer})
    items = load_qa(args.qa)
    baseline = load_baseline(args.baseline)
    bot = Assistant.load(settings=settings, message=say)
    say(f"evaluating {len(items)} questions with the {settings.answerer} answerer…")
    report = evaluate(bot, items, qa_digest=file_digest(args.qa))
    result = gate(report, baseline)
    if args.report:
        json_path, md_path = write_report(args.report, report, baseline, result)
        say(f"report: {md_path} ({json_path.name} beside it)")
    if args.json:
        data = {**report.as_dict(), "gate": result.as_dict()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_summary(report, baseline, result))
    if args.update_baseline:
        path = write_baseline(args.baseline, make_baseline(report, baseline))
        say(f"baseline written: {path}")
        return 0
    return 0 if result.passed else 1
