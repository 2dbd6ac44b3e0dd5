"""briefing-bot: an offline briefing assistant that answers questions about a policy paper and
the sources it cites, with citations a reader can check.

Example:
    >>> from briefing_bot import Assistant
    >>> bot = Assistant.load()
    >>> print(bot.ask("Who wrote the paper?").text)
"""

from briefing_bot import config as _config  # noqa: F401  (sets the offline environment first)

__version__ = "0.1.0"

from briefing_bot.assistant import Assistant
from briefing_bot.config import Settings, get_settings
from briefing_bot.errors import (
    BriefingBotError,
    CorpusError,
    DocumentError,
    GenerationError,
    IndexUnavailableError,
    InvalidQuestionError,
)

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
