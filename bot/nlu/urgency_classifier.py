"""Rasa NLU component: the learned urgency score (layer 2 of the emergency safety net).

Put it before ``bot.nlu.red_flag_detector.RedFlagDetector``, which combines its vote with the
rules::

    - name: bot.nlu.urgency_classifier.UrgencyClassifier

``process`` sets the message attribute ``urgency`` = ``{"probability": p, "vote": v}`` (in the
parse output) with ``v`` = ``"emergency"`` when ``p >= emergency_threshold``, ``"check"`` ("is this
happening now?") when ``p >= check_threshold``, else ``"none"``. It never changes the intent.

``train`` fits :class:`bot.triage.urgency.UrgencyModel` on the labelled sets in
``training_files`` (paths relative to where ``rasa train`` runs) plus the NLU examples: see
:mod:`bot.triage.urgency` for which intents count as what, and ``data/triage/urgency_cv.md`` for
the cross-validation behind the defaults. The files' contents and the model settings
(:data:`bot.triage.urgency.DEFAULT_SETTINGS`) are part of Rasa's fingerprint, so editing either
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
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.triage.urgency import (
    DEFAULT_CHECK_THRESHOLD,
    DEFAULT_EMERGENCY_THRESHOLD,
    DEFAULT_SETTINGS,
    TRIAGE_FILES,
    UrgencyModel,
    deduplicate,
    load_triage_examples,
    nlu_examples,
    vote,
)

logger = logging.getLogger(__name__)

URGENCY = "urgency"
MODEL_FILE = "urgency_model.joblib"
TRAINING_FILES = "training_files"
EMERGENCY_THRESHOLD = "emergency_threshold"
CHECK_THRESHOLD = "check_threshold"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UrgencyClassifier(GraphComponent):
    """Scores how likely a message describes an emergency happening now."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            TRAINING_FILES: list(TRIAGE_FILES),
            EMERGENCY_THRESHOLD: DEFAULT_EMERGENCY_THRESHOLD,
            CHECK_THRESHOLD: DEFAULT_CHECK_THRESHOLD,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: UrgencyModel | None = None,
    ) -> None:
        self.component_config = config
        self.training_files = [str(path) for path in config[TRAINING_FILES]]
        self.emergency_threshold = float(config[EMERGENCY_THRESHOLD])
        self.check_threshold = float(config[CHECK_THRESHOLD])
        if not 0.0 <= self.check_threshold <= self.emergency_threshold <= 1.0:
            raise InvalidConfigException(
                "UrgencyClassifier: need 0 <= check_threshold <= emergency_threshold <= 1, got "
                f"{self.check_threshold} and {self.emergency_threshold}")
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UrgencyClassifier:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """The training files are read outside the graph and the model settings live outside
        this class: both join the fingerprint."""
        digest = hashlib.sha256(repr(DEFAULT_SETTINGS).encode())
        for name in config.get(TRAINING_FILES, TRIAGE_FILES):
            path = Path(name)
            digest.update(str(name).encode())
            digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        missing = [name for name in self.training_files if not Path(name).is_file()]
        if missing:
            raise InvalidConfigException(
                f"UrgencyClassifier: training file(s) not found: {missing} (paths are relative "
                f"to the directory `rasa train` runs in, here {Path.cwd()})")
        examples, _ = deduplicate(
            load_triage_examples(self.training_files)
            + nlu_examples((m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples))
        labels = [example.is_emergency for example in examples]
        if all(labels) or not any(labels):
            raise InvalidConfigException(
                "UrgencyClassifier: training needs both emergency and non-emergency examples")
        self.model = UrgencyModel(DEFAULT_SETTINGS).fit(
            [example.text for example in examples], labels)
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UrgencyClassifier:
        model: UrgencyModel | None = None
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("UrgencyClassifier: no trained model found; messages get no urgency")
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        probabilities = self.model.probabilities([message.get(TEXT) or "" for message in messages])
        for message, probability in zip(messages, probabilities, strict=True):
            message.set(URGENCY, {
                "probability": float(probability),
                "vote": vote(float(probability), self.emergency_threshold, self.check_threshold),
            }, add_to_output=True)
        return messages
