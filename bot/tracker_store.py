"""Rasa's SQL tracker store with privacy: masking before storage, forgetting on request.

``PrivateSQLTrackerStore`` is configured from ``bot.settings`` (SQLite by default, PostgreSQL
with ``TRACKER_DB_URL``). E-mail addresses and phone numbers in user messages are masked before
events are written (``NET_MASK_PERSONAL_DATA``), and a turn that ran
``action_forget_conversation`` deletes every stored event of that conversation instead of
saving it.

Database outages: connections are checked before use (``pool_pre_ping``) and time out after
``CONNECT_TIMEOUT_SECONDS``, so the store recovers by itself when the database is back. While
it is down, Rasa's ``FailSafeTrackerStore`` answers the turn without history and keeps it in
memory; ``save`` refuses to append to a stored conversation whose stored events are not the
start of the tracker being saved (such a tracker was rebuilt without history, or another
process saved first), so an outage can never splice foreign events into a stored conversation.
"""

from __future__ import annotations

import json
import time
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import create_engine, delete
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from bot.privacy import FORGET_ACTION, masked_event
from bot.settings import get_settings

CONNECT_TIMEOUT_SECONDS = 5


class TrackerConflict(RasaException):
    """The stored conversation is not the start of the tracker being saved."""


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
        if url.get_backend_name() == "postgresql":
            # Rasa's engine has neither; without them a restarted database costs failed turns
            # and a database that does not answer holds a turn for minutes.
            rasa_engine: Engine = self.engine  # type: ignore[has-type]
            engine_kwargs = create_engine_kwargs(rasa_engine.url)
            engine_kwargs["connect_args"] = {**engine_kwargs.get("connect_args", {}),
                                             "connect_timeout": CONNECT_TIMEOUT_SECONDS}
            rasa_engine.dispose()
            self.engine = create_engine(rasa_engine.url, pool_pre_ping=True, **engine_kwargs)
            self.sessionmaker = sessionmaker(bind=self.engine)

    def forget(self, sender_id: str) -> int:
        """Delete every stored event of ``sender_id``; returns how many rows went."""
        with self.session_scope() as session:
            result = session.execute(
                delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id))
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    def _new_events(self, tracker: DialogueStateTracker) -> list[Any]:
        """The tracker's events after the stored ones, once the stored ones are its start."""
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id,
                                       fetch_events_from_all_sessions=False).with_entities(
                self.SQLEvent.type_name, self.SQLEvent.timestamp).all()
        events = list(tracker.events)
        if stored:
            type_name, timestamp = stored[-1]
            last = events[len(stored) - 1] if len(stored) <= len(events) else None
            if last is None or last.type_name != type_name or (
                    abs(float(last.timestamp) - float(timestamp or 0)) > 1e-6):
                raise TrackerConflict(
                    f"not saving conversation '{tracker.sender_id}': its {len(stored)} stored "
                    f"events are not the start of this tracker ({len(events)} events), which "
                    "was built without them (database outage or a concurrent save)")
        return events[len(stored):]

    async def save(self, tracker: DialogueStateTracker) -> None:
        new_events = self._new_events(tracker)
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
