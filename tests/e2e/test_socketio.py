"""The website channel (socket.io): the emergency message carries a marker the widget styles."""

from __future__ import annotations

import time
from typing import Any, Dict, List

import pytest
import socketio

from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


def converse(servers: Servers, session_id: str, message: str) -> List[Dict[str, Any]]:
    """Send one message over socket.io; the replies until one carries a custom ``type``."""
    received: List[Dict[str, Any]] = []
    client = socketio.Client()
    client.on("bot_uttered", received.append)
    client.connect(servers.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit("user_uttered", {"message": message, "session_id": session_id})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("type" in m for m in received):
            time.sleep(0.2)
    finally:
        client.disconnect()
    return received


def test_emergency_over_socketio_is_marked(servers: Servers) -> None:
    received = converse(servers, "widget-emergency", "my dad collapsed and he wont wake up")
    assert "medical emergency" in str(received[0].get("text"))
    assert {"type": "emergency"} in received


def test_handoff_over_socketio_sends_the_contact_payload(servers: Servers) -> None:
    received = converse(servers, "widget-handoff", "can I talk to a nurse")
    assert "can't put you through to a person" in str(received[0].get("text"))
    assert received[-1]["type"] == "handoff" and received[-1]["name"]
