"""The order of the safety layers (bot/triage/decision.py)."""

from __future__ import annotations

import pytest

from bot.triage.decision import decide
from bot.triage.detector import Assessment, Finding


def _assessment(*actions: str, areas: tuple[str, ...] = (), symptom: bool = False,
                fear: bool = False) -> Assessment:
    findings = tuple(Finding(f"flag_{a}", "label", a, "text", 0, 4) for a in actions)
    return Assessment(findings=findings, areas=frozenset(areas), symptom=symptom,
                      fear_of_dying=fear)


@pytest.mark.parametrize(("actions", "urgency"), [
    (("emergency",), "emergency"),
    (("call_team_now",), "call_team_now"),
    (("call_team_now", "emergency"), "emergency"),
    (("emergency", "crisis_line"), "crisis_line"),
])
def test_red_flags_escalate_with_the_most_urgent_message(actions: tuple[str, ...],
                                                         urgency: str) -> None:
    decision = decide(_assessment(*actions, areas=("chest",), fear=True), "none", "greet")
    assert (decision.layer, decision.intent, decision.urgency) == (
        "rules", "report_emergency", urgency)
    assert len(decision.findings) == len(actions)


def test_a_red_flag_area_without_a_rule_gets_the_check() -> None:
    decision = decide(_assessment(areas=("chest", "breathing"), symptom=True), None,
                      "nlu_fallback")
    assert (decision.intent, decision.area) == ("report_possible_emergency", "breathing")


def test_fear_of_dying_is_not_an_emergency_even_if_the_classifier_votes_so() -> None:
    decision = decide(_assessment(fear=True), "emergency", "ask_prognosis")
    assert decision.intent == "express_fear"


@pytest.mark.parametrize(("vote", "intent"), [("emergency", "report_emergency"),
                                              ("check", "report_possible_emergency")])
def test_the_classifier_vote_adds_recall(vote: str, intent: str) -> None:
    decision = decide(_assessment(), vote, "ask_symptoms")
    assert (decision.layer, decision.intent) == ("classifier", intent)


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "report_emergency"])
def test_a_brushed_off_symptom_gets_the_symptom_reply(intent: str) -> None:
    assert decide(_assessment(symptom=True), "none", intent).intent == "report_symptom"


@pytest.mark.parametrize("intent", ["ask_treatment", "report_symptom"])
def test_an_answered_symptom_keeps_its_intent(intent: str) -> None:
    assert decide(_assessment(symptom=True), "none", intent).intent is None


def test_nothing_found_keeps_the_intent() -> None:
    decision = decide(_assessment(), None, "nlu_fallback")
    assert (decision.layer, decision.intent) == ("none", None)


def test_the_classifier_emergency_vote_wins_over_the_check() -> None:
    decision = decide(_assessment(areas=("breathing",), symptom=True), "emergency", "greet")
    assert (decision.layer, decision.intent) == ("classifier", "report_emergency")


def test_fear_with_a_red_flag_area_gets_the_check() -> None:
    decision = decide(_assessment(areas=("chest",), fear=True), None, "ask_prognosis")
    assert decision.intent == "report_possible_emergency"
