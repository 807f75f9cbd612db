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


def test_a_link_that_cannot_be_shown_fails(tiny_content_dir: Path) -> None:
    edit_topic(tiny_content_dir, "symptoms",
               more="See http://47.251.13.51:8081/30348533 for the study.")
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert report.forbidden_links == 1
    assert report.failures == [
        "topic symptoms: more: link cannot be shown to patients (not an https URL): "
        "http://47.251.13.51:8081/30348533"]


def test_too_many_unexplained_words_fail(tiny_content_dir: Path) -> None:
    glossary = [{"key": f"t{i}", "term": f"Zorbium{i}", "aliases": [], "definition": "A word.",
                 "sources": ["S1"]} for i in range(6)]
    (tiny_content_dir / "glossary.yml").write_text(yaml.safe_dump(glossary))
    listed = ", ".join(f"Zorbium{i}" for i in range(6))
    edit_topic(tiny_content_dir, "symptoms", more=f"Some people take {listed} for this.")
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert len(report.failures) == 1 and "6 glossary words without a plain explanation" in \
        report.failures[0]
    explained = ", ".join(f"Zorbium{i}" for i in range(5)) + ", and a drug called Zorbium5"
    edit_topic(tiny_content_dir, "symptoms", more=f"Some people take {explained} for this.")
    assert check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY).ok


def test_user_interface_texts_are_checked(tiny_content_dir: Path) -> None:
    (tiny_content_dir.parent / "domain.yml").write_text(yaml.safe_dump({"responses": {
        "utter_hard": [{"text": "Neuroendocrine neoplasms demonstrate considerable heterogeneity "
                                "regarding differentiation and proliferative characteristics."}],
        "utter_fine": [{"text": "Hello.", "buttons": [{"title": "Symptoms", "payload": "/x"}]}],
    }}))
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY,
                           root=tiny_content_dir.parent)
    assert len(report.failures) == 1 and report.failures[0].startswith(
        "domain.yml utter_hard: reading grade")


def test_one_way_of_asking_under_two_units_fails(tiny_content_dir: Path) -> None:
    path = tiny_content_dir / "units" / "treatment.yml"
    unit = yaml.safe_load(path.read_text())["units"][0]
    twin = {**unit, "id": "lanreotide_injections", "question": "How is lanreotide given?",
            "examples": ["how do i get lanreotide", "Side effects of lanreotide?"]}
    path.write_text(yaml.safe_dump({"units": [unit, twin]}))
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY)
    assert report.failures == [
        "unit lanreotide_injections: 'Side effects of lanreotide?' is also a way of asking "
        "unit lanreotide_side_effects (a question belongs to one answer)"]


def test_too_few_units_fail(tiny_content_dir: Path) -> None:
    report = check_content(read_content(tiny_content_dir), INTENTS, 3 * 365, TODAY, min_units=2)
    assert report.failures == ["1 answer units (at least 2)"]
    assert report.summary().startswith("1 answer units, 100% sourced")


def test_the_project_content_passes_with_its_counts() -> None:
    from bot.content.check import MIN_UNITS
    from bot.settings import PROJECT_ROOT

    report = run_check(PROJECT_ROOT, PROJECT_ROOT / "content", 3 * 365)
    assert report.ok, report.failures
    assert report.units >= MIN_UNITS and report.sourced_units == report.units
    assert report.over_grade == 0 and report.forbidden_links == 0


def test_a_source_patients_cannot_be_shown_or_unchecked_fails_the_run(
        tiny_content_dir: Path) -> None:
    path = tiny_content_dir / "sources.yml"
    original = path.read_text()
    path.write_text(original.replace("https://example.org/other", "http://47.251.13.51:8081/x"))
    report = run_check(Path("."), tiny_content_dir, 3 * 365, TODAY)
    assert not report.ok and "cannot be shown to patients (not an https URL)" in report.failures[0]
    path.write_text(original.replace("  checked: 2026-12-01\n", "", 1))
    report = run_check(Path("."), tiny_content_dir, 3 * 365, TODAY)
    assert not report.ok and "'checked' must be the ISO date" in report.failures[0]
