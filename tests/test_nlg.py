"""Domain responses get the clinic's numbers (bot/nlg.py), whatever the slots say."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import ClinicResponseGenerator
from bot.settings import Clinic, clinic, clinic_values

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def _generate(name: str, channel: str = "rest") -> dict:
    tracker = DialogueStateTracker.from_events("nlg-test", [SlotSet("urgency", "emergency")],
                                               DOMAIN.slots)
    generated = asyncio.run(ClinicResponseGenerator(domain=DOMAIN).generate(
        name, tracker, channel))
    assert generated is not None
    return generated


def test_the_emergency_message_has_the_local_number_on_every_channel() -> None:
    number = clinic().emergency_number
    for channel in ("rest", "socketio", "telegram"):
        text = _generate("utter_emergency", channel)["text"]
        assert f"Call {number} now" in text and "{" not in text


def test_every_response_with_a_number_is_filled() -> None:
    for name, variants in DOMAIN.responses.items():
        if any("{" in str(v.get("text")) for v in variants):
            assert "{" not in _generate(name)["text"], name


def test_without_a_crisis_line_the_emergency_number_stands_in() -> None:
    config = Clinic(locale="AU", emergency_number="000", crisis_line=None,
                    handoff=clinic().handoff, staff_webhook=clinic().staff_webhook)
    assert clinic_values(config) == {"emergency_number": "000", "crisis_line": "000"}
