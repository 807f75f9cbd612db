"""Tell a staff system about an escalation without ever delaying the person's reply."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Set

import aiohttp

from bot.settings import StaffWebhook

logger = logging.getLogger(__name__)
_pending: Set[asyncio.Task[bool]] = set()


async def post_with_retry(webhook: StaffWebhook, payload: Dict[str, Any]) -> bool:
    """POST ``payload`` as JSON; retry with a short back-off; True when delivered."""
    timeout = aiohttp.ClientTimeout(total=webhook.timeout_seconds)
    for attempt in range(webhook.retries + 1):
        try:
            async with aiohttp.ClientSession(timeout=timeout) as client, \
                    client.post(webhook.url, json=payload) as response:
                if response.status < 300:
                    return True
                logger.warning("staff webhook answered %s", response.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("staff webhook failed (attempt %d): %s", attempt + 1, error)
        await asyncio.sleep(0.5 * (attempt + 1))
    return False


def notify_in_background(webhook: StaffWebhook, payload: Dict[str, Any]) -> None:
    """Start the POST and return at once; nothing happens when no URL is configured."""
    if not webhook.url:
        return
    task = asyncio.get_running_loop().create_task(post_with_retry(webhook, payload))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
