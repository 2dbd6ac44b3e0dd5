"""The answer layer's corpus tables, kept beside the index they were derived from.

Building them reads every chunk (the lexicon: word statistics, abbreviations, places, names;
the features of every sentence), minutes at 100k chunks. ``Index.load_or_build`` keeps each
table in the index's companion folder, so it is built once per index version — by the first
process that opens it; the others, and every later start, load it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from briefing_bot.answering.evidence import SentenceFacts
from briefing_bot.answering.lexicon import Alias, Lexicon


def corpus_table(index: Any, name: str, builder: Callable[[], Any]) -> Any:
    """``builder()``, loaded from beside ``index`` when an earlier open of this index version
    built it (an index without companion files builds it here every time)."""
    load = getattr(index, "load_or_build", None)
    if load is None:
        return builder()
    return load(name, code_version(), builder, types=(Lexicon, Alias, SentenceFacts))


@cache
def code_version() -> str:
    """A hash of the code that derives the tables and of the place-name data it uses: a
    change to either builds them again."""
    from importlib.metadata import PackageNotFoundError, version

    from briefing_bot.answering import analysis, evidence, lexicon, numbers

    digest = hashlib.sha256()
    for module in (lexicon, numbers, evidence, analysis):
        digest.update(Path(str(module.__file__)).read_bytes())
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("countryinfo").encode())
    return digest.hexdigest()
