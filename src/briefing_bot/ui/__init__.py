"""The web chat: Gradio layout (:mod:`.layout`), HTML rendering (:mod:`.render`), the Markdown
briefing export (:mod:`.export`), and the page's CSS/JS under ``static/``."""

from briefing_bot.ui.export import briefing_markdown, download_link
from briefing_bot.ui.layout import TITLE, build_app, css, static_text, theme
from briefing_bot.ui.render import (
    answer_bubble,
    briefing_text,
    chat_messages,
    citation_html,
    context_html,
    endnote_html,
    esc,
    highlight,
    history_of,
    limit_sources,
    link_html,
    md_text,
    registry_html,
    safe_url,
    sources_html,
)

__all__ = [
    "TITLE",
    "answer_bubble",
    "briefing_markdown",
    "briefing_text",
    "build_app",
    "chat_messages",
    "citation_html",
    "context_html",
    "css",
    "download_link",
    "endnote_html",
    "esc",
    "highlight",
    "history_of",
    "limit_sources",
    "link_html",
    "md_text",
    "registry_html",
    "safe_url",
    "sources_html",
    "static_text",
    "theme",
]
