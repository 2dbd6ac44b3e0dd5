"""``briefing-bot eval``: run the evaluation suites, write the report, gate on the baseline.

Exit status: 0 when the gate passes (or there is no baseline, or the baseline was just
updated), 1 when a gate rule is broken, 2 on an error (bad item file, missing index), as for
every command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefing_bot.cli._common import message, print_json
from briefing_bot.config import Settings
from briefing_bot.evaluation.items import EVAL_DIR, SUITE_NAMES  # light: pydantic, config

DEFAULT_BASELINE = EVAL_DIR / "baseline.json"
DEFAULT_ALLOW = EVAL_DIR / "allow.yaml"


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "eval",
        parents=[common],
        help="evaluate answers and briefings on the dev and test suites; fail on a regression",
        description=(
            "Run the evaluation suites (paper dev and test, the second document's test set, and "
            "the briefing suites when the assistant can brief), write the report, and compare "
            "with the baseline. Exit 1 when a gate rule is broken (see eval/README.md)."
        ),
    )
    p.add_argument(
        "--suite",
        action="append",
        choices=list(SUITE_NAMES),
        default=[],
        help="run this suite (repeatable; a suite's other split comes along); default: all",
    )
    p.add_argument(
        "--split",
        choices=["dev", "test"],
        help="run only this split's suites (tuning runs use --split dev: no test result shown; "
        "the gate then compares those suites only)",
    )
    p.add_argument(
        "--qa",
        type=Path,
        help="an ad-hoc item file (Q&A or briefing items) on the configured index",
    )
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="baseline JSON")
    p.add_argument(
        "--allow",
        type=Path,
        default=DEFAULT_ALLOW,
        help="allow-list of items that may fail, with reasons (YAML)",
    )
    p.add_argument("--report", type=Path, help="write report.json and report.md into this folder")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="store this run's suites (metrics and per-item results) in the baseline",
    )
    p.add_argument(
        "--answerer",
        choices=["grounded", "generative"],
        help="answerer to evaluate (default: the configured one)",
    )
    p.add_argument(
        "--scratch",
        type=Path,
        help="folder for the indexes of the eval's own documents "
        "(default: ~/.cache/briefing-bot/eval-indexes)",
    )
    command("eval")(cmd_eval)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.assistant import Assistant
    from briefing_bot.evaluation import (
        DocumentBots,
        EvaluationError,
        adhoc_suite,
        gate,
        load_allow_list,
        load_baseline,
        make_baseline,
        render_summary,
        run_suites,
        select_suites,
        write_baseline,
        write_report,
    )
    from briefing_bot.evaluation.report import report_dict

    if args.answerer:
        settings = settings.model_copy(update={"answerer": args.answerer})
    can_brief = hasattr(Assistant, "brief")
    suites, notes = (
        select_suites(args.suite, briefs=can_brief, split=args.split)
        if args.suite or args.split or not args.qa
        else ([], [])
    )
    if args.split and args.update_baseline:
        message("error: --update-baseline stores every suite; run it without --split")
        return 2
    if args.qa:
        extra = adhoc_suite(args.qa)
        if extra.kind == "brief" and not can_brief:
            message(f"error: {args.qa} holds briefing items, and the assistant has no brief()")
            return 2
        suites.append(extra)
    for suite in suites:  # a malformed item file fails before any index loads
        suite.load()
    try:
        baseline = load_baseline(args.baseline)
    except EvaluationError as exc:
        if not args.update_baseline:
            raise
        # an old or damaged baseline is what --update-baseline replaces: no reason to stop
        message(f"warning: {exc}; writing a new one")
        baseline = None
    allow = load_allow_list(args.allow)
    bots = DocumentBots(settings, scratch=args.scratch, message=message)
    message(
        f"evaluating {', '.join(s.name for s in suites)} with the {settings.answerer} answerer…"
    )
    try:
        report = run_suites(suites, bots, notes=notes, progress=_progress)
    finally:
        bots.close()
    result = gate(
        report, baseline, allow, full_run=not args.suite and not args.qa and not args.split
    )
    if args.report:
        json_path, md_path = write_report(args.report, report, baseline, result)
        message(f"report: {md_path} ({json_path.name} beside it)")
    if args.json:
        print_json(report_dict(report, result))
    else:
        print(render_summary(report, baseline, result))
    if args.update_baseline:
        path = write_baseline(args.baseline, make_baseline(report, baseline))
        message(f"baseline written: {path}")
        return 0
    return 0 if result.passed else 1


def _progress(name: str, done: int, total: int) -> None:
    if done == total:
        print(f"{name}: {total} items scored", file=sys.stderr)
