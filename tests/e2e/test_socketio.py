"""The website channel (socket.io): the emergency message carries a marker the widget styles."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Replies, Servers, socketio_exchange

pytestmark = pytest.mark.e2e


def converse(servers: Servers, session_id: str, message: str) -> Replies:
    """Send one message over socket.io; the replies until one carries a custom ``type``."""
    return socketio_exchange(servers, session_id, [{"message": message, "session_id": session_id}],
                             lambda received: any("type" in m for m in received))


def test_emergency_over_socketio_is_marked(servers: Servers) -> None:
    received = converse(servers, "widget-emergency", "my dad collapsed and he wont wake up")
    assert "medical emergency" in str(received[0].get("text"))
    assert {"type": "emergency"} in received


def test_handoff_over_socketio_sends_the_contact_payload(servers: Servers) -> None:
    received = converse(servers, "widget-handoff", "can I talk to a nurse")
    assert "can't put you through to a person" in str(received[0].get("text"))
    assert received[-1]["type"] == "handoff" and received[-1]["name"]
