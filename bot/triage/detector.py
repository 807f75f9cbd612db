"""Emergency red-flag detection as a spaCy component, driven by ``red_flags.yml``.

Steps for each message:

1. normalise spellings, split sentences;
2. find concept mentions with a token ``Matcher`` and drop those inside a figure of speech;
3. mark each mention's context with negspacy ``Negex`` (one instance per context, see
   ``context.yml``) and drop negated, historical, family, hypothetical and question mentions;
4. report every red flag whose ``when`` rule is met by the remaining concepts.

Public API: :func:`assess`, :func:`detect` and :func:`build_triage_nlp`.

(No ``from __future__ import annotations`` here: spaCy reads the factory's type hints.)
"""

from dataclasses import dataclass
from functools import lru_cache

import spacy
from negspacy.negation import Negex
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.triage.catalogue import AREAS, Catalogue, Concept, RedFlag, Rule, load_catalogue
from bot.triage.context import CANCELLING, SUPPRESSING, load_happening_now, load_termsets
from bot.triage.patterns import PatternCompiler, normalise

FINDINGS_ATTR = "red_flags"
ASSESSMENT_ATTR = "triage_assessment"
FEAR_OF_DYING = "fear_of_dying"
BLOCKER_LABEL = "not_a_red_flag"
EXTENSION_PREFIX = "triage_"


@dataclass(frozen=True)
class Finding:
    red_flag: str  # catalogue id
    label: str  # plain words for people
    action: str  # "emergency", "crisis_line" or "call_team_now"
    text: str  # the words that triggered it
    start: int  # character offsets of ``text`` in the message
    end: int


@dataclass(frozen=True)
class Assessment:
    """What one message reports, for the dialogue built on the safety net."""

    findings: tuple[Finding, ...]  # red flags, most specific first
    areas: frozenset[str]  # AREAS of concepts mentioned as current reports
    symptom: bool  # any current report of a concept with an area (incl. "symptom")
    fear_of_dying: bool  # fear of death or prognosis fear (not suicidal intent)


NOTHING = Assessment((), frozenset(), False, False)

for _attr in (FINDINGS_ATTR, ASSESSMENT_ATTR):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class RedFlagDetector:
    """Sets ``doc._.red_flags`` to a list of :class:`Finding`, most specific first."""

    def __init__(self, nlp: Language, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._sentencizer = Sentencizer()
        self._matcher = _build_matcher(nlp, catalogue)
        self._contexts = {
            context: Negex(nlp, f"{EXTENSION_PREFIX}{context}", termset, [],
                           f"{EXTENSION_PREFIX}{context}", [])
            for context, termset in load_termsets().items()
        }
        self._happening_now = load_happening_now()

    def __call__(self, doc: Doc) -> Doc:
        normalise(doc, self.catalogue.spellings)
        if not doc.has_annotation("SENT_START"):
            self._sentencizer(doc)
        concepts: dict[str, list[Span]] = {}
        happening_now = any(p.search(doc.text.lower()) for p in self._happening_now)
        for mention in self._reports(doc, self._mentions(doc), happening_now):
            concepts.setdefault(mention.label_, []).append(mention)
        found = self._findings(doc, concepts)
        doc._.set(FINDINGS_ATTR, found)
        doc._.set(ASSESSMENT_ATTR, self._assessment(found, concepts))
        return doc

    def _assessment(self, found: list[Finding], concepts: dict[str, list[Span]]) -> Assessment:
        areas = [self.catalogue.concepts[name].area for name in concepts]
        return Assessment(
            findings=tuple(found),
            areas=frozenset(area for area in areas if area in AREAS),
            symptom=any(area is not None for area in areas),
            fear_of_dying=FEAR_OF_DYING in concepts,
        )

    def _mentions(self, doc: Doc) -> list[Span]:
        """Concept matches, minus those overlapping a figure of speech.

        A concept phrase that names something first and ends with the whole figure wins over
        it: "my chest is killing me" is chest pain although "is killing me" alone is a figure
        of speech.
        """
        spans = self._matcher(doc, as_spans=True)
        blockers = [span for span in spans if span.label_ == BLOCKER_LABEL]
        concepts = self.catalogue.concepts
        return [
            span for span in spans
            if span.label_ != BLOCKER_LABEL
            and (concepts[span.label_].ignore_figures
                 or not any(_blocks(blocker, span) for blocker in blockers))
        ]

    def _reports(self, doc: Doc, mentions: list[Span], happening_now: bool) -> list[Span]:
        """Mentions whose context makes them a report of something happening now.

        ``happening_now``: the message says elsewhere that it is happening now ("Can carcinoid
        cause numbness down one side? It's happening to me now."), so no mention is only a
        question or a what-if.

        Negex reads ``doc.ents``, which cannot overlap, so overlapping mentions are checked in
        layers; ``doc.ents`` ends up holding the longest mentions.
        """
        kept: list[Span] = []
        for layer in _layers(mentions):
            doc.set_ents(layer, default="outside")
            for negex in self._contexts.values():
                negex(doc)
            kept.extend(ent for ent in doc.ents if self._counts(ent, happening_now))
        doc.set_ents(filter_spans(mentions), default="outside")
        return sorted(kept, key=lambda span: span.start)

    def _counts(self, mention: Span, happening_now: bool = False) -> bool:
        concept: Concept = self.catalogue.concepts[mention.label_]
        flags = {c for c in (*SUPPRESSING, *CANCELLING) if mention._.get(EXTENSION_PREFIX + c)}
        if happening_now:
            flags -= {"question", "hypothetical"}
        if "report" in flags:
            flags.discard("question")
        if flags & {"urgent_question", "now"}:
            flags -= {"question", "hypothetical"}
        if "current" in flags:
            flags -= {"historical", "family"}
        return not (flags & set(SUPPRESSING)) - concept.ignore_context

    def _findings(self, doc: Doc, concepts: dict[str, list[Span]]) -> list[Finding]:
        ranked: list[tuple[int, int, Finding]] = []
        for order, flag in enumerate(self.catalogue.red_flags):
            spans = _best_rule(flag, concepts)
            if spans:
                start, end = min(s.start_char for s in spans), max(s.end_char for s in spans)
                finding = Finding(flag.id, flag.label, flag.action, doc.text[start:end], start, end)
                ranked.append((-len(spans), order, finding))
        return [finding for *_, finding in sorted(ranked, key=lambda item: item[:2])]


@Language.factory("red_flag_detector")
def make_red_flag_detector(nlp: Language, name: str) -> RedFlagDetector:
    return RedFlagDetector(nlp, load_catalogue())


def _blocks(blocker: Span, mention: Span) -> bool:
    """The figure of speech overlaps the mention and is not the mention's own ending."""
    overlaps = blocker.start < mention.end and mention.start < blocker.end
    ending = mention.start < blocker.start and blocker.end == mention.end
    return overlaps and not ending


def _layers(spans: list[Span]) -> list[list[Span]]:
    """Split spans into lists of non-overlapping spans, longest first."""
    layers: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        for layer in layers:
            if all(span.end <= other.start or other.end <= span.start for other in layer):
                layer.append(span)
                break
        else:
            layers.append([span])
    return [sorted(layer, key=lambda s: s.start) for layer in layers]


def _best_rule(flag: RedFlag, concepts: dict[str, list[Span]]) -> list[Span]:
    """Spans of the met rule with the most parts (the most specific), or ``[]``."""
    best: list[Span] = []
    for rule in flag.rules:
        spans = _met(rule, concepts)
        if len(spans) > len(best):
            best = spans
    return best


def _met(rule: Rule, concepts: dict[str, list[Span]]) -> list[Span]:
    if rule.excluded & concepts.keys():
        return []
    spans = [_first(concepts, part) for part in rule.parts]
    met = [span for span in spans if span is not None]
    return met if len(met) == len(rule.parts) else []


def _first(concepts: dict[str, list[Span]], names: frozenset[str]) -> Span | None:
    found = [concepts[name][0] for name in names if name in concepts]
    return min(found, key=lambda span: span.start) if found else None


def _build_matcher(nlp: Language, catalogue: Catalogue) -> Matcher:
    compiler = PatternCompiler(nlp.make_doc, catalogue.spellings, catalogue.word_sets)
    matcher = Matcher(nlp.vocab)
    for concept in catalogue.concepts.values():
        patterns = [p for phrase in concept.phrases for p in compiler.compile(phrase)]
        matcher.add(concept.name, patterns)
    blockers = [phrase for phrases in catalogue.blockers.values() for phrase in phrases]
    matcher.add(BLOCKER_LABEL, [p for phrase in blockers for p in compiler.compile(phrase)])
    return matcher


@lru_cache(maxsize=1)
def build_triage_nlp() -> Language:
    """A blank English pipeline with the detector (built once; nothing is downloaded)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("red_flag_detector")
    return nlp


def findings(doc: Doc) -> list[Finding]:
    result: list[Finding] | None = doc._.get(FINDINGS_ATTR)
    return list(result or [])


def assessment(doc: Doc) -> Assessment:
    result: Assessment | None = doc._.get(ASSESSMENT_ATTR)
    return result or NOTHING


def assess(text: str) -> Assessment:
    """Red flags, body areas, symptom and fear-of-dying in one message (one spaCy pass)."""
    return assessment(build_triage_nlp()(text))


def detect(text: str) -> list[Finding]:
    """Red flags in one message, most specific first; ``[]`` when there are none."""
    return list(assess(text).findings)
