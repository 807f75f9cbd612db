"""The one-tap emergency check, the symptom safety net and fear vs crisis, over REST and
socket.io against the real servers (issue 13). The texts come from domain.yml and messages.yml.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, List

import pytest
import yaml

from bot.settings import clinic, clinic_values
from tests.e2e.conftest import ROOT, Servers, socketio_exchange

pytestmark = pytest.mark.e2e

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
UI = yaml.safe_load((ROOT / "content" / "messages.yml").read_text(encoding="utf-8"))
VALUES = clinic_values(clinic())


def response(name: str) -> Dict[str, Any]:
    first = DOMAIN["responses"][name][0]
    return {**first, "text": first["text"].format(**VALUES)}


CHECK = response("utter_ask_emergency_now")
EMERGENCY = response("utter_emergency")["text"]
CRISIS = response("utter_crisis_line")["text"]
FEAR = response("utter_fear_of_dying")["text"]
SAFETY_NET = UI["symptom_safety_net"].format(number=VALUES["emergency_number"])
BRUSH_OFFS = (UI["rephrase"], UI["did_you_mean"], response("utter_out_of_scope")["text"])


def texts(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


def new_sender() -> str:
    return f"check-{uuid.uuid4().hex}"


def assert_check(replies: List[Dict[str, Any]]) -> None:
    [check] = [r for r in replies if r.get("text") == CHECK["text"]]
    assert check["buttons"] == CHECK["buttons"]
    assert [b["title"] for b in check["buttons"]] == ["Yes \u2013 I need help now", "No"]
    assert EMERGENCY not in texts(replies)


def test_check_then_the_yes_button_gives_the_emergency_message(servers: Servers) -> None:
    sender = new_sender()
    assert_check(servers.say(sender, "i feel a bit breathless"))
    replies = servers.say(sender, "/confirm_emergency")
    assert replies[0]["text"] == EMERGENCY
    assert f"Call {VALUES['emergency_number']} now" in texts(replies)


def test_check_then_typed_yes_gives_the_emergency_message(servers: Servers) -> None:
    sender = new_sender()
    assert_check(servers.say(sender, "i'm a little short of breath today"))
    assert servers.say(sender, "yes")[0]["text"] == EMERGENCY


def test_check_then_no_gives_the_symptom_advice_with_the_safety_net(servers: Servers) -> None:
    sender = new_sender()
    assert_check(servers.say(sender, "i'm a little short of breath today"))
    replies = servers.say(sender, "no")
    assert SAFETY_NET in texts(replies)
    assert EMERGENCY not in texts(replies)


def test_check_in_the_middle_of_another_topic(servers: Servers) -> None:
    sender = new_sender()
    servers.say(sender, "how is a net treated?")
    assert_check(servers.say(sender, "there's a small amount of blood on my tissue"))


@pytest.mark.parametrize("message", [
    "hmm my tummy has been funny and i've had the runs since tuesday",
    "been feeling really rough and sick since the last jab",
    "my skin has gone all itchy and blotchy",
    "flushing loads today",
])
def test_a_symptom_is_never_brushed_off(servers: Servers, message: str) -> None:
    replies = servers.say(new_sender(), message)
    said = texts(replies)
    assert not any(brush_off in said for brush_off in BRUSH_OFFS), said
    assert SAFETY_NET in said or EMERGENCY in said or CHECK["text"] in said, said


@pytest.mark.parametrize("message", ["Am I going to die from this?", "I'm scared of dying",
                                     "my mum is going to die and i can't cope"])
def test_fear_of_dying_gets_a_warm_reply_not_the_crisis_line(servers: Servers,
                                                            message: str) -> None:
    replies = servers.say(new_sender(), message)
    assert replies[0]["text"] == FEAR
    assert {"title": "The outlook for NETs", "payload": "/ask_prognosis"} in replies[0]["buttons"]
    assert CRISIS not in texts(replies) and "You mentioned" not in texts(replies)
    assert response("utter_fear_support")["text"] in texts(replies)  # support, offered gently


@pytest.mark.parametrize("message", ["i want to end it all", "i can't go on anymore",
                                     "my husband says he is going to kill himself"])
def test_suicidal_intent_gets_the_crisis_line_at_once(servers: Servers, message: str) -> None:
    assert servers.say(new_sender(), message)[0]["text"] == CRISIS


@pytest.mark.parametrize("message", ["/greet{}I have crushing chest pain and cannot breathe",
                                     "/help i have crushing chest pain"])
def test_an_emergency_typed_after_a_slash_is_still_an_emergency(servers: Servers,
                                                                 message: str) -> None:
    """Security review L6: "/greet{}..." was a greeting, with no red flag."""
    replies = servers.say(new_sender(), message)
    assert f"Call {VALUES['emergency_number']} now" in texts(replies)


def test_fever_on_treatment_gets_the_call_your_team_now_message(servers: Servers) -> None:
    replies = servers.say(new_sender(), "i've got a temperature of 38.6 and i'm on everolimus")
    assert replies[0]["text"] == response("utter_fever_on_treatment")["text"]
    assert "same day" not in texts(replies).lower()


def test_check_over_socketio_has_quick_replies_and_yes_escalates(servers: Servers) -> None:
    session = f"check-socket-{uuid.uuid4().hex}"

    def check_arrived(received: List[Dict[str, Any]]) -> bool:
        return any(m.get("text") == CHECK["text"] for m in received)

    received = socketio_exchange(servers, session, [{"message": "i feel a bit breathless",
                                                     "session_id": session}], check_arrived)
    [check] = [m for m in received if m.get("text") == CHECK["text"]]
    assert [q["payload"] for q in check["quick_replies"]] == ["/confirm_emergency", "/deny"]
    received = socketio_exchange(servers, session, [{"message": "/confirm_emergency",
                                                     "session_id": session}],
                                 lambda got: {"type": "emergency"} in got)
    assert received[0]["text"] == EMERGENCY and {"type": "emergency"} in received
