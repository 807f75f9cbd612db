"""The detector meets its limits on both evaluation sets.

``emergency_eval.yml`` is the set the catalogue was first tuned on; ``emergency_fresh.yml`` was
written independently later (its first run gave recall 87.3%); ``emergency_blind.yml`` was written
blind to the catalogue and both sets (first run: recall 90.8%, false alarms 3.2%). All must meet the
same limits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage.evaluate import (
    MAX_FALSE_ALARM_RATE,
    MIN_RECALL,
    evaluate,
    format_report,
    load_items,
    main,
)

TRIAGE_DATA = Path(__file__).resolve().parents[2] / "data" / "triage"
EVAL_PATHS = [TRIAGE_DATA / name
              for name in ("emergency_eval.yml", "emergency_fresh.yml", "emergency_blind.yml")]


@pytest.mark.parametrize("path", EVAL_PATHS, ids=lambda path: path.stem)
def test_evaluation_set_meets_the_limits(path: Path) -> None:
    escalate, not_escalate = load_items(path)
    assert len(escalate) >= 100 and len(not_escalate) >= 100
    report = evaluate(escalate, not_escalate)
    summary = format_report(report)
    assert report.recall >= MIN_RECALL, summary
    assert report.false_alarm_rate <= MAX_FALSE_ALARM_RATE, summary


def test_command_line_exit_code(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text(
        "escalate:\n  - text: i can't breathe\n    red_flag: severe_breathlessness\n"
        "not_escalate:\n  - text: no chest pain\n    category: negated\n"
    )
    bad = tmp_path / "bad.yml"
    bad.write_text("escalate:\n  - text: what a lovely day\nnot_escalate: []\n")
    assert main([str(good)]) == 0
    assert main([str(bad)]) == 1
