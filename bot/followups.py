"""Short follow-up questions answered in the context of the last answer.

"is it cancer?", "what side effects should we expect?", "does he need more surgery?" say little
on their own. When a message is short, the ranked answers that belong with the last answer get
a bonus: ``CONTEXT_BONUS`` for a treatment or test in common or a related answer, a third of it
for the same topic only (most answers are about treatment); the best one after that is the
answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

FOLLOW_UP_MAX_WORDS = 8
CONTEXT_BONUS = 0.15


@dataclass(frozen=True)
class Facets:
    """What an answer is about: its topic, treatments and tests, and related answers."""

    topic: str
    tags: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()


def context_bonus(candidate: Facets, label: str, previous: Facets, previous_label: str) -> float:
    # related lists name topics by their bare id
    if (candidate.tags & previous.tags or label.removeprefix("topic:") in previous.related
            or previous_label.removeprefix("topic:") in candidate.related):
        return CONTEXT_BONUS
    return CONTEXT_BONUS / 3 if candidate.topic == previous.topic else 0.0


def choose_in_context(text: str, ranking: Sequence[tuple[str, float]],
                      facets: Mapping[str, Facets], previous_label: str | None) -> str | None:
    """The best label for a short follow-up after ``previous_label``; ``None`` when the message
    is not short, nothing came before, or no ranked label is known."""
    if not previous_label or previous_label not in facets or not ranking:
        return None
    if len(text.split()) > FOLLOW_UP_MAX_WORDS:
        return None
    previous = facets[previous_label]
    scored = [(score + context_bonus(facets[label], label, previous, previous_label), label)
              for label, score in ranking if label in facets]
    return max(scored)[1] if scored else None
