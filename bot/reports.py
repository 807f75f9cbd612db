"""Reports for content reviewers and the retention purge (``make report``, ``make purge``)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import List, Tuple

from sqlalchemy import create_engine, text

from bot.content.db import session_factory
from bot.records import Rating, least_helpful, purge_older_than, utc_now
from bot.settings import Settings

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")


@dataclass(frozen=True)
class ReviewReport:
    least_helpful: List[Rating]
    content_gaps: List[Tuple[str, int]]  # (masked question, how often)


def fell_back(tracker_db_url: str, limit: int = 20) -> List[Tuple[str, int]]:
    """Questions the assistant could not place (NLU fallback, out of scope), most frequent first."""
    engine = create_engine(tracker_db_url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT data FROM events WHERE type_name = 'user' AND intent_name IN "
                "('nlu_fallback', 'out_of_scope')")).scalars().all()
    except Exception:
        return []
    finally:
        engine.dispose()
    questions = Counter(str(json.loads(row).get("text", "")).strip().lower() for row in rows)
    return [(q, n) for q, n in questions.most_common(limit) if q]


def review_report(settings: Settings) -> ReviewReport:
    return ReviewReport(least_helpful(session_factory(settings.content_db_url)),
                        fell_back(settings.tracker_db_url))


def purge(settings: Settings, now: dt.datetime | None = None) -> Tuple[int, int]:
    """Delete conversation events and records older than the retention period."""
    cutoff = (now or utc_now()) - dt.timedelta(days=settings.retention_days)
    records = purge_older_than(session_factory(settings.content_db_url), cutoff)
    engine = create_engine(settings.tracker_db_url, future=True)
    try:
        with engine.begin() as connection:
            result = connection.execute(text("DELETE FROM events WHERE timestamp < :cutoff"),
                                        {"cutoff": cutoff.replace(tzinfo=dt.timezone.utc)
                                         .timestamp()})
            events = int(getattr(result, "rowcount", 0) or 0)
    except Exception:
        events = 0
    finally:
        engine.dispose()
    return events, records
