"""Questions as analysts type them: the eval's questions changed the way typing changes
them, answered with and without ``AnswerSettings.correct_slips``.

``--perturb slip`` (the default): each single-turn question of the chosen split gets one
slip, seeded by its id: in one of its lower-case words of six letters or more (no stopword),
a letter is left out, doubled, changed for its neighbour on the keyboard, or swapped with the
next one. ``noapos``: every apostrophe left out ("whats", "koreas", "in 25"). ``lower``: the
whole question in lower case. ``opener``: "quick question: " before it; ``courtesy``:
" thanks!" after it; ``frame``: "can you tell me " before it (an embedded question);
``metonym``: each country the question names (``countryinfo``: its name or another spelling,
capitalised) written as its capital ("the United States'" -> "Washington's"); ``keywords``:
the question typed as a search box's keywords, its stopwords left out ("how many people died
on danish roads in 2025?" -> "many people died danish roads 2025"). Only
the questions the change changes are asked. They are answered as the eval answers them
(``evaluate_qa``, each document on its own index), once as typed and once with the reading
of slips, variants, apostrophes and places off (a chat's wrapping is taken off either way); the
table gives passes, answerable questions refused and unanswerable ones refused, beside the
questions' own numbers as written.

    .venv/bin/python benchmarks/typos.py
        [--perturb slip|noapos|lower|opener|courtesy|frame|metonym|keywords]
        [--split dev] [--suite NAME]... [--json FILE]

A measurement, not a test: nothing here asserts a number.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbour(ch: str, rng: random.Random) -> str:
    for row in _KEYBOARD:
        i = row.find(ch)
        if i >= 0:
            options = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return rng.choice(options)
    return ch


def mistype(question: str, key: str) -> str | None:
    """``question`` with one slip in one eligible word (None when it has none), seeded by
    ``key``: the same question always gets the same slip."""
    import re

    from briefing_bot.retrieval import STOPWORDS

    rng = random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))
    words = [m for m in re.finditer(r"\b[a-z]{6,}\b", question) if m.group(0) not in STOPWORDS]
    if not words:
        return None
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 1)  # never the first letter: slips rarely are
    kind = rng.choice(["drop", "double", "near", "swap"])
    if kind == "drop":
        typed = w[:i] + w[i + 1 :]
    elif kind == "double":
        typed = w[:i] + w[i] + w[i:]
    elif kind == "near":
        typed = w[:i] + _neighbour(w[i], rng) + w[i + 1 :]
    else:
        typed = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if typed == w:
        return None
    return question[: m.start()] + typed + question[m.end() :]


def perturb(kind: str, question: str, key: str) -> str | None:
    """``question`` changed by ``kind`` (None when the change leaves it as it was)."""
    import re

    if kind == "slip":
        return mistype(question, key)
    if kind == "opener":
        return f"quick question: {question}"
    if kind == "courtesy":
        return f"{question.rstrip()} thanks!"
    if kind == "frame":
        return f"can you tell me {question[:1].lower()}{question[1:]}"
    if kind == "keywords":
        from briefing_bot.retrieval import STOPWORDS

        words = re.findall(r"[\w’'%$.-]+", question)
        kept = [w for w in words if w.lower().strip(".") not in STOPWORDS and w.strip(".")]
        changed = " ".join(w.strip(".") for w in kept)
        return changed if changed and changed != question.rstrip("?") else None
    if kind == "metonym":
        changed = capitals(question)
        return changed if changed != question else None
    changed = question.lower() if kind == "lower" else re.sub(r"[’']", "", question)
    return changed if changed != question else None


def capitals(question: str) -> str:
    """``question`` with every country it names (capitalised, in any spelling
    ``countryinfo`` gives) written as the country's capital."""
    import re

    from briefing_bot.answering.lexicon import _countries

    names: dict[str, str] = {}
    for name, seat, _, alts in _countries():
        capital = re.sub(r"(?:\s+(?:[A-Z]\.)+)+$", "", seat or "")  # "Washington D.C."
        for spelling in (name, *alts):
            if capital and spelling and spelling[:1].isupper() and len(spelling) > 3:
                names.setdefault(spelling, capital)
    if not names:
        return question
    pattern = re.compile(
        r"(?:\b[Tt]he\s+)?\b("
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return pattern.sub(lambda m: names[m.group(1)], question)


def _counts(result: Any) -> dict[str, int]:
    items = result.items
    return {
        "questions": len(items),
        "passed": sum(bool(q["pass"]) for q in items),
        "answerable_refused": sum(bool(q["answerable"] and q["abstained"]) for q in items),
        "unanswerable_refused": sum(bool(not q["answerable"] and q["abstained"]) for q in items),
        "answerable": sum(bool(q["answerable"]) for q in items),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--perturb",
        default="slip",
        choices=["slip", "noapos", "lower", "opener", "courtesy", "frame", "metonym", "keywords"],
    )
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--suite", action="append", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from briefing_bot.config import Settings
    from briefing_bot.evaluation.items import discover_suites
    from briefing_bot.evaluation.qa import evaluate_qa
    from briefing_bot.evaluation.runner import DocumentBots

    bots = DocumentBots(Settings())
    rows: dict[str, dict[str, dict[str, int]]] = {}
    for suite in discover_suites():
        if suite.kind != "qa" or suite.split != args.split:
            continue
        if args.suite and suite.name not in args.suite:
            continue
        items = [i for i in suite.load() if not i.history]
        typed = []
        for item in items:
            slipped = perturb(args.perturb, item.question, item.id)
            if slipped is not None:
                typed.append(item.model_copy(update={"question": slipped}))
        slipped_ids = {t.id for t in typed}
        originals = [i for i in items if i.id in slipped_ids]
        bot = bots(suite)
        answerer = bot.answerer
        own = answerer.settings
        row = {"as written": _counts(evaluate_qa(bot, originals))}
        row["typed"] = _counts(evaluate_qa(bot, typed))
        answerer.settings = dataclasses.replace(own, correct_slips=False, read_places=False)
        try:
            row["typed, not corrected"] = _counts(evaluate_qa(bot, typed))
        finally:
            answerer.settings = own
        rows[suite.name] = row
        print(suite.name, json.dumps(row), file=sys.stderr)

    total: dict[str, dict[str, int]] = {}
    for row in rows.values():
        for name, counts in row.items():
            acc = total.setdefault(name, dict.fromkeys(counts, 0))
            for k, v in counts.items():
                acc[k] += v
    print(f"| questions ({args.perturb}) | passed | answerable refused | unanswerable refused |")
    print("|---|---|---|---|")
    for name, c in total.items():
        unanswerable = c["questions"] - c["answerable"]
        print(
            f"| {name} ({c['questions']}) | {c['passed']} | "
            f"{c['answerable_refused']}/{c['answerable']} | "
            f"{c['unanswerable_refused']}/{unanswerable} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"suites": rows, "total": total}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
