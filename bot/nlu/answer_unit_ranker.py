"""Rasa NLU component: which answer unit (or topic) answers the question asked.

Put it after ``bot.nlu.red_flag_detector.RedFlagDetector`` (it never overrides a safety intent)::

    - name: bot.nlu.answer_unit_ranker.AnswerUnitRanker

``process`` puts the ranking in the parse output as ``answer_units`` (``[{"id", "score"}]``, best
first; a topic's general answer is ``topic:<id>``). When the best label scores at least
``unit_threshold``:

- after a knowledge intent, a personal-advice question or a word to define, a best answer unit
  is set as ``answer_unit`` (``{"id", "score", "topic"}``): ``action_answer_topic`` answers it
  rather than the topic's general answer, ``action_define_term`` rather than the glossary, and
  ``action_guide_personal_question`` gives it as the general fact before the questions for the
  care team. The intent is left alone (the held-out NLU sets keep measuring the intent
  classifier);
- after the fallback, from ``fallback_threshold`` (after out-of-scope, from
  ``out_of_scope_threshold``), the intent becomes the best label's topic's
  intent (the classifier's is kept as ``intent_before_ranking``), so that the topic rule answers
  instead of "did you mean";
- below ``offer_threshold`` the best three labels are listed as ``answer_alternatives``: the
  answer action offers the two it did not answer.

Safety and dialogue-act intents are never touched.

``train`` indexes the units of ``content_dir`` (their question, examples and answer) and the
topics (their title and the NLU examples of their intent); see :mod:`bot.content.ranking`. The
content files and the ranking and loading code are part of the fingerprint, so editing them
retrains this component.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content import loader as content_loader
from bot.content import ranking as content_ranking
from bot.content.loader import read_content, read_tag_words
from bot.content.ranking import Document, UnitIndex, topic_label

logger = logging.getLogger(__name__)

ANSWER_UNITS = "answer_units"
ANSWER_UNIT = "answer_unit"
INTENT_BEFORE = "intent_before_ranking"
ALTERNATIVES = "answer_alternatives"
OFFER_THRESHOLD = "offer_threshold"
FALLBACK_THRESHOLD = "fallback_threshold"
OUT_OF_SCOPE_THRESHOLD = "out_of_scope_threshold"
CONTENT_DIR = "content_dir"
UNIT_THRESHOLD = "unit_threshold"
MODEL_FILE = "answer_units.joblib"
TAGS_FILE = "tags.yml"
RANKING_LENGTH = 5
SITE_ENTITY = "body_site"
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
# intents besides the knowledge intents whose action answers a confident unit first
ANSWERING = frozenset({"ask_personal_advice", "define_term"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class AnswerUnitRanker(GraphComponent):
    """Ranks answer units for each message and picks one when it is confident."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # unit_threshold: chosen on the development part of the real questions
        # (tests/nlu/real_questions_dev.yml; see tests/nlu/README.md)
        # offer_threshold: below it, the next two answers are offered as buttons too
        # fallback_threshold: a fallback message is answered, not asked "did you mean", from here
        # out_of_scope_threshold: an out-of-scope message is answered from here (the held-out
        # sets' out-of-scope questions, e.g. about other cancers, score below it)
        return {CONTENT_DIR: "content", UNIT_THRESHOLD: 0.15, OFFER_THRESHOLD: 0.4,
                FALLBACK_THRESHOLD: 0.3, OUT_OF_SCOPE_THRESHOLD: 0.45}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, index: UnitIndex | None = None,
                 unit_topics: Dict[str, str] | None = None,
                 topic_intents: Dict[str, str] | None = None) -> None:
        self.content_dir = Path(str(config[CONTENT_DIR]))
        self.threshold = float(config[UNIT_THRESHOLD])
        self.offer_threshold = float(config[OFFER_THRESHOLD])
        self.fallback_threshold = float(config[FALLBACK_THRESHOLD])
        self.out_of_scope_threshold = float(config[OUT_OF_SCOPE_THRESHOLD])
        self._model_storage = model_storage
        self._resource = resource
        self.index = index
        self.unit_topics = unit_topics or {}
        self.topic_intents = topic_intents or {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> AnswerUnitRanker:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        directory = Path(str(config.get(CONTENT_DIR, "content")))
        digest = hashlib.sha256()
        # the code that builds the index is part of it too: Rasa's training cache must not
        # restore an index pickled by an older version of that code
        code = [Path(content_ranking.__file__), Path(content_loader.__file__)]
        for path in sorted([*directory.glob("units/*.yml"), *directory.glob("topics/*.yml"),
                            directory / TAGS_FILE]) + code:
            if not path.is_file():
                continue
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        content = read_content(self.content_dir)
        self.topic_intents = {t.id: t.intent for t in content.topics.values()}
        topic_of_intent = {intent: topic for topic, intent in self.topic_intents.items()}
        self.unit_topics = {u.id: u.topic_id for u in content.units.values()}
        documents: List[Document] = []
        for unit in content.units.values():
            documents += [Document(unit.id, text)
                          for text in (unit.question, *unit.examples, unit.answer)]
        for topic in content.topics.values():
            documents.append(Document(topic_label(topic.id), topic.title))
        for example in training_data.intent_examples:
            topic_id = topic_of_intent.get(str(example.get(INTENT)))
            if topic_id:
                documents.append(Document(topic_label(topic_id), str(example.get(TEXT))))
        treatments = {u.id: u.treatments for u in content.units.values()}
        tests = {u.id: u.tests for u in content.units.values()}
        sites = {u.id: u.sites for u in content.units.values()}
        stages = {u.id: u.stage for u in content.units.values()}
        self.index = UnitIndex().fit(documents, treatments, read_tag_words(self.content_dir),
                                     sites, stages, tests)
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.index, self.unit_topics, self.topic_intents),
                        directory / MODEL_FILE)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> AnswerUnitRanker:
        try:
            with model_storage.read_from(resource) as directory:
                index, unit_topics, topic_intents = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("AnswerUnitRanker: no trained index; messages get no unit ranking")
            index, unit_topics, topic_intents = None, {}, {}
        return cls({**cls.get_default_config(), **config}, model_storage, resource, index,
                   unit_topics, topic_intents)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None:
            return messages
        knowledge = set(self.topic_intents.values())
        for message in messages:
            sites = [str(e.get("value")) for e in message.get(ENTITIES) or []
                     if e.get("entity") == SITE_ENTITY]
            ranking = self.index.rank(str(message.get(TEXT) or ""), RANKING_LENGTH, sites)
            message.set(ANSWER_UNITS, [{"id": r.label, "score": r.score} for r in ranking],
                        add_to_output=True)
            if not ranking or ranking[0].score < self.threshold:
                continue
            intent = (message.get(INTENT) or {}).get("name")
            best = ranking[0]
            # "out of scope" that matches an answer well is a NET question in other words
            answerable_out_of_scope = (intent == OUT_OF_SCOPE
                                       and best.score >= self.out_of_scope_threshold)
            if (intent not in knowledge and intent not in ANSWERING and intent != FALLBACK
                    and not answerable_out_of_scope):
                continue
            if best.score < self.offer_threshold:
                message.set(ALTERNATIVES, [r.label for r in ranking[:3]], add_to_output=True)
            if not best.is_topic:
                message.set(ANSWER_UNIT, {"id": best.label, "score": best.score,
                                          "topic": self.unit_topics[best.label]},
                            add_to_output=True)
            if ((intent == FALLBACK and best.score >= self.fallback_threshold)
                    or intent == OUT_OF_SCOPE):
                topic = best.topic_id or self.unit_topics[best.label]
                message.set(INTENT_BEFORE, intent, add_to_output=True)
                message.set(INTENT, {"name": self.topic_intents[topic], "confidence": best.score},
                            add_to_output=True)
        return messages
