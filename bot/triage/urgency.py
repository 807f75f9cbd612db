"""Layer 2 of the emergency safety net: a learned urgency score next to the rule detector.

Training data (see :func:`load_triage_examples` and :func:`nlu_examples`):

* ``data/triage/*.yml``: ``escalate`` items are positives, ``not_escalate`` items negatives;
* NLU examples of ``report_emergency`` are positives; the knowledge questions about symptoms and
  emergency signs and ``report_symptom`` are *hard* negatives; every other intent is an ordinary
  negative (the classifier sees every message, greetings included).

Texts are deduplicated after normalising case and spaces; a text labelled both ways is dropped.

The model is a logistic regression on one of two feature sets: ``tfidf`` (word 1-2-grams and
char_wb 2-5-grams) or ``embedding`` (all-MiniLM-L6-v2 sentence vectors, :mod:`embedding`).
Its probability gives a vote: ``emergency`` at or above ``emergency_threshold``, ``check``
("possible emergency: is this happening now?") from ``check_threshold`` up, otherwise ``none``.

``python -m bot.triage.urgency`` runs the stratified 5-fold cross-validation that chose the
model and the thresholds (``data/triage/urgency_cv.md`` keeps its output).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Sequence, Tuple

import numpy as np
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion

from bot.triage.embedding import Array

TRIAGE_FILES = (
    "data/triage/emergency_eval.yml",
    "data/triage/emergency_fresh.yml",
    "data/triage/emergency_blind.yml",
)
EMERGENCY_INTENT = "report_emergency"
HARD_NEGATIVE_INTENTS = frozenset(
    {"ask_emergency_signs", "ask_symptoms", "ask_when_to_call_provider", "report_symptom"})

FEATURES_TFIDF = "tfidf"
FEATURES_EMBEDDING = "embedding"
FEATURES_BOTH = "tfidf+embedding"
FEATURE_SETS = (FEATURES_TFIDF, FEATURES_EMBEDDING, FEATURES_BOTH)

VOTE_EMERGENCY = "emergency"
VOTE_CHECK = "check"
VOTE_NONE = "none"

# Chosen by the cross-validation below (data/triage/urgency_cv.md).
DEFAULT_FEATURES = FEATURES_TFIDF
DEFAULT_EMERGENCY_THRESHOLD = 0.75
DEFAULT_CHECK_THRESHOLD = 0.38

MAX_FALSE_ALARM_RATE = 0.02  # classifier alone escalates: false alarms on hard negatives
MAX_CHECK_RATE = 0.08  # "is this happening now?" asked of hard negatives
REGULARISATION = 10.0
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


Embed = Callable[[Sequence[str]], Array]


class UrgencyModel:
    """Features + logistic regression; ``embed`` maps texts to sentence vectors when needed."""

    def __init__(self, features: str = DEFAULT_FEATURES, seed: int = SEED) -> None:
        if features not in FEATURE_SETS:
            raise ValueError(f"features must be one of {FEATURE_SETS}, not {features!r}")
        self.features = features
        self.vectorizer: FeatureUnion | None = None
        if features != FEATURES_EMBEDDING:
            self.vectorizer = FeatureUnion([
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                          sublinear_tf=True)),
            ])
        self.classifier = LogisticRegression(C=REGULARISATION, class_weight="balanced",
                                             max_iter=2000, random_state=seed)

    @property
    def needs_embeddings(self) -> bool:
        return self.features != FEATURES_TFIDF

    def _matrix(self, texts: Sequence[str], vectors: Array | None, fit: bool) -> Any:
        blocks: List[Any] = []
        if self.vectorizer is not None:
            lowered = [normalise(text) for text in texts]
            blocks.append(self.vectorizer.fit_transform(lowered) if fit
                          else self.vectorizer.transform(lowered))
        if self.needs_embeddings:
            if vectors is None or len(vectors) != len(texts):
                raise ValueError(f"features {self.features!r} need one sentence vector per text")
            blocks.append(sparse.csr_matrix(vectors) if self.vectorizer is not None else vectors)
        return blocks[0] if len(blocks) == 1 else sparse.hstack(blocks).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[bool],
            vectors: Array | None = None) -> UrgencyModel:
        self.classifier.fit(self._matrix(texts, vectors, fit=True), np.asarray(labels, dtype=int))
        return self

    def probabilities(self, texts: Sequence[str],
                      vectors: Array | None = None) -> Array:
        if not texts:
            return np.zeros(0)
        return np.asarray(self.classifier.predict_proba(self._matrix(texts, vectors, False))[:, 1])


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


def out_of_fold_scores(model_factory: Callable[[], UrgencyModel], texts: Sequence[str],
                       labels: Array, strata: Sequence[str],
                       vectors: Array | None) -> Array:
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(np.zeros(len(texts)), strata):
        model = model_factory()
        train_vectors = vectors[train] if vectors is not None else None
        test_vectors = vectors[test] if vectors is not None else None
        model.fit([texts[i] for i in train], labels[train], train_vectors)
        scores[test] = model.probabilities([texts[i] for i in test], test_vectors)
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


def cross_validate(out: Any = sys.stdout, feature_sets: Sequence[str] = FEATURE_SETS) -> None:
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
          f"{len(raw)} examples, {len(examples)} after deduplication "
          f"({conflicts} texts with both labels dropped): {counts}.\n"
          f"Rule detector on the same examples: misses {int((labels & ~rules).sum())} of "
          f"{int(labels.sum())} positives, fires on "
          f"{int((rules & ~labels & np.isin(groups, list(HARD_NEGATIVE_GROUPS))).sum())} hard "
          f"negatives and {int((rules & (groups == NLU_OTHER)).sum())} other-intent examples.\n"
          f"Thresholds: emergency = lowest with false alarms <= {MAX_FALSE_ALARM_RATE:.0%} on "
          f"hard negatives; check = lowest with check rate <= {MAX_CHECK_RATE:.0%} on them.\n",
          file=out)
    vectors = None
    if any(name != FEATURES_TFIDF for name in feature_sets):
        from bot.triage.embedding import shared_encoder

        started = time.perf_counter()
        vectors = shared_encoder().encode(texts)
        print(f"(sentence vectors for {len(texts)} texts: "
              f"{time.perf_counter() - started:.1f} s)\n", file=out)
    for name in feature_sets:
        started = time.perf_counter()
        scores = out_of_fold_scores(functools.partial(UrgencyModel, name), texts, labels,
                                    list(groups), vectors)
        elapsed = time.perf_counter() - started
        print("\n".join(_report(name, scores, labels, groups, rules)), file=out)
        print(f"(5 folds trained and scored in {elapsed:.1f} s)\n", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cross-validate the urgency classifier.")
    parser.add_argument("--features", nargs="*", default=list(FEATURE_SETS),
                        choices=FEATURE_SETS)
    args = parser.parse_args(argv)
    cross_validate(feature_sets=args.features)
    return 0


if __name__ == "__main__":
    sys.exit(main())
