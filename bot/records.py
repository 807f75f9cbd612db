"""What the assistant records about conversations: escalations and feedback (no message text).

Stored in the same database as the content (``CONTENT_DB_URL``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List

from sqlalchemy import Column, DateTime, Integer, String, case, delete, func, select
from sqlalchemy.orm import Mapped, Session, sessionmaker

from bot.content.models import Base


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Escalation(Base):
    """An emergency message was given: when, in which conversation, for which red flag."""

    __tablename__ = "escalation"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utc_now)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, index=True)
    red_flag: Mapped[str] = Column(String(64), nullable=False)


def record_escalations(
    sessions: sessionmaker[Session], conversation_id: str, red_flags: list[str], when: dt.datetime
) -> None:
    with sessions.begin() as session:
        session.add_all(Escalation(created_at=when, conversation_id=conversation_id,
                                   red_flag=flag) for flag in red_flags)


class Feedback(Base):
    """A 👍 (+1) or 👎 (-1) on one content answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utc_now)
    conversation_id: Mapped[str] = Column(String(255), nullable=False, index=True)
    content_id: Mapped[str] = Column(String(120), nullable=False, index=True)
    rating: Mapped[int] = Column(Integer, nullable=False)


def record_feedback(sessions: sessionmaker[Session], conversation_id: str, content_id: str,
                    rating: int) -> None:
    with sessions.begin() as session:
        session.add(Feedback(conversation_id=conversation_id, content_id=content_id,
                             rating=rating))


def forget_conversation(sessions: sessionmaker[Session], conversation_id: str) -> int:
    """Delete the conversation's feedback rows; returns how many went.

    Escalation records (time, conversation id, red flag; no text) are kept for safety audits
    and removed by the retention purge like everything else.
    """
    with sessions.begin() as session:
        result = session.execute(
            delete(Feedback).where(Feedback.conversation_id == conversation_id))
        return int(getattr(result, "rowcount", 0) or 0)


def purge_older_than(sessions: sessionmaker[Session], cutoff: dt.datetime) -> int:
    """Delete feedback and escalation records created before ``cutoff``."""
    with sessions.begin() as session:
        removed = 0
        for model in (Feedback, Escalation):
            result = session.execute(delete(model).where(model.created_at < cutoff))
            removed += int(getattr(result, "rowcount", 0) or 0)
        return removed


@dataclass(frozen=True)
class Rating:
    content_id: str
    helpful: int
    unhelpful: int


def least_helpful(sessions: sessionmaker[Session], limit: int = 20) -> List[Rating]:
    """Answers with the most 👎 relative to 👍, worst first."""
    helpful = func.sum(case((Feedback.rating > 0, 1), else_=0))
    unhelpful = func.sum(case((Feedback.rating < 0, 1), else_=0))
    query = (select(Feedback.content_id, helpful, unhelpful)
             .group_by(Feedback.content_id)
             .order_by((unhelpful - helpful).desc(), unhelpful.desc(), Feedback.content_id)
             .limit(limit))
    with sessions.begin() as session:
        return [Rating(str(c), int(h or 0), int(u or 0)) for c, h, u in session.execute(query)]


_NEGATIVE = re.compile(
    r"👎|\b(not|no|never|wasn'?t|isn'?t|didn'?t|did not|doesn'?t|useless|unhelpful|bad|wrong|"
    r"rubbish|confusing|poor)\b", re.IGNORECASE)
_POSITIVE = re.compile(r"👍|\b(helpful|useful|good|great|thanks|clear|perfect|up)\b",
                       re.IGNORECASE)


def read_rating(entity: str | None, text: str) -> int | None:
    """+1 or -1 from the button's entity or the typed words; None when it cannot be told.

    Negative wording wins over an extracted "up" ("that wasn't helpful" is a 👎).
    """
    if _NEGATIVE.search(text) or entity == "down":
        return -1
    if entity == "up" or _POSITIVE.search(text):
        return 1
    return None
