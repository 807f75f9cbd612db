"""The emergency message is a domain response: it arrives even when the action server is down."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    RASA,
    ROOT,
    free_port,
    start,
    stop,
    wait_until_ready,
    write_credentials,
)

pytestmark = pytest.mark.e2e


def test_emergency_message_without_action_server(tmp_path: Path) -> None:
    rasa_port = free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}/webhook",  # nothing listens
           "TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    credentials = write_credentials(tmp_path / "credentials.yml", env)
    rasa = start([RASA, "run", "--model", (ROOT / "models" / "current").read_text().strip(),
                  "--interface", "127.0.0.1", "--port", str(rasa_port), "--endpoints",
                  "endpoints.yml", "--credentials", str(credentials)], tmp_path / "rasa.log", env)
    try:
        wait_until_ready(f"http://127.0.0.1:{rasa_port}/", rasa)
        request = urllib.request.Request(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            data=json.dumps({"sender": "no-actions",
                             "message": "my husband collapsed and he wont wake up"}).encode())
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.loads(response.read())
    finally:
        stop(rasa)
    assert replies and "medical emergency" in replies[0]["text"]
    assert "911" in replies[0]["text"]
