"""action_escalate_emergency: local number, plain-words red flag, record, staff webhook."""

from __future__ import annotations

import asyncio
import json
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread
from typing import Any, Dict, List

import pytest
from sqlalchemy import select

from actions.escalate_emergency import ActionEscalateEmergency
from bot.content.store import ContentStore
from bot.records import Escalation
from bot.settings import Clinic, Handoff, StaffWebhook, load_clinic
from tests.actions.conftest import make_tracker

FLAG = {"entity": "red_flag", "value": "fainting", "start": 0, "end": 5}


def configure(monkeypatch: pytest.MonkeyPatch, webhook_url: str = "", locale: str = "US",
              crisis: str | None = "988") -> None:
    config = Clinic(locale, {"US": "911", "GB": "999"}[locale], crisis,
                    Handoff("Helpline", None, None, None), StaffWebhook(webhook_url, 2, 1))
    monkeypatch.setattr("actions.escalate_emergency.clinic", lambda: config)


async def run_and_settle(tracker: Any, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionEscalateEmergency().run(dispatcher, tracker, domain)
    await asyncio.sleep(0.5)  # let the background webhook task finish
    return dispatcher.messages


def test_number_and_plain_words_and_record(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any], use_tiny_store: ContentStore
) -> None:
    configure(monkeypatch, locale="GB")
    tracker = make_tracker("my dad passed out", "report_emergency", [FLAG])
    messages = asyncio.run(run_and_settle(tracker, domain))
    assert messages[0]["text"].startswith("Call 999 now.")
    assert "faint" in messages[0]["text"].lower()
    assert len(messages) == 1  # no crisis line for fainting
    with use_tiny_store.sessions.begin() as session:
        rows = session.execute(select(Escalation)).scalars().all()
        assert [(r.conversation_id, r.red_flag) for r in rows] == [("test-user", "fainting")]


def test_suicidal_thoughts_add_the_crisis_line(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    configure(monkeypatch)
    flag = {**FLAG, "value": "suicidal_thoughts"}
    messages = asyncio.run(run_and_settle(
        make_tracker("i want to end it all", "report_emergency", [flag]), domain))
    assert messages[0]["text"].startswith("Call 911 now.")
    assert "988" in messages[1]["text"]


def test_staff_webhook_gets_no_message_text(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    received: List[Dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        configure(monkeypatch, webhook_url=f"http://127.0.0.1:{server.server_port}/alerts")
        asyncio.run(run_and_settle(
            make_tracker("my dad passed out", "report_emergency", [FLAG]), domain))
    finally:
        server.shutdown()
    assert received == [{"time": received[0]["time"], "conversation_id": "test-user",
                         "red_flags": ["fainting"]}]
    assert "passed out" not in json.dumps(received)


def test_unreachable_webhook_does_not_delay_the_reply(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    import time

    configure(monkeypatch, webhook_url="http://127.0.0.1:9/unreachable")

    async def timed() -> float:
        from rasa_sdk.executor import CollectingDispatcher

        started = time.monotonic()
        await ActionEscalateEmergency().run(
            CollectingDispatcher(), make_tracker("x", "report_emergency", [FLAG]), domain)
        return time.monotonic() - started

    assert asyncio.run(timed()) < 0.5


def test_clinic_config_and_locale_override(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import PROJECT_ROOT

    assert load_clinic(PROJECT_ROOT / "clinic.yml").emergency_number == "911"
    monkeypatch.setenv("NET_LOCALE", "gb")
    config = load_clinic(PROJECT_ROOT / "clinic.yml")
    assert (config.emergency_number, config.crisis_line) == ("999", "116 123 (Samaritans)")
    monkeypatch.setenv("NET_LOCALE", "XX")
    with pytest.raises(ValueError, match="no emergency number for locale 'XX'"):
        load_clinic(PROJECT_ROOT / "clinic.yml")


def test_first_aid_follows_the_number_for_a_red_flag_that_has_it(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    configure(monkeypatch)
    flag = {**FLAG, "value": "severe_hypoglycemia"}
    messages = asyncio.run(run_and_settle(
        make_tracker("she's shaking and confused and can't swallow", "report_emergency", [flag]),
        domain))
    assert messages[0]["text"].startswith("Call 911 now.")
    assert "fast sugar" in messages[1]["text"] and "not fully awake" in messages[1]["text"]


def test_fever_on_treatment_does_not_repeat_call_911_now(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    configure(monkeypatch)
    flag = {**FLAG, "value": "fever_on_chemo"}
    messages = asyncio.run(run_and_settle(
        make_tracker("fever of 38.5 after chemo", "report_emergency", [flag]), domain))
    assert not any("Call 911 now" in m["text"] for m in messages)
    assert messages[0]["text"].startswith("You mentioned:")


def test_the_escalation_resets_the_urgency(
    monkeypatch: pytest.MonkeyPatch, domain: Dict[str, Any]
) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    configure(monkeypatch)
    events = asyncio.run(ActionEscalateEmergency().run(
        CollectingDispatcher(), make_tracker("my dad passed out", "report_emergency", [FLAG]),
        domain))
    assert {"event": "slot", "name": "urgency", "value": None, "timestamp": None} in events
