"""The content's Markdown rendered for each messaging app. Only ``**bold**`` is used in the
content (lists are plain ``- `` lines, which read well everywhere)."""

from __future__ import annotations

import html
import re

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def plain(text: str) -> str:
    """SMS and Messenger: no formatting, so the asterisks go."""
    return BOLD.sub(r"\1", text)


def starred(text: str) -> str:
    """WhatsApp: ``*bold*``."""
    return BOLD.sub(r"*\1*", text)


def slack(text: str) -> str:
    """Slack mrkdwn: ``*bold*``, with ``&``, ``<`` and ``>`` escaped as Slack asks."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return starred(escaped)


def telegram_html(text: str) -> str:
    """Telegram's HTML parse mode: ``<b>bold</b>``, everything else escaped."""
    return BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))
