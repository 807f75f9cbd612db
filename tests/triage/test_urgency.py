"""Urgency data, model, thresholds and settings grid (bot/triage/urgency.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.triage.urgency import (
    NLU_HARD_NEGATIVE,
    NLU_OTHER,
    NLU_POSITIVE,
    TRIAGE_FILES,
    TRIAGE_NEGATIVE,
    TRIAGE_POSITIVE,
    Example,
    GridResult,
    ModelSettings,
    Thresholds,
    UrgencyModel,
    best_result,
    choose_thresholds,
    deduplicate,
    load_triage_examples,
    nlu_examples,
    settings_grid,
    vote,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_triage_sets_are_training_data() -> None:
    examples = load_triage_examples(ROOT / name for name in TRIAGE_FILES)
    groups = [example.group for example in examples]
    assert groups.count(TRIAGE_POSITIVE) >= 400
    assert groups.count(TRIAGE_NEGATIVE) >= 400
    assert all(example.is_emergency == (example.group == TRIAGE_POSITIVE)
               for example in examples)


def test_nlu_intents_become_positives_hard_and_other_negatives() -> None:
    examples = nlu_examples([("i can't breathe", "report_emergency"),
                             ("what are the warning signs", "ask_emergency_signs"),
                             ("i get flushing", "report_symptom"),
                             ("hello", "greet"), ("", "greet"), ("no intent", None)])
    assert [(ex.is_emergency, ex.group) for ex in examples] == [
        (True, NLU_POSITIVE), (False, NLU_HARD_NEGATIVE), (False, NLU_HARD_NEGATIVE),
        (False, NLU_OTHER)]


def test_deduplicate_keeps_the_first_and_drops_conflicting_labels() -> None:
    examples, conflicts = deduplicate([
        Example("I can't  breathe", True, TRIAGE_POSITIVE),
        Example("i can't breathe", True, NLU_POSITIVE),
        Example("chest pain", True, TRIAGE_POSITIVE),
        Example("Chest pain", False, TRIAGE_NEGATIVE),
    ])
    assert [ex.text for ex in examples] == ["I can't  breathe"]
    assert conflicts == 1


@pytest.mark.parametrize(("probability", "expected"),
                         [(0.9, "emergency"), (0.75, "emergency"), (0.5, "check"),
                          (0.38, "check"), (0.1, "none")])
def test_vote_bands(probability: float, expected: str) -> None:
    assert vote(probability, 0.75, 0.38) == expected


def test_thresholds_respect_the_false_alarm_and_check_limits() -> None:
    negatives = np.linspace(0.0, 0.99, 100)  # one negative per 0.01 step
    positives = np.full(10, 0.995)
    scores = np.concatenate([negatives, positives])
    labels = np.array([False] * 100 + [True] * 10)
    chosen = choose_thresholds(scores, labels, ~labels, max_false_alarms=0.02, max_checks=0.08)
    assert (chosen.emergency, chosen.check) == (0.98, 0.9)
    assert np.mean(negatives >= chosen.emergency) <= 0.02
    assert np.mean((negatives >= chosen.check) & (negatives < chosen.emergency)) <= 0.08


TEXTS = ["i can't breathe", "my dad collapsed and won't wake up", "crushing chest pain now",
         "what is a carcinoid tumour", "how is a net diagnosed", "hello there"]
LABELS = [True, True, True, False, False, False]


@pytest.mark.parametrize("settings", [ModelSettings(), ModelSettings(3.0, (1, 1), (3, 6), False)])
def test_model_ranks_an_emergency_above_a_question(settings: ModelSettings) -> None:
    model = UrgencyModel(settings).fit(TEXTS, LABELS)
    emergency, question = model.probabilities(["he collapsed and can't breathe",
                                               "what is a net"])
    assert emergency > 0.5 > question


def test_settings_reach_the_vectorizers_and_the_classifier() -> None:
    model = UrgencyModel(ModelSettings(30.0, (1, 3), (2, 4), False))
    words, chars = (part for _, part in model.vectorizer.transformer_list)
    assert (words.ngram_range, chars.ngram_range, chars.analyzer) == ((1, 3), (2, 4), "char_wb")
    assert (model.classifier.C, model.classifier.class_weight) == (30.0, None)
    assert UrgencyModel().classifier.class_weight == "balanced"


def test_no_texts_no_scores() -> None:
    assert UrgencyModel().fit(TEXTS, LABELS).probabilities([]).shape == (0,)


def test_the_grid_covers_c_ngrams_and_class_weight() -> None:
    grid = settings_grid()
    assert len(grid) == len(set(grid)) == 54
    assert {s.regularisation for s in grid} == {3.0, 10.0, 30.0}
    assert {s.balanced for s in grid} == {True, False}


def _result(recall: float, with_check: float, auc: float) -> GridResult:
    return GridResult(ModelSettings(), auc, Thresholds(0.8, 0.4), recall, with_check, 0.08, 0.0)


def test_best_result_is_highest_recall_then_check_recall_then_auc() -> None:
    low, high = _result(0.88, 0.99, 0.999), _result(0.90, 0.95, 0.98)
    assert best_result([low, high]) is high
    tie_a, tie_b = _result(0.90, 0.96, 0.98), _result(0.90, 0.96, 0.99)
    assert best_result([high, tie_a, tie_b]) is tie_b
