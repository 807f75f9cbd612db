"""What each safety layer adds, on one set: ``python -m bot.triage.layers MODEL SET...``.

Every message is parsed once by the trained model (in process, no servers); the table then
scores the layers of bot/triage/decision.py switched on one after another: the rules alone, then
the one-tap check for red-flag areas, then the learned classifier's vote. The decision of the
full stack is the one the assistant uses; tests/triage/README.md says when a layer is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence

from bot.triage.end_to_end import Case, load_cases

CONFIGS = ("rules", "rules+check", "rules+classifier", "rules+check+classifier")


@dataclass(frozen=True)
class Parsed:
    case: Case
    flags: bool
    areas: bool
    fear: bool
    vote: str | None  # the learned classifier's


# The same order as bot/triage/decision.py, with layers switched off.


def outcome(parsed: Parsed, config: str) -> str:
    """"escalated", "check" or "other" for one message under one layer configuration."""
    check = "check" in config
    classifier = "classifier" in config
    if parsed.flags:
        return "escalated"
    if parsed.fear and not (check and parsed.areas):
        return "other"
    if classifier and parsed.vote == "emergency":
        return "escalated"
    if check and parsed.areas:
        return "check"
    if classifier and parsed.vote == "check":
        return "check"
    return "other"


def parsed_from(case: Case, result: Dict[str, Any]) -> Parsed:
    triage = result.get("triage") or {}
    flags = any(e.get("entity") == "red_flag" for e in result.get("entities") or [])
    return Parsed(case, flags, bool(triage.get("areas")), bool(triage.get("fear_of_dying")),
                  (result.get("urgency") or {}).get("vote"))


def table(name: str, emergencies: Sequence[Parsed], calm: Sequence[Parsed]) -> str:
    lines = [f"== {name}: {len(emergencies)} emergencies, {len(calm)} non-emergencies",
             f"{'layers':<24} {'escalated':>9} {'help path':>9} {'false al.':>9} {'checks':>7}"]
    for config in CONFIGS:
        e = [outcome(p, config) for p in emergencies]
        c = [outcome(p, config) for p in calm]
        lines.append(
            f"{config:<24} {e.count('escalated') / len(e):>9.1%} "
            f"{(e.count('escalated') + e.count('check')) / len(e):>9.1%} "
            f"{c.count('escalated') / len(c):>9.1%} {c.count('check') / len(c):>7.1%}")
    return "\n".join(lines)


async def _parse_all(model: str, sets: List[Path]) -> List[str]:
    from rasa.core.agent import load_agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # never the messages' text in the output (Rasa's parse log has it at debug level)
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    agent = await load_agent(model_path=model)
    out = []
    for path in sets:
        escalate, calm = load_cases(path)
        parsed: List[List[Parsed]] = [[], []]
        for cases, into in ((escalate, parsed[0]), (calm, parsed[1])):
            for case in cases:
                into.append(parsed_from(case, await agent.parse_message(case.text)))
        out.append(table(path.stem, *parsed))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("model")
    parser.add_argument("sets", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for text in asyncio.run(_parse_all(args.model, args.sets)):
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
