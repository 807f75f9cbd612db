"""Rank answer units (and whole topics) for a question, by how people ask them.

Each label (an answer unit's id, or ``topic:<id>`` for a topic's general answer) has documents:
a unit's question, its examples and its answer text; a topic's title and the NLU examples of its
intent. A message's score for a label is the mean cosine similarity of its best ``ceil(sqrt(n))``
documents of the label's ``n`` (a label with hundreds of examples does not win on one lucky
match), on TF-IDF word (1-2) and character (2-5, within words) n-grams. A question that names a
treatment or test a unit is tagged with (``content/tags.yml``) adds ``TAG_BONUS`` to that unit,
shared out over the unit's treatments, or its tests, (a unit about one drug gains more than one
about ten; the scans a unit also names do not dilute its treatment). A body
site the message names (the ``body_site`` entity) adds ``SITE_BONUS`` to the units about that
site, shared out the same way, and words for spread or an early stage ("stage 4", "has spread",
"metastatic"; "stage 1", "hasn't spread") add it to the units about that stage. A topic's
general answer scores ``TOPIC_WEIGHT`` of its similarity: when a unit and its topic match about
as well, the unit, which answers the narrower question, comes first.

Chosen on the development part of the real questions (tests/nlu/README.md): the best single
document scored 59.8% right first, this scoring 73.8%.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

TOPIC_PREFIX = "topic:"
TAG_BONUS = 0.2
SITE_BONUS = 0.1
TOPIC_WEIGHT = 0.9
STAGE_WORDS = {
    "spread": re.compile(r"\b(?:stage (?:4|iv|four)|metasta\w*|(?:has|had|have|it's|is) spread|"
                         r"spread(?:ing)? to|advanced|secondar(?:y|ies))\b"),
    "localised": re.compile(r"\b(?:stage (?:1|i|one)|(?:not|hasn't|hadn't|hasnt) spread|"
                            r"locali[sz]ed|early stage)\b"),
}


def stages_named(text: str) -> frozenset[str]:
    """The unit stages (``spread``, ``localised``) that ``text`` speaks of."""
    said = normalise(text)
    named = {stage for stage, pattern in STAGE_WORDS.items() if pattern.search(said)}
    return frozenset() if len(named) > 1 else frozenset(named)  # both: says nothing


@dataclass(frozen=True)
class Document:
    label: str
    text: str


@dataclass(frozen=True)
class Ranked:
    label: str
    score: float

    @property
    def is_topic(self) -> bool:
        return self.label.startswith(TOPIC_PREFIX)

    @property
    def topic_id(self) -> str | None:
        return self.label.removeprefix(TOPIC_PREFIX) if self.is_topic else None


def topic_label(topic_id: str) -> str:
    return f"{TOPIC_PREFIX}{topic_id}"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()


class UnitIndex:
    """A fitted index; :meth:`rank` scores every label for one message."""

    def __init__(self) -> None:
        self._features = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ])
        self._labels: List[str] = []
        self._doc_labels = np.zeros(0, dtype=int)
        self._label_docs = np.zeros((0, 0), dtype=int)
        self._best_counts = np.zeros(0, dtype=int)
        self._matrix: object = None
        self._label_tags: Dict[str, frozenset[str]] = {}
        self._label_tests: Dict[str, frozenset[str]] = {}
        self._label_sites: Dict[str, frozenset[str]] = {}
        self._label_stages: Dict[str, frozenset[str]] = {}
        self._topic_mask = np.zeros(0, dtype=bool)
        self._tag_patterns: Dict[str, re.Pattern[str]] = {}

    def fit(self, documents: Iterable[Document],
            label_tags: Mapping[str, Iterable[str]] | None = None,
            tag_words: Mapping[str, Iterable[str]] | None = None,
            label_sites: Mapping[str, Iterable[str]] | None = None,
            label_stages: Mapping[str, str | None] | None = None,
            label_tests: Mapping[str, Iterable[str]] | None = None) -> UnitIndex:
        """Index ``documents``; ``label_tags`` (label -> treatment tags), ``label_tests``
        (label -> test tags) and ``tag_words`` (tag -> words people use for it) give the tag
        bonus, ``label_sites`` (label -> body sites) and ``label_stages`` (label -> stage) the
        site bonus."""
        docs = [d for d in documents if d.text.strip()]
        if not docs:
            raise ValueError("the unit index needs at least one document")
        self._labels = sorted({d.label for d in docs})
        position = {label: i for i, label in enumerate(self._labels)}
        self._doc_labels = np.array([position[d.label] for d in docs])
        # each label's documents as one row of indices (padded with -1), and how many of its
        # best documents count, so that rank() scores every label in a few array operations
        counts = np.bincount(self._doc_labels, minlength=len(self._labels))
        self._label_docs = np.full((len(self._labels), int(counts.max())), -1, dtype=int)
        for i in range(len(self._labels)):
            members = np.flatnonzero(self._doc_labels == i)
            self._label_docs[i, :len(members)] = members
        self._best_counts = np.ceil(np.sqrt(counts)).astype(int)
        self._matrix = self._rows([d.text for d in docs])
        self._label_tags = {label: frozenset(tags) for label, tags in (label_tags or {}).items()
                            if label in position and tags}
        self._label_tests = {label: frozenset(tags)
                             for label, tags in (label_tests or {}).items()
                             if label in position and tags}
        self._label_sites = {label: frozenset(sites)
                             for label, sites in (label_sites or {}).items()
                             if label in position and sites}
        self._label_stages = {label: frozenset({str(stage)})
                              for label, stage in (label_stages or {}).items()
                              if label in position and stage}
        self._topic_mask = np.array([label.startswith(TOPIC_PREFIX) for label in self._labels],
                                    dtype=bool)
        self._tag_patterns = {
            tag: re.compile(r"\b(?:" + "|".join(re.escape(normalise(w)) for w in words) + ")")
            for tag, words in (tag_words or {}).items() if words}
        return self

    def _rows(self, texts: Sequence[str]) -> object:
        from sklearn.preprocessing import normalize

        if self._matrix is None:
            features = self._features.fit_transform([normalise(t) for t in texts])
        else:
            features = self._features.transform([normalise(t) for t in texts])
        return normalize(features)  # each block is unit length; the union is made unit again

    def _add_bonus(self, scores: np.ndarray[Any, np.dtype[np.float64]],
                   label_sets: Mapping[str, frozenset[str]], named: frozenset[str],
                   bonus: float) -> None:
        """``bonus`` to each label whose set meets ``named``, shared out over its set."""
        if not named:
            return
        for i, label in enumerate(self._labels):
            own = label_sets.get(label, frozenset())
            if own & named:
                scores[i] += bonus * len(own & named) / math.sqrt(len(own))

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self._labels)

    def rank(self, text: str, limit: int = 5, sites: Iterable[str] = ()) -> List[Ranked]:
        """The ``limit`` best labels for ``text`` (which names the body ``sites``), best
        first."""
        if self._matrix is None or not text.strip():
            return []
        query = self._rows([text]).toarray().ravel()  # type: ignore[attr-defined]
        similarities = np.asarray(self._matrix @ query).ravel()  # sparse x dense: fast
        padded = np.where(self._label_docs >= 0, similarities[self._label_docs], -np.inf)
        best_first = -np.sort(-padded, axis=1)
        rows = np.arange(len(self._labels))
        totals = np.cumsum(np.where(np.isfinite(best_first), best_first, 0.0), axis=1)
        scores = totals[rows, self._best_counts - 1] / self._best_counts
        scores[self._topic_mask] *= TOPIC_WEIGHT
        tags = frozenset(tag for tag, pattern in self._tag_patterns.items()
                         if pattern.search(normalise(text)))
        self._add_bonus(scores, self._label_tags, tags, TAG_BONUS)
        self._add_bonus(scores, self._label_tests, tags, TAG_BONUS)
        self._add_bonus(scores, self._label_sites, frozenset(sites), SITE_BONUS)
        self._add_bonus(scores, self._label_stages, stages_named(text), SITE_BONUS)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [Ranked(self._labels[i], round(float(scores[i]), 4)) for i in order]
