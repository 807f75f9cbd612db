"""The content's Markdown rendered for each messaging app. The content uses ``**bold**`` (lists
are plain ``- `` lines, which read well everywhere) and, in the source line under each answer,
``[label](https://...)`` links."""

from __future__ import annotations

import html
import re
from typing import Callable

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
LINK = re.compile(r"\[([^\[\]\n]+)\]\((https://[^\s()]+)\)")


def _links(text: str, render: str) -> str:
    return LINK.sub(render, text)


def _split(text: str, outside: Callable[[str], str], link: Callable[[str, str], str]) -> str:
    """``outside`` applied to the text between links, ``link(url, label)`` to each link."""
    out, end = [], 0
    for match in LINK.finditer(text):
        out += [outside(text[end:match.start()]), link(match.group(2), match.group(1))]
        end = match.end()
    return "".join(out) + outside(text[end:])


def plain(text: str) -> str:
    """SMS and Messenger: no formatting, so the asterisks go; a link is "label (address)"."""
    return BOLD.sub(r"\1", _links(text, r"\1 (\2)"))


def starred(text: str) -> str:
    """WhatsApp: ``*bold*``; a link is "label (address)"."""
    return BOLD.sub(r"*\1*", _links(text, r"\1 (\2)"))


def slack(text: str) -> str:
    """Slack mrkdwn: ``*bold*``, ``<address|label>`` links, with ``&``, ``<`` and ``>``
    escaped elsewhere as Slack asks."""
    def escape(part: str) -> str:
        return BOLD.sub(r"*\1*", part.replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;"))

    return _split(text, escape, lambda url, label: f"<{url}|{escape(label)}>")


def telegram_html(text: str) -> str:
    """Telegram's HTML parse mode: ``<b>bold</b>``, ``<a href>`` links, everything else
    escaped."""
    def escape(part: str) -> str:
        return BOLD.sub(r"<b>\1</b>", html.escape(part, quote=False))

    return _split(text, escape, lambda url, label: (
        f'<a href="{html.escape(url)}">{html.escape(label, quote=False)}</a>'))
