"""The lock store follows REDIS_URL: in memory by default, the real Redis server when set."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.exceptions import RasaException

from bot.lock_store import configured_lock_store
from tests.conftest import service_missing
from tests.e2e.conftest import free_port


def test_in_memory_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    assert isinstance(configured_lock_store(), InMemoryLockStore)


def test_several_workers_without_redis_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(RasaException, match="REDIS_URL"):
        configured_lock_store()


@pytest.mark.redis
def test_redis_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    store: LockStore = configured_lock_store()
    assert isinstance(store, RedisLockStore)
    try:
        store.red.ping()
    except Exception as error:  # any failure means the server is unusable
        service_missing("Redis at 127.0.0.1:6379", error)
    ticket = store.issue_ticket("net-test-conversation")
    lock = store.get_lock("net-test-conversation")
    assert lock is not None and lock.is_someone_waiting() and ticket == lock.last_issued
    store.finish_serving("net-test-conversation", ticket)
    store.delete_lock("net-test-conversation")
    assert store.get_lock("net-test-conversation") is None


def test_endpoints_name_a_class_that_builds_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.lock_store import LockStore as RasaLockStore
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("ACTION_SERVER_URL", "http://localhost:5055/webhook")
    config = read_endpoint_config("endpoints.yml", "lock_store")
    assert isinstance(RasaLockStore.create(config), InMemoryLockStore)


@pytest.mark.redis
def test_a_waiting_turn_outlives_a_dead_replicas_ticket(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own lock would wait forever here: both tickets expire in the same second."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    store = configured_lock_store()
    assert isinstance(store, RedisLockStore)
    conversation = f"nettest{uuid.uuid4().hex}"
    try:
        store.issue_ticket(conversation, 1)  # held by a replica that was killed
    except Exception as error:
        service_missing("Redis at 127.0.0.1:6379", error)

    async def turn() -> float:
        started = time.monotonic()
        async with store.lock(conversation, lock_lifetime=1, wait_time_in_seconds=0.5):
            return time.monotonic() - started

    assert asyncio.run(asyncio.wait_for(turn(), timeout=10)) < 5
    assert store.get_lock(conversation) is None


def test_unreachable_redis_serves_the_turn_under_a_local_lock(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/1")  # nothing listens
    store = configured_lock_store()

    async def turn() -> bool:
        async with store.lock("net-test-conversation") as lock:
            return lock is not None

    with caplog.at_level(logging.ERROR):
        assert asyncio.run(turn())
    assert "Redis lock store unreachable" in caplog.text


@pytest.mark.redis
def test_replicas_taking_tickets_at_once_get_different_tickets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    replicas = [configured_lock_store() for _ in range(4)]
    conversation = f"nettest{uuid.uuid4().hex}"
    try:
        replicas[0].get_lock(conversation)
    except Exception as error:
        service_missing("Redis at 127.0.0.1:6379", error)
    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = list(pool.map(lambda i: replicas[i % 4].issue_ticket(conversation, 5),
                                range(40)))
    assert sorted(tickets) == list(range(40))
    for ticket in tickets:
        replicas[0].cleanup(conversation, ticket)
    assert replicas[0].get_lock(conversation) is None
