"""Answer a knowledge question from the content store, with its sources and related topics."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import replies
from bot.content.store import ContentStore

STORE = ContentStore()
FOLLOW_UP_INTENTS = {"ask_more", "inform_body_site"}


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    value = next(tracker.get_latest_entity_values(entity), None)
    return str(value) if value else None


def send(dispatcher: CollectingDispatcher, messages: List[replies.Message]) -> None:
    for message in messages:
        dispatcher.utter_message(**message)


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
        site = latest_entity(tracker, "body_site") or tracker.get_slot("body_site")
        topic = tracker.get_slot("topic")
        if intent in FOLLOW_UP_INTENTS and not topic:
            send(dispatcher, [replies.notice(STORE, "which_topic")])
            return []
        answer = (STORE.answer_for_topic(topic, site) if intent in FOLLOW_UP_INTENTS
                  else STORE.answer_for_intent(intent, site))
        if answer is None:
            send(dispatcher, [replies.notice(STORE, "which_topic")])
            return []
        if intent == "ask_more":
            send(dispatcher, replies.answer_messages(STORE, answer, more=True) if answer.more
                 else [replies.notice(STORE, "no_more")])
        else:
            if site and answer.site != site:
                send(dispatcher, [replies.notice(STORE, "no_site_variant",
                                                 site=site.replace("_", " "))])
            send(dispatcher, replies.answer_messages(STORE, answer))
        return [SlotSet("topic", answer.topic_id), SlotSet("content_id", answer.content_id)]
