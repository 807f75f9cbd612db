"""Engine and session factory for the content store, created on first use."""

from __future__ import annotations

from functools import cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import get_settings


class ContentStoreUnavailable(RuntimeError):
    """The content database cannot be reached; the message is one line for people."""


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return repr(make_url(url))  # hides the password
    except ArgumentError:
        return repr(url.split("@")[-1])


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        from pathlib import Path

        from sqlalchemy.engine import make_url

        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)

        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        return engine
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5} if url.startswith("postgres") else {})


@cache
def session_factory(url: str | None = None) -> sessionmaker[Session]:
    """A session factory bound to ``url`` (default: the configured content DB)."""
    return sessionmaker(make_engine(url or get_settings().content_db_url), future=True,
                        expire_on_commit=False)


def check_connection(url: str) -> None:
    """Raise :class:`ContentStoreUnavailable` with one clear line if ``url`` is unreachable."""
    try:
        with session_factory(url).begin() as session:
            session.connection()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise ContentStoreUnavailable(
            f"cannot reach the content database {_redact(url)}: {reason[0] if reason else error}"
        ) from error
