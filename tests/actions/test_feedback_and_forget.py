"""Ratings are stored with the content id; "forget me" removes them; the report lists them."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Dict

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.feedback import ActionRecordFeedback
from actions.forget_conversation import ActionForgetConversation
from bot.content.store import ContentStore
from bot.records import Feedback, least_helpful, purge_older_than, record_feedback, utc_now
from tests.actions.conftest import make_tracker


def run(action: Any, tracker: Any, domain: Dict[str, Any]) -> Any:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def rate(value: str, content_id: str | None, domain: Dict[str, Any]) -> Any:
    tracker = make_tracker("👍", "rate_answer", [{"entity": "rating", "value": value}],
                           {"content_id": content_id} if content_id else {})
    return run(ActionRecordFeedback(), tracker, domain)


def test_rating_is_stored_with_the_content_id(
    domain: Dict[str, Any], use_tiny_store: ContentStore
) -> None:
    messages, events = rate("down", "symptoms@pancreas", domain)
    assert messages[0]["text"].startswith("Thank you for your feedback")
    assert events == [SlotSet("content_id", None)]
    with use_tiny_store.sessions.begin() as session:
        row = session.execute(select(Feedback)).scalar_one()
        assert (row.conversation_id, row.content_id, row.rating) == (
            "test-user", "symptoms@pancreas", -1)


def test_rating_without_an_answer_is_not_stored(
    domain: Dict[str, Any], use_tiny_store: ContentStore
) -> None:
    messages, _ = rate("up", None, domain)
    assert messages[0]["text"].startswith("Thank you. Ask me a question first")
    with use_tiny_store.sessions.begin() as session:
        assert session.execute(select(Feedback)).first() is None


def test_forget_me_deletes_this_conversations_ratings_only(
    domain: Dict[str, Any], use_tiny_store: ContentStore
) -> None:
    rate("up", "what_is_net", domain)
    record_feedback(use_tiny_store.sessions, "someone-else", "what_is_net", 1)
    messages, _ = run(ActionForgetConversation(), make_tracker("forget me", "request_forget_me"),
                      domain)
    assert messages[0]["text"].startswith("Done. I have deleted this conversation")
    with use_tiny_store.sessions.begin() as session:
        owners = session.execute(select(Feedback.conversation_id)).scalars().all()
    assert owners == ["someone-else"]


def test_least_helpful_and_purge(use_tiny_store: ContentStore) -> None:
    sessions = use_tiny_store.sessions
    for content_id, rating in [("a", -1), ("a", -1), ("a", 1), ("b", 1), ("c", -1)]:
        record_feedback(sessions, "x", content_id, rating)
    assert [(r.content_id, r.helpful, r.unhelpful) for r in least_helpful(sessions)] == [
        ("a", 1, 2), ("c", 0, 1), ("b", 1, 0)]
    assert purge_older_than(sessions, utc_now() - dt.timedelta(days=1)) == 0
    assert purge_older_than(sessions, utc_now() + dt.timedelta(seconds=1)) == 5


def test_handoff_gives_configured_contacts_and_a_widget_payload(
    domain: Dict[str, Any], monkeypatch: Any
) -> None:
    from actions.hand_off import ActionHandOff
    from bot.settings import Clinic, Handoff, StaffWebhook

    config = Clinic("GB", "999", None, Handoff("Clinic nurse line", "0100 000000", "9-5", None),
                    StaffWebhook("", 1, 0))
    monkeypatch.setattr("actions.hand_off.clinic", lambda: config)
    tracker = make_tracker("can i talk to a nurse", "request_human")
    messages, _ = run(ActionHandOff(), tracker, domain)
    assert "Clinic nurse line" in messages[0]["text"] and "0100 000000" in messages[0]["text"]
    assert "Website" not in messages[0]["text"]  # no URL configured
    assert "999" in messages[1]["text"] and len(messages) == 2
    tracker.events[-1]["input_channel"] = "socketio"
    messages, _ = run(ActionHandOff(), tracker, domain)
    assert messages[-1]["custom"]["data"] == {"type": "handoff", "name": "Clinic nurse line",
                                              "phone": "0100 000000", "hours": "9-5", "url": None}


def test_typed_ratings_are_read_with_their_negation() -> None:
    from bot.records import read_rating

    assert read_rating("up", "sorry but that wasn't helpful") == -1
    assert read_rating(None, "that answer was useless") == -1
    assert read_rating(None, "👍") == 1
    assert read_rating("up", '/rate_answer{"rating": "up"}') == 1
    assert read_rating("down", '/rate_answer{"rating": "down"}') == -1
    assert read_rating(None, "hmm") is None
