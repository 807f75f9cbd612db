"""Constructions added after sealed set 2's first run (its misses were read only after it).

The messages here are the project's own paraphrases, not the set's sentences: each checks a
construction or word family, with a near miss that must stay calm.
"""

from __future__ import annotations

import pytest

from bot.triage.detector import detect


def flags(message: str) -> set[str]:
    return {finding.red_flag for finding in detect(message)}


@pytest.mark.parametrize(("message", "red_flag"), [
    # a question, then a statement that it is happening now, anywhere in the message
    ("Can lanreotide make one side of your face go numb? It's happening to me now.",
     "stroke_confusion"),
    ("Is vomiting blood serious? That's what's happening to my dad.", "gi_bleeding"),
    ("is it normal for my husband to have seizures? its happening to him now", "seizure"),
    # clinical words
    ("Severe dyspnoea at rest since an hour ago, sats 85% on room air.", "severe_breathlessness"),
    ("my son has stridor and is using his accessory muscles", "severe_breathlessness"),
    ("Had a syncopal episode ten minutes ago and still feel awful", "fainting"),
    ("sudden left-sided weakness in my arm and leg", "stroke_confusion"),
    ("she has sudden aphasia, can't get a sentence out", "stroke_confusion"),
    ("board-like rigidity of my abdomen and I'm sweating", "severe_abdominal_pain"),
    # breathless and getting worse fast
    ("I'm breathless on everolimus and it's getting worse by the hour", "severe_breathlessness"),
    # spinal cord compression in other words
    ("bone mets in my spine and now saddle numbness and I can't pass urine",
     "spinal_cord_compression"),
    ("both legs have gone weak and I'm unable to pee, my back is agony",
     "spinal_cord_compression"),
    # bleeding that won't stop, in non-native English
    ("blood come from my drain and it not stop, the dressing is soaked", "gi_bleeding"),
    ("when I cough so much blood comes out", "coughing_blood"),
    # adrenal crisis: tablets not staying down
    ("after my adrenalectomy I'm vomiting and unable to retain my hydrocortisone",
     "adrenal_crisis"),
    # suicide plans and goodbyes
    ("the rope is in the shed and I've decided", "suicidal_thoughts"),
    ("i've swallowed everything in the medicine cabinet", "suicidal_thoughts"),
    ("this is goodbye, thank you for everything", "suicidal_thoughts"),
    # someone present, not a story from a group
    ("a man at my support group just collapsed and we're at the church hall", "fainting"),
])
def test_new_constructions_escalate(message: str, red_flag: str) -> None:
    assert red_flag in flags(message), message


@pytest.mark.parametrize("message", [
    # a reading "in the 80s" is not a decade, but a plain history still is
    "I fainted in the 80s when I was a student",
    # "die" for "dye"
    "can I die my hair during PRRT?",
    "is it ok to dye my roots while on lanreotide",
    # questions without a statement that it is happening
    "Can lanreotide make one side of your face go numb?",
    "what happens in a carcinoid crisis?",
    # settled episodes, across "but"
    "my heart raced for a minute but it settled and I feel fine",
    "I had a nosebleed this morning but it stopped after ten minutes",
    # seen at hospital already
    "he had chest pain yesterday, we went to A&E, all clear and they sent him home",
    # exertion only
    "I get a bit breathless on the stairs, it's been the same for months",
])
def test_near_misses_stay_calm(message: str) -> None:
    assert flags(message) == set(), message


def test_a_reading_in_the_80s_is_not_history() -> None:
    message = ("Steroid-dependent after adrenal surgery. Vomiting all night, can't keep my "
               "hydrocortisone down, systolic in the 80s.")
    assert "adrenal_crisis" in flags(message)
