"""What the REST and socket.io channels accept, refuse, or answer politely without Rasa."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.checks import BadRequest, check_message, check_sender, polite_reply
from bot.channels.socketio import problem_with


@pytest.mark.parametrize("sender", ["me", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "пациент-🙂",
                                    "user@example.org", "x" * 128])
def test_acceptable_senders(sender: str) -> None:
    assert check_sender(sender) == sender


@pytest.mark.parametrize("sender", [None, "", "   ", 7, ["a"], "x" * 129, "../../etc/passwd",
                                    "a\\b", "a\x00b", "line\nbreak", "\u202eevil"])
def test_refused_senders(sender: Any) -> None:
    with pytest.raises(BadRequest) as refused:
        check_sender(sender)
    assert refused.value.status == 400 and "sender" in refused.value.reason


def test_messages() -> None:
    assert check_message("what is a NET?", 20) is None
    assert check_message(" \t\n", 20) == "message_empty"
    assert check_message("x" * 21, 20) == "message_too_long"
    with pytest.raises(BadRequest):
        check_message(None, 20)
    with pytest.raises(BadRequest):
        check_message({"$ne": 1}, 20)


@pytest.mark.parametrize(("data", "problem"), [
    ({"message": "hi", "session_id": "abc"}, None),
    ({"message": "", "session_id": "abc"}, "message_empty"),
    ({"message": None, "session_id": "abc"}, "message_empty"),
    ({"session_id": "abc"}, "message_empty"),
    ({"message": "x" * 50, "session_id": "abc"}, "message_too_long"),
    ({"message": "hi"}, "session_invalid"),
    ({"message": "hi", "session_id": "../x"}, "session_invalid"),
    ("hi", "message_empty"),
])
def test_socketio_events(data: Any, problem: str | None) -> None:
    assert problem_with(data, 20, needs_session=True) == problem


def test_without_session_persistence_no_session_id_is_needed() -> None:
    assert problem_with({"message": "hi"}, 20, needs_session=False) is None


@pytest.mark.parametrize("key", ["message_empty", "message_too_long", "session_invalid"])
def test_polite_replies_come_from_the_reviewed_messages(key: str) -> None:
    assert len(polite_reply(key)) > 20
