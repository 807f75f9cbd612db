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
    """Named as ``type: bot.lock_store.configured_lock_store`` in endpoints.yml."""
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
