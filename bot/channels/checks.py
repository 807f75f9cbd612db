"""Checks on what a client sends to the REST and socket.io channels, before Rasa sees it.

A conversation id (REST ``sender``, socket.io ``session_id``) must be 1-128 printable characters
without ``/`` or ``\\``: it is a key in the tracker store, the lock store and the logs. A message
must be a string; an empty one or one longer than ``NET_MAX_MESSAGE_CHARS`` gets a polite reply
from ``content/messages.yml`` and is not processed or stored.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict

import yaml

from bot.settings import get_settings

MAX_SENDER_CHARS = 128


class BadRequest(Exception):
    """A request the channel refuses, with the HTTP status and a reason for the client."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def check_sender(sender: Any) -> str:
    """The conversation id if it is acceptable; else :class:`BadRequest`."""
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, '"sender" is required: a string that identifies the conversation')
    if (len(sender) > MAX_SENDER_CHARS or not sender.isprintable()
            or "/" in sender or "\\" in sender):
        raise BadRequest(400, f'"sender" must be 1-{MAX_SENDER_CHARS} printable characters '
                              'without "/" or "\\"')
    return sender


def check_message(message: Any, max_chars: int) -> str | None:
    """``None`` for a message to process, or the key of the polite reply it gets instead."""
    if not isinstance(message, str):
        raise BadRequest(400, '"message" is required: a string')
    if not message.strip():
        return "message_empty"
    if len(message) > max_chars:
        return "message_too_long"
    return None


@cache
def _texts() -> Dict[str, str]:
    path = get_settings().content_dir / "messages.yml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def polite_reply(key: str) -> str:
    """The reviewed text ``key`` from ``content/messages.yml``."""
    return _texts()[key]
