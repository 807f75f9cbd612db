"""The content's Markdown rendered for each messaging app. The content uses ``**bold**`` (lists
are plain ``- `` lines, which read well everywhere) and, in the source line under each answer,
``[label](https://...)`` links."""

from __future__ import annotations

import html
import re

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
LINK = re.compile(r"\[([^\[\]\n]+)\]\((https://[^\s()]+)\)")


def _links(text: str, render: str) -> str:
    return LINK.sub(render, text)


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

    out, end = [], 0
    for link in LINK.finditer(text):
        out.append(escape(text[end:link.start()]))
        out.append(f"<{link.group(2)}|{escape(link.group(1))}>")
        end = link.end()
    return "".join(out) + escape(text[end:])


def telegram_html(text: str) -> str:
    """Telegram's HTML parse mode: ``<b>bold</b>``, ``<a href>`` links, everything else
    escaped."""
    out, end = [], 0
    for link in LINK.finditer(text):
        out.append(BOLD.sub(r"<b>\1</b>", html.escape(text[end:link.start()], quote=False)))
        out.append(f'<a href="{html.escape(link.group(2))}">'
                   f"{html.escape(link.group(1), quote=False)}</a>")
        end = link.end()
    return "".join(out) + BOLD.sub(r"<b>\1</b>", html.escape(text[end:], quote=False))
