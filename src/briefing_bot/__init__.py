"""briefing-bot: an offline briefing assistant that answers questions about a policy paper and
the sources it cites, with citations a reader can check.

Example:
    >>> from briefing_bot import Assistant
    >>> bot = Assistant.load()
    >>> print(bot.ask("Who wrote the paper?").text)
"""

from typing import TYPE_CHECKING, Any

from briefing_bot import config as _config  # noqa: F401  (sets the offline environment first)
from briefing_bot._version import __version__
from briefing_bot.config import Settings, get_settings
from briefing_bot.errors import (
    BriefingBotError,
    CorpusError,
    DocumentError,
    GenerationError,
    IndexUnavailableError,
    InvalidQuestionError,
)

if TYPE_CHECKING:
    from briefing_bot.assistant import Assistant

# Loaded on first use (PEP 562): the assistant pulls in LangChain, Chroma and BM25, which
# commands such as a no-op `briefing-bot index` or `--help` never need.
_LAZY = {"Assistant": "briefing_bot.assistant"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Assistant",
    "BriefingBotError",
    "CorpusError",
    "DocumentError",
    "GenerationError",
    "IndexUnavailableError",
    "InvalidQuestionError",
    "Settings",
    "__version__",
    "get_settings",
]
