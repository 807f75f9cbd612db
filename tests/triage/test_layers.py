"""The layer table (bot/triage/layers.py) follows the same order as bot/triage/decision.py."""

from __future__ import annotations

import itertools

import pytest

from bot.triage.decision import decide
from bot.triage.detector import Assessment, Finding
from bot.triage.end_to_end import Case
from bot.triage.layers import CONFIGS, Parsed, outcome, parsed_from, table

FULL = CONFIGS[-1]
OUTCOME = {"report_emergency": "escalated", "report_possible_emergency": "check"}


@pytest.mark.parametrize(("flags", "areas", "fear", "vote"), itertools.product(
    (False, True), (False, True), (False, True), (None, "none", "check", "emergency")))
def test_the_full_stack_is_the_assistants_decision(flags: bool, areas: bool, fear: bool,
                                                   vote: str | None) -> None:
    findings = (Finding("chest_pain", "chest pain", "emergency", "x", 0, 1),) if flags else ()
    assessment = Assessment(findings, frozenset({"chest"} if areas else ()), areas, fear)
    expected = OUTCOME.get(decide(assessment, vote, "greet").intent or "", "other")
    assert outcome(Parsed(Case("x", ""), flags, areas, fear, vote), FULL) == expected


def test_rules_alone_ignore_the_other_layers() -> None:
    parsed = Parsed(Case("x", ""), False, True, False, "emergency")
    assert outcome(parsed, "rules") == "other"
    assert outcome(parsed, "rules+check") == "check"
    assert outcome(parsed, "rules+classifier") == "escalated"


def test_parse_result_and_table() -> None:
    result = {"entities": [{"entity": "red_flag", "value": "chest_pain"}],
              "triage": {"areas": ["chest"], "fear_of_dying": False},
              "urgency": {"vote": "none", "probability": 0.1}}
    parsed = parsed_from(Case("x", ""), result)
    assert (parsed.flags, parsed.areas, parsed.fear, parsed.vote) == (True, True, False, "none")
    text = table("demo", [parsed], [Parsed(Case("y", ""), False, False, False, "check")])
    assert "rules+check+classifier      100.0%    100.0%      0.0%  100.0%" in text
