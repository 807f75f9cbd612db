"""One measured speed-up of Rasa 3.6 internals, applied when the Rasa server loads
``bot.tracker_store``; ``NET_RASA_SPEEDUPS=false`` leaves Rasa as it is.

Rasa checks every action-server reply with ``jsonschema.validate``, which first validates the
(constant) response schema itself against the JSON-Schema meta-schema: about 80 % of the cost
of a turn with a custom action (``make bench``, bench/results.md). :func:`apply` makes Rasa
build the validator once and reuse it; replies are checked against the same schema with the
same error message as before, so a malformed reply is still rejected.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from bot.settings import get_settings


@cache
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once per process instead of once per reply
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        f"the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


def apply() -> None:
    """Replace ``RemoteAction._validate_action_result`` unless ``NET_RASA_SPEEDUPS=false``."""
    if not get_settings().rasa_speedups:
        return
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
