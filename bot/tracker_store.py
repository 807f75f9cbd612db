"""Rasa's SQL tracker store with privacy: masking before storage, forgetting on request.

``PrivateSQLTrackerStore`` is configured from ``bot.settings`` (SQLite by default, PostgreSQL
with ``TRACKER_DB_URL``). E-mail addresses and phone numbers in user messages are masked before
events are written (``NET_MASK_PERSONAL_DATA``), and a turn that ran
``action_forget_conversation`` deletes every stored event of that conversation instead of
saving it.
"""

from __future__ import annotations

import json
import time
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from bot.privacy import FORGET_ACTION, masked_event
from bot.settings import get_settings


class PrivateSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, configured from ``bot.settings``, with masking and forgetting."""

    def __init__(self, domain: Domain | None = None, **kwargs: Any) -> None:
        # The database comes from TRACKER_DB_URL, not from endpoints.yml keys.
        for key in ("url", "dialect", "host", "port", "db", "username", "password", "login_db",
                    "query"):
            kwargs.pop(key, None)
        settings = get_settings()
        url = make_url(settings.tracker_db_url)
        if url.drivername.startswith("sqlite") and url.database:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.mask = settings.mask_personal_data
        super().__init__(
            domain=domain, dialect=url.drivername, host=url.host, port=url.port,
            db=url.database or "", username=url.username, password=url.password,
            query=dict(url.query) or None, event_broker=kwargs.pop("event_broker", None),
            **kwargs,
        )

    def forget(self, sender_id: str) -> int:
        """Delete every stored event of ``sender_id``; returns how many rows went."""
        with self.session_scope() as session:
            result = session.execute(
                delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id))
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if any(isinstance(e, ActionExecuted) and e.action_name == FORGET_ACTION
               for e in new_events):
            self.forget(tracker.sender_id)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in new_events:
                data = event.as_dict()
                if self.mask:
                    data = masked_event(data)
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp", time.time()),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get(
                        INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()
