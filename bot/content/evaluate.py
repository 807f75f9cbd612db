"""Does the assistant answer real questions with the right answer? ``python -m
bot.content.evaluate MODEL FILE...``

Each question of a file (``questions:`` items with ``text`` and ``answers``, the labels that answer
it: answer-unit ids or ``topic:<id>``) is parsed once by the trained model, in process. Three
routings are scored from the same parse:

- **ranker**: the answer-unit ranker alone (its best label; its best three);
- **intent**: the topic of the intent classifier's intent (the design before answer units);
- **shipped**: what ``action_answer_topic`` answers: the ranker's unit when it is confident,
  else the intent's topic; after the fallback intent, the three answers the clarification offers.

"first" = the first answer is right; "first or offered" = right first, or among the three
offered. Questions whose ``answers`` is empty (nothing answers them yet) count as misses.
``--thresholds`` also scores the shipped routing at other unit and offer thresholds (for
choosing them on the development part only).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence

import yaml

from bot.content.loader import read_content
from bot.nlu.answer_unit_ranker import ANSWERING, FALLBACK, OUT_OF_SCOPE

SEALED_SHARE = 3  # of 5: a question whose text hash is 2, 3 or 4 (mod 5) is in the sealed part


def is_sealed(text: str) -> bool:
    """The split of the collected questions: about 60% sealed, by a hash of the text."""
    return int(hashlib.sha1(text.strip().lower().encode()).hexdigest(), 16) % 5 >= 5 - SEALED_SHARE


@dataclass(frozen=True)
class Question:
    text: str
    answers: frozenset[str]


def load_questions(path: Path) -> List[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Question(str(q["text"]), frozenset(str(a) for a in q.get("answers") or []))
            for q in raw.get("questions") or []]


@dataclass(frozen=True)
class Routed:
    first: str | None
    offered: tuple[str, ...] = ()


def route(result: Dict[str, Any], topic_of_intent: Dict[str, str], threshold: float,
          unit_topics: Dict[str, str], offer_threshold: float = 0.0,
          fallback_threshold: float = 0.0,
          out_of_scope_threshold: float = 0.45) -> Dict[str, Routed]:
    ranking = [str(r["id"]) for r in result.get("answer_units") or []]
    scores = [float(r["score"]) for r in result.get("answer_units") or []]
    unit = result.get("answer_unit") or {}
    intent = str(unit.get("replaced_intent") or result.get("intent_before_ranking")
                 or (result.get("intent") or {}).get("name"))
    intent_topic = topic_of_intent.get(intent)
    routed = {
        "ranker": Routed(ranking[0] if ranking else None, tuple(ranking[:3])),
        "intent": Routed(f"topic:{intent_topic}" if intent_topic else None),
    }
    confident = bool(ranking) and scores[0] >= threshold
    unit_first = confident and not ranking[0].startswith("topic:")
    listed = ranking[:3] if confident and scores[0] < offer_threshold else []

    def answered(label: str) -> Routed:
        return Routed(label, tuple(other for other in listed if other != label)[:2])

    unit_answers = unit_first and (intent_topic is not None or intent in ANSWERING)
    fallback_answers = confident and (
        (intent == FALLBACK and scores[0] >= fallback_threshold)
        or (intent == OUT_OF_SCOPE and scores[0] >= out_of_scope_threshold))
    if unit_answers or fallback_answers:
        routed["shipped"] = answered(ranking[0])
    elif intent_topic:
        routed["shipped"] = answered(f"topic:{intent_topic}")
    elif intent == "nlu_fallback":
        routed["shipped"] = Routed(None, tuple(ranking[:3]))
    else:
        routed["shipped"] = Routed(None)
    return routed


def score(questions: Sequence[Question], routed: Sequence[Dict[str, Routed]]) -> List[str]:
    lines = [f"{'routing':<10} {'first':>7} {'first or offered':>17}"]
    for name in ("ranker", "intent", "shipped"):
        first = sum(r[name].first in q.answers for q, r in zip(questions, routed, strict=True))
        either = sum(r[name].first in q.answers or bool(q.answers & set(r[name].offered))
                     for q, r in zip(questions, routed, strict=True))
        lines.append(f"{name:<10} {first / len(questions):>7.1%} {either / len(questions):>17.1%}")
    return lines


async def _parse(model: str, texts: Sequence[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import load_agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # never the questions' text in the output
    agent = await load_agent(model_path=model)
    return [await agent.parse_message(text) for text in texts]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("model")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--threshold", type=float, default=None,
                        help="the ranker's unit threshold (default: the component's)")
    parser.add_argument("--thresholds", action="store_true",
                        help="also score the shipped routing at other thresholds")
    parser.add_argument("--misses", action="store_true", help="list the shipped misses")
    args = parser.parse_args(argv)
    from bot.nlu.answer_unit_ranker import AnswerUnitRanker

    content = read_content(Path("content"))
    topic_of_intent = {t.intent: t.id for t in content.topics.values()}
    unit_topics = {u.id: u.topic_id for u in content.units.values()}
    defaults = AnswerUnitRanker.get_default_config()
    threshold = float(defaults["unit_threshold"]) if args.threshold is None else args.threshold
    offer = float(defaults["offer_threshold"])
    fallback = float(defaults["fallback_threshold"])
    out_of_scope = float(defaults["out_of_scope_threshold"])
    for path in args.files:
        questions = load_questions(path)
        results = asyncio.run(_parse(args.model, [q.text for q in questions]))
        routed = [route(r, topic_of_intent, threshold, unit_topics, offer, fallback, out_of_scope)
                  for r in results]
        print(f"== {path.stem}: {len(questions)} questions "
              f"({sum(not q.answers for q in questions)} with no answer yet), "
              f"unit threshold {threshold:.2f}")
        print("\n".join(score(questions, routed)))
        if args.thresholds:
            for value in (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
                shipped = [route(r, topic_of_intent, value, unit_topics, offer, fallback,
                                 out_of_scope) for r in results]
                print(f"  threshold {value:.2f}: " + score(questions, shipped)[3].strip())
            for value in (0.3, 0.4, 0.5, 0.6, 0.7):
                shipped = [route(r, topic_of_intent, threshold, unit_topics, value, fallback,
                                 out_of_scope) for r in results]
                offers = sum(bool(r["shipped"].offered) for r in shipped)
                print(f"  offer alternatives below {value:.2f} ({offers} offered): "
                      + score(questions, shipped)[3].strip())
        if args.misses:
            for q, r in zip(questions, routed, strict=True):
                s = r["shipped"]
                if s.first not in q.answers and not q.answers & set(s.offered):
                    print(f"MISS {q.text!r}\n    want {sorted(q.answers)} got {s.first} "
                          f"offered {list(s.offered)} ranker {r['ranker'].offered}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
