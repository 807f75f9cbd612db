"""Rasa NLU component: the safety net that turns any red-flag message into ``report_emergency``.

Put it last in the pipeline (after ``FallbackClassifier``)::

    - name: bot.nlu.red_flag_detector.RedFlagDetector
      trust_classifier: false

For each red flag that :func:`bot.triage.detector.detect` finds it adds a ``red_flag`` entity
(value = the catalogue id) and sets the intent to ``report_emergency`` with confidence 1.0.
When nothing is found but the classifier still ranked ``report_emergency``,
``trust_classifier`` decides: keep it (``true``) or drop it from the ranking, falling back to
the next-ranked intent when it was on top (``false``, the default). Measured on
tests/triage/emergency_eval.yml with the project's NLU model: trusting the classifier added no
recall (every emergency it caught, the detector caught) but raised false alarms on the 196
non-emergencies from 0% to 21.4%.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.triage.detector import Finding, build_triage_nlp, detect

EMERGENCY_INTENT = "report_emergency"
ENTITY_NAME = "red_flag"
TRUST_CLASSIFIER = "trust_classifier"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RedFlagDetector(GraphComponent, EntityExtractorMixin):
    """Rule-based red-flag detection that overrides the intent classifier."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {TRUST_CLASSIFIER: False}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config
        self.trust_classifier = bool(config.get(TRUST_CLASSIFIER, False))
        build_triage_nlp()  # load the catalogue once, at model load time

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagDetector:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            found = detect(text) if text else []
            if found:
                self._escalate(message, found)
            elif not self.trust_classifier:
                _demote(message)
        return messages

    def _escalate(self, message: Message, found: List[Finding]) -> None:
        entities = [
            {
                ENTITY_ATTRIBUTE_TYPE: ENTITY_NAME,
                ENTITY_ATTRIBUTE_VALUE: finding.red_flag,
                ENTITY_ATTRIBUTE_START: finding.start,
                ENTITY_ATTRIBUTE_END: finding.end,
                EXTRACTOR: self.name,
            }
            for finding in found
        ]
        message.set(ENTITIES, [*message.get(ENTITIES, []), *entities], add_to_output=True)
        top = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        others = [r for r in message.get(INTENT_RANKING_KEY) or [] if _name(r) != EMERGENCY_INTENT]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *others], add_to_output=True)


def _name(intent: Dict[str, Any] | None) -> Any:
    return (intent or {}).get(INTENT_NAME_KEY)


def _intent_name(message: Message) -> Any:
    return _name(message.get(INTENT))


def _demote(message: Message) -> None:
    """Drop an unconfirmed ``report_emergency`` from the ranking (also behind ``nlu_fallback``,
    whose "did you mean ...?" offers the next intents) and from the top."""
    full = message.get(INTENT_RANKING_KEY) or []
    ranking = [r for r in full if _name(r) != EMERGENCY_INTENT]
    if not ranking or len(ranking) == len(full):
        return
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    if _intent_name(message) == EMERGENCY_INTENT:
        message.set(INTENT, ranking[0], add_to_output=True)
