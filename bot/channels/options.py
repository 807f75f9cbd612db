"""Buttons as numbered text options, and a reply of "2" (or an option's title) resolved to it.

The options are read back from the conversation's tracker, so the reply may reach any replica.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Awaitable, Callable, Dict, Iterable, List

import yaml
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, Sanic

from bot.settings import get_settings

logger = logging.getLogger(__name__)
Button = Dict[str, Any]
Handler = Callable[[UserMessage], Awaitable[Any]]
LONGEST_TITLE_REPLY = 60  # longer messages are never taken for an option's title


@cache
def choose_prompt() -> str:
    """The reviewed line put before the options (``choose_by_number`` in messages.yml)."""
    path = get_settings().content_dir / "messages.yml"
    return str((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("choose_by_number", ""))


def numbered(text: str, buttons: List[Button]) -> str:
    """``text`` followed by the buttons' titles as a numbered list, on single line breaks."""
    lines = [text.strip(), choose_prompt()] if choose_prompt() else [text.strip()]
    lines += [f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, 1)]
    return "\n".join(line for line in lines if line)


def chosen_payload(reply: str, buttons: List[Button]) -> str | None:
    """The payload of the option that ``reply`` selects by number or title, else None."""
    answer = reply.strip().rstrip(".)").strip()
    if answer.isdigit():
        number = int(answer)
        return str(buttons[number - 1]["payload"]) if 1 <= number <= len(buttons) else None
    for button in buttons:
        if str(button.get("title", "")).strip().casefold() == answer.casefold():
            return str(button["payload"])
    return None


def offered_buttons(events: Iterable[Event]) -> List[Button]:
    """The buttons of the bot's last message with buttons since the user's last message."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return [b for b in event.data["buttons"] if b.get("payload")]
    return []


async def resolve(message: UserMessage, tracker_store: TrackerStore) -> None:
    """Replace the text of ``message`` by the payload of the option it selects, if any."""
    text = message.text or ""
    if not text or len(text) > LONGEST_TITLE_REPLY or text.startswith("/"):
        return
    tracker = await tracker_store.retrieve(message.sender_id)
    if tracker is None:
        return
    payload = chosen_payload(text, offered_buttons(tracker.events))
    if payload is not None:
        message.text = payload


class OptionResolver:
    """Wraps a channel's ``on_new_message``: option replies are resolved through the agent's
    tracker store. :meth:`attach` lets the blueprint remember the app that holds the agent."""

    def __init__(self, on_new_message: Handler) -> None:
        self.on_new_message = on_new_message
        self.app: Sanic | None = None

    def attach(self, blueprint: Blueprint) -> Blueprint:
        async def keep_app(app: Sanic, _: Any) -> None:
            self.app = app

        blueprint.listener("before_server_start")(keep_app)
        return blueprint

    async def __call__(self, message: UserMessage) -> Any:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is not None and agent.tracker_store is not None:
            try:
                await resolve(message, agent.tracker_store)
            except Exception:  # the message still goes through, unresolved
                logger.exception("could not read the options offered to %s", message.sender_id)
        return await self.on_new_message(message)
