"""Clinical review section 6 (/work/shared/reviews/clinical-review.md): one case list per finding.

Probe phrases come from the review and its probe file; each finding has its positives and the
review's negatives.
"""

from __future__ import annotations

import pytest

from bot.links import url_problem
from bot.triage.catalogue import load_catalogue
from bot.triage.detector import detect
from bot.triage.same_day import same_day_reason

# (finding, message, red flag that must be the first finding)
ESCALATE = [
    ("R1", "My face and tongue are swelling up", "severe_allergic_reaction"),
    ("R1", "I've come out in hives and my throat feels tight after the contrast dye",
     "severe_allergic_reaction"),
    ("R1", "I had my injection and now I have hives all over and feel faint",
     "severe_allergic_reaction"),
    ("R1", "I'm having an anaphylactic reaction", "severe_allergic_reaction"),
    ("R1", "my lips and tongue are swelling after the lanreotide injection",
     "severe_allergic_reaction"),
    ("R1", "allergic reaction to the infusion and I feel faint", "severe_allergic_reaction"),
    ("R2", "My eyes are yellow and I have a fever and shaking chills", "jaundice_with_fever"),
    ("R2", "My skin has gone yellow and I'm shivering with a high temperature",
     "jaundice_with_fever"),
    ("R3", "My husband had his adrenal glands removed and now he's vomiting and can barely stand",
     "adrenal_crisis"),
    ("R3", "I'm vomiting and very weak and dizzy, I had a pheochromocytoma operation last month",
     "adrenal_crisis"),
    ("R3", "I take hydrocortisone and I've been vomiting and can't keep the tablets down.",
     "adrenal_crisis"),
    ("R4", "watery diarrhoea 20 times a day and my legs are cramping", "severe_dehydration"),
    ("R4", "I have watery diarrhea and muscle cramps and feel very weak", "severe_dehydration"),
    ("R4", "I've had diarrhoea all week and now my heart keeps fluttering", "severe_dehydration"),
    ("R4", "My legs are cramping and so weak I can't climb stairs.", "severe_dehydration"),
    ("R4", "I'm dizzy every time I stand up and I've hardly peed.", "severe_dehydration"),
    ("R5", "I feel confused", "stroke_confusion"),
    ("R5", "I'm so weak I can't stand, I'm dizzy and confused.", "stroke_confusion"),
    ("R5", "My heart's fluttering and I feel confused.", "stroke_confusion"),
    ("R6", "I woke up shaking and drenched in sweat and can't think straight.",
     "severe_hypoglycemia"),
    ("R7", "I'm coughing up blood", "coughing_blood"),
    ("R7", "I coughed up a little blood this morning", "coughing_blood"),
    ("R7", "I'm coughing up streaks of blood and I'm really short of breath", "coughing_blood"),
    ("R7", "my poo is black and tarry and I feel dizzy", "gi_bleeding"),
    ("R8", "I keep throwing up \u2014 now it's green/brown.", "bowel_obstruction"),
    ("R9", "I flushed after eating and now my heart is racing and I feel faint",
     "carcinoid_crisis"),
    ("R10", "Is it an emergency if I'm vomiting blood?", "gi_bleeding"),
    ("R10", "Do I need to call 911 if my husband had a seizure just now?", "seizure"),
    ("R10", "is it normal to have chest pain after my lanreotide injection?", "chest_pain"),
    ("R11", "I have severe back pain and my legs are going weak and numb",
     "spinal_cord_compression"),
    ("R11", "I can't feel my legs and I've wet myself", "spinal_cord_compression"),
    ("R12", "I'm so thirsty, peeing all the time and feel confused", "stroke_confusion"),
    ("R12", "My calcium was high and I'm confused and vomiting", "stroke_confusion"),
    ("R14", "My temperature is 35.2 and I feel terrible after chemo", "fever_on_chemo"),
    ("R14", "I'm very cold and shivering after chemo", "fever_on_chemo"),
    ("R15", "I feel a sense of doom, shaking, pale, and my vision went blurry.",
     "hypertensive_crisis"),
    ("E1", "I want to end it", "suicidal_thoughts"),
    ("E1", "I can't go on", "suicidal_thoughts"),
    ("E1", "I want to kill myself", "suicidal_thoughts"),
    ("E1", "I just want to die, this diarrhea is unbearable", "suicidal_thoughts"),
    ("E1", "I've saved up my pills and I'm going to take them all tonight", "suicidal_thoughts"),
    ("E1", "my husband says he wants to end his life", "suicidal_thoughts"),
    ("E2", "I have a high temperature and have been shivering since my PRRT, but I feel OK",
     "fever_on_chemo"),
    ("E2", "I have a fever and I'm on everolimus", "fever_on_chemo"),
    ("E2", "temperature of 38.4 and I'm on sunitinib", "fever_on_chemo"),
    ("E2", "I'm on CAPTEM and my temperature is 38.3", "fever_on_chemo"),
    ("E2", "fever since my radiotherapy started", "fever_on_chemo"),
    ("E2", "i have a temperature of 37.9 since my chemo on monday", "fever_on_chemo"),
    ("E2", "feeling feverish after my prrt session", "fever_on_chemo"),
    ("E2", "I had a mild temperature after the Lutathera infusion", "fever_on_chemo"),
    ("E7", "my blood pressure is 200/120 and I'm sweating and my heart is pounding",
     "hypertensive_crisis"),
    ("E9", "My legs are swollen and I feel breathless", "heart_failure"),
]

# (finding, message): no red flag at all
NO_RED_FLAG = [
    ("R10", "what are the signs of a carcinoid crisis?"),
    ("R10", "when should I call 911?"),
    ("R10", "what if I can't breathe during PRRT"),
    ("R10", "what should i do if my mum faints"),
    ("R5", "I'm confused about my results"),
    ("R5", "I'm so confused with all this information"),
    ("R5", "I'm a bit confused, can you explain grading?"),
    ("R7", "I'm coughing up streaks of blood"),
    ("R7", "my poo is black"),
    ("R7", "My poop is black and sticky like tar and smells awful."),
    ("R8", "My stomach is swollen and hard."),
    ("R8", "I haven't pooped or passed wind since yesterday."),
    ("R9", "When I drink wine I get flushing, my heart races and I start wheezing"),
    ("R15", "my blood pressure is 190/125"),
    ("E1", "Am I going to die from this?"),
    ("E1", "What are my chances, I'm 45 with stage 4, am I going to die?"),
    ("E1", "I'm worried I'm going to die before my kids grow up"),
    ("E1", "My mum is going to die and I can't cope"),
    ("E1", "I'm scared I'm going to die"),
    ("E1", "I'm scared of dying"),
    ("E1", "I can't carry on anymore with these injections"),
    ("E1", "how long do I have"),
    ("E1", "I'm going to die, aren't I?"),
    ("E1", "I can't go on holiday this year"),
    ("E2", "I have a fever of 38.5 and I'm on lanreotide"),
    ("E3", "I hardly pee at night"),
    ("E3", "I can't pee into the container for the 5-HIAA test"),
    ("E3", "I can't keep my lunch down after the injection"),
    ("E4", "I had a hypo, I was shaky and sweaty but I ate some sugar and feel fine now"),
    ("E4", "My blood sugar is low and I'm shaky"),
    ("E5", "I had flushing and a fast heartbeat this morning for ten minutes, then it settled"),
    ("E6", "I'm on steroids for my chemo and I vomited this morning"),
    ("E6", "I take hydrocortisone and I've been sick once today"),
    ("E7", "My husband's blood pressure is 185/100 and he is sweating after the gym"),
    ("E9", "My ankles are swollen and I'm a bit short of breath"),
]

# (finding, message, same-day rule id) - none of these is a red flag
SAME_DAY = [
    ("R4", "Watery diarrhea like water, 15+ times today, even when I don't eat.",
     "severe_watery_diarrhea"),
    ("R4", "diarrhoea 20 times a day", "severe_watery_diarrhea"),
    ("E4", "My blood sugar is low and I'm shaky", "low_blood_sugar_settled"),
    ("E4", "I had a hypo, I was shaky and sweaty but I ate some sugar and feel fine now",
     "low_blood_sugar_settled"),
    ("R7", "I'm coughing up streaks of blood", "coughing_blood_streaks"),
    ("R7", "My poop is black and sticky like tar and smells awful.", "black_stool"),
    ("R7", "my poo is black", "black_stool"),
    ("R8", "My stomach is swollen and hard.", "possible_bowel_blockage"),
    ("R8", "I haven't pooped or passed wind since yesterday.", "possible_bowel_blockage"),
    ("R8", "I vomited green stuff once this morning", "possible_bowel_blockage"),
    ("R15", "my blood pressure is 190/125", "very_high_blood_pressure"),
    ("E7", "My husband's blood pressure is 185/100 and he is sweating after the gym",
     "very_high_blood_pressure"),
    ("R16", "I've put on 5 pounds in a few days but I'm not eating more.", "rapid_weight_gain"),
    ("R16", "constipated since starting telotristat", "telotristat_constipation_or_pain"),
    ("R16", "pain in my upper belly going into my back since my lanreotide injection",
     "belly_pain_to_back_on_ssa"),
    ("R16", "I have a new blistering rash", "blistering_rash"),
    ("R16", "my sugars are very high", "high_blood_sugar"),
    ("E2", "I have a fever of 38.5 and I'm on lanreotide", "fever_on_treatment"),
    ("E9", "My ankles are swollen and I'm a bit short of breath", "gradual_leg_swelling"),
]

# negation and history do not count for the same-day rules either (R16)
NOT_SAME_DAY = [
    "no black stool",
    "I haven't had any black poo",
    "my blood pressure is not 190/125, it's 130/80",
    "no yellow skin or eyes",
    "i had a fever last year after chemo",
    "My temperature is 36.8 on chemo",
    # fever on chemo is never a same-day matter (the detector sends it to the team now)
    "i have a temperature of 37.9 since my chemo on monday",
    "feeling feverish after my prrt session",
]


def _ids(message: str) -> list[str]:
    return [finding.red_flag for finding in detect(message)]


@pytest.mark.parametrize(("finding", "message", "flag"), ESCALATE)
def test_review_emergency_is_detected(finding: str, message: str, flag: str) -> None:
    assert _ids(message)[:1] == [flag], finding


@pytest.mark.parametrize(("finding", "message"), NO_RED_FLAG)
def test_review_non_emergency_is_not_escalated(finding: str, message: str) -> None:
    assert _ids(message) == [], finding


@pytest.mark.parametrize(("finding", "message", "rule"), SAME_DAY)
def test_review_same_day_rule(finding: str, message: str, rule: str) -> None:
    reason = same_day_reason(message)
    assert reason is not None and reason.id == rule, finding


@pytest.mark.parametrize("message", NOT_SAME_DAY)
def test_negated_or_past_report_is_not_same_day(message: str) -> None:
    assert same_day_reason(message) is None


@pytest.mark.parametrize("message", [
    "My temperature is 37.2 and I'm on chemo", "my temp is 36.9 after PRRT"])
def test_normal_temperature_on_treatment_is_no_red_flag(message: str) -> None:
    assert _ids(message) == []


def test_fever_on_treatment_goes_to_the_team_not_911() -> None:
    """E2: the dialogue says "call your 24-hour team now; ER if you can't reach them"."""
    assert [f.action for f in detect("my temperature is 38.3 and I had chemo 8 days ago")] == [
        "call_team_now"]


def test_coughing_blood_has_its_own_label() -> None:
    """6c / R7: the gi_bleeding label is no longer shown for coughing up blood."""
    finding = detect("I'm coughing up blood")[0]
    assert finding.red_flag == "coughing_blood" and "cough" in finding.label


def test_new_red_flags_cite_the_organisations_own_https_pages() -> None:
    """R1, R11 and S3: every source is an https page, no bare IP, no dev or staging host."""
    catalogue = load_catalogue()
    for flag in catalogue.red_flags:
        assert all(url_problem(source.url) is None for source in flag.sources), flag.id
    for flag_id in ("severe_allergic_reaction", "spinal_cord_compression"):
        assert len(catalogue.red_flag(flag_id).sources) >= 2
