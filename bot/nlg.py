"""Domain responses with the deployment's emergency and crisis numbers filled in.

Responses in ``domain.yml`` write ``{emergency_number}`` and ``{crisis_line}``; this generator
fills them from ``clinic.yml`` (its locale), so the emergency message carries the local number
even when the action server is down, and no number is written twice. Rasa loads it through its
documented extension point in ``endpoints.yml``::

    nlg:
      type: bot.nlg.ClinicResponseGenerator

The clinic's values are passed after the slots, so a slot of the same name can never replace
them.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.settings import clinic, clinic_values


class ClinicResponseGenerator(TemplatedNaturalLanguageGenerator):
    """Rasa's response generator, plus the clinic's numbers (see the module docs)."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.values = clinic_values(clinic())

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        filled: Dict[str, Any] | None = await super().generate(
            utter_action, tracker, output_channel, **{**kwargs, **self.values})
        return filled
