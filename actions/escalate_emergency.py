"""After the emergency message: the local number, what was recognised, a record, staff alert.

For fever on treatment alone the message already says to call the 24-hour team first, so the
number is not repeated as "call now".
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import send, store
from bot import replies
from bot.records import record_escalations, utc_now
from bot.settings import clinic
from bot.triage.catalogue import default_catalogue
from bot.triage.staff_webhook import notify_in_background

logger = logging.getLogger(__name__)
UNSPECIFIED = "unspecified"


class ActionEscalateEmergency(Action):
    def name(self) -> str:
        return "action_escalate_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        config = clinic()
        flags = list(dict.fromkeys(str(v) for v in tracker.get_latest_entity_values("red_flag")))
        by_id = {flag.id: flag for flag in default_catalogue().red_flags}
        known = [by_id[f] for f in flags if f in by_id]
        actions = {flag.action for flag in known}
        send(dispatcher, replies.emergency_details(
            store(), config.emergency_number, [(flag.id, flag.label) for flag in known],
            config.crisis_line if "crisis_line" in actions else None,
            call_now=actions != {"call_team_now"}))
        when = utc_now()
        try:
            record_escalations(store().sessions, tracker.sender_id, flags or [UNSPECIFIED], when)
        except SQLAlchemyError as error:  # the person's reply matters more than the record
            logger.error("could not record escalation: %s", error)
        notify_in_background(config.staff_webhook, {
            "time": when.isoformat() + "Z", "conversation_id": tracker.sender_id,
            "red_flags": flags or [UNSPECIFIED]})
        return [SlotSet("red_flag", None), SlotSet("urgency", None)]
