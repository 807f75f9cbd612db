"""Rasa NLU component: the safety net that runs on every message and decides its safety intent.

Put it last in the pipeline (after ``FallbackClassifier``, and after
``bot.nlu.urgency_classifier.UrgencyClassifier`` when that layer is used)::

    - name: bot.nlu.red_flag_detector.RedFlagDetector

It reads the message once with :func:`bot.triage.detector.assess` and lets
:func:`bot.triage.decision.decide` choose (emergency, one-tap check, fear, symptom or nothing).
For an emergency it adds one ``red_flag`` entity per red flag found (value = catalogue id) and
one ``urgency`` entity (which emergency message the rules send). The intent it sets has
confidence 1.0 and goes first in the ranking. Without a decision, the intent classifier's own
``report_emergency`` or ``report_possible_emergency`` is dropped from the ranking (those
intents come only from the safety layers). The parse result also carries ``triage``: the layer
that decided, the red-flag areas and the learned vote, for evaluation and reports.

Because it is an NLU component, all of this works in any dialogue state and needs no action
server: the emergency message and the check are domain responses.

A button's payload (``/intent`` or ``/intent{json}``, nothing after it) is not read. Anything
else that starts with ``/`` ("/greet{}I have crushing chest pain", "/help I can't breathe") is
read as the text it is, and its leading ``/`` is dropped so that Rasa's payload handler, which
runs after every component, does not replace the findings with the payload's intent (security
review L6).
"""

from __future__ import annotations

import json
import re
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

from bot.triage.decision import SAFETY_INTENTS, Decision, decide
from bot.triage.detector import Assessment, assess, build_triage_nlp

RED_FLAG_ENTITY = "red_flag"
AREA_ENTITY = "red_flag_area"
URGENCY_ENTITY = "urgency"
OWN_ENTITIES = frozenset({RED_FLAG_ENTITY, AREA_ENTITY, URGENCY_ENTITY})
URGENCY_ATTRIBUTE = "urgency"  # set by bot.nlu.urgency_classifier.UrgencyClassifier
TRIAGE_ATTRIBUTE = "triage"
PAYLOAD = re.compile(r"/\w+(?:@[0-9.]+)?(\{.*\})?", re.DOTALL)


def is_payload(text: str) -> bool:
    """``/intent``, ``/intent@0.9`` or ``/intent{"entity": "value"}`` and nothing more."""
    match = PAYLOAD.fullmatch(text.strip())
    if match is None:
        return False
    if match.group(1) is None:
        return True
    try:
        return isinstance(json.loads(match.group(1)), dict)
    except ValueError:
        return False


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RedFlagDetector(GraphComponent, EntityExtractorMixin):
    """Rules first, then the learned vote; sets the safety intents (see the module docs)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config
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
            text = message.get(TEXT) or ""
            payload = is_payload(text)
            if not payload and text.lstrip().startswith("/"):
                text = text.lstrip().lstrip("/")  # typed text, not a button: read it as such
                message.set(TEXT, text)
            assessment = assess(text) if text and not payload else _NOTHING
            urgency = message.get(URGENCY_ATTRIBUTE) or {}
            decision = decide(assessment, urgency.get("vote"), _intent_name(message))
            self._apply(message, decision)
            message.set(TRIAGE_ATTRIBUTE, {
                "layer": decision.layer,
                "areas": sorted(assessment.areas),
                "symptom": assessment.symptom,
                "fear_of_dying": assessment.fear_of_dying,
                "vote": urgency.get("vote"),
                "probability": urgency.get("probability"),
            }, add_to_output=True)
        return messages

    def _apply(self, message: Message, decision: Decision) -> None:
        # the safety entities are this component's alone: drop any the extractors guessed
        entities = [e for e in message.get(ENTITIES, []) if e.get(ENTITY_ATTRIBUTE_TYPE)
                    not in OWN_ENTITIES]
        entities += [self._entity(RED_FLAG_ENTITY, f.red_flag, f.start, f.end)
                     for f in decision.findings]
        if decision.urgency:
            entities.append(self._entity(URGENCY_ENTITY, decision.urgency))
        if decision.area:
            entities.append(self._entity(AREA_ENTITY, decision.area))
        message.set(ENTITIES, entities, add_to_output=True)
        if decision.intent:
            _set_intent(message, decision.intent)
        else:
            _demote_safety_intents(message)

    def _entity(self, name: str, value: str, start: int = 0, end: int = 0) -> Dict[str, Any]:
        return {ENTITY_ATTRIBUTE_TYPE: name, ENTITY_ATTRIBUTE_VALUE: value,
                ENTITY_ATTRIBUTE_START: start, ENTITY_ATTRIBUTE_END: end, EXTRACTOR: self.name}


_NOTHING = Assessment(findings=(), areas=frozenset(), symptom=False, fear_of_dying=False)


def _name(intent: Dict[str, Any] | None) -> Any:
    return (intent or {}).get(INTENT_NAME_KEY)


def _intent_name(message: Message) -> Any:
    return _name(message.get(INTENT))


def _set_intent(message: Message, name: str) -> None:
    top = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    others = [r for r in message.get(INTENT_RANKING_KEY) or [] if _name(r) != name]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *others], add_to_output=True)


def _demote_safety_intents(message: Message) -> None:
    """Drop the classifier's own emergency or check intents from the ranking (also behind
    ``nlu_fallback``, whose "did you mean ...?" offers the next intents) and from the top."""
    full = message.get(INTENT_RANKING_KEY) or []
    ranking = [r for r in full if _name(r) not in SAFETY_INTENTS]
    if not ranking or len(ranking) == len(full):
        return
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    if _intent_name(message) in SAFETY_INTENTS:
        message.set(INTENT, ranking[0], add_to_output=True)
