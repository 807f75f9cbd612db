"""Answer a knowledge question from the content store, with its sources and related topics.

The answer is the answer unit the ranker picked (``answer_unit`` in the parse result), else the
topic of the intent, for the body site when the topic has a variant for it. "Tell me more" and a
body site named on its own follow the last answer (``content_id``, ``topic`` and ``body_site``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    follow_up_in_context,
    introduce_if_first,
    latest_entity,
    send,
    speak_of_person,
    store,
)
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
        unit = tracker.latest_message.get("answer_unit") or {}
        last = str(tracker.get_slot("content_id") or "")
        follow_up = None if intent in FOLLOW_UP_INTENTS else follow_up_in_context(tracker)
        if follow_up and follow_up.startswith("topic:"):
            answer = content.answer_for_topic(follow_up.removeprefix("topic:"), site)
            unit = {}
        elif follow_up:
            answer = content.answer_for_unit(follow_up)
            unit = {"id": follow_up}
        elif unit.get("id") and intent not in FOLLOW_UP_INTENTS:
            answer = content.answer_for_unit(str(unit["id"]))
        elif intent == "ask_more" and last and content.unit_question(last):
            answer = content.answer_for_unit(last)
        elif intent in FOLLOW_UP_INTENTS:
            answer = content.answer_for_topic(topic, site)
        else:
            answer = content.answer_for_intent(intent, site)
        if answer is None:
            send(dispatcher, [replies.notice(content, "which_topic")])
            return []
        person = (SlotSet("person", tracker.get_slot("person")) if intent == "ask_more"
                  else speak_of_person(dispatcher, tracker))
        if intent == "ask_more":
            send(dispatcher, replies.answer_messages(content, answer, more=True) if answer.more
                 else [replies.notice(content, "no_more")])
        else:
            if site and answer.site != site and not unit.get("id"):
                send(dispatcher, [replies.notice(content, "no_site_variant",
                                                 site=site.replace("_", " "))])
            send(dispatcher, replies.answer_messages(content, answer))
            answered = answer.content_id if unit.get("id") else f"topic:{answer.topic_id}"
            alternatives = [str(label) for label in
                            tracker.latest_message.get("answer_alternatives") or []
                            if str(label) != answered][:2]
            if alternatives:
                send(dispatcher, [replies.alternatives(content, alternatives)])
        return [SlotSet("topic", answer.topic_id), SlotSet("content_id", answer.content_id),
                person]

