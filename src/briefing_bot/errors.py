"""The library's own exception types; only the edges (CLI, HTTP, UI) turn them into messages."""


class BriefingBotError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(BriefingBotError):
    """The corpus folder is missing, empty or unreadable."""


class DocumentError(BriefingBotError):
    """One corpus file could not be parsed (corrupt, binary, empty, too large)."""


class IndexError_(BriefingBotError):
    """The index is missing, corrupt or unreachable."""


class InvalidQuestionError(BriefingBotError, ValueError):
    """A question that cannot be answered as given (empty, not text)."""


class GenerationError(BriefingBotError):
    """The generative answerer failed (model missing, server down)."""


# A readable public name; the trailing underscore above only avoids shadowing the builtin
# inside this module.
IndexUnavailableError = IndexError_

__all__ = [
    "BriefingBotError",
    "CorpusError",
    "DocumentError",
    "GenerationError",
    "IndexUnavailableError",
    "InvalidQuestionError",
]
