"""Caregiver and follow-up conversations over REST: the right answer, about the right person.

The conversations are in caregiver_conversations.yml (written by the project). Each turn's reply
must contain the text of one of its right answers (an answer unit, or a topic's general or
body-site answer) and, for someone else, the "About your <person>" line.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from bot.content.loader import read_content
from bot.replies import fill_numbers
from bot.settings import clinic
from tests.e2e.conftest import ROOT, Servers

pytestmark = pytest.mark.e2e

CONVERSATIONS = yaml.safe_load(
    (Path(__file__).with_name("caregiver_conversations.yml")).read_text())["conversations"]
CONTENT = read_content(ROOT / "content")


def answer_texts(label: str) -> List[str]:
    """The first words of every text that answers with ``label``."""
    if label.startswith("topic:"):
        topic = CONTENT.topics[label.removeprefix("topic:")]
        texts = [topic.answer, *(variant.answer for variant in topic.variants)]
    else:
        texts = [CONTENT.units[label].answer]
    return [fill_numbers(text).strip()[:60] for text in texts]


def about_line(person: str) -> str:
    return CONTENT.messages["about_person"].text.format(person=person)


def test_the_conversations_name_real_answers() -> None:
    assert len(CONVERSATIONS) >= 20
    assert all(3 <= len(c["turns"]) <= 6 for c in CONVERSATIONS)
    for conversation in CONVERSATIONS:
        for turn in conversation["turns"]:
            for label in turn["answers"]:
                assert answer_texts(label), label


def failure(servers: Servers, conversation: Dict[str, Any]) -> str | None:
    """Why the conversation went wrong, or ``None`` when every turn was right."""
    sender = f"caregiver-{uuid.uuid4().hex}"
    for turn in conversation["turns"]:
        replies = servers.say(sender, turn["user"])
        texts = [str(reply.get("text") or "") for reply in replies]
        wanted = [start for label in turn["answers"] for start in answer_texts(label)]
        if not any(text.startswith(start) for text in texts for start in wanted):
            return f"{turn['user']!r}: wanted {turn['answers']}, got {[t[:70] for t in texts[:3]]}"
        person = turn.get("person")
        if person and about_line(person) not in texts:
            return f"{turn['user']!r}: the reply does not speak of the {person}"
        if not person and any(text.startswith("About your") for text in texts):
            return f"{turn['user']!r}: the reply speaks of someone else"
    return None


def test_caregiver_conversations(servers: Servers) -> None:
    assert clinic().emergency_number
    failures = {c["id"]: failure(servers, c) for c in CONVERSATIONS}
    wrong = {name: why for name, why in failures.items() if why}
    print("\n" + "\n".join(f"FAILED {name}: {why}" for name, why in wrong.items()))
    assert not wrong, wrong
