"""Many concurrent conversations across two Rasa replicas, proven from the PostgreSQL tracker store.

Turn t of conversation c goes to nginx, replica 1 or replica 2 in turn ((c + t) % 3), so every
conversation is deliberately served by both replicas (and by nginx's round robin).
"""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Tuple

import pytest
from sqlalchemy import create_engine, text

from tests.scale.conftest import Cluster, Reply

pytestmark = pytest.mark.scale

QUESTIONS = [
    "what is a neuroendocrine tumor", "what are the symptoms", "how is it diagnosed",
    "what does the grade mean", "how is a net treated", "can it be cured",
    "can it come back after surgery", "how common are nets", "what causes a net",
    "what is carcinoid syndrome", "what is staging", "what is the outlook",
    "how do i cope with tiredness", "when should i call my care team",
    "what should i ask my doctor", "what does ki-67 mean", "tell me more",
    "thanks", "what can you do", "what about the pancreas",
]
CONVERSATIONS, TURNS = 50, 20


def stored_conversation(url: str, sender: str) -> List[Tuple[str, str]]:
    """(type, text) of every user and bot event of ``sender``, in stored order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT type_name, data FROM events WHERE sender_id = :s "
                     "AND type_name IN ('user', 'bot') ORDER BY id"), {"s": sender}).all()
    finally:
        engine.dispose()
    return [(kind, str(json.loads(data).get("text") or "")) for kind, data in rows]


def run_load(cluster: Cluster, conversations: int, turns: int, targets: List[str],
             workers: int) -> Tuple[Dict[str, List[str]], Dict[str, List[Reply]], float]:
    """Each conversation sends its turns one after the other; conversations run in parallel."""
    prefix = uuid.uuid4().hex[:8]
    sent: Dict[str, List[str]] = {}
    replies: Dict[str, List[Reply]] = {}

    def converse(c: int) -> None:
        sender = f"load-{prefix}-{c}"
        sent[sender], replies[sender] = [], []
        for t in range(turns):
            message = QUESTIONS[(c + t) % len(QUESTIONS)]
            sent[sender].append(message)
            replies[sender].append(cluster.say(sender, message,
                                               base=targets[(c + t) % len(targets)]))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(converse, range(conversations)))
    return sent, replies, time.monotonic() - started


def test_concurrent_conversations_across_replicas(cluster: Cluster) -> None:
    mark = cluster.log_mark()
    replicas = [cluster.servers["rasa-1"][1], cluster.servers["rasa-2"][1]]
    sent, replies, seconds = run_load(cluster, CONVERSATIONS, TURNS,
                                      [cluster.url, *replicas], workers=CONVERSATIONS)
    turns = CONVERSATIONS * TURNS
    print(f"\n{CONVERSATIONS} conversations x {TURNS} turns over 2 replicas: "
          f"{seconds:.1f} s, {turns / seconds:.1f} turns/s")

    served = cluster.upstream_of()
    for sender, messages in sent.items():
        got = replies[sender]
        assert all(r.status == 200 and r.messages for r in got), (sender, got)
        # Every user message stored exactly once, in the order sent, each followed by a reply.
        stored = stored_conversation(cluster.postgres.url, sender)
        assert [t for kind, t in stored if kind == "user"] == messages
        kinds = [kind for kind, _ in stored]
        answered = [i for i, kind in enumerate(kinds) if kind == "user"
                    and i + 1 < len(kinds) and kinds[i + 1] == "bot"]
        assert len(answered) == len(messages), sender
        # nginx's round robin also reached replicas (its turns are logged with their upstream).
        assert all(served.get(r.request_id) for r in got if r.request_id)
    logs = cluster.logs_since(mark)
    for error in ("LockError", "Could not acquire lock", "TrackerConflict", "Traceback"):
        assert error not in logs


def test_concurrent_turns_of_one_conversation_wait_for_each_other(cluster: Cluster) -> None:
    """Two replicas get turns of one conversation at the same time: the Redis lock orders them."""
    sender = f"same-{uuid.uuid4().hex[:8]}"
    replicas = [cluster.servers["rasa-1"][1], cluster.servers["rasa-2"][1]]
    messages = ["what is a neuroendocrine tumor", "what is staging", "what is the outlook",
                "how is it diagnosed"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda i: cluster.say(sender, messages[i], base=replicas[i % 2]),
                            range(4)))
    assert all(r.status == 200 and r.messages for r in got)
    stored = stored_conversation(cluster.postgres.url, sender)
    users = [t for kind, t in stored if kind == "user"]
    assert sorted(users) == sorted(messages)
    # Turns never interleave: each user message is answered before the next one is read.
    kinds = [kind for kind, _ in stored]
    assert all(kinds[i + 1] == "bot" for i, kind in enumerate(kinds) if kind == "user")


def test_throughput_one_and_two_replicas(cluster: Cluster) -> None:
    """Same load straight at one replica, then through nginx to both (printed; 2 cores)."""
    conversations, turns = 16, 5
    results = {}
    for label, targets in (("1 replica", [cluster.servers["rasa-1"][1]]),
                           ("2 replicas", [cluster.url])):
        _, replies, seconds = run_load(cluster, conversations, turns, targets, workers=16)
        assert all(r.status == 200 and r.messages for rs in replies.values() for r in rs)
        results[label] = conversations * turns / seconds
    print("\nthroughput, 16 concurrent conversations x 5 turns: " + ", ".join(
        f"{label} {rate:.1f} turns/s" for label, rate in results.items()))
    (cluster.workdir.parent / "throughput.json").write_text(json.dumps(results))
