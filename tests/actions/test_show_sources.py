"""action_show_sources: the full citations behind the last answer, on the real domain."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

from rasa_sdk.executor import CollectingDispatcher

from actions.show_sources import ActionShowSources
from bot.content.store import ContentStore
from tests.actions.conftest import make_tracker


def run(tracker: Any, domain: Dict[str, Any]) -> Any:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionShowSources().run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def test_the_last_answers_sources_are_listed_in_full(
        domain: Dict[str, Any], use_tiny_store: ContentStore) -> None:
    messages, events = run(make_tracker("/ask_sources", "ask_sources",
                                        slots={"content_id": "symptoms"}), domain)
    lines = messages[0]["text"].split("\n")
    assert lines[0] == use_tiny_store.message("sources_list")
    assert lines[1:] == [f"- {c}" for c in use_tiny_store.sources_of("symptoms")]
    assert len(lines) == 3 and "https://example.org/other" in lines[2]
    assert events == []  # the conversation's slots stay as they were


def test_before_any_answer_the_person_is_told_to_ask_first(
        domain: Dict[str, Any], use_tiny_store: ContentStore) -> None:
    for slots in ({}, {"content_id": "gone_since_the_last_seed"}):
        messages, _ = run(make_tracker("what are your sources", "ask_sources", slots=slots),
                          domain)
        assert [m["text"] for m in messages] == [use_tiny_store.message("sources_none")]
