"""Compose the messages an action sends (text, buttons) from the content store.

Every text comes from the store; this module only arranges it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.content.store import Answer, ContentStore

Message = Dict[str, Any]


def answer_messages(store: ContentStore, answer: Answer, more: bool = False) -> List[Message]:
    """The answer (or its follow-up), then its source line with related-topic buttons."""
    buttons = [{"title": link.title, "payload": f"/{link.intent}"} for link in answer.related]
    if answer.more and not more:
        buttons.insert(0, {"title": store.message("tell_me_more"), "payload": "/ask_more"})
    text = answer.more if more and answer.more else answer.text
    return [
        {"text": text},
        {"text": store.message("source_line", sources=answer.source_line), "buttons": buttons},
    ]


def notice(store: ContentStore, key: str, **values: str) -> Message:
    return {"text": store.message(key, **values)}
