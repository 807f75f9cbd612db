"""Explain a glossary term, matched by key, name, alias or misspelling."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import introduce_if_first, latest_entity, send, speak_of_person, store
from bot import replies


class ActionDefineTerm(Action):
    def name(self) -> str:
        return "action_define_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        introduce_if_first(dispatcher, tracker)
        text = tracker.latest_message.get("text") or ""
        unit = tracker.latest_message.get("answer_unit") or {}
        if unit.get("id"):  # "what is lanreotide?": the unit about it says more than the word
            answer = store().answer_for_unit(str(unit["id"]))
            if answer is not None:
                person = speak_of_person(dispatcher, tracker)
                send(dispatcher, replies.answer_messages(store(), answer))
                return [SlotSet("content_id", answer.content_id),
                        SlotSet("topic", answer.topic_id), person]
        entity = latest_entity(tracker, "term")
        typed = "" if text.startswith("/") else text  # the "What do these words mean?" button
        answer = (entity and store().define(entity)) or (store().define(typed) if typed else None)
        if not answer:
            last = tracker.get_slot("content_id")
            # the button offers the words the answer left unexplained; "what does that word
            # mean?" offers every glossary word in it
            terms = store().terms_to_explain(store().text_of(str(last)),
                                             explained_too=bool(typed)) if last else []
            send(dispatcher, [replies.which_word(store(), terms) if terms
                              else replies.notice(store(), "term_unknown")])
            return []
        send(dispatcher, replies.answer_messages(store(), answer))
        return [SlotSet("content_id", answer.content_id)]
