"""``briefing-bot calibrate``: refit the answer layer's decision models on dev files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from briefing_bot.cli._common import message, print_json
from briefing_bot.config import Settings


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "calibrate",
        parents=[common],
        help="refit the answer/abstain and sentence models on dev questions",
        description="Fit the grounded answerer's two logistic models on dev Q&A files (default: "
        "eval/*/dev*.jsonl; a file beside a corpus/ folder is asked over that corpus's own "
        "index) and write the calibration (default: the one the package ships). Test files "
        "are refused. Also reports a leave-one-document-out check of the answer/refuse cut.",
    )
    p.add_argument(
        "--qa",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="dev questions (JSONL); repeatable",
    )
    p.add_argument("--out", type=Path, help="where to write the calibration JSON")
    command("calibrate")(cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.answering.calibration import (
        calibrate,
        default_dev_files,
        guard,
        score_totals,
    )

    paths = list(args.qa) or default_dev_files()
    for path in paths:
        guard(path)  # before anything is loaded: a test file is an error at once
    message(f"calibrating on {len(paths)} dev file(s)")
    data = calibrate(settings, paths, args.out)
    keys = ("fingerprint", "counts", "dev_files", "cross_document")
    summary = {k: data[k] for k in keys if k in data}
    # the dev questions answered three ways, summed over the documents: each document by a fit
    # without it, by this fit, and by the calibration shipped before it (on today's code)
    summary["totals"] = {
        k: score_totals(data[k])
        for k in ("leave_one_document_out", "in_sample", "shipped_in_sample")
        if data.get(k)
    }
    print_json(summary)
    return 0
