"""The website channel (socket.io): the emergency message carries a marker the widget styles."""

from __future__ import annotations

import time
from typing import Any, Dict, List

import pytest
import socketio

from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


def test_emergency_over_socketio_is_marked(servers: Servers) -> None:
    received: List[Dict[str, Any]] = []
    client = socketio.Client()
    client.on("bot_uttered", received.append)
    client.connect(servers.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": "widget-emergency"})
        client.emit("user_uttered", {"message": "my dad collapsed and he wont wake up",
                                     "session_id": "widget-emergency"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("type" in m for m in received):
            time.sleep(0.2)
    finally:
        client.disconnect()
    assert "medical emergency" in str(received[0].get("text"))
    assert {"type": "emergency"} in received
