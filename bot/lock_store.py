"""The conversation lock store, chosen from the environment.

In-memory by default (one Rasa process on a laptop); Rasa's Redis lock store when ``REDIS_URL``
is set (several Rasa replicas sharing the tracker store).

When Redis cannot be reached, a turn is not dropped: it is served under this process's own
lock, with an error in the log, and the next turn tries Redis again. Two replicas could then
serve the same conversation at once; the tracker store refuses the second, conflicting save
(``bot.tracker_store.TrackerConflict``), so no stored conversation is corrupted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from typing import AsyncIterator, Callable, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError, WatchError
from sqlalchemy.engine import make_url

from bot.settings import get_settings

logger = logging.getLogger(__name__)
T = TypeVar("T")
KEY_PREFIX = "netassistant"  # Rasa ignores prefixes that are not alphanumeric


def _redis_failed(error: BaseException) -> bool:
    """Rasa wraps Redis errors in ``LockError`` when issuing a ticket."""
    return isinstance(error, RedisError) or (
        isinstance(error, LockError) and isinstance(error.__context__, RedisError))


class RedisWithLocalFallback(RedisLockStore):
    """Rasa's Redis lock store that serves a turn under a local lock while Redis is down."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.local = InMemoryLockStore()

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncIterator[TicketLock]:
        async with AsyncExitStack() as stack:
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
                stack.callback(self._cleanup, conversation_id, ticket)
                lock = await self._wait_for_turn(conversation_id, ticket, lock_lifetime,
                                                 wait_time_in_seconds)
            except (LockError, RedisError) as error:
                if not _redis_failed(error):
                    raise
                logger.error("Redis lock store unreachable (%s); serving conversation '%s' "
                             "under a local lock until Redis is back", error, conversation_id)
                lock = await stack.enter_async_context(
                    self.local.lock(conversation_id, lock_lifetime, wait_time_in_seconds))
            yield lock

    def _change(self, conversation_id: str,
                change: Callable[[TicketLock], T]) -> T:
        """Apply ``change`` to the stored lock atomically; an empty lock is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = (TicketLock.from_dict(json.loads(raw)) if raw
                            else self.create_lock(conversation_id))
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._change(conversation_id,
                                    lambda lock: lock.issue_ticket(lock_lifetime)))
        except RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    async def _wait_for_turn(self, conversation_id: str, ticket: int, lifetime: float,
                             wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self._change(conversation_id, partial(_keep_alive, ticket=ticket, lifetime=lifetime))

    def _cleanup(self, conversation_id: str, ticket: int) -> None:
        try:
            self.cleanup(conversation_id, ticket)
        except RedisError as error:  # the ticket expires by itself (lock lifetime)
            logger.error("Redis lock store unreachable (%s); ticket %s of '%s' will expire",
                         error, ticket, conversation_id)


def _keep_alive(lock: TicketLock, ticket: int, lifetime: float) -> None:
    for waiting in lock.tickets:
        if waiting.number == ticket:
            waiting.expires = max(waiting.expires, time.time() + lifetime)
    lock.remove_expired_tickets()


def configured_lock_store(endpoint_config: EndpointConfig | None = None) -> LockStore:
    """The lock store the environment asks for."""
    settings = get_settings()
    redis_url = settings.redis_url
    if not redis_url:
        if settings.sanic_workers > 1:
            # Rasa lets any custom lock store run several workers; in-memory locks would be
            # per worker, so two turns of one conversation could run at once.
            raise RasaException(
                f"SANIC_WORKERS={settings.sanic_workers} needs the Redis lock store: set "
                "REDIS_URL (e.g. redis://127.0.0.1:6379/1) or use one worker.")
        return InMemoryLockStore()
    url = make_url(redis_url)
    return RedisWithLocalFallback(
        host=url.host or "localhost",
        port=url.port or 6379,
        db=int(url.database or 1),
        password=url.password,
        use_ssl=url.drivername == "rediss",
        key_prefix=KEY_PREFIX,
        socket_timeout=5,
    )


class ConfiguredLockStore(LockStore):
    """What endpoints.yml names: Rasa needs a class there, so this one builds the right store."""

    def __new__(cls, endpoint_config: EndpointConfig | None = None) -> LockStore:  # type: ignore[misc]
        return configured_lock_store(endpoint_config)
