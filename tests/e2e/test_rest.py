"""End to end over HTTP: real Rasa server, real action server, the seeded content store."""

from __future__ import annotations

import pytest

from bot.content.store import ContentStore
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


def conversation(replies: list[dict[str, object]]) -> str:
    """The REST channel sends each paragraph as its own message; join them back."""
    return "\n\n".join(str(r.get("text", "")) for r in replies)


def test_what_is_a_net_is_answered_from_the_store_with_its_source(servers: Servers) -> None:
    expected = ContentStore().answer_for_intent("ask_what_is_net")
    assert expected is not None
    replies = servers.say("e2e-what", "what is a neuroendocrine tumor?")
    text = conversation(replies)
    assert "not a doctor" in str(replies[0]["text"])  # the first reply introduces the assistant
    assert text.endswith(f"{expected.text}\n\nSources: {expected.source_line}")
    assert [b["payload"] for b in replies[-1]["buttons"]][:2] == ["/ask_more", "/ask_types"]


def test_greeting_gets_the_disclaimer(servers: Servers) -> None:
    replies = servers.say("e2e-greet", "hello")
    assert "not a doctor" in str(replies[0]["text"])
    assert replies[0]["buttons"]
