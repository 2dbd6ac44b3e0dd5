"""Briefings: a cited, non-redundant summary of a topic or a whole document, built from the
corpus's own sentences (``Assistant.brief``), and telling a briefing request from a question.

Example:
    >>> briefing = bot.brief("export controls", points=4)
    >>> print(briefing.text); briefing.to_markdown(); briefing.to_dict()
"""

from briefing_bot.briefing.requests import BriefRequest, parse_request, resolve_topic
from briefing_bot.briefing.types import Briefing, BriefPoint

__all__ = ["BriefPoint", "BriefRequest", "Briefing", "parse_request", "resolve_topic"]
