"""Same-day advice for non-emergency symptom reports (fact sheet A15 / C11)."""

from __future__ import annotations

import pytest

from bot.triage.same_day import same_day_reason


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # fever on chemo or PRRT is the detector's call-now rule, never same-day (review E2)
        ("i have a temperature of 37.9 since my lanreotide injection", "fever_on_treatment"),
        ("feeling feverish since starting telotristat", "fever_on_treatment"),
        ("my diarrhoea is getting worse this week", "worsening_diarrhea"),
        ("loose stools 7 times a day for 3 days now", "worsening_diarrhea"),
        ("my ankles have been getting more swollen over the past month", "gradual_leg_swelling"),
        ("socks leave deep marks, legs puffier every week", "gradual_leg_swelling"),
        ("the whites of my eyes look yellow", "yellow_skin_or_eyes"),
        ("i get shaky and sweaty before lunch and it stops when i eat", "low_sugar_episodes"),
        ("my flushing is happening more often lately", "flushing_or_wheeze_changes"),
    ],
)
def test_same_day_reports(text: str, rule: str) -> None:
    found = same_day_reason(text)
    assert found is not None and found.id == rule


@pytest.mark.parametrize("text", ["i feel a bit tired today", "my hair is thinning",
                                  "i had a fever last year"])
def test_other_reports_get_the_general_pointer(text: str) -> None:
    assert same_day_reason(text) is None


def test_every_rule_cites_a_known_source() -> None:
    import yaml

    from bot.settings import get_settings
    from bot.triage.same_day import load_rules

    sources = yaml.safe_load((get_settings().content_dir / "sources.yml").read_text())
    for rule in load_rules():
        assert rule.sources and set(rule.sources) <= set(sources), rule.id
