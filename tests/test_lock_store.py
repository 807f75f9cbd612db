"""The lock store follows REDIS_URL: in memory by default, the real Redis server when set."""

from __future__ import annotations

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.lock_store import configured_lock_store
from tests.conftest import service_missing


def test_in_memory_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(configured_lock_store(), InMemoryLockStore)


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
