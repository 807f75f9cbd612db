"""Evaluate the emergency detector: ``python -m bot.triage.evaluate [path]``.

The file has two lists, ``escalate`` and ``not_escalate``; an item is a message string or a
mapping with ``text`` and optionally ``red_flag`` (expected id) and ``category``.
Exits 1 when recall on ``escalate`` is below 100% or false alarms exceed 5%.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from bot.triage.detector import Finding, build_triage_nlp, detect

DEFAULT_PATH = Path("data/triage/emergency_eval.yml")
MIN_RECALL = 1.0
MAX_FALSE_ALARM_RATE = 0.05


@dataclass(frozen=True)
class Item:
    text: str
    red_flag: str | None
    category: str


@dataclass
class Report:
    escalate_total: int = 0
    misses: list[Item] = field(default_factory=list)
    labelled: int = 0
    wrong_labels: list[tuple[Item, list[str]]] = field(default_factory=list)
    not_escalate: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_alarms: list[tuple[Item, list[Finding]]] = field(default_factory=list)
    seconds_per_message: float = 0.0

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / self.escalate_total if self.escalate_total else 1.0

    @property
    def false_alarm_rate(self) -> float:
        total = sum(self.not_escalate.values())
        return len(self.false_alarms) / total if total else 0.0

    @property
    def label_accuracy(self) -> float:
        return 1 - len(self.wrong_labels) / self.labelled if self.labelled else 1.0

    @property
    def passed(self) -> bool:
        return self.recall >= MIN_RECALL and self.false_alarm_rate <= MAX_FALSE_ALARM_RATE


def _item(raw: Any, default_category: str) -> Item:
    if isinstance(raw, str):
        return Item(raw, None, default_category)
    flag = raw.get("red_flag") or raw.get("expected")
    return Item(str(raw["text"]), None if flag is None else str(flag),
                str(raw.get("category") or default_category))


def load_items(path: Path) -> tuple[list[Item], list[Item]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    escalate = [_item(entry, "escalate") for entry in raw.get("escalate") or []]
    calm = [_item(entry, "uncategorised") for entry in raw.get("not_escalate") or []]
    return escalate, calm


def evaluate(escalate: Sequence[Item], not_escalate: Sequence[Item]) -> Report:
    build_triage_nlp()
    report = Report(escalate_total=len(escalate))
    started = time.perf_counter()
    for item in escalate:
        ids = [finding.red_flag for finding in detect(item.text)]
        if not ids:
            report.misses.append(item)
        if item.red_flag is not None:
            report.labelled += 1
            if item.red_flag not in ids:
                report.wrong_labels.append((item, ids))
    for item in not_escalate:
        report.not_escalate[item.category] += 1
        found = detect(item.text)
        if found:
            report.false_alarms.append((item, found))
    count = len(escalate) + len(not_escalate)
    report.seconds_per_message = (time.perf_counter() - started) / count if count else 0.0
    return report


def format_report(report: Report) -> str:
    lines = [
        f"recall on escalate: {report.recall:.1%} "
        f"({report.escalate_total - len(report.misses)}/{report.escalate_total})",
        f"false alarms on not_escalate: {report.false_alarm_rate:.1%} "
        f"({len(report.false_alarms)}/{sum(report.not_escalate.values())})",
    ]
    alarms_by_category: dict[str, int] = defaultdict(int)
    for item, _ in report.false_alarms:
        alarms_by_category[item.category] += 1
    for category, total in sorted(report.not_escalate.items()):
        lines.append(f"  {category}: {alarms_by_category[category] / total:.1%} "
                     f"({alarms_by_category[category]}/{total})")
    lines.append(f"red-flag label accuracy: {report.label_accuracy:.1%} "
                 f"({report.labelled - len(report.wrong_labels)}/{report.labelled})")
    lines.append(f"latency: {report.seconds_per_message * 1000:.2f} ms per message")
    lines += [f"MISS: {item.text!r} (expected {item.red_flag})" for item in report.misses]
    lines += [f"WRONG LABEL: {item.text!r} expected {item.red_flag}, got {ids}"
              for item, ids in report.wrong_labels if ids]
    lines += [f"FALSE ALARM [{item.category}]: {item.text!r} -> "
              + ", ".join(f"{f.red_flag} ({f.text!r})" for f in found)
              for item, found in report.false_alarms]
    lines.append("PASS" if report.passed else "FAIL")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    report = evaluate(*load_items(args.path))
    print(format_report(report))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
