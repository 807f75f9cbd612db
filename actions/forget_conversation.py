""""Forget me": delete this conversation's ratings; the tracker store deletes its events.

The tracker store (``bot.privacy.PrivateSQLTrackerStore``) sees this action in the turn and
deletes every stored event of the conversation instead of saving the turn.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies
from bot.privacy import FORGET_ACTION
from bot.records import forget_conversation


class ActionForgetConversation(Action):
    def name(self) -> str:
        return FORGET_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        forget_conversation(store().sessions, tracker.sender_id)
        send(dispatcher, [replies.notice(store(), "forgotten")])
        return []
