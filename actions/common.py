"""What every action shares: the content store and how messages are sent."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import replies
from bot.content.store import ContentStore
from bot.followups import choose_in_context
from bot.person import SELF, person_mentioned

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


def speak_of_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> SlotSet:
    """Before an answer about someone else ("my mum ..."; remembered for follow-ups): "About your
    mum: ...". A message about the writer ("I have ...") forgets the person."""
    named = person_mentioned(str(tracker.latest_message.get("text") or ""))
    person = None if named == SELF else named or tracker.get_slot("person")
    if person:
        send(dispatcher, [replies.notice(store(), "about_person", person=str(person))])
    return SlotSet("person", person)


def follow_up_in_context(tracker: Tracker, min_score: float = 0.0) -> str | None:
    """For a short follow-up: the ranked answer that belongs with the conversation (the last
    answer, the body site named), if any scores ``min_score`` with its context bonus."""
    last = str(tracker.get_slot("content_id") or "")
    ranking = [(str(r.get("id")), float(r.get("score") or 0.0))
               for r in tracker.latest_message.get("answer_units") or []]
    if not last or not ranking or last.startswith("term:"):
        return None
    previous = f"topic:{last.split('@')[0]}" if "@" in last else last
    facets = store().facets([label for label, _ in ranking] + [previous, f"topic:{last}"])
    if previous not in facets:
        previous = f"topic:{last}"
    sites = [s for s in (latest_entity(tracker, "body_site"), tracker.get_slot("body_site")) if s]
    intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
    return choose_in_context(str(tracker.latest_message.get("text") or ""), ranking, facets,
                             previous, sites, min_score, store().topic_of_intent(intent))
