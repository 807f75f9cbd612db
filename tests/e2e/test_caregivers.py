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
    for conversation in CONVERSATIONS:
        for turn in conversation["turns"]:
            for label in turn["answers"]:
                assert answer_texts(label), label


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_caregiver_conversation(servers: Servers, conversation: Dict[str, Any]) -> None:
    sender = f"caregiver-{uuid.uuid4().hex}"
    assert clinic().emergency_number
    for turn in conversation["turns"]:
        replies = servers.say(sender, turn["user"])
        texts = [str(reply.get("text") or "") for reply in replies]
        wanted = [start for label in turn["answers"] for start in answer_texts(label)]
        assert any(text.startswith(start) for text in texts for start in wanted), (
            turn["user"], turn["answers"], texts)
        person = turn.get("person")
        if person:
            assert about_line(person) in texts, (turn["user"], texts)
        else:
            assert not any(text.startswith("About your") for text in texts), (turn["user"], texts)
