"""What the assistant does with one message, from the rules, the learned vote and the intent.

The layers, in order (the first that applies wins):

1. a red flag of the catalogue -> the emergency message (``report_emergency``), with the urgency
   of the most urgent flag: the crisis line, the emergency number, or "call your team now";
2. fear of dying (not suicidal intent) with no symptom in a red-flag area -> the warm reply
   (``express_fear``), whatever the classifier says;
3. the learned classifier's "emergency" vote -> the emergency message;
4. a current symptom in a red-flag area, or the classifier's "check" vote -> the one-tap check
   (``report_possible_emergency``);
5. a current symptom the intent classifier brushed off (fallback, out of scope) -> the symptom
   reply with its safety-net line (``report_symptom``);
6. otherwise the intent classifier's intent stands, except that it may never claim an emergency
   or a check by itself (those come only from the layers above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from bot.triage.detector import Assessment, Finding

EMERGENCY_INTENT = "report_emergency"
CHECK_INTENT = "report_possible_emergency"
FEAR_INTENT = "express_fear"
SYMPTOM_INTENT = "report_symptom"
# intents only the safety layers may set
SAFETY_INTENTS = frozenset({EMERGENCY_INTENT, CHECK_INTENT})
# replies that would brush off a symptom: "didn't understand", "did you mean", "only NETs"
BRUSH_OFF_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# the most urgent first: a crisis line also gives the emergency number
URGENCY_ORDER = ("crisis_line", "emergency", "call_team_now")
VOTE_EMERGENCY = "emergency"
VOTE_CHECK = "check"


@dataclass(frozen=True)
class Decision:
    layer: str  # "rules", "check", "fear", "classifier", "symptom" or "none"
    intent: str | None  # the intent to set; None keeps the classifier's
    urgency: str | None = None
    findings: tuple[Finding, ...] = field(default=())
    area: str | None = None


def most_urgent(findings: Sequence[Finding]) -> str:
    actions = {finding.action for finding in findings}
    return next(action for action in URGENCY_ORDER if action in actions)


def decide(assessment: Assessment, vote: str | None, intent: str | None) -> Decision:
    """The decision for one message (see the module docs for the order)."""
    if assessment.findings:
        return Decision("rules", EMERGENCY_INTENT, most_urgent(assessment.findings),
                        assessment.findings)
    if assessment.fear_of_dying and not assessment.areas:
        return Decision("fear", FEAR_INTENT)
    if vote == VOTE_EMERGENCY:
        return Decision("classifier", EMERGENCY_INTENT, "emergency")
    if assessment.areas:
        return Decision("check", CHECK_INTENT, area=sorted(assessment.areas)[0])
    if vote == VOTE_CHECK:
        return Decision("classifier", CHECK_INTENT)
    if assessment.symptom and (intent in BRUSH_OFF_INTENTS or intent in SAFETY_INTENTS):
        return Decision("symptom", SYMPTOM_INTENT)
    return Decision("none", None)
