"""Compose the messages an action sends (text, buttons) from the content store.

Every text comes from the store; this module only arranges it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from bot.content.store import Answer, ContentStore
from bot.settings import Handoff, clinic, clinic_values

Message = Dict[str, Any]


def answer_messages(store: ContentStore, answer: Answer, more: bool = False) -> List[Message]:
    """The answer (or its follow-up), then its source line with related-topic buttons."""
    texts = store.messages()  # one query for the UI texts below
    buttons = [{"title": link.title, "payload": link.payload} for link in answer.related]
    if answer.more and not more:
        buttons.insert(0, {"title": texts["tell_me_more"], "payload": "/ask_more"})
    text = fill_numbers(answer.more if more and answer.more else answer.text)
    if store.terms_to_explain(text):  # one tap to the words this text does not explain
        buttons.append({"title": texts["explain_words"], "payload": "/define_term"})
    buttons.append({"title": texts["sources_button"], "payload": "/ask_sources"})
    buttons += [
        {"title": texts["feedback_up"], "payload": '/rate_answer{"rating": "up"}'},
        {"title": texts["feedback_down"], "payload": '/rate_answer{"rating": "down"}'},
    ]
    return [
        {"text": text},
        {"text": texts["source_line"].format(sources=answer.source_line), "buttons": buttons},
    ]


def fill_numbers(text: str) -> str:
    """An answer's ``{emergency_number}`` and ``{crisis_line}``, from clinic.yml (only these two
    placeholders: the content check refuses others, and other braces are left alone)."""
    for name, value in clinic_values(clinic()).items():
        text = text.replace("{" + name + "}", value)
    return text


def notice(store: ContentStore, key: str, **values: str) -> Message:
    return {"text": store.message(key, **values)}


def clarification(store: ContentStore, candidates: List[Dict[str, Any]]) -> Message:
    """"Did you mean A or B?" with a button per candidate topic, or a request to rephrase.

    ``candidates`` are intent-ranking entries; only intents with a content topic qualify, so
    a single topic is offered alone when its rival was, say, ``out_of_scope``.
    """
    buttons = []
    for candidate in candidates:
        answer = store.answer_for_intent(str(candidate.get("name")))
        if answer is not None:
            buttons.append({"title": answer.title, "payload": f"/{candidate['name']}"})
    if not buttons:
        return notice(store, "rephrase")
    return {"text": store.message("did_you_mean"), "buttons": buttons}


def _label_buttons(store: ContentStore, labels: List[str]) -> List[Dict[str, str]]:
    """Buttons for ranked answers: units (sent as their question) and topics (``topic:<id>``,
    sent as their intent); unknown labels are left out."""
    links = [store.link(label.removeprefix("topic:")) if label.startswith("topic:")
             else store.unit_link(label) for label in labels]
    return [{"title": link.title, "payload": link.payload} for link in links if link]


def unit_clarification(store: ContentStore, labels: List[str]) -> Message:
    """"Did you mean ...?" with the closest answers; a request to rephrase when none is known."""
    buttons = _label_buttons(store, labels)
    if not buttons:
        return notice(store, "rephrase")
    return {"text": store.message("did_you_mean"), "buttons": buttons}


def alternatives(store: ContentStore, labels: List[str]) -> Message:
    """After an answer the ranker was not sure of: the next answers, as buttons."""
    return {"text": store.message("other_answers"), "buttons": _label_buttons(store, labels)}


def emergency_details(
    store: ContentStore, number: str, flags: List[Tuple[str, str]], crisis_line: str | None,
    call_now: bool = True,
) -> List[Message]:
    """The local emergency number, what was recognised, first aid for a red flag that has it,
    and a crisis line where it applies. ``flags`` are the red flags as ``(id, label)``.

    ``call_now=False`` (fever on treatment: the team's 24-hour line comes first) leaves out
    "Call <number> now" and says only what was recognised.
    """
    texts = store.messages()
    labels = "; ".join(label for _, label in flags)
    found = texts["emergency_found"].format(labels=labels) if flags else ""
    text = texts["emergency_call"].format(number=number, found=found) if call_now else found
    messages = [{"text": text.strip()}] if text.strip() else []
    messages += [{"text": texts[f"first_aid_{flag}"]} for flag, _ in flags
                 if f"first_aid_{flag}" in texts]
    if crisis_line:
        messages.append({"text": texts["crisis_line"].format(crisis_line=crisis_line)})
    return messages


def symptom_advice(
    store: ContentStore, same_day: Tuple[str, str] | None, emergency_number: str
) -> List[Message]:
    """Same-day contact advice when the fact sheet calls for it, else a general pointer; always
    followed by the safety-net line with the local emergency number.

    ``same_day`` is the matched same-day rule as ``(id, label)``; a rule may have extra advice
    in the UI texts under ``same_day_advice_<id>``.
    """
    texts = store.messages()
    links = [store.link(topic) for topic in ("when_to_call_provider", "emergency_signs")]
    buttons = [{"title": link.title, "payload": f"/{link.intent}"} for link in links if link]
    lines = [texts["symptom_same_day"].format(label=same_day[1]) if same_day
             else texts["symptom_general"]]
    if same_day and f"same_day_advice_{same_day[0]}" in texts:
        lines.append(texts[f"same_day_advice_{same_day[0]}"])
    lines.append(texts["symptom_safety_net"].format(number=emergency_number))
    return [{"text": " ".join(lines), "buttons": buttons}]


def handoff(store: ContentStore, contact: Handoff, emergency_number: str,
            web_widget: bool) -> List[Message]:
    """The configured contact options; the web widget also gets a ``handoff`` payload."""
    lines = [store.message("handoff_intro"), store.message("handoff_contact", name=contact.name)]
    for key, value in (("handoff_phone", contact.phone), ("handoff_hours", contact.hours),
                       ("handoff_url", contact.url)):
        if value:
            lines.append(store.message(key, **{key.removeprefix("handoff_"): value}))
    messages: List[Message] = [
        {"text": "\n".join(lines)},
        notice(store, "handoff_care_team", number=emergency_number),
    ]
    if web_widget:  # Rasa's socket.io channel emits the `data` of a custom payload
        messages.append({"json_message": {"data": {
            "type": "handoff", "name": contact.name, "phone": contact.phone,
            "hours": contact.hours, "url": contact.url}}})
    return messages


def source_list(store: ContentStore, citations: Sequence[str]) -> Message:
    """The full citations of an answer, one per line; a hint when there is no answer yet."""
    if not citations:
        return notice(store, "sources_none")
    return {"text": "\n".join([store.message("sources_list"), *(f"- {c}" for c in citations)])}


def which_word(store: ContentStore, terms: List[tuple[str, str]]) -> Message:
    """"What does that word mean?": offer the glossary words of the last answer."""
    return {"text": store.message("which_word"),
            "buttons": [{"title": name, "payload": f'/define_term{{"term": "{key}"}}'}
                        for key, name in terms[:5]]}
