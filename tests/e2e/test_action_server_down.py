"""The action server down, killed, restarted or hung: never silence, and recovery by itself.

One Rasa server is pointed at a port where, test by test, nothing listens, the real action
server runs, is killed and comes back, or a fake server hangs.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from bot.content.store import ContentStore
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

UNAVAILABLE = "can't fetch that answer right now"
TIMEOUT_SECONDS = 2


@dataclass
class Setup:
    rasa_url: str
    actions_port: int
    env: Dict[str, str]
    workdir: Path

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return list(json.loads(response.read()))

    def start_actions(self) -> subprocess.Popen[bytes]:
        actions = start([RASA, "run", "actions", "--actions", "actions", "--port",
                         str(self.actions_port)], self.workdir / "actions.log", self.env)
        wait_until_ready(f"http://127.0.0.1:{self.actions_port}/health", actions)
        return actions


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    workdir = tmp_path_factory.mktemp("no-actions")
    rasa_port, actions_port = free_port(), free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false",
           "NET_ACTION_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
           "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
           "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}"}
    credentials = write_credentials(workdir / "credentials.yml", env)
    rasa = start([RASA, "run", "--model", (ROOT / "models" / "current").read_text().strip(),
                  "--interface", "127.0.0.1", "--port", str(rasa_port), "--endpoints",
                  "endpoints.yml", "--credentials", str(credentials)], workdir / "rasa.log", env)
    try:
        wait_until_ready(f"http://127.0.0.1:{rasa_port}/", rasa)
        yield Setup(f"http://127.0.0.1:{rasa_port}", actions_port, env, workdir)
    finally:
        stop(rasa)


def text(replies: List[Dict[str, Any]]) -> str:
    return "\n\n".join(str(r.get("text", "")) for r in replies)


def test_emergency_message_without_action_server(setup: Setup) -> None:
    replies = setup.say("no-actions", "my husband collapsed and he wont wake up")
    assert "medical emergency" in replies[0]["text"]
    assert "911" in replies[0]["text"]
    assert UNAVAILABLE not in text(replies)  # the emergency message is the reply that matters


def test_the_check_and_its_yes_without_action_server(setup: Setup) -> None:
    check = setup.say("no-actions-check", "i feel a bit breathless")
    assert [b["title"] for b in check[0]["buttons"]] == ["Yes \u2013 I need help now", "No"]
    for answer in ("/confirm_emergency", "yes"):
        setup.say("no-actions-check-2", "i'm a little short of breath today")
        replies = setup.say("no-actions-check-2", answer)
        assert "medical emergency" in replies[0]["text"] and "911" in replies[0]["text"]


def test_a_question_without_action_server_gets_the_unavailable_reply(setup: Setup) -> None:
    replies = setup.say("no-actions-question", "what is a neuroendocrine tumor?")
    assert UNAVAILABLE in text(replies)


def test_killed_mid_conversation_and_restarted(setup: Setup) -> None:
    expected = ContentStore().answer_for_intent("ask_symptoms")
    assert expected is not None
    actions = setup.start_actions()
    try:
        assert "neuroendocrine" in text(setup.say("restart", "what is a neuroendocrine tumor?"))
    finally:
        stop(actions)
    assert UNAVAILABLE in text(setup.say("restart", "what are the symptoms?"))
    actions = setup.start_actions()
    try:
        replies = setup.say("restart", "what are the symptoms?")
    finally:
        stop(actions)
    assert expected.text in text(replies)  # recovered by itself, conversation continued


class Hang(BaseHTTPRequestHandler):
    """An action server that accepts the call and never answers in time."""

    release = threading.Event()

    def do_POST(self) -> None:
        self.release.wait(30)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_hung_action_server_gets_the_reply_within_seconds(setup: Setup) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", setup.actions_port), Hang)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        began = time.monotonic()
        replies = setup.say("hung", "what is a neuroendocrine tumor?")
        elapsed = time.monotonic() - began
    finally:
        Hang.release.set()
        server.shutdown()
        server.server_close()
    assert UNAVAILABLE in text(replies)
    assert elapsed < TIMEOUT_SECONDS + 5, f"took {elapsed:.1f} s"
