"""Answer a knowledge question from the content store, with its sources and related topics."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import introduce_if_first, latest_entity, send, store
from bot import replies

FOLLOW_UP_INTENTS = {"ask_more", "inform_body_site"}


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        introduce_if_first(dispatcher, tracker)
        content = store()
        intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
        site = latest_entity(tracker, "body_site") or tracker.get_slot("body_site")
        topic = tracker.get_slot("topic")
        if intent in FOLLOW_UP_INTENTS and not topic:
            send(dispatcher, [replies.notice(content, "which_topic")])
            return []
        answer = (content.answer_for_topic(topic, site) if intent in FOLLOW_UP_INTENTS
                  else content.answer_for_intent(intent, site))
        if answer is None:
            send(dispatcher, [replies.notice(content, "which_topic")])
            return []
        if intent == "ask_more":
            send(dispatcher, replies.answer_messages(content, answer, more=True) if answer.more
                 else [replies.notice(content, "no_more")])
        else:
            if site and answer.site != site:
                send(dispatcher, [replies.notice(content, "no_site_variant",
                                                 site=site.replace("_", " "))])
            send(dispatcher, replies.answer_messages(content, answer))
        return [SlotSet("topic", answer.topic_id), SlotSet("content_id", answer.content_id)]
