"""Masking before storage and "forget me", on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import FORGET_ACTION, mask_personal_data
from bot.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail me at jo.smith+net@example.co.uk please", "mail me at [email] please"),
        ("call 07700 900123 or +1 (555) 123-4567", "call [phone] or [phone]"),
        ("my bp was 180/120 and ki-67 is 3%", "my bp was 180/120 and ki-67 is 3%"),
        ("scan on 2024-06-26, 5-HIAA 12 mg/24h", "scan on 2024-06-26, 5-HIAA 12 mg/24h"),
        ("about 6 in 100,000 people", "about 6 in 100,000 people"),
    ],
)
def test_mask_personal_data(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


def test_masking_a_long_message_is_linear() -> None:
    """Security review L3: a 40,000-character message took 6 s (quadratic) and blocked the
    event loop. 100,000 characters would take about 40 s that way; linear, well under a second
    (the bound is generous: this is not a speed target)."""
    import time

    for text in ("1" * 100_000 + "@", "a." * 50_000 + "@x", "9" * 100_000 + " x@y.org"):
        start = time.perf_counter()
        masked = mask_personal_data(text)
        assert time.perf_counter() - start < 5.0
    assert masked.endswith("[email]")


def conversation(sender: str, *texts: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for text in texts:
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0},
                                   parse_data={"text": text, "intent": {"name": "greet"}}))
        tracker.update(BotUttered("hello"))
    return tracker


def exercise(store: PrivateSQLTrackerStore) -> None:
    tracker = conversation("alice", "hi, i'm alice@example.org, phone 07700 900123")
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(conversation("bob", "hello")))
    stored = asyncio.run(store.retrieve("alice"))
    assert stored is not None
    user = next(e for e in stored.events if isinstance(e, UserUttered))
    assert user.text == "hi, i'm [email], phone [phone]"
    assert "alice@example.org" not in str(user.parse_data)

    tracker.update(UserUttered("forget me", {"name": "request_forget_me"}))
    tracker.update(ActionExecuted(FORGET_ACTION))
    tracker.update(BotUttered("Done."))
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("alice")) is None
    assert asyncio.run(store.retrieve("bob")) is not None  # others are untouched


def test_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    exercise(PrivateSQLTrackerStore(DOMAIN))


def test_masking_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("NET_MASK_PERSONAL_DATA", "false")
    store = PrivateSQLTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("carol", "carol@example.org")))
    stored = asyncio.run(store.retrieve("carol"))
    assert stored is not None and stored.latest_message is not None
    assert stored.latest_message.text == "carol@example.org"


@pytest.mark.postgres
def test_postgresql(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", postgres_url)
    exercise(PrivateSQLTrackerStore(DOMAIN))


def test_a_tracker_rebuilt_without_its_history_is_not_spliced_in(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """After a failed retrieve Rasa answers from a fresh tracker; saving it must not append."""
    from bot.tracker_store import TrackerConflict

    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = PrivateSQLTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("carol", "hello", "what is a net")))
    before = asyncio.run(store.retrieve("carol"))
    assert before is not None
    with pytest.raises(TrackerConflict):
        asyncio.run(store.save(conversation("carol", "tell me more", "and staging", "thanks")))
    after = asyncio.run(store.retrieve("carol"))
    assert after is not None and list(after.events) == list(before.events)
    before.update(UserUttered("thanks", {"name": "thank"}))
    asyncio.run(store.save(before))  # the real continuation is stored
    assert len(list(asyncio.run(store.retrieve("carol")).events)) == len(before.events)
