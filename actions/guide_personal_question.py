"""Personal-advice questions: never a diagnosis, dose or yes/no on treatment.

After the kind reply (``utter_personal_advice``), send the general information that applies
(the answer unit the ranker picked, else the closest knowledge topic when NLU saw one) and the
questions to ask the care team.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, send, speak_of_person, store
from bot import replies

MIN_CONFIDENCE = 0.1
QUESTIONS_TOPIC = "questions_for_provider"


class ActionGuidePersonalQuestion(Action):
    def name(self) -> str:
        return "action_guide_personal_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        content = store()
        site = latest_entity(tracker, "body_site") or tracker.get_slot("body_site")
        ranking = tracker.latest_message.get("intent_ranking") or []
        unit = tracker.latest_message.get("answer_unit") or {}
        general = content.answer_for_unit(str(unit["id"])) if unit.get("id") else None
        general = general or next(
            (answer for item in ranking
             if item.get("name", "").startswith("ask_")
             and item.get("name") != "ask_personal_advice"
             and float(item.get("confidence") or 0) >= MIN_CONFIDENCE
             and (answer := content.answer_for_intent(str(item["name"]), site)) is not None
             and answer.topic_id != QUESTIONS_TOPIC),
            None,
        )
        person = speak_of_person(dispatcher, tracker)
        if general is not None:
            send(dispatcher, replies.answer_messages(content, general))
        questions = content.answer_for_topic(QUESTIONS_TOPIC)
        if questions is not None:
            send(dispatcher, replies.answer_messages(content, questions))
        return [person]
