"""What the assistant records about conversations: escalations (no message text).

Stored in the same database as the content (``CONTENT_DB_URL``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, String
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
