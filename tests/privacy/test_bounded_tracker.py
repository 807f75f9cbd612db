"""The bounded tracker: what policies and slots see equals the full conversation's, turn by turn."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import FORGET_ACTION
from bot.tracker_store import PrivateSQLTrackerStore

KEEP_TURNS = 10  # the default of NET_TRACKER_KEEP_TURNS

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
TOPICS = ["ask_treatment", "ask_symptoms", "ask_staging", "ask_grading"]


def turn(number: int) -> List[Event]:
    """One turn of a conversation; every 7th is a fallback that Rasa rewinds."""
    intent = TOPICS[number % len(TOPICS)]
    user = UserUttered(f"message {number}", {"name": intent, "confidence": 0.9},
                       parse_data={"text": f"message {number}", "intent": {"name": intent}})
    if number % 7 == 0:
        return [user, SlotSet("body_site", "rewound"), ActionExecuted("action_default_fallback"),
                BotUttered("sorry"), UserUtteranceReverted(), ActionExecuted("action_listen")]
    events: List[Event] = [user]
    if number == 3:
        events.append(SlotSet("body_site", "pancreas"))
    if number == 5:
        events.append(SlotSet("red_flag", "chest_pain"))
    if number == 6:
        events.append(SlotSet("red_flag", None))
    return [*events, ActionExecuted("action_answer_topic"), SlotSet("topic", intent),
            BotUttered(f"answer {number}"), ActionExecuted("action_listen")]


def start() -> List[Event]:
    return [ActionExecuted("action_session_start"), SessionStarted(),
            ActionExecuted("action_listen")]


def user_turns(tracker: DialogueStateTracker) -> int:
    return sum(isinstance(e, UserUttered) for e in tracker.events)


def same_view(bounded: DialogueStateTracker, full: DialogueStateTracker) -> None:
    assert bounded.current_slot_values() == full.current_slot_values()
    assert bounded.past_states(DOMAIN)[-8:] == full.past_states(DOMAIN)[-8:]
    assert bounded.latest_message is not None and full.latest_message is not None
    assert bounded.latest_message.text == full.latest_message.text


def test_bounded_tracker_matches_the_full_one(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = PrivateSQLTrackerStore(DOMAIN)
    full = DialogueStateTracker("dana", DOMAIN.slots)
    for event in start():
        full.update(event)
    asyncio.run(store.save(full.copy()))  # a tracker the store did not load
    for number in range(1, 6 * KEEP_TURNS):
        tracker = asyncio.run(store.retrieve("dana"))
        assert tracker is not None
        same_view(tracker, full)
        assert user_turns(tracker) <= 2 * KEEP_TURNS
        for event in turn(number):
            tracker.update(event)
            full.update(event)
        asyncio.run(store.save(tracker))
    reloaded = asyncio.run(store.retrieve("dana"))
    restarted = asyncio.run(PrivateSQLTrackerStore(DOMAIN).retrieve("dana"))  # nothing cached
    assert reloaded is not None and restarted is not None
    same_view(reloaded, full)
    same_view(restarted, full)
    assert full.get_slot("body_site") == "pancreas" and full.get_slot("red_flag") is None
    stored = asyncio.run(store.retrieve_full_tracker("dana"))
    assert stored is not None and len(stored.events) == len(full.events)

    reloaded.update(UserUttered("forget me", {"name": "request_forget_me"}))
    reloaded.update(ActionExecuted(FORGET_ACTION))
    asyncio.run(store.save(reloaded))
    assert asyncio.run(store.retrieve("dana")) is None
    assert asyncio.run(store.retrieve_full_tracker("dana")) is None


def test_new_session_after_the_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = PrivateSQLTrackerStore(DOMAIN)
    tracker = DialogueStateTracker("erin", DOMAIN.slots)
    for event in start():
        tracker.update(event)
    asyncio.run(store.save(tracker))
    for number in range(1, 3 * KEEP_TURNS):
        loaded = asyncio.run(store.retrieve("erin"))
        assert loaded is not None
        for event in turn(number):
            loaded.update(event)
        asyncio.run(store.save(loaded))
    loaded = asyncio.run(store.retrieve("erin"))
    assert loaded is not None and loaded.get_slot("body_site") == "pancreas"
    for event in start():  # the session expired: Rasa runs action_session_start
        loaded.update(event)
    asyncio.run(store.save(loaded))
    fresh = asyncio.run(store.retrieve("erin"))
    assert fresh is not None and fresh.get_slot("body_site") is None
    assert user_turns(fresh) == 0


def test_zero_keeps_the_whole_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("NET_TRACKER_KEEP_TURNS", "0")
    store = PrivateSQLTrackerStore(DOMAIN)
    tracker = DialogueStateTracker("finn", DOMAIN.slots)
    for event in start():
        tracker.update(event)
    for number in range(1, 3 * KEEP_TURNS):
        for event in turn(number):
            tracker.update(event)
    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve("finn"))
    assert loaded is not None and user_turns(loaded) == user_turns(tracker)
