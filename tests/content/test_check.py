"""The content check fails on real problems and warns on old or undated sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from bot.content.check import check_content, grade, run_check, words
from bot.content.loader import read_content

TODAY = dt.date(2026, 11, 23)
INTENTS = {"ask_what_is_net", "ask_symptoms"}


def edit_topic(content_dir: Path, topic: str, **changes: object) -> None:
    path = content_dir / "topics" / f"{topic}.yml"
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    path.write_text(yaml.safe_dump(data))


def test_tiny_content_passes_with_warnings(tiny_content_dir: Path) -> None:
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert report.ok, report.failures
    assert any("S2: no review date" in w for w in report.warnings)


def test_old_source_is_a_warning(tiny_content_dir: Path) -> None:
    report = check_content(read_content(tiny_content_dir), INTENTS, 365, TODAY)
    assert report.ok
    assert any("S1: reviewed 2024-06-26, older than 365 days" in w for w in report.warnings)


def test_long_answer_fails(tiny_content_dir: Path) -> None:
    edit_topic(tiny_content_dir, "symptoms", answer="Rest when you can. " * 30 + "Rest.")
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert report.failures == ["topic symptoms: answer: 121 words (limit 120)"]


def test_hard_to_read_answer_fails(tiny_content_dir: Path) -> None:
    hard = ("Neuroendocrine neoplasms demonstrate considerable heterogeneity regarding "
            "differentiation, proliferative characteristics and functional hormonal secretion.")
    assert grade(hard) > 8
    edit_topic(tiny_content_dir, "what_is_net", more=hard)
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert len(report.failures) == 1 and "what_is_net: more: reading grade" in report.failures[0]


def test_topic_without_nlu_intent_fails(tiny_content_dir: Path) -> None:
    report = check_content(read_content(tiny_content_dir), {"ask_symptoms"}, 3 * 365, TODAY)
    assert report.failures == ["topic what_is_net: intent 'ask_what_is_net' has no NLU data"]


def test_unknown_source_fails_the_run(tiny_content_dir: Path) -> None:
    edit_topic(tiny_content_dir, "symptoms", sources=["S404"])
    report = run_check(Path("."), tiny_content_dir, 3 * 365, TODAY)
    assert not report.ok and "unknown source id(s) ['S404']" in report.failures[0]


def test_word_count() -> None:
    assert words("A NET's cells - **often** slow-growing.") == 5
