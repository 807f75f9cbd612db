"""Numbered options and their selection from a real tracker."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.options import chosen_payload, numbered, offered_buttons, resolve

ROOT = Path(__file__).resolve().parents[2]
BUTTONS = [{"title": "What is a NET?", "payload": "/ask_what_is_net"},
           {"title": "👍 Helpful", "payload": '/rate_answer{"rating": "up"}'}]


def test_numbered_lists_the_titles_on_single_line_breaks() -> None:
    assert numbered("Hello!\n", BUTTONS) == (
        "Hello!\nReply with a number:\n1. What is a NET?\n2. 👍 Helpful")


def test_a_number_or_a_title_selects_an_option() -> None:
    assert chosen_payload("1", BUTTONS) == "/ask_what_is_net"
    assert chosen_payload(" 2. ", BUTTONS) == '/rate_answer{"rating": "up"}'
    assert chosen_payload("what is a net?", BUTTONS) == "/ask_what_is_net"
    assert chosen_payload("3", BUTTONS) is None
    assert chosen_payload("0", BUTTONS) is None
    assert chosen_payload("what is a NET exactly", BUTTONS) is None


def test_only_the_options_offered_since_the_last_user_message_count() -> None:
    offered = [UserUttered("hi"), ActionExecuted("utter_greet"),
               BotUttered("Hello", {"buttons": BUTTONS}), BotUttered("Source: ...")]
    assert offered_buttons(offered) == BUTTONS
    assert offered_buttons([*offered, UserUttered("ok"), BotUttered("Sure")]) == []
    assert offered_buttons([]) == []


def test_resolve_reads_the_options_from_the_tracker_store() -> None:
    store = InMemoryTrackerStore(Domain.load(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events(
        "+15550001", [UserUttered("hi"), BotUttered("Hello", {"buttons": BUTTONS})])
    asyncio.run(store.save(tracker))
    for text, expected in [("2", '/rate_answer{"rating": "up"}'), ("7", "7"),
                           ("what are the symptoms", "what are the symptoms")]:
        message = UserMessage(text, sender_id="+15550001")
        asyncio.run(resolve(message, store))
        assert message.text == expected
    unknown = UserMessage("1", sender_id="someone-else")
    asyncio.run(resolve(unknown, store))
    assert unknown.text == "1"
