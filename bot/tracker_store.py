"""Rasa's SQL tracker store with privacy: masking before storage, forgetting on request.

``PrivateSQLTrackerStore`` is configured from ``bot.settings`` (SQLite by default, PostgreSQL
with ``TRACKER_DB_URL``). E-mail addresses and phone numbers in user messages are masked before
events are written (``NET_MASK_PERSONAL_DATA``), and a turn that ran
``action_forget_conversation`` deletes every stored event of that conversation instead of
saving it.

A conversation's tracker is kept bounded: Rasa rebuilds the tracker from every event of the
session on each message, and its policies read the whole history, so stock Rasa gets slower
with every turn. ``retrieve`` returns the last N to 2N user turns (``NET_TRACKER_KEEP_TURNS``,
default 10; 0 keeps the whole session as stock Rasa does),
preceded by the slot values and active loop as they were where the kept part starts (computed
once and held per conversation in a small LRU cache; a cache miss loads the whole session as
stock Rasa does). Policies look back a few turns at most (Memoization ``max_history: 4``, rules
of one or two turns), and slots carry everything older, so predictions are the same.
``retrieve_full_tracker`` (exports, the HTTP API) still returns every event.

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
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import create_engine, delete
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from bot import rasa_speedups
from bot.privacy import FORGET_ACTION, masked_event
from bot.settings import get_settings

rasa_speedups.apply()  # the Rasa server imports this module at start-up (endpoints.yml)

CACHED_CONVERSATIONS = 5000  # cut points remembered (about 1 kB each)
STORED = "net_stored_events"  # attribute of a tracker this store returned: events already stored
CONNECT_TIMEOUT_SECONDS = 5


class TrackerConflict(RasaException):
    """The stored conversation is not the start of the tracker being saved."""


@dataclass(frozen=True)
class Cut:
    """Where the kept part of a conversation starts: its first event id and the state there."""

    event_id: int
    state: List[Dict[str, Any]]


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
        self.keep_turns = settings.tracker_keep_turns
        self._cuts: OrderedDict[str, Cut] = OrderedDict()
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
        self._cuts.pop(sender_id, None)
        return int(getattr(result, "rowcount", 0) or 0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The current session's tracker, bounded to its last user turns (see the module)."""
        cut = self._cuts.get(sender_id)
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            if cut is not None:
                query = query.filter(self.SQLEvent.id >= cut.event_id)
            rows = [(row.id, row.data) for row in query.all()]
        if cut is not None and (not rows or rows[0][0] != cut.event_id):
            self._cuts.pop(sender_id, None)  # forgotten or purged meanwhile: load it all
            return await self.retrieve(sender_id) if rows else None
        if not rows or self.domain is None:
            return None
        prefix = list(cut.state) if cut is not None else []
        events = prefix + [json.loads(data) for _, data in rows]
        user_turns = [i for i, e in enumerate(events) if e.get("event") == UserUttered.type_name]
        if self.keep_turns > 0 and len(user_turns) > 2 * self.keep_turns:
            start = user_turns[-self.keep_turns]
            before = DialogueStateTracker.from_dict(sender_id, events[:start], self.domain.slots)
            cut = Cut(rows[start - len(prefix)][0], self._state(before, events[start]))
            self._remember(sender_id, cut)
            events = list(cut.state) + events[start:]
        elif cut is not None:
            self._cuts.move_to_end(sender_id)
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, STORED, len(tracker.events))
        return tracker

    @staticmethod
    def _state(tracker: DialogueStateTracker, first_kept: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Events that recreate ``tracker``'s slots and active loop just before ``first_kept``."""
        stamp = float(first_kept.get("timestamp") or time.time())
        events: List[Any] = [SlotSet(name, slot.value, timestamp=stamp)
                             for name, slot in tracker.slots.items()
                             if slot.value != slot.initial_value]
        loop = tracker.active_loop_name
        if loop:
            events.append(ActiveLoop(loop, timestamp=stamp))
        events.append(ActionExecuted("action_listen", timestamp=stamp))
        return [event.as_dict() for event in events]

    def _remember(self, sender_id: str, cut: Cut) -> None:
        self._cuts[sender_id] = cut
        self._cuts.move_to_end(sender_id)
        while len(self._cuts) > CACHED_CONVERSATIONS:
            self._cuts.popitem(last=False)

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
        stored = getattr(tracker, STORED, None)
        # A tracker this store did not load is checked against what is stored.
        new_events = (self._new_events(tracker) if stored is None
                      else list(tracker.events)[stored:])
        if any(isinstance(e, ActionExecuted) and e.action_name == FORGET_ACTION
               for e in new_events):
            self.forget(tracker.sender_id)
            return
        if self.event_broker is not None:  # Rasa's stream_events would diff a full tracker
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
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
        setattr(tracker, STORED, len(tracker.events))
