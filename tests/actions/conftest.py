"""Real trackers and the real domain for action tests; the store is the tiny test content."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from rasa_sdk import Tracker

from bot.content.store import ContentStore

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return dict(yaml.safe_load(DOMAIN_FILE.read_text()))


@pytest.fixture(autouse=True)
def use_tiny_store(monkeypatch: pytest.MonkeyPatch, tiny_store: ContentStore) -> ContentStore:
    monkeypatch.setattr("actions.common.STORE", tiny_store)
    return tiny_store


def make_tracker(
    text: str,
    intent: str,
    entities: List[Dict[str, Any]] | None = None,
    slots: Dict[str, Any] | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99},
              "intent_ranking": [{"name": intent, "confidence": 0.99}],
              "entities": entities or []}
    # mid-conversation: the assistant has already greeted the person
    events = [{"event": "session_started"}, {"event": "bot", "text": "Hello!"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("test-user", slots or {}, latest, events, False, None, {}, "action_listen")
