"""``briefing-bot brief``: a cited briefing on a topic or a whole document;
``briefing-bot brief-calibrate``: refit the briefing's abstention cuts and its point scorer on
the dev data of every document, with leave-one-document-out reports."""

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
    p.add_argument(
        "--rephrase",
        action=argparse.BooleanOptionalAction,
        help="let the chat model reword each point (kept only when the verifier finds it in "
        "the cited sentences); default: on when the answerer is generative",
    )
    p.add_argument("--json", action="store_true", help="print the briefing as JSON")
    p.add_argument("--out", type=Path, help="also write the briefing, with references, as Markdown")
    command("brief")(cmd_brief)

    c = sub.add_parser(
        "brief-calibrate",
        parents=[common],
        help="refit the briefing abstention cuts and point scorer on dev files (LODO reports)",
        description="Fit min_coverage, min_absent_similarity and absent_coverage on dev "
        "questions and dev "
        "briefing requests, never a test split. By default every document folder of the eval "
        "directory that holds briefs-dev.jsonl is scored over its own index, with its dev*.jsonl "
        "questions, and a leave-one-document-out table shows what the cuts fitted on the other "
        "documents do to each; the point scorer (P(fact) of a candidate sentence) is fitted on "
        "the dev briefing requests and written beside the composer (points.json), with a "
        "table of the fact groups each document's briefings find without it and with the one "
        "fitted on the other documents. With --qa/--briefs: the cuts only, on the configured "
        "index.",
    )
    c.add_argument(
        "--no-points", action="store_true", help="fit the abstention cuts only, not the scorer"
    )
    c.add_argument(
        "--points-out",
        type=Path,
        help="write the point scorer's weights here (default: beside the composer, when "
        "fitted on the eval's own folders; with --eval-dir, only where this names)",
    )
    c.add_argument("--qa", type=Path, action="append", default=[], help="dev questions (JSONL)")
    c.add_argument("--briefs", type=Path, action="append", default=[], help="dev briefs (JSONL)")
    c.add_argument(
        "--eval-dir", type=Path, help="the folder of document folders (default: the eval's own)"
    )
    c.add_argument("--json", action="store_true", help="print the whole fit as JSON")
    command("brief-calibrate")(cmd_calibrate)


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.assistant import Assistant

    topic = " ".join(args.topic).strip() or None
    if topic == "-":
        topic = sys.stdin.read().strip() or None
    if args.out is not None and args.out.is_dir():
        print(f"error: {args.out} is a folder; give a file name", file=sys.stderr)
        return 2
    with Assistant.load(settings=settings, message=message, progress=progress_bar()) as bot:
        briefing = bot.brief(topic, points=args.points, doc_id=args.doc_id, rephrase=args.rephrase)
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
    from briefing_bot.briefing.calibrate import calibrate, calibrate_lodo

    if args.qa or args.briefs:
        from briefing_bot.assistant import Assistant

        with Assistant.load(settings=settings, message=message, progress=progress_bar()) as bot:
            try:
                result = calibrate(bot.briefer, args.qa, args.briefs)
            except (OSError, ValueError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        print_json(result)
        return 0
    try:
        runs = _dev_runs(settings, args.eval_dir)
        if not runs:
            print("error: no document folder with briefs-dev.jsonl", file=sys.stderr)
            return 2
        result = calibrate_lodo(runs)
        out = args.points_out
        if out is None and args.eval_dir is None:
            from briefing_bot.briefing.points import WEIGHTS_FILE

            out = WEIGHTS_FILE
        points = None if args.no_points else _fit_points(runs, out)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        if points is not None:
            model = points["model"]
            result["points"] = {
                **(model.to_dict() if model is not None else {}),
                "fingerprint": model.fingerprint if model is not None else None,
                "lodo": points["lodo"],
            }
        print_json(result)
    else:
        print(lodo_table(result))
        if points is not None:
            from briefing_bot.briefing.fit_points import lodo_report

            print()
            print(lodo_report(points))
    return 0


def _fit_points(runs: dict[str, Any], out: Path | None) -> dict[str, Any]:
    """Fit the point scorer on every document's dev briefing requests (LODO report) and
    write its weights to ``out`` (None: not written)."""
    from briefing_bot.briefing.fit_points import fit_lodo, write_model

    result = fit_lodo({name: (composer, briefs) for name, (composer, _, briefs) in runs.items()})
    model = result["model"]
    if model is not None and out is not None:
        path = write_model(model, out)
        message(f"point scorer {model.fingerprint} written to {path}")
    return result


def _dev_runs(settings: Settings, eval_dir: Path | None) -> dict[str, Any]:
    """``{document: (composer over its own index, dev question files, dev brief files)}`` for
    every folder of ``eval_dir`` holding ``briefs-dev.jsonl`` (test files are never listed)."""
    from briefing_bot.evaluation import DocumentBots
    from briefing_bot.evaluation.items import EVAL_DIR, PRIMARY_DOCUMENT, document_suites

    root = eval_dir or EVAL_DIR
    names = sorted(
        (p.name for p in root.iterdir() if (p / "briefs-dev.jsonl").is_file()),
        key=lambda n: (n != PRIMARY_DOCUMENT, n),  # the paper first: the others reuse its model
    )
    bots = DocumentBots(settings, eval_dir=root, message=message)
    runs: dict[str, Any] = {}
    for name in names:
        suites = {(s.kind, s.split): s for s in document_suites(name)}
        qa, briefs = suites[("qa", "dev")], suites[("brief", "dev")]
        runs[name] = (bots(briefs).briefer, qa.files(root), briefs.files(root))
    return runs


def lodo_table(result: dict[str, Any]) -> str:
    """The fit and its leave-one-document-out report as a text table."""
    lines = [
        f"fitted on {result['positives']} covered and {result['negatives']} uncovered dev items: "
        f"min_coverage {result['min_coverage']}, min_absent_similarity "
        f"{result['min_absent_similarity']} below absent_coverage {result['absent_coverage']} "
        f"(absent_share {result['absent_share']})",
        "",
        f"{'left out':<12}{'min_cov':>9}{'min_abs':>9}{'abs_cov':>9}{'refused':>10}"
        f"{'accepted':>10}",
    ]
    for name, row in result.get("lodo", {}).items():
        refused = f"{len(row['false_abstentions'])}/{row['positives']}"
        accepted = f"{len(row['accepted_negatives'])}/{row['negatives']}"
        lines.append(
            f"{name:<12}{row['min_coverage']:>9}{row['min_absent_similarity']:>9}"
            f"{row['absent_coverage']:>9}"
            f"{refused:>10}{accepted:>10}"
        )
    lines.append("")
    lines.append(
        "refused: covered items the fold's cuts refuse; accepted: uncovered items they let"
    )
    lines.append("through (see --json for the items)")
    return "\n".join(lines)
