"""`make report` finds the questions that fell back; `make purge` removes old conversations."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.reports import fell_back, purge, review_report
from bot.settings import get_settings
from bot.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parent.parent


def test_fallbacks_are_listed_and_old_events_purged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("CONTENT_DB_URL", f"sqlite:///{tmp_path / 'content.db'}")
    domain = Domain.load(str(ROOT / "domain.yml"))
    store = PrivateSQLTrackerStore(domain)
    tracker = DialogueStateTracker("someone", domain.slots)
    for text, intent in [("blorp", "nlu_fallback"), ("Blorp", "nlu_fallback"),
                         ("what is the weather", "out_of_scope"), ("hi", "greet")]:
        tracker.update(UserUttered(text, {"name": intent},
                                   parse_data={"text": text, "intent": {"name": intent}}))
    asyncio.run(store.save(tracker))
    settings = get_settings()
    assert fell_back(settings.tracker_db_url) == [("blorp", 2), ("what is the weather", 1)]
    import bot.records  # noqa: F401  (registers the record tables)
    from bot.content.db import make_engine
    from bot.content.models import metadata

    metadata.create_all(make_engine(settings.content_db_url))
    assert review_report(settings).least_helpful == []
    assert purge(settings, now=dt.datetime.now() - dt.timedelta(days=365)) == (0, 0)
    assert purge(settings, now=dt.datetime.now() + dt.timedelta(days=400)) == (4, 0)
    assert fell_back(settings.tracker_db_url) == []
