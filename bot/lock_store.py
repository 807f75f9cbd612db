"""The conversation lock store, chosen from the environment.

In-memory by default (one Rasa process on a laptop); Rasa's Redis lock store when ``REDIS_URL``
is set (several Rasa replicas sharing the tracker store).
"""

from __future__ import annotations

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import make_url

from bot.settings import get_settings


def configured_lock_store(endpoint_config: EndpointConfig | None = None) -> LockStore:
    """The lock store the environment asks for."""
    redis_url = get_settings().redis_url
    if not redis_url:
        return InMemoryLockStore()
    url = make_url(redis_url)
    return RedisLockStore(
        host=url.host or "localhost",
        port=url.port or 6379,
        db=int(url.database or 1),
        password=url.password,
        use_ssl=url.drivername == "rediss",
        key_prefix="net_assistant",
    )


class ConfiguredLockStore(LockStore):
    """What endpoints.yml names: Rasa needs a class there, so this one builds the right store."""

    def __new__(cls, endpoint_config: EndpointConfig | None = None) -> LockStore:  # type: ignore[misc]
        return configured_lock_store(endpoint_config)
