"""Dev cases for the emergency detector, written from the fact sheet (not from the eval set)."""

from __future__ import annotations

import pytest
import spacy

from bot.triage.catalogue import ACTIONS, load_catalogue
from bot.triage.detector import Finding, detect, findings

EXPECTED_IDS = {
    "heart_failure", "severe_breathlessness", "chest_pain", "fainting", "seizure",
    "stroke_confusion", "severe_hypoglycemia", "gi_bleeding", "bowel_obstruction",
    "severe_abdominal_pain", "severe_dehydration", "carcinoid_crisis", "hypertensive_crisis",
    "fever_on_chemo", "suicidal_thoughts", "adrenal_crisis", "severe_allergic_reaction",
    "jaundice_with_fever", "coughing_blood", "spinal_cord_compression",
}

# (message, red flag id that must be among the findings)
POSITIVES = [
    # heart failure
    ("My ankles are really swollen and I can't catch my breath", "heart_failure"),
    ("I can't breathe lying down, I have to sit up all night", "heart_failure"),
    ("I'm coughing up pink frothy spit", "heart_failure"),
    ("legs swelled up overnight and now i'm so breathless", "heart_failure"),
    ("i have to sleep propped up or i feel like i'm drowning", "heart_failure"),
    # severe breathlessness
    ("Suddenly can't breathe", "severe_breathlessness"),
    ("i cant breath", "severe_breathlessness"),
    ("I cannot breathe properly", "severe_breathlessness"),
    ("his lips are going blue", "severe_breathlessness"),
    ("she's choking and can't get air in", "severe_breathlessness"),
    ("struggling to breathe right now", "severe_breathlessness"),
    ("I'm very short of breathe even sitting still", "severe_breathlessness"),
    # chest pain
    ("Crushing chest pressure going down my arm", "chest_pain"),
    ("my chest feels really tight", "chest_pain"),
    ("pain in the middle of my chest", "chest_pain"),
    ("i think i'm having a heart attack", "chest_pain"),
    # fainting
    ("I blacked out.", "fainting"),
    ("my dad passed out at dinner", "fainting"),
    ("she collapsed in the bathroom", "fainting"),
    ("mum won't wake up", "fainting"),
    ("I can't wake him properly", "fainting"),
    ("he's unconsious", "fainting"),
    ("she is not responding to me", "fainting"),
    ("I can't stay awake and keep drifting off", "fainting"),
    # seizure
    ("He had a seizure.", "seizure"),
    ("She had a fit this morning before breakfast.", "seizure"),
    ("my son is convulsing", "seizure"),
    # stroke / confusion
    ("Her face is drooping and her speech is slurred.", "stroke_confusion"),
    ("my husband is suddenly very confused and doesn't know where he is", "stroke_confusion"),
    ("He's acting drunk but hasn't had a drop.", "stroke_confusion"),
    ("I can't move my left arm", "stroke_confusion"),
    # severe hypoglycaemia
    ("my sugar is 2.2 and I'm shaking", "severe_hypoglycemia"),
    ("low blood sugar, sweating buckets and confused", "severe_hypoglycemia"),
    ("glucose reading of 40 and he's really shaky", "severe_hypoglycemia"),
    # GI bleeding
    ("I threw up something that looks like coffee grounds.", "gi_bleeding"),
    ("I'm vomiting blood", "gi_bleeding"),
    ("throwing up blood", "gi_bleeding"),
    ("pooping black and i feel so dizzy", "gi_bleeding"),
    ("There's a lot of blood in the toilet and I feel light-headed.", "gi_bleeding"),
    ("My poop is black and sticky like tar and I feel faint", "gi_bleeding"),
    # bowel obstruction
    ("awful belly pain, keep vomiting and I haven't pooped or passed wind since yesterday",
     "bowel_obstruction"),
    ("my stomach is swollen and hard and I keep throwing up", "bowel_obstruction"),
    # severe abdominal pain
    ("the worst stomach pain of my life", "severe_abdominal_pain"),
    ("A sudden stabbing pain in my upper belly that keeps getting worse", "severe_abdominal_pain"),
    ("It hurts to move or even touch my stomach", "severe_abdominal_pain"),
    ("my tummy is rigid", "severe_abdominal_pain"),
    # severe dehydration
    ("I can't keep any fluids down", "severe_dehydration"),
    ("I haven't peed since this morning", "severe_dehydration"),
    ("constant watery diarrhea and I'm dizzy every time I stand", "severe_dehydration"),
    # carcinoid crisis
    ("I suddenly went beet-red all over and feel like I'm going to pass out.", "carcinoid_crisis"),
    ("Since the liver procedure my heart is racing and I'm flushing and wheezing",
     "carcinoid_crisis"),
    ("he is flushed, sweaty and his blood pressure is 75/40", "carcinoid_crisis"),
    ("Worst flushing ever plus bad diarrhea and cramps, and I feel faint.", "carcinoid_crisis"),
    # hypertensive crisis
    ("My blood pressure reads 210 over 120 and I've got chest pain.", "hypertensive_crisis"),
    ("Sudden pounding headache, I'm soaked in sweat and my heart's hammering.",
     "hypertensive_crisis"),
    ("bp 190/125 with blurry vision", "hypertensive_crisis"),
    # fever on chemo
    ("I'm on chemo and my temperature is 38.6", "fever_on_chemo"),
    ("had PRRT last week and now I have shaking chills", "fever_on_chemo"),
    ("temp 101.5F two days after my capecitabine", "fever_on_chemo"),
    # suicidal thoughts
    ("I want to kill myself", "suicidal_thoughts"),
    ("I just want to end it all", "suicidal_thoughts"),
    ("i don't want to be alive anymore", "suicidal_thoughts"),
    ("I've been hurting myself", "suicidal_thoughts"),
]

# reports that mention a question or someone present still escalate
REPORT_AND_QUESTION = [
    "i'm vomiting blood, is this from my net?",
    "I fainted, is that serious?",
    "is it normal that I'm coughing up pink froth?",
    "what should I do, my husband collapsed",
    "my husband is gasping for air",
    "help my wife is having a seizure",
]

# "can't", "cannot", "won't" are not negations here
CANT_CASES = [
    "I can't breathe",
    "I cannot breathe",
    "cant breathe at all",
    "can't keep anything down",
    "cannot wake him",
    "he won't wake up",
    "she won't respond",
    "I can\u2019t breathe",
]

NEGATIVES = {
    "negated": [
        "no chest pain",
        "I'm not short of breath",
        "denies fainting",
        "I haven't had any chest pain",
        "I didn't pass out",
        "no vomiting blood, just a bit of nausea",
        "not dizzy and no black stools",
        "I'm not suicidal",
    ],
    "historical": [
        "I fainted years ago",
        "last year I vomited blood",
        "I had a seizure as a child",
        "I used to have chest pain before my surgery",
        "back in 2019 I collapsed at work",
    ],
    "family": [
        "my mother had heart failure",
        "my dad died of a heart attack",
        "my grandmother had a stroke",
        "heart failure runs in my family",
    ],
    "hypothetical": [
        "what if I faint during the scan",
        "what should I do if I vomit blood?",
        "in case I get chest pain, who do I call?",
        "I'm worried I'll pass out at my appointment",
    ],
    "question": [
        "what are the signs of carcinoid crisis?",
        "can a net cause heart failure",
        "is chest pain a symptom of a NET?",
        "how do I know if it's a carcinoid crisis?",
        "what does black poo mean",
        "does lanreotide cause low blood sugar?",
    ],
    "figurative": [
        "that took my breath away",
        "I'm dying to know my results",
        "this is killing me",
        "I could kill for a coffee",
        "my feet are killing me",
        "I nearly died laughing",
        "I'm confused about my grade",
    ],
    "not_an_emergency": [
        "ive had wheezing and flushing for months now, what tests should i ask for",
        "flushing and wheezing on and off for a few weeks",
        "i take hydrocortisone every morning, is that ok with lanreotide",
        "my breathing has been fine, I just get tired on the stairs",
        "I get flushing after red wine",
        "I have diarrhea a few times a day, same as usual",
        "I'm so tired all the time",
        "my injection site is sore",
        "I get a bit out of breath on the stairs now",
        "my ankles are puffier every week",
        "a little bright red blood on the toilet paper",
        "I'm anxious about my scan results",
    ],
}

# 40+ further positives in phrasings of my own
MORE_POSITIVES = [
    ("suddenly flushing bright red and wheezing badly", "carcinoid_crisis"),
    ("on hydrocortisone and I keep vomiting, can't keep the tablets down", "adrenal_crisis"),
    ("on steroid replacement, so weak i can't stand and very drowsy", "adrenal_crisis"),
    ("i literally cannot get any air in", "severe_breathlessness"),
    ("im finding it really hard to breathe", "severe_breathlessness"),
    ("breathing is very laboured and noisy", "severe_breathlessness"),
    ("my dad has stopped breathing", "severe_breathlessness"),
    ("I'm suffocating", "severe_breathlessness"),
    ("feels like an elephant is sitting on my chest", "chest_pain"),
    ("sharp stabbing pain across my chest", "chest_pain"),
    ("tightness in my chest spreading to my jaw", "chest_pain"),
    ("my chest hurts so much", "chest_pain"),
    ("mum just keeled over", "fainting"),
    ("he lost consciousness for a minute", "fainting"),
    ("I keep blacking out", "fainting"),
    ("I nearly fainted in the shower", "fainting"),
    ("my wife is unresponsive", "fainting"),
    ("she's drifting in and out", "fainting"),
    ("he is having fits one after another", "seizure"),
    ("she's seizing", "seizure"),
    ("his words are coming out all jumbled", "stroke_confusion"),
    ("her smile is lopsided", "stroke_confusion"),
    ("suddenly my right side is numb", "stroke_confusion"),
    ("worst headache of my life, came on like a thunderclap", "stroke_confusion"),
    ("my mother is very disorientated", "stroke_confusion"),
    ("blood sugar crashed and she can't swallow", "severe_hypoglycemia"),
    ("my sugar is 1.9 mmol", "severe_hypoglycemia"),
    # (a hypo while alert and shaky is a same-day call now: clinical review E4, see
    # tests/triage/test_review_findings.py)
    ("I'm having a hypo and I'm shaky, sweaty and can't think straight", "severe_hypoglycemia"),
    ("puking up bright red blood", "gi_bleeding"),
    ("my sick has blood in it", "gi_bleeding"),
    ("there's blood in my vomit", "gi_bleeding"),
    ("tarry black stools and I'm woozy", "gi_bleeding"),
    ("bleeding heavily from my bottom", "gi_bleeding"),
    ("vomiting green stuff and nothing coming out the other end", "bowel_obstruction"),
    ("belly is distended, can't fart and I'm being sick", "bowel_obstruction"),
    ("excruciating abdominal pain", "severe_abdominal_pain"),
    ("doubled over in agony with my stomach", "severe_abdominal_pain"),
    ("everything I drink comes straight back up", "severe_dehydration"),
    ("barely any urine today", "severe_dehydration"),
    ("diarrhoea like water 20 times today and I'm lightheaded", "severe_dehydration"),
    ("I'm bright red, heart pounding and I feel faint", "carcinoid_crisis"),
    ("flushing and wheezing after the embolization", "carcinoid_crisis"),
    ("I think this is a carcinoid crisis", "carcinoid_crisis"),
    ("bp is 220/130 and my head is pounding", "hypertensive_crisis"),
    ("blood pressure through the roof and chest pain", "hypertensive_crisis"),
    ("fever of 39 after my lutathera infusion", "fever_on_chemo"),
    ("I'm on everolimus and I'm shivering with a high temperature", "fever_on_chemo"),
    ("I'm better off dead", "suicidal_thoughts"),
    ("thinking about taking my own life", "suicidal_thoughts"),
    ("I took a whole bottle of pills", "suicidal_thoughts"),
    ("my grandad is turning grey and cant get his breath", "severe_breathlessness"),
    ("been throwing up all night and now there's blood in it", "gi_bleeding"),
    ("he's gone floppy and won't answer me", "fainting"),
    ("my partner is slurring her words all of a sudden", "stroke_confusion"),
    ("there is blood pouring from my bum", "gi_bleeding"),
    ("i just took all my morphine", "suicidal_thoughts"),
    ("I don't see the point in living anymore", "suicidal_thoughts"),
    ("i can barely stand, so dizzy, diarrhoea nonstop since yesterday", "severe_dehydration"),
]

# 40+ further negatives in phrasings of my own
MORE_NEGATIVES = [
    "Breathing fine, no chest tightness",
    "haven't fainted at all since starting octreotide",
    "my heart attack was in 2015",
    "years ago I had a fit after surgery",
    "my uncle had a seizure when he was young",
    "my grandad died from a stroke",
    "my nan had carcinoid syndrome",
    "what happens if my blood sugar goes very low?",
    "how do you treat a carcinoid crisis",
    "could lanreotide make me dizzy?",
    "is vomiting normal after PRRT?",
    "what is a hypertensive crisis",
    "why do NETs cause flushing",
    "can nets make you short of breath",
    "what are the warning signs of bowel obstruction",
    "tell me about carcinoid heart disease",
    "should I go to the ER if I have chest pain?",
    "if I start vomiting blood what do I do",
    "how can I prevent a carcinoid crisis during surgery",
    "I'm scared of having a seizure",
    "the view took my breath away",
    "I'd kill for a decent night's sleep",
    "these shoes are killing me",
    "I'm dying to try the new diet",
    "I'm sick of waiting for results",
    "I'm a bit confused by the staging",
    "I felt a bit dizzy when I stood up too fast",
    "I have some mild cramps and bloating after the injection",
    "my poo is pale and floats",
    "I flush when I eat spicy food",
    "mild wheeze that settles on its own",
    "I've gained a couple of pounds",
    "i had a wee bit of nausea",
    "my chromogranin A is a bit high",
    "my 5-HIAA came back high after I ate bananas",
    "I keep worrying about my scan",
    "the tumour is not responding to lanreotide",
    "I get hypos when I skip meals but they settle after juice",
    "my blood pressure was 185/100 on a repeat reading, no symptoms",
    "what's my chance of survival",
    # (37.5 on chemo is now a call-the-team-now report: NHS acute oncology pages use 37.5 C,
    # see red_flags.yml fever_celsius and tests/triage/test_review_findings.py)
    "I have a temperature of 37.2 after chemo",
    "no fever since finishing chemo",
    "I'm not on chemo and have a slight cold",
    "is it normal to feel tired on everolimus?",
    "my mouth sores on everolimus are annoying",
    "I nearly fainted when I saw the bill",
    "my sister had a stroke in her 40s, should i worry",
    "is it normal to black out after octreotide?",
    "what would happen if my bowel got blocked",
    "the doctor said carcinoid crisis can happen during surgery",
    "my heart is racing from all the coffee",
    "when my dad had his heart attack in 2010 he had chest pain",
    "my bowels haven't moved for 2 days, bit uncomfortable",
    "i have black poo since starting iron tablets, otherwise fine",
]


# Generalisation dev cases: carers, dialect, non-native English, numbers and vague-but-alarming
# wording (written for this purpose; not taken from either evaluation set).
DEV_POSITIVES = [
    # breathing and heart failure
    ("all of a sudden i am so short of breath sat in my chair and it is getting worse",
     "severe_breathlessness"),
    ("terrible shortness of breath, worse every minute", "severe_breathlessness"),
    ("he can only say two or three words then has to stop for air", "severe_breathlessness"),
    ("no air going in properly, help", "severe_breathlessness"),
    ("my feet are like balloons and i have to sleep in the chair to breathe", "heart_failure"),
    ("legs have puffed right up and im panting just sitting here", "heart_failure"),
    ("cant lay down flat anymore, ankles massive, puffing like a train", "heart_failure"),
    # chest
    ("feels like someone is standing on my chest", "chest_pain"),
    ("chest is like a tight band and the ache goes into my jaw", "chest_pain"),
    ("heavy feeling in my chest and now my left arm is aching", "chest_pain"),
    ("my chest is killing me and im all sweaty", "chest_pain"),
    # fainting / collapse
    ("dad went down like a ton of bricks in the kitchen", "fainting"),
    ("she hit the floor and isnt moving", "fainting"),
    ("he came to but is grey and confused", "fainting"),
    ("my husband is out cold on the bathroom floor", "fainting"),
    ("i can barely wake him, so drowsy", "fainting"),
    ("eyes are open but she is not answering me at all", "fainting"),
    # seizure
    ("my son has just fitted for about 3 minutes", "seizure"),
    ("his eyes went up and his arms are going stiff and jerky", "seizure"),
    ("whole body shaking and she cant talk to me, eyes staring", "seizure"),
    ("she is twitching down her left side and wont answer", "seizure"),
    # stroke / confusion
    ("cant find his words and his arm has gone weak", "stroke_confusion"),
    ("i suddenly cannot see out of my right eye", "stroke_confusion"),
    ("my mum is talking no sense since this afternoon", "stroke_confusion"),
    ("he is not talking properly, words all wrong", "stroke_confusion"),
    # low sugar
    ("her sugar went as low as 2.1 and she is sweating", "severe_hypoglycemia"),
    ("blood sugar down to 2 and hes not making sense", "severe_hypoglycemia"),
    ("glucose low 1.8 now", "severe_hypoglycemia"),
    ("the libre keeps saying LO and he is very sleepy", "severe_hypoglycemia"),
    ("having a hypo, so drowsy i cant eat anything", "severe_hypoglycemia"),
    # bleeding
    ("bleeding from my back passage since this morning and it just keeps coming",
     "gi_bleeding"),
    ("pints of blood from my bottom", "gi_bleeding"),
    ("blood coming out my bum, mugs full of it", "gi_bleeding"),
    ("his sick is red with blood", "gi_bleeding"),
    # bowel obstruction
    ("sick smells like the toilet and my tummy is blown up", "bowel_obstruction"),
    ("belly tight as a drum and keep bringing up green bile", "bowel_obstruction"),
    ("she vomit all day, no poo 3 days, tummy very big", "bowel_obstruction"),
    ("cramps coming in waves, cant keep anything down and not passed wind since yesterday",
     "bowel_obstruction"),
    # severe belly pain
    ("tummy pain 9/10", "severe_abdominal_pain"),
    ("belly pain is about a 10 out of 10", "severe_abdominal_pain"),
    ("strong strong pain in my belly, cannot walk", "severe_abdominal_pain"),
    ("my stomach hurts so bad im crying", "severe_abdominal_pain"),
    ("pain in the tummy, screaming with it, cant move", "severe_abdominal_pain"),
    # dehydration
    ("loose motions too many times to count and now hes very drowsy", "severe_dehydration"),
    ("not passing any urine since this morning", "severe_dehydration"),
    ("everything going straight through me and too weak to stand", "severe_dehydration"),
    # carcinoid crisis
    ("face went red as a tomato and i feel like im going to faint", "carcinoid_crisis"),
    ("her face has gone dark red and her pressure is really low", "carcinoid_crisis"),
    # hypertensive crisis
    ("bp 200/120 and my head is banging", "hypertensive_crisis"),
    ("blood pressure 195/118 and a tearing pain in my back", "hypertensive_crisis"),
    # fever on treatment
    ("hot and shivery, had my chemo 5 days ago", "fever_on_chemo"),
    ("temp 38.4 and im on everolimus", "fever_on_chemo"),
    # suicidal
    ("im going to swallow all my morphine tonight", "suicidal_thoughts"),
    ("tonight i will take all the tablets in the house", "suicidal_thoughts"),
    ("my son says he is going to kill himself", "suicidal_thoughts"),
    ("i want finish my life", "suicidal_thoughts"),
    ("ive got the rope ready", "suicidal_thoughts"),
    ("i took 30 of my sleeping tablets", "suicidal_thoughts"),
    ("i wish to die, cant go on anymore", "suicidal_thoughts"),
    ("she wants to hang herself", "suicidal_thoughts"),
]

DEV_NEGATIVES = [
    # history with numerals and abbreviations
    "had a mini stroke 15 yrs ago, fully recovered",
    "5 yrs ago I collapsed after my first octreotide, fine ever since",
    "decades ago i had a seizure, does that matter for my scan",
    "2 yrs back I went bright red after the biopsy, nothing since",
    "in my 20s i used to faint at the sight of needles",
    # family
    "my brother collapsed and died aged 52, heart they said",
    "my aunt died suddenly of a stroke at the age of 60",
    "grandad had fits all his life",
    # informational
    "what blood sugar counts as a hypo",
    "what temperature is considered a fever after PRRT?",
    "how high does blood pressure have to be before its an emergency",
    "at what point is diarrhoea dangerous",
    "how many times a day is too much diarrhoea",
    "what counts as heavy bleeding from the bottom",
    "is depression a side effect of lanreotide",
    # hypothetical
    "what should i do if he has a seizure at home",
    "my husband is on chemo, what temperature should we worry about?",
    "in case my sugar drops, what do I eat",
    # figurative
    "my son nearly collapsed laughing at the dog",
    "laughed so hard i couldnt breathe",
    "nearly choked on my tea when I read the letter",
    "my back is killing me after gardening",
    "i'm scared the cancer will kill me one day",
    "the nurse just fitted my new picc line",
    # medication routine
    "I took all my tablets this morning as usual",
    "I take all my pills at night with food",
    "I'm going to take all my tablets with me on holiday",
    # mild or routine
    "my pain is about 3/10 today, much better",
    "stomach ache is 4 out of 10, comes and goes",
    "my bp was 150/95 at the GP, is that a worry",
    "loose motions since starting creon, otherwise ok",
    "I feel a bit drowsy after the tramadol",
    "shaking like a leaf before my scan, just nerves",
    "my tummy was as big as a drum after christmas dinner lol",
    "shortness of breath on the stairs, same as last month",
    "I finished my last chemo cycle today, feeling good",
    "had a bit of blood on the paper, piles again",
    # negated lists
    "no vomiting, no fever, no pain, just tired",
    "no chest pain, no shortness of breath, sugars fine",
    "she is not confused and knows where she is",
    # "not know where/who" only about a person: everyday phrases are no confusion
    "hey, my mum was just diagnosed and i dont know where to start",
    "i don't know who to ask about my scan results",
]


def _ids(found: list[Finding]) -> list[str]:
    return [finding.red_flag for finding in found]


@pytest.mark.parametrize(("message", "flag"), POSITIVES + MORE_POSITIVES + DEV_POSITIVES)
def test_red_flag_is_found(message: str, flag: str) -> None:
    assert flag in _ids(detect(message)), message


@pytest.mark.parametrize("message", REPORT_AND_QUESTION + CANT_CASES)
def test_report_escalates(message: str) -> None:
    assert detect(message), message


@pytest.mark.parametrize(
    "message",
    [m for messages in NEGATIVES.values() for m in messages] + MORE_NEGATIVES + DEV_NEGATIVES,
)
def test_no_escalation(message: str) -> None:
    assert detect(message) == [], message


def test_every_context_category_is_covered() -> None:
    assert set(NEGATIVES) >= {"negated", "historical", "family", "hypothetical", "question",
                              "figurative"}
    assert len(MORE_POSITIVES) >= 40 and len(MORE_NEGATIVES) >= 40
    assert len(DEV_POSITIVES) >= 60 and len(DEV_NEGATIVES) >= 40


def test_combination_needs_both_parts() -> None:
    assert "heart_failure" not in _ids(detect("my ankles are swollen"))
    assert "fever_on_chemo" not in _ids(detect("I have a fever of 38.5"))
    assert "hypertensive_crisis" not in _ids(detect("my bp is 190/110"))


def test_finding_fields_and_offsets() -> None:
    message = "help, I'm throwing up blood"
    finding = detect(message)[0]
    assert finding.red_flag == "gi_bleeding"
    assert finding.action == "emergency"
    assert finding.label
    assert message[finding.start:finding.end] == finding.text == "throwing up blood"


def test_suicidal_thoughts_go_to_crisis_line() -> None:
    assert [f.action for f in detect("I want to end my life")] == ["crisis_line"]


def test_most_specific_red_flag_comes_first() -> None:
    found = detect("my legs are really swollen and I can't breathe")
    assert _ids(found)[0] == "heart_failure"


def test_component_works_in_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("red_flag_detector")
    assert _ids(findings(nlp("I passed out"))) == ["fainting"]
    assert findings(nlp("I did not pass out")) == []


def test_catalogue_has_every_red_flag_with_sources() -> None:
    catalogue = load_catalogue()
    assert {flag.id for flag in catalogue.red_flags} == EXPECTED_IDS
    for flag in catalogue.red_flags:
        assert flag.label and flag.action in ACTIONS
        assert flag.sources and all(s.url.startswith("http") and s.title for s in flag.sources)
        assert flag.rules
    assert catalogue.red_flag("suicidal_thoughts").action == "crisis_line"
    assert catalogue.red_flag("fever_on_chemo").action == "call_team_now"
    others = {"suicidal_thoughts", "fever_on_chemo"}
    assert {f.action for f in catalogue.red_flags if f.id not in others} == {"emergency"}
