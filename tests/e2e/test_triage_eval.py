"""``make triage-eval``: every message of the emergency sets through the running assistant over
REST, each from a new conversation, scored by its real reply (bot/triage/end_to_end.py).

The figures are printed and written to build/results/triage-<set>.txt. tests/triage/README.md
says how a sealed set's first-run figure is recorded; after that run a set joins data/triage/.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bot.triage.end_to_end import Report, emergency_texts, format_report, load_cases, score
from tests.e2e.conftest import ROOT, Servers

pytestmark = pytest.mark.e2e

# Limits: (escalation recall, help-path recall, false alarms, check rate on non-emergencies).
# The targets for a first run on a sealed set are (0.97, 1.0, 0.05, 0.15).
# The training sets (in-sample: the rules and the classifier were tuned or trained on them), with
# the limits they meet; a drop below them is a regression.
TRAINING = {name: (0.99, 1.0, 0.02, 0.08) for name in (
    "emergency_eval", "emergency_fresh", "emergency_blind", "emergency_sealed_1",
    "emergency_sealed_2")}


def run_set(servers: Servers, path: Path) -> Report:
    emergency = emergency_texts(ROOT / "domain.yml")
    escalate, calm = load_cases(path)
    report = Report(path.stem)
    for cases, scored in ((escalate, report.emergencies), (calm, report.calm)):
        for case in cases:
            replies = servers.say(f"triage-eval-{uuid.uuid4().hex}", case.text)
            scored.append(score(case, replies, emergency))
    text = format_report(report)
    out = ROOT / "build" / "results" / f"triage-{path.stem}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    return report


def assert_limits(report: Report, limits: tuple[float, float, float, float]) -> None:
    recall, help_path, false_alarms, checks = limits
    summary = format_report(report)
    assert not report.fear_given_crisis, summary
    assert report.escalation_recall >= recall, summary
    assert report.help_path_recall >= help_path, summary
    assert report.false_alarm_rate <= false_alarms, summary
    assert report.check_rate <= checks, summary


SEALED = ROOT / "tests" / "triage" / "emergency_sealed_3.yml"
# its first run (2026-12-02, commit 892e2e1: 97.6%, 100%, 3.1%, 7.5%) met the targets,
# which are the limits
SEALED_LIMITS = (0.97, 1.0, 0.05, 0.15)


def test_sealed_set(servers: Servers) -> None:
    assert_limits(run_set(servers, SEALED), SEALED_LIMITS)


@pytest.mark.parametrize("name", sorted(TRAINING))
def test_training_set_keeps_its_figures(servers: Servers, name: str) -> None:
    assert_limits(run_set(servers, ROOT / "data" / "triage" / f"{name}.yml"), TRAINING[name])
