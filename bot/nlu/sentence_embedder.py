"""Rasa NLU component: one all-MiniLM-L6-v2 sentence vector per message, shared by later components.

Only needed when ``bot.nlu.urgency_classifier.UrgencyClassifier`` uses ``features: embedding``
(or ``tfidf+embedding``); put it before that component::

    - name: bot.nlu.sentence_embedder.SentenceEmbedder

``process`` sets the message attribute ``sentence_embedding`` (a unit-length float32 NumPy
vector, not added to the parse output) once per message. The model is loaded once per process
(:func:`bot.triage.embedding.shared_encoder`) and its files' SHA-256 are checked at load: a
tampered or missing model raises ``ModelIntegrityError`` and the assistant does not start.

Training messages are left alone: Rasa fingerprints training data for its cache and a NumPy
array there would break that; the classifier encodes its training texts with the same encoder.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.triage.embedding import SentenceEncoder, shared_encoder

SENTENCE_EMBEDDING = "sentence_embedding"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbedder(GraphComponent):
    """Sets ``sentence_embedding`` on each message from the bundled MiniLM model."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(self, config: Dict[str, Any], encoder: SentenceEncoder) -> None:
        self.component_config = config
        self.encoder = encoder

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbedder:
        return cls({**cls.get_default_config(), **config}, shared_encoder())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and message.get(SENTENCE_EMBEDDING) is None:
                message.set(SENTENCE_EMBEDDING, self.encoder.encode_one(text))
        return messages
