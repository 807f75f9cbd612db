"""Short follow-ups answered in the context of the last answer (bot/followups.py)."""

from __future__ import annotations

from bot.followups import CONTEXT_BONUS, Facets, choose_in_context

FACETS = {
    "prrt_what": Facets("treatment", frozenset({"prrt"}), frozenset({"prrt_side_effects"})),
    "prrt_side_effects": Facets("treatment", frozenset({"prrt"})),
    "sunitinib": Facets("treatment", frozenset({"sunitinib"})),
    "appendix_net": Facets("types", frozenset(), frozenset({"appendix_net_next_steps"})),
    "appendix_net_next_steps": Facets("diagnosis", frozenset({"surgery"})),
    "surgery_for_nets": Facets("treatment", frozenset({"surgery"})),
    "topic:prognosis": Facets("prognosis"),
}


def test_a_short_follow_up_prefers_what_belongs_with_the_last_answer() -> None:
    ranking = [("sunitinib", 0.30), ("prrt_side_effects", 0.25)]
    assert choose_in_context("what side effects should we expect", ranking, FACETS,
                             "prrt_what") == "prrt_side_effects"
    ranking = [("surgery_for_nets", 0.40), ("appendix_net_next_steps", 0.33)]
    assert choose_in_context("does he need more surgery?", ranking, FACETS,
                             "appendix_net") == "appendix_net_next_steps"


def test_a_clear_winner_stays() -> None:
    ranking = [("topic:prognosis", 0.30 + CONTEXT_BONUS + 0.01), ("prrt_side_effects", 0.30)]
    assert choose_in_context("how long", ranking, FACETS, "prrt_what") == "topic:prognosis"


def test_long_messages_and_first_questions_are_left_alone() -> None:
    ranking = [("sunitinib", 0.30), ("prrt_side_effects", 0.25)]
    long = "what side effects should we expect from the treatment she is starting next week"
    assert choose_in_context(long, ranking, FACETS, "prrt_what") is None
    assert choose_in_context("side effects?", ranking, FACETS, None) is None
    assert choose_in_context("side effects?", [], FACETS, "prrt_what") is None
