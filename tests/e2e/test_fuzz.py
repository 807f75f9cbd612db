"""Property-based fuzzing of the running REST channel: random text, unicode, JSON and bytes.

Every request gets a 2xx with a reply or a clear 4xx within a bounded time, and afterwards the
server still answers a normal question.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import Servers
from tests.e2e.test_hostile_input import post, replied

pytestmark = pytest.mark.e2e

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=10,
)
senders = st.text(min_size=1, max_size=40) | st.sampled_from(["fuzz-a", "fuzz-b", "fuzz-c"])
bodies = st.one_of(
    st.builds(lambda s, m: json.dumps({"sender": s, "message": m}).encode(), senders,
              st.text(max_size=300) | json_values),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
)
FUZZ_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow])


@FUZZ_SETTINGS
@given(text=st.text(max_size=300))
def any_text_is_answered(servers: Servers, text: str) -> None:
    status, answer = post(servers, json.dumps({"sender": "fuzz-text", "message": text}).encode())
    assert replied(status, answer), (text, status, answer)


@FUZZ_SETTINGS
@given(body=bodies)
def any_body_gets_a_reply_or_a_clear_error(servers: Servers, body: bytes) -> None:
    status, answer = post(servers, body)
    assert replied(status, answer) or 400 <= status < 500, (body, status, answer)


def test_any_text_is_answered(servers: Servers) -> None:
    any_text_is_answered(servers)
    assert "neuroendocrine" in json.dumps(servers.say("fuzz-after", "what is a NET?"))


def test_any_body_gets_a_reply_or_a_clear_error(servers: Servers) -> None:
    any_body_gets_a_reply_or_a_clear_error(servers)
    assert "neuroendocrine" in json.dumps(servers.say("fuzz-after", "what is a NET?"))
