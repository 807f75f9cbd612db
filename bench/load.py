"""A closed-loop load generator for Rasa's REST channel (aiohttp, loopback, bounded in time).

Each virtual user talks to the assistant as one person would: it sends the next message of its
script, waits for the reply, and sends the next one, with no pause; after ``turns_per_user``
messages it starts a new conversation (a new sender id).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import List, Sequence

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=120)


@dataclass
class Record:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> bool:
    """One message; True when the server answered 200 with a JSON list."""
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None)
            return response.status == 200 and isinstance(body, list)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


async def _user(session: aiohttp.ClientSession, url: str, messages: Sequence[str], offset: int,
                turns_per_user: int, deadline: float, record: Record, tag: str) -> None:
    script = itertools.islice(itertools.cycle(messages), offset, None)
    while time.monotonic() < deadline:
        sender = f"{tag}-{uuid.uuid4().hex[:12]}"
        for _ in range(turns_per_user):
            if time.monotonic() >= deadline:
                return
            started = time.monotonic()
            if await send(session, url, sender, next(script)):
                record.latencies.append(time.monotonic() - started)
            else:
                record.errors += 1


async def run_users(url: str, messages: Sequence[str], users: int, seconds: float,
                    turns_per_user: int = 10, tag: str = "load") -> Record:
    """``users`` concurrent conversations for ``seconds``; latencies of answered messages."""
    record = Record()
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        started = time.monotonic()
        deadline = started + seconds
        step = max(1, len(messages) // max(1, users))
        await asyncio.gather(*(
            _user(session, url, messages, i * step, turns_per_user, deadline, record, tag)
            for i in range(users)))
        record.seconds = time.monotonic() - started
    return record


async def sequential(url: str, messages: Sequence[str], count: int, turns_per_user: int = 10,
                     tag: str = "one") -> Record:
    """One user: ``count`` messages one after another, a new conversation every few turns."""
    record = Record()
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        started = time.monotonic()
        script = itertools.cycle(messages)
        sender = ""
        for i in range(count):
            if i % turns_per_user == 0:
                sender = f"{tag}-{uuid.uuid4().hex[:12]}"
            began = time.monotonic()
            if await send(session, url, sender, next(script)):
                record.latencies.append(time.monotonic() - began)
            else:
                record.errors += 1
        record.seconds = time.monotonic() - started
    return record


async def long_conversation(url: str, messages: Sequence[str], turns: int,
                            tag: str = "long") -> List[float]:
    """One conversation of ``turns`` messages; the latency of each turn (NaN when it failed)."""
    latencies: List[float] = []
    sender = f"{tag}-{uuid.uuid4().hex[:12]}"
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        for text in itertools.islice(itertools.cycle(messages), turns):
            began = time.monotonic()
            ok = await send(session, url, sender, text)
            latencies.append(time.monotonic() - began if ok else float("nan"))
    return latencies
