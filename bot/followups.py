"""Short follow-up questions answered in the context of the conversation.

"is it cancer?", "what side effects should we expect?", "does he need more surgery?", "how is it
given?" say little on their own. When a message is short, each ranked answer gets a bonus for
what it shares with the conversation so far, and the best one after that is the answer:
``CONTEXT_BONUS`` for a treatment or test in common with the last answer or for being one of
its related answers (half of it for an answer that lists the last one as related), and again
for a body site in common with the conversation (the last answer's sites and the site last
named; for an answer about a treatment or test, only when the conversation is about it too or
the message's intent is its topic); a third of it for the same topic only (most answers are
about treatment), and a third for the topic of the message's intent (the classifier, trained on
many more ways of asking, knows "how long does she have" is about the outlook).

A follow-up about "it" that nothing ranked matches on its own ("how does it work?", "how is it
treated?" after an answer about one drug or one condition) is about what was just answered: when
the message has a pronoun for a thing (``ANAPHORA``) and the best ranked answer has no treatment,
test or body site in common with the conversation, scores below ``CARRY_BELOW`` by itself, and
is a topic's general answer or an answer about another treatment or test, the last answer is
given again when it is about a treatment, a test or a body site ("is it cancer?" after "is a NET
cancer?" is not about that answer).

After the fallback ("did you mean ...?"), a follow-up is answered only when its score with the
bonus reaches ``FOLLOW_UP_MIN_SCORE``; below that the person is still offered the choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

FOLLOW_UP_MAX_WORDS = 8
CONTEXT_BONUS = 0.15
# the answer-unit ranker's fallback threshold: the same bar as a message answered on its own
FOLLOW_UP_MIN_SCORE = 0.3
# a ranked answer scoring this much on its own is what the follow-up asks ("is it curable?")
CARRY_BELOW = 0.45
ANAPHORA = re.compile(r"\b(?:it|its|it's|this|that|these|those|they|them|their)\b")


@dataclass(frozen=True)
class Facets:
    """What an answer is about: its topic, treatments and tests, related answers, body sites."""

    topic: str
    tags: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()


def _shared(candidate: Facets, label: str, previous: Facets, previous_label: str,
            sites: frozenset[str], intent_topic: str | None) -> float:
    # related lists name topics by their bare id
    in_common = (1.0 if candidate.tags & previous.tags
                 or label.removeprefix("topic:") in previous.related
                 else 0.5 if previous_label.removeprefix("topic:") in candidate.related
                 else 0.0)
    # an answer about a treatment or test shares a site only when the conversation is about
    # that treatment or the question about its topic ("how long does she have" after a
    # pancreatic NET is not about the Whipple operation)
    about_it = not candidate.tags or in_common or candidate.topic == intent_topic
    return in_common + bool(about_it and candidate.sites & (previous.sites | sites))


def context_bonus(candidate: Facets, label: str, previous: Facets, previous_label: str,
                  sites: frozenset[str] = frozenset(), intent_topic: str | None = None) -> float:
    shared = _shared(candidate, label, previous, previous_label, sites, intent_topic)
    asked = CONTEXT_BONUS / 3 if intent_topic and candidate.topic == intent_topic else 0.0
    if shared:
        return CONTEXT_BONUS * shared + asked
    return (CONTEXT_BONUS / 3 if candidate.topic == previous.topic else 0.0) + asked


def choose_in_context(text: str, ranking: Sequence[tuple[str, float]],
                      facets: Mapping[str, Facets], previous_label: str | None,
                      sites: Iterable[str] = (), min_score: float = 0.0,
                      intent_topic: str | None = None) -> str | None:
    """The best label for a short follow-up after ``previous_label`` in a conversation about
    ``sites`` (``intent_topic``: the topic of the message's intent); ``None`` when the message
    is not short, nothing came before, no ranked label is known, or the best scores below
    ``min_score``."""
    if not previous_label or previous_label not in facets or not ranking:
        return None
    if len(text.split()) > FOLLOW_UP_MAX_WORDS:
        return None
    previous, named = facets[previous_label], frozenset(sites)
    scored = [(score + context_bonus(facets[label], label, previous, previous_label, named,
                                     intent_topic), label)
              for label, score in ranking if label in facets]
    if not scored:
        return None
    best_score, best = max(scored)
    if ((previous.tags or previous.sites) and ANAPHORA.search(text.lower())
            and dict(ranking)[best] < CARRY_BELOW
            and not (facets[best].tags & previous.tags
                     or facets[best].sites & (previous.sites | named))
            and (best.startswith("topic:") or facets[best].tags)):
        return previous_label
    return best if best_score >= min_score else None
