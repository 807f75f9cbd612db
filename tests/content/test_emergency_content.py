"""The emergency content says what the emergency detector says.

Every red flag in the catalogue must have a line on the first screen of ``emergency_signs``
(the "When to get help" answer), and fever on cancer treatment is never a same-day matter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from bot.content.loader import Content, read_content
from bot.triage.catalogue import default_catalogue

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

# red-flag id -> words that must all appear (case-insensitive) in emergency_signs' answer.
# A new red flag in bot/triage/red_flags.yml needs a line on that screen and an entry here.
FIRST_SCREEN_WORDS: Dict[str, Tuple[str, ...]] = {
    "heart_failure": ("swollen legs", "breathlessness"),
    "severe_breathlessness": ("severe breathlessness",),
    "chest_pain": ("chest pain",),
    "fainting": ("fainting",),
    "seizure": ("seizure",),
    "stroke_confusion": ("drooping face", "slurred speech", "new confusion"),
    "severe_hypoglycemia": ("low sugar",),
    "gi_bleeding": ("vomiting blood", "heavy bleeding", "black stool with dizziness"),
    "coughing_blood": ("coughing up more than streaks of blood",),
    "bowel_obstruction": ("vomiting with no poo or wind",),
    "severe_abdominal_pain": ("severe belly pain",),
    "severe_dehydration": ("severe diarrhea", "hardly peeing"),
    "carcinoid_crisis": ("sudden flushing",),
    "hypertensive_crisis": ("very high blood pressure",),
    "adrenal_crisis": ("steroid replacement",),
    "severe_allergic_reaction": ("swollen face, lips or throat",),
    "jaundice_with_fever": ("yellow skin or eyes with fever",),
    "spinal_cord_compression": ("back pain with weak legs", "bladder"),
    "fever_on_chemo": ("fever on treatment", "24-hour", "now"),
    "suicidal_thoughts": ("suicidal", "crisis line"),
}

SAME_DAY = re.compile(r"same[ -]day", re.IGNORECASE)
FEVER = re.compile(r"\b(fever|temperature|shiver\w*|chills)\b", re.IGNORECASE)
ON_TREATMENT = re.compile(r"\b(chemo\w*|prrt|everolimus|treatment|therapy)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def content() -> Content:
    return read_content(CONTENT_DIR)


def catalogue_ids() -> set[str]:
    return {flag.id for flag in default_catalogue().red_flags}


def texts(content: Content) -> Iterator[Tuple[str, str]]:
    """Every patient-facing text in the topics and glossary, with where it lives."""
    for topic in content.topics.values():
        yield f"{topic.id}: answer", topic.answer
        yield f"{topic.id}: more", topic.more or ""
        for variant in topic.variants:
            yield f"{topic.id} ({variant.site}): answer", variant.answer
            yield f"{topic.id} ({variant.site}): more", variant.more or ""
    for term in content.glossary.values():
        yield f"glossary {term.key}", term.definition


def same_day_fever_lines(text: str) -> List[str]:
    """Lines naming fever on treatment inside a paragraph (or list) that says "same day"."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        if SAME_DAY.search(block):
            found += [line.strip() for line in block.splitlines()
                      if FEVER.search(line) and ON_TREATMENT.search(line)]
    return found


def test_every_catalogue_red_flag_has_first_screen_words() -> None:
    """Fails as soon as the detector gains a red flag the emergency screen does not name."""
    missing = sorted(catalogue_ids() - set(FIRST_SCREEN_WORDS))
    assert not missing, f"add a first-screen line to emergency_signs and words here: {missing}"


def test_first_screen_words_match_the_catalogue_exactly() -> None:
    assert set(FIRST_SCREEN_WORDS) == catalogue_ids()


@pytest.mark.parametrize("flag_id", sorted(FIRST_SCREEN_WORDS))
def test_red_flag_is_on_the_first_screen(content: Content, flag_id: str) -> None:
    answer = content.topics["emergency_signs"].answer.lower()
    absent = [words for words in FIRST_SCREEN_WORDS[flag_id] if words.lower() not in answer]
    assert not absent, f"emergency_signs answer lacks {absent} for {flag_id}"


def test_fever_on_treatment_is_never_same_day(content: Content) -> None:
    offending = {where: lines for where, text in texts(content)
                 if (lines := same_day_fever_lines(text))}
    assert not offending


@pytest.mark.parametrize("topic", ["emergency_signs", "when_to_call_provider"])
def test_fever_on_treatment_means_the_24_hour_line_now(content: Content, topic: str) -> None:
    answer = content.topics[topic].answer
    fever_lines = [line for line in answer.splitlines()
                   if FEVER.search(line) and ON_TREATMENT.search(line)]
    assert fever_lines, f"{topic}: no line about fever on treatment on the first screen"
    assert all("now" in line and "24-hour" in line and "ER" in line for line in fever_lines)


@pytest.mark.parametrize("text", [
    "Call your team the same day for:\n- A fever during chemo.",
    "Also call the same-day line for shivering after PRRT.",
])
def test_same_day_fever_check_catches_the_old_wording(text: str) -> None:
    assert same_day_fever_lines(text)


def test_same_day_fever_check_allows_a_separate_call_now_paragraph() -> None:
    text = ("Fever on chemo: call your 24-hour line now.\n\n"
            "Call the same day for:\n- Yellow skin or eyes, without a fever.")
    assert not same_day_fever_lines(text)
