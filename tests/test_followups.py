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


SITED = {
    **FACETS,
    "appendix_net_next_steps": Facets("types", frozenset(), frozenset(), frozenset({"appendix"})),
    "liver_directed_treatments": Facets("treatment", frozenset({"embolisation"}), frozenset(),
                                        frozenset({"liver"})),
    "topic:treatment": Facets("treatment"),
}


def test_a_body_site_of_the_conversation_carries_to_the_follow_up() -> None:
    ranking = [("surgery_for_nets", 0.40), ("appendix_net_next_steps", 0.33)]
    assert choose_in_context("does he need more surgery?", ranking, SITED,
                             "appendix_net_next_steps") == "appendix_net_next_steps"
    ranking = [("topic:treatment", 0.26), ("liver_directed_treatments", 0.21)]
    assert choose_in_context("how is it treated?", ranking, SITED, "topic:prognosis",
                             sites=["liver"], intent_topic="treatment") == (
        "liver_directed_treatments")
    assert choose_in_context("how is it treated?", ranking, SITED,
                             "topic:prognosis") == "topic:treatment"


def test_after_the_fallback_only_a_confident_follow_up_is_answered() -> None:
    ranking = [("prrt_side_effects", 0.23), ("somatostatin_analogues_how_given", 0.19)]
    assert choose_in_context("how is it given?", ranking, FACETS, "prrt_what",
                             min_score=0.3) == "prrt_side_effects"
    assert choose_in_context("how is it given?", ranking, FACETS, "topic:prognosis",
                             min_score=0.3) is None


def test_more_in_common_wins_over_one_thing_in_common() -> None:
    facets = {
        "appendix_net_next_steps": Facets("types", frozenset({"surgery"}), frozenset(),
                                          frozenset({"appendix"})),
        "surgery_for_nets": Facets("treatment", frozenset({"surgery"})),
    }
    ranking = [("surgery_for_nets", 0.40), ("appendix_net_next_steps", 0.33)]
    assert choose_in_context("does he need more surgery?", ranking, facets,
                             "appendix_net_next_steps") == "appendix_net_next_steps"


def test_a_follow_up_nothing_else_matches_is_about_the_last_answer() -> None:
    facets = {**FACETS, "everolimus": Facets("treatment", frozenset({"everolimus"})),
              "topic:treatment": Facets("treatment"), "is_net_cancer": Facets("what_is_net"),
              "small_bowel_net": Facets("types", sites=frozenset({"small_intestine"})),
              "topic:curability": Facets("curability")}
    ranking = [("topic:treatment", 0.18), ("prrt_what", 0.17)]
    assert choose_in_context("how does it work?", ranking, facets, "everolimus") == "everolimus"
    assert choose_in_context("how does it work?", ranking, facets, "everolimus",
                             min_score=0.3) == "everolimus"
    # an answer about no treatment, test or site is not what "it" is
    assert choose_in_context("how does it work?", ranking, facets,
                             "is_net_cancer") == "topic:treatment"
    # a general question about "it" that an answer matches on its own keeps that answer
    ranking = [("topic:what_is_net", 0.35), ("is_net_cancer", 0.36)]
    facets["topic:what_is_net"] = Facets("what_is_net")
    assert choose_in_context("is it cancer", ranking, facets, "small_bowel_net") == "is_net_cancer"
    ranking = [("topic:curability", 0.55)]
    assert choose_in_context("is it curable?", ranking, facets,
                             "small_bowel_net") == "topic:curability"
    # after a topic's general answer there is nothing narrower to carry
    ranking = [("topic:treatment", 0.18)]
    assert choose_in_context("how does it work?", ranking, facets,
                             "topic:prognosis") == "topic:treatment"


def test_a_follow_up_with_no_pronoun_for_a_thing_is_not_carried() -> None:
    facets = {**FACETS, "is_net_cancer": Facets("what_is_net")}
    ranking = [("topic:prognosis", 0.26)]
    assert choose_in_context("how long does she have", ranking, facets,
                             "is_net_cancer") == "topic:prognosis"


def test_a_related_answer_about_another_drug_does_not_take_the_follow_up() -> None:
    facets = {"everolimus": Facets("treatment", frozenset({"everolimus"}),
                                   frozenset({"chemotherapy_for_nets"})),
              "chemotherapy_for_nets": Facets("treatment", frozenset({"capecitabine"}))}
    ranking = [("chemotherapy_for_nets", 0.16)]
    assert choose_in_context("how does it work?", ranking, facets, "everolimus") == "everolimus"


def test_an_answer_about_a_treatment_nobody_named_does_not_win_on_the_site_alone() -> None:
    facets = {"is_net_cancer": Facets("what_is_net"),
              "how_long_can_i_live_net": Facets("prognosis"),
              "whipple_operation_recovery": Facets("treatment", frozenset({"whipple"}),
                                                   sites=frozenset({"pancreas"})),
              "pancreatic_net": Facets("types", sites=frozenset({"pancreas"}))}
    ranking = [("how_long_can_i_live_net", 0.25), ("whipple_operation_recovery", 0.21)]
    assert choose_in_context("how long does she have", ranking, facets, "is_net_cancer",
                             sites=["pancreas"]) == "how_long_can_i_live_net"
    # the question about surgery (its intent's topic) or a conversation about it: it does
    assert choose_in_context("how long does she have", ranking, facets, "is_net_cancer",
                             sites=["pancreas"], intent_topic="treatment") == (
        "whipple_operation_recovery")
    # an answer about no treatment or test shares the site as before
    ranking = [("how_long_can_i_live_net", 0.25), ("pancreatic_net", 0.21)]
    assert choose_in_context("what is it", ranking, facets, "is_net_cancer",
                             sites=["pancreas"]) == "pancreatic_net"


def test_the_intents_topic_breaks_a_near_tie() -> None:
    facets = {"follow_up_after_surgery": Facets("recurrence", frozenset({"surgery"})),
              "recovery_after_net_surgery": Facets("treatment", frozenset({"surgery"}))}
    ranking = [("recovery_after_net_surgery", 0.47), ("follow_up_after_surgery", 0.45)]
    assert choose_in_context("can it come back after surgery?", ranking, facets,
                             "follow_up_after_surgery", intent_topic="recurrence") == (
        "follow_up_after_surgery")
    assert choose_in_context("can it come back after surgery?", ranking, facets,
                             "follow_up_after_surgery") == "recovery_after_net_surgery"


def test_an_answer_the_last_one_offered_counts_more_than_one_that_lists_it() -> None:
    facets = {"coping_emotionally": Facets("living_with",
                                           related=frozenset({"supporting_someone"})),
              "supporting_someone": Facets("living_with"),
              "telling_family_and_friends": Facets(
                  "living_with", related=frozenset({"coping_emotionally"}))}
    ranking = [("telling_family_and_friends", 0.18), ("supporting_someone", 0.16)]
    assert choose_in_context("is there help for the family too?", ranking, facets,
                             "coping_emotionally") == "supporting_someone"
    ranking = [("supporting_someone", 0.10), ("telling_family_and_friends", 0.18)]
    assert choose_in_context("is there help for the family too?", ranking, facets,
                             "coping_emotionally") == "telling_family_and_friends"
