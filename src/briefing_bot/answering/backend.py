"""What the answer layer needs of an open index, and an index opened without an assistant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from briefing_bot.config import Settings
    from briefing_bot.index import Index
    from briefing_bot.retrieval import HybridSearch


class Backend(Protocol):
    """What an answerer needs of an open index (an ``Assistant`` is one)."""

    settings: Settings
    index: Index
    embeddings: Embeddings
    retriever: HybridSearch


@dataclass
class OpenIndex:
    """An index opened without the assistant around it (for fitting and tools)."""

    settings: Settings
    index: Index
    embeddings: Embeddings
    retriever: HybridSearch

    @classmethod
    def open(cls, settings: Settings) -> OpenIndex:
        """Open (building when needed) the index ``settings`` names."""
        from briefing_bot.embeddings import get_embeddings
        from briefing_bot.index import open_index
        from briefing_bot.retrieval import HybridSearch

        embeddings = get_embeddings(settings)
        index = open_index(settings, build=True, embeddings=embeddings)
        return cls(settings, index, embeddings, HybridSearch.from_index(index, embeddings))
