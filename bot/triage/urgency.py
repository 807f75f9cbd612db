"""Layer 2 of the emergency safety net: a learned urgency score next to the rule detector.

Training data (see :func:`load_triage_examples` and :func:`nlu_examples`):

* ``data/triage/*.yml``: ``escalate`` items are positives, ``not_escalate`` items negatives;
* NLU examples of ``report_emergency`` are positives; the knowledge questions about symptoms and
  emergency signs and ``report_symptom`` are *hard* negatives; every other intent is an ordinary
  negative (the classifier sees every message, greetings included).

Texts are deduplicated after normalising case and spaces; a text labelled both ways is dropped.

The model is a logistic regression on TF-IDF features (word n-grams and char_wb n-grams; the
ranges, C and class weighting are :data:`DEFAULT_SETTINGS`). Its probability gives a vote:
``emergency`` at or above ``emergency_threshold``, ``check`` ("possible emergency: is this
happening now?") from ``check_threshold`` up, otherwise ``none``.

``python -m bot.triage.urgency`` runs the stratified 5-fold cross-validation that chose the
settings and the thresholds (``data/triage/urgency_cv.md`` keeps its output).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Tuple

import numpy as np
import numpy.typing as npt
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion

Array = npt.NDArray[Any]

TRIAGE_FILES = (
    "data/triage/emergency_eval.yml",
    "data/triage/emergency_fresh.yml",
    "data/triage/emergency_blind.yml",
    "data/triage/emergency_sealed_1.yml",  # sealed sets 1 and 2, retired to training after
    "data/triage/emergency_sealed_2.yml",  # their first runs
)
EMERGENCY_INTENT = "report_emergency"
HARD_NEGATIVE_INTENTS = frozenset(
    {"ask_emergency_signs", "ask_symptoms", "ask_when_to_call_provider", "report_symptom"})

VOTE_EMERGENCY = "emergency"
VOTE_CHECK = "check"
VOTE_NONE = "none"



@dataclass(frozen=True)
class ModelSettings:
    """What the cross-validation compares: C of the logistic regression, the n-gram ranges
    of the word and char_wb TF-IDF blocks, and whether the classes are weighted to balance."""

    regularisation: float = 30.0
    word_ngrams: Tuple[int, int] = (1, 2)
    char_ngrams: Tuple[int, int] = (2, 5)
    balanced: bool = True

    def describe(self) -> str:
        return (f"C {self.regularisation:g}, words {self.word_ngrams[0]}-{self.word_ngrams[1]}, "
                f"chars {self.char_ngrams[0]}-{self.char_ngrams[1]}, "
                f"{'balanced' if self.balanced else 'unweighted'}")


# Chosen by the cross-validation below (data/triage/urgency_cv.md).
DEFAULT_SETTINGS = ModelSettings()
DEFAULT_EMERGENCY_THRESHOLD = 0.77
DEFAULT_CHECK_THRESHOLD = 0.30

MAX_FALSE_ALARM_RATE = 0.02  # classifier alone escalates: false alarms on hard negatives
MAX_CHECK_RATE = 0.08  # "is this happening now?" asked of hard negatives
SEED = 0
FOLDS = 5

# Groups of examples (used for stratification and for reporting).
TRIAGE_POSITIVE = "triage_escalate"
TRIAGE_NEGATIVE = "triage_not_escalate"
NLU_POSITIVE = "nlu_report_emergency"
NLU_HARD_NEGATIVE = "nlu_hard_negative"
NLU_OTHER = "nlu_other_intent"
HARD_NEGATIVE_GROUPS = frozenset({TRIAGE_NEGATIVE, NLU_HARD_NEGATIVE})


@dataclass(frozen=True)
class Example:
    text: str
    is_emergency: bool
    group: str


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _item_text(raw: Any) -> str:
    return str(raw if isinstance(raw, str) else raw["text"])


def load_triage_examples(paths: Iterable[Path | str]) -> List[Example]:
    examples: List[Example] = []
    for path in paths:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        examples += [Example(_item_text(item), True, TRIAGE_POSITIVE)
                     for item in raw.get("escalate") or []]
        examples += [Example(_item_text(item), False, TRIAGE_NEGATIVE)
                     for item in raw.get("not_escalate") or []]
    return examples


def nlu_examples(intent_texts: Iterable[Tuple[str, str | None]]) -> List[Example]:
    """(text, intent) pairs from the NLU training data as urgency examples."""
    examples = []
    for text, intent in intent_texts:
        if not text or not intent:
            continue
        if intent == EMERGENCY_INTENT:
            examples.append(Example(text, True, NLU_POSITIVE))
        elif intent in HARD_NEGATIVE_INTENTS:
            examples.append(Example(text, False, NLU_HARD_NEGATIVE))
        else:
            examples.append(Example(text, False, NLU_OTHER))
    return examples


def deduplicate(examples: Iterable[Example]) -> Tuple[List[Example], int]:
    """First example of each normalised text; texts with both labels are dropped.

    Returns the examples and how many texts were dropped for conflicting labels."""
    first: Dict[str, Example] = {}
    labels: Dict[str, set[bool]] = {}
    for example in examples:
        key = normalise(example.text)
        first.setdefault(key, example)
        labels.setdefault(key, set()).add(example.is_emergency)
    conflicting = {key for key, seen in labels.items() if len(seen) > 1}
    return [ex for key, ex in first.items() if key not in conflicting], len(conflicting)


def vote(probability: float, emergency_threshold: float, check_threshold: float) -> str:
    if probability >= emergency_threshold:
        return VOTE_EMERGENCY
    if probability >= check_threshold:
        return VOTE_CHECK
    return VOTE_NONE


class UrgencyModel:
    """TF-IDF (word + char_wb n-grams) and a logistic regression."""

    def __init__(self, settings: ModelSettings = DEFAULT_SETTINGS, seed: int = SEED) -> None:
        self.settings = settings
        self.vectorizer = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=settings.word_ngrams, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=settings.char_ngrams,
                                      sublinear_tf=True)),
        ])
        self.classifier = LogisticRegression(
            C=settings.regularisation, class_weight="balanced" if settings.balanced else None,
            max_iter=2000, random_state=seed)

    def fit(self, texts: Sequence[str], labels: Sequence[bool]) -> UrgencyModel:
        features = self.vectorizer.fit_transform([normalise(text) for text in texts])
        self.classifier.fit(features, np.asarray(labels, dtype=int))
        return self

    def probabilities(self, texts: Sequence[str]) -> Array:
        if not texts:
            return np.zeros(0)
        features = self.vectorizer.transform([normalise(text) for text in texts])
        return np.asarray(self.classifier.predict_proba(features)[:, 1])


# ----------------------------------------------------------------- cross-validation (the CLI)

@dataclass(frozen=True)
class Thresholds:
    emergency: float
    check: float


def _rate(mask: Array) -> float:
    return float(mask.mean()) if mask.size else 0.0


def choose_thresholds(scores: Array, labels: Array, hard_negative: Array,
                      max_false_alarms: float = MAX_FALSE_ALARM_RATE,
                      max_checks: float = MAX_CHECK_RATE) -> Thresholds:
    """Lowest emergency threshold (so highest recall) with false alarms on the hard negatives
    within ``max_false_alarms``; then the lowest check threshold that asks at most
    ``max_checks`` of them. Thresholds are on a 0.01 grid."""
    negatives = scores[hard_negative & ~labels]
    grid = np.round(np.arange(1.0, 0.0, -0.01), 2)
    emergency = 1.0
    for threshold in grid:
        if _rate(negatives >= threshold) > max_false_alarms:
            break
        emergency = float(threshold)
    check = emergency
    for threshold in grid[grid < emergency]:
        if _rate((negatives >= threshold) & (negatives < emergency)) > max_checks:
            break
        check = float(threshold)
    return Thresholds(emergency, check)


def out_of_fold_scores(settings: ModelSettings, texts: Sequence[str], labels: Array,
                       strata: Sequence[str]) -> Array:
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(np.zeros(len(texts)), strata):
        model = UrgencyModel(settings).fit([texts[i] for i in train], labels[train])
        scores[test] = model.probabilities([texts[i] for i in test])
    return scores


def _report(name: str, scores: Array, labels: Array, groups: Array,
            rules: Array) -> List[str]:
    hard = np.isin(groups, list(HARD_NEGATIVE_GROUPS))
    other = groups == NLU_OTHER
    chosen = choose_thresholds(scores, labels, hard)
    auc_hard = roc_auc_score(labels[labels | hard], scores[labels | hard])
    auc_all = roc_auc_score(labels, scores)
    lines = [f"### {name}", "",
             f"ROC AUC out of fold: {auc_hard:.4f} (positives vs hard negatives), "
             f"{auc_all:.4f} (vs all negatives)",
             f"chosen: emergency_threshold {chosen.emergency:.2f}, "
             f"check_threshold {chosen.check:.2f}", "",
             "| threshold | recall | false alarms (hard neg.) | false alarms (other intents) "
             "| rule misses caught | extra false alarms over rules (hard / other) |",
             "| --- | --- | --- | --- | --- | --- |"]
    positives = labels.sum()
    rule_misses = labels & ~rules
    for threshold in sorted({0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                             chosen.emergency, chosen.check}):
        flagged = scores >= threshold
        lines.append(
            f"| {threshold:.2f} | {_rate(flagged[labels]):.1%} "
            f"({int(flagged[labels].sum())}/{positives}) "
            f"| {_rate(flagged[hard & ~labels]):.1%} | {_rate(flagged[other]):.1%} "
            f"| {int((flagged & rule_misses).sum())}/{int(rule_misses.sum())} "
            f"| {int((flagged & hard & ~labels & ~rules).sum())} / "
            f"{int((flagged & other & ~rules).sum())} |")
    band = (scores >= chosen.check) & (scores < chosen.emergency)
    lines += ["",
              f"check band [{chosen.check:.2f}, {chosen.emergency:.2f}): asked of "
              f"{_rate(band[hard & ~labels]):.1%} of hard negatives, "
              f"{_rate(band[other]):.1%} of other intents, {_rate(band[labels]):.1%} of "
              "positives", ""]
    return lines


REGULARISATION_GRID = (3.0, 10.0, 30.0)
WORD_NGRAM_GRID = ((1, 1), (1, 2), (1, 3))
CHAR_NGRAM_GRID = ((2, 4), (2, 5), (3, 6))
BALANCED_GRID = (True, False)


def settings_grid() -> List[ModelSettings]:
    return [ModelSettings(c, words, chars, balanced) for c, words, chars, balanced in
            itertools.product(REGULARISATION_GRID, WORD_NGRAM_GRID, CHAR_NGRAM_GRID,
                              BALANCED_GRID)]


@dataclass(frozen=True)
class GridResult:
    settings: ModelSettings
    auc_hard: float
    thresholds: Thresholds
    recall: float  # at the emergency threshold
    recall_with_check: float  # emergency or check
    check_rate_hard: float
    false_alarms_other: float


def grid_result(settings: ModelSettings, scores: Array, labels: Array,
                groups: Array) -> GridResult:
    hard = np.isin(groups, list(HARD_NEGATIVE_GROUPS))
    chosen = choose_thresholds(scores, labels, hard)
    band = (scores >= chosen.check) & (scores < chosen.emergency)
    return GridResult(
        settings, float(roc_auc_score(labels[labels | hard], scores[labels | hard])), chosen,
        _rate(scores[labels] >= chosen.emergency), _rate(scores[labels] >= chosen.check),
        _rate(band[hard & ~labels]), _rate(scores[groups == NLU_OTHER] >= chosen.emergency))


def best_result(results: Sequence[GridResult]) -> GridResult:
    """Highest out-of-fold recall at the false-alarm limit; ties: higher emergency-or-check
    recall, then higher AUC."""
    return max(results, key=lambda r: (round(r.recall, 6), round(r.recall_with_check, 6),
                                       r.auc_hard))


def _grid_table(results: Sequence[GridResult], best: GridResult) -> List[str]:
    lines = ["| C | words | chars | class weight | AUC (hard) | emergency / check threshold "
             "| recall at emergency | recall emergency-or-check | check band (hard neg.) "
             "| false alarms (other intents) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        mark = "**" if r is best else ""
        s = r.settings
        lines.append(
            f"| {mark}{s.regularisation:g}{mark} | {s.word_ngrams[0]}-{s.word_ngrams[1]} "
            f"| {s.char_ngrams[0]}-{s.char_ngrams[1]} "
            f"| {'balanced' if s.balanced else 'none'} | {r.auc_hard:.4f} "
            f"| {r.thresholds.emergency:.2f} / {r.thresholds.check:.2f} "
            f"| {mark}{r.recall:.1%}{mark} | {r.recall_with_check:.1%} "
            f"| {r.check_rate_hard:.1%} | {r.false_alarms_other:.1%} |")
    return lines


def cross_validate(out: Any = sys.stdout, grid: bool = True) -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.triage.detector import build_triage_nlp, detect

    nlu = load_data("data/nlu")
    raw = load_triage_examples(TRIAGE_FILES) + nlu_examples(
        (m.get("text"), m.get("intent")) for m in nlu.intent_examples)
    examples, conflicts = deduplicate(raw)
    texts = [ex.text for ex in examples]
    labels = np.array([ex.is_emergency for ex in examples])
    groups = np.array([ex.group for ex in examples])
    build_triage_nlp()
    rules = np.array([bool(detect(text)) for text in texts])
    counts = {group: int((groups == group).sum()) for group in sorted(set(groups))}
    print(f"# Urgency classifier: stratified {FOLDS}-fold cross-validation (seed {SEED})\n\n"
          f"Training files: {', '.join(TRIAGE_FILES)} and the NLU data (data/nlu).\n"
          f"{len(raw)} examples, {len(examples)} after deduplication "
          f"({conflicts} texts with both labels dropped): {counts}.\n"
          f"Rule detector on the same examples: misses {int((labels & ~rules).sum())} of "
          f"{int(labels.sum())} positives, fires on "
          f"{int((rules & ~labels & np.isin(groups, list(HARD_NEGATIVE_GROUPS))).sum())} hard "
          f"negatives and {int((rules & (groups == NLU_OTHER)).sum())} other-intent examples.\n"
          f"Thresholds: emergency = lowest with false alarms <= {MAX_FALSE_ALARM_RATE:.0%} on "
          f"hard negatives; check = lowest with check rate <= {MAX_CHECK_RATE:.0%} on them.\n",
          file=out)
    started = time.perf_counter()
    scores = out_of_fold_scores(DEFAULT_SETTINGS, texts, labels, list(groups))
    print("\n".join(_report(f"default: {DEFAULT_SETTINGS.describe()}", scores, labels,
                             groups, rules)), file=out)
    print(f"(5 folds trained and scored in {time.perf_counter() - started:.1f} s)\n", file=out)
    if not grid:
        return
    results = [grid_result(settings, out_of_fold_scores(settings, texts, labels, list(groups)),
                           labels, groups)
               for settings in settings_grid()]
    best = best_result(results)
    print(f"## Settings grid ({len(results)} settings, same folds)\n\n"
          "Thresholds chosen per setting as above; best by recall at the emergency threshold "
          "(ties: emergency-or-check recall, then AUC) in bold.\n", file=out)
    print("\n".join(_grid_table(results, best)), file=out)
    print(f"\nbest: {best.settings.describe()}, emergency_threshold "
          f"{best.thresholds.emergency:.2f}, check_threshold {best.thresholds.check:.2f}\n",
          file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cross-validate the urgency classifier.")
    parser.add_argument("--no-grid", action="store_true",
                        help="only the default settings, not the settings grid")
    args = parser.parse_args(argv)
    cross_validate(grid=not args.no_grid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
