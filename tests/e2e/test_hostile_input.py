"""Hostile and bad input over REST and socket.io: a clear 4xx or a polite reply, never a crash.

After every case the server still answers a normal question, and a conversation that was going
on at the same time is unaffected.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, Tuple

import pytest

from tests.e2e.conftest import Replies, Servers, socketio_exchange

pytestmark = pytest.mark.e2e

LONG = "what is a net " * 7500  # about 100 KB


def post(servers: Servers, body: bytes,
         content_type: str | None = "application/json") -> Tuple[int, Any]:
    """POST raw bytes to the REST channel; the status and the decoded JSON body (or text)."""
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(f"{servers.rasa_url}/webhooks/rest/webhook", data=body,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def message(sender: Any, text: Any) -> bytes:
    return json.dumps({"sender": sender, "message": text}).encode()


def replied(status: int, body: Any) -> bool:
    return status == 200 and isinstance(body, list) and bool(body) and all(
        isinstance(m, dict) and (m.get("text") or m.get("buttons") or m.get("custom"))
        for m in body)


def clear_error(status: int, body: Any) -> bool:
    return 400 <= status < 500 and isinstance(body, dict) and bool(body.get("error")
                                                                  or body.get("message"))


def still_serving(servers: Servers) -> None:
    assert "neuroendocrine" in json.dumps(servers.say("hostile-check", "what is a NET?"))


POLITE_REPLY = {
    "empty": message("hostile-empty", ""),
    "whitespace": message("hostile-space", "  \t\n  "),
    "control characters": message("hostile-control", "what\x00 is\x1b[31m a\x07 NET\x7f?"),
    "emoji and right-to-left": message("hostile-rtl", "🙂🧬 ما هو الورم؟ מה זה NET? \u202eabc"),
    "HTML and JavaScript": message("hostile-html",
                                   "<script>alert(1)</script><img src=x onerror=alert(1)>"),
    "SQL injection": message("hostile-sql", "'; DROP TABLE events; -- what is a NET?"),
    "unicode sender": message("пациент-🙂", "hello"),
    "100 KB message": message("hostile-long", LONG),
}

CLEAR_ERROR: Dict[str, Tuple[bytes, str | None]] = {
    "2 MB body": (message("hostile-huge", LONG * 20), "application/json"),
    "malformed JSON": (b'{"sender": "hostile-json", "message": ', "application/json"),
    "invalid UTF-8": (b'{"sender": "hostile-utf8", "message": "caf\xe9 \xff\xfe"}',
                      "application/json"),
    "JSON array": (b'["hostile", "hello"]', "application/json"),
    "form-encoded": (b"sender=hostile-form&message=hello", "application/x-www-form-urlencoded"),
    "plain text": (b"hello", "text/plain"),
    "no content type": (b"hello", None),
    "missing sender": (json.dumps({"message": "hello"}).encode(), "application/json"),
    "missing message": (json.dumps({"sender": "hostile-nomsg"}).encode(), "application/json"),
    "message not a string": (message("hostile-type", {"$ne": 1}), "application/json"),
    "sender not a string": (message(["a"], "hello"), "application/json"),
    "huge sender": (message("x" * 100_000, "hello"), "application/json"),
    "path traversal sender": (message("../../etc/passwd", "hello"), "application/json"),
    "sender with control characters": (message("a\x00b\nc", "hello"), "application/json"),
}


@pytest.mark.parametrize("case", list(POLITE_REPLY))
def test_odd_but_valid_messages_get_a_polite_reply(servers: Servers, case: str) -> None:
    status, body = post(servers, POLITE_REPLY[case])
    assert replied(status, body), (status, body)
    assert "<script>" not in json.dumps(body)  # nothing the user typed is echoed back as markup
    still_serving(servers)


def test_json_sent_with_curl_d_content_type_is_answered(servers: Servers) -> None:
    """Like Rasa, the body counts, not the declared type (the README's curl -d example)."""
    status, body = post(servers, message("hostile-curl", "hello"),
                        "application/x-www-form-urlencoded")
    assert replied(status, body), (status, body)


@pytest.mark.parametrize("case", list(CLEAR_ERROR))
def test_bad_requests_get_a_clear_4xx(servers: Servers, case: str) -> None:
    body, content_type = CLEAR_ERROR[case]
    status, answer = post(servers, body, content_type)
    assert clear_error(status, answer), (status, answer)
    still_serving(servers)


def test_missing_senders_do_not_share_a_conversation(servers: Servers) -> None:
    """Rasa's default puts every request without a sender into one shared conversation."""
    status, _ = post(servers, json.dumps({"message": "my email is a@b.example"}).encode())
    assert status == 400
    tracker = servers.workdir / "tracker.db"
    import sqlite3

    with sqlite3.connect(tracker) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert "default" not in senders


@pytest.mark.parametrize("claimed", ["socketio", {"nested": ["any", "json"]}])
def test_a_client_cannot_choose_the_channel_it_is_stored_under(servers: Servers,
                                                               claimed: Any) -> None:
    """Security review L5: Rasa stored the client's ``input_channel`` verbatim."""
    import sqlite3

    sender = f"hostile-channel-{len(str(claimed))}"
    status, body = post(servers, json.dumps({"sender": sender, "message": "hello",
                                             "input_channel": claimed}).encode())
    assert replied(status, body), (status, body)
    with sqlite3.connect(servers.workdir / "tracker.db") as db:
        channels = {json.loads(row[0]).get("input_channel") for row in db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,))}
    assert channels == {"rest"}


def test_other_conversations_are_unaffected(servers: Servers) -> None:
    first = servers.say("hostile-bystander", "what is a neuroendocrine tumor?")
    post(servers, message("hostile-long-2", LONG))
    post(servers, b"\xff\xfe\x00garbage")
    more = servers.say("hostile-bystander", "tell me more")
    assert first and more and "neuroendocrine" in json.dumps(first)
    assert json.dumps(more) != json.dumps(first)  # the context (last topic) survived


def first_reply(received: Replies) -> bool:
    return bool(received)


SOCKETIO_TEXTS = {"empty": "", "whitespace": "   ", "100 KB": LONG, "an object": {"$ne": 1},
                  "null": None, "HTML": "<script>alert(1)</script>", "control": "\x00\x1b[2J"}


@pytest.mark.parametrize("case", list(SOCKETIO_TEXTS))
def test_socketio_bad_messages_get_a_polite_reply(servers: Servers, case: str) -> None:
    received = socketio_exchange(
        servers, "hostile-sio", [{"message": SOCKETIO_TEXTS[case], "session_id": "hostile-sio"}],
        first_reply, seconds=30)
    assert received and received[0].get("text"), received
    assert "<script>" not in json.dumps(received)
    still_serving(servers)


@pytest.mark.parametrize("session_id", ["x" * 100_000, "../../etc/passwd", {"a": 1}],
                         ids=["huge", "path traversal", "an object"])
def test_socketio_absurd_session_ids_are_refused_politely(servers: Servers,
                                                          session_id: Any) -> None:
    received = socketio_exchange(servers, "hostile-sio-ok",
                                 [{"message": "hello", "session_id": session_id}],
                                 first_reply, seconds=30)
    assert received and received[0].get("text"), received
    still_serving(servers)
