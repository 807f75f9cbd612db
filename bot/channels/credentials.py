"""The credentials file for one run: ``credentials.yml`` without the channels whose
``${VAR}`` placeholders are not all set, so that a messaging app is enabled only when its
secrets are. Placeholders stay as they are (Rasa fills them in); no secret is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import yaml

from bot.settings import unset_variables

PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


class _PlainLoader(yaml.SafeLoader):
    """YAML without the ``${VAR}`` expansion that importing Rasa adds to SafeLoader."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "!env_var"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass(frozen=True)
class Effective:
    channels: Dict[str, Any]
    enabled: List[str]
    disabled: Dict[str, List[str]]  # channel -> the variables it still needs


def _placeholders(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _placeholders(item)
    elif isinstance(value, list):
        for item in value:
            yield from _placeholders(item)
    elif isinstance(value, str):
        yield from PLACEHOLDER.findall(value)


def effective(source: Path) -> Effective:
    channels: Dict[str, Any] = yaml.load(source.read_text(encoding="utf-8"),
                                         Loader=_PlainLoader) or {}
    kept: Dict[str, Any] = {}
    disabled: Dict[str, List[str]] = {}
    for name, config in channels.items():
        missing = unset_variables(dict.fromkeys(_placeholders(config)))
        if missing:
            disabled[name] = missing
        else:
            kept[name] = config
    return Effective(kept, list(kept), disabled)


def write(source: Path, target: Path) -> Effective:
    result = effective(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Generated from credentials.yml by `python -m bot.cli credentials`.\n"
                      + yaml.safe_dump(result.channels, sort_keys=False), encoding="utf-8")
    return result
