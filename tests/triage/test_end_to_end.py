"""Scoring real replies (bot/triage/end_to_end.py), without a server."""

from __future__ import annotations

from pathlib import Path

from bot.triage.end_to_end import (
    CHECK_PAYLOAD,
    Case,
    Report,
    emergency_texts,
    format_report,
    load_cases,
    score,
)

ROOT = Path(__file__).resolve().parents[2]
EMERGENCY = emergency_texts(ROOT / "domain.yml")


def _reply(name: str) -> dict[str, str]:
    return {"text": next(text for text, n in EMERGENCY.items() if n == name)}


def test_every_emergency_response_is_known_with_the_local_number() -> None:
    assert set(EMERGENCY.values()) == {"utter_emergency", "utter_crisis_line",
                                       "utter_fever_on_treatment"}
    assert all("{" not in text and "911" in text for text in EMERGENCY)


def test_outcomes() -> None:
    case = Case("x", "chest_pain")
    assert score(case, [_reply("utter_emergency"), {"text": "Call 911 now."}],
                 EMERGENCY).outcome == "escalated"
    crisis = score(case, [_reply("utter_crisis_line")], EMERGENCY)
    assert crisis.outcome == "escalated" and crisis.crisis
    check = [{"text": "Is this happening now?", "buttons": [{"payload": CHECK_PAYLOAD}]}]
    assert score(case, check, EMERGENCY).outcome == "check"
    assert score(case, [{"text": "Sorry, I didn't understand that."}],
                 EMERGENCY).outcome == "other"


def test_report_figures_and_misses() -> None:
    report = Report("demo")
    report.emergencies = [score(Case("a", "s"), [_reply("utter_emergency")], EMERGENCY),
                          score(Case("b", "s"), [{"text": "?", "buttons": [
                              {"payload": CHECK_PAYLOAD}]}], EMERGENCY),
                          score(Case("c", "s"), [{"text": "Sorry"}], EMERGENCY)]
    report.calm = [score(Case("am i going to die", "fear"), [_reply("utter_crisis_line")],
                         EMERGENCY),
                   score(Case("e", "idiom"), [{"text": "ok"}], EMERGENCY)]
    assert round(report.escalation_recall, 3) == 0.333
    assert round(report.help_path_recall, 3) == 0.667
    assert report.false_alarm_rate == 0.5 and report.check_rate == 0.0
    assert [s.case.text for s in report.fear_given_crisis] == ["am i going to die"]
    text = format_report(report)
    assert "MISS [s]: 'c'" in text and "-> Sorry" in text
    assert "FALSE ALARM [fear]" in text


def test_load_cases(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text("escalate:\n- text: i can't breathe\n  situation: breathing\n"
                    "not_escalate:\n- text: no chest pain\n  kind: negated\n- plain string\n")
    escalate, calm = load_cases(path)
    assert escalate == [Case("i can't breathe", "breathing")]
    assert calm == [Case("no chest pain", "negated"), Case("plain string", "")]
