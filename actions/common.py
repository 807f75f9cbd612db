"""What every action shares: the content store and how messages are sent."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import replies
from bot.content.store import ContentStore

STORE = ContentStore()  # connects lazily, on the first query


def store() -> ContentStore:
    return STORE


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    value = next(tracker.get_latest_entity_values(entity), None)
    return str(value) if value else None


def send(dispatcher: CollectingDispatcher, messages: List[replies.Message]) -> None:
    for message in messages:
        dispatcher.utter_message(**message)


def is_first_reply(tracker: Tracker) -> bool:
    """True when the assistant has not said anything yet in this conversation session."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "session_started":
            return True
    return True


def introduce_if_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The first reply of a conversation says what the assistant is and is not."""
    if is_first_reply(tracker):
        send(dispatcher, [replies.notice(store(), "first_reply")])
