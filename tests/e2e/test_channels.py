"""Messaging apps end to end: signed webhook payloads of each platform are posted to a real
`rasa run`; the replies go out to a local fake of the platform's API. Forged or unsigned
requests get 401/403 and leave nothing in the tracker store."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest
from twilio.request_validator import RequestValidator

from bot.privacy import pseudonym
from bot.settings import get_settings
from tests.e2e.conftest import Servers, running_servers

pytestmark = pytest.mark.e2e

PUBLIC_URL = "https://bot.example.org"  # what the platforms call; the server sees 127.0.0.1
SECRETS = {
    "TELEGRAM_TOKEN": "123456:TEST-telegram-token", "TELEGRAM_SECRET_TOKEN": "t" * 32,
    "SLACK_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "slack-signing-secret",
    "FACEBOOK_VERIFY_TOKEN": "fb-verify", "FACEBOOK_APP_SECRET": "fb-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "twilio-auth-token",
    "TWILIO_SMS_NUMBER": "+15550001111", "TWILIO_WHATSAPP_NUMBER": "+15550002222",
    "NET_PSEUDONYM_KEY": "p" * 64,
}


@dataclass
class Call:
    path: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> Dict[str, str]:
        """The fields of a form body, or of a JSON object body (slack_sdk posts JSON)."""
        if self.body.startswith(b"{"):
            return dict(self.json())
        return dict(urllib.parse.parse_qsl(self.body.decode()))


@dataclass
class FakeApis:
    """One local HTTP server standing in for the APIs of Telegram, Slack, Graph and Twilio."""

    url: str
    calls: List[Call] = field(default_factory=list)

    def wait_for(self, match: Callable[[Call], bool], count: int = 1,
                 seconds: float = 60) -> List[Call]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [call for call in list(self.calls) if match(call)]
            if len(found) >= count:
                time.sleep(1)  # the rest of the turn
                return [call for call in list(self.calls) if match(call)]
            time.sleep(0.2)
        raise AssertionError(f"no reply reached the fake API; calls: {self.calls}")


def _answer(path: str, body: bytes) -> Tuple[int, Dict[str, Any]]:
    if path.endswith("/sendMessage"):
        chat = int(dict(urllib.parse.parse_qsl(body.decode())).get("chat_id", "0") or 0)
        return 200, {"ok": True, "result": {"message_id": 1, "date": 0,
                                            "chat": {"id": chat, "type": "private"}}}
    if path.endswith("/answerCallbackQuery"):
        return 200, {"ok": True, "result": True}
    if path.endswith("/Messages.json"):
        return 201, {"sid": "SM" + "0" * 32, "status": "queued"}
    return 200, {"ok": True, "message_id": "m1", "recipient_id": "r1"}


@pytest.fixture(scope="module")
def fake_apis() -> Iterator[FakeApis]:
    apis: FakeApis

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            apis.calls.append(Call(self.path, body))
            status, payload = _answer(urllib.parse.urlsplit(self.path).path, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    apis = FakeApis(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield apis
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def channel_servers(fake_apis: FakeApis,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {**SECRETS, "NET_PUBLIC_URL": PUBLIC_URL,
           "TELEGRAM_API_URL": f"{fake_apis.url}/telegram",
           "SLACK_API_URL": f"{fake_apis.url}/slack/",
           "MESSENGER_API_URL": f"{fake_apis.url}/graph",
           "TWILIO_API_URL": f"{fake_apis.url}/twilio"}
    with running_servers(tmp_path_factory.mktemp("channels"), env) as servers:
        yield servers


def post(url: str, body: bytes, headers: Dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def stored_events(servers: Servers, sender_id: str) -> int:
    with sqlite3.connect(servers.workdir / "tracker.db") as db:
        return int(db.execute("SELECT count(*) FROM events WHERE sender_id = ?",
                              (sender_id,)).fetchone()[0])


def stored_mentions(servers: Servers, text: str) -> int:
    """Events whose conversation id or data contain ``text``."""
    with sqlite3.connect(servers.workdir / "tracker.db") as db:
        return int(db.execute("SELECT count(*) FROM events WHERE instr(sender_id, ?) > 0 "
                              "OR instr(data, ?) > 0", (text, text)).fetchone()[0])


def escalations(conversation_id: str) -> int:
    """Escalation records of the conversation in the content database the servers use."""
    db_url = get_settings().content_db_url
    assert db_url.startswith("sqlite:///"), "the e2e servers use the default SQLite store"
    with sqlite3.connect(db_url[len("sqlite:///"):]) as db:
        return int(db.execute("SELECT count(*) FROM escalation WHERE conversation_id = ?",
                              (conversation_id,)).fetchone()[0])


# --- Telegram ---------------------------------------------------------------------------------

def telegram_update(chat_id: int, text: str) -> bytes:
    user = {"id": chat_id, "is_bot": False, "first_name": "Pat"}
    return json.dumps({"update_id": chat_id, "message": {
        "message_id": 1, "date": int(time.time()), "from": user, "text": text,
        "chat": {"id": chat_id, "type": "private", "first_name": "Pat"}}}).encode()


def test_telegram_answers_a_question(channel_servers: Servers, fake_apis: FakeApis) -> None:
    status = post(f"{channel_servers.rasa_url}/webhooks/telegram/webhook",
                  telegram_update(7001, "what is a neuroendocrine tumor?"),
                  {"Content-Type": "application/json",
                   "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_SECRET_TOKEN"]})
    assert status == 200
    sent = fake_apis.wait_for(lambda c: c.path.endswith("/sendMessage") and
                              c.form().get("chat_id") == "7001")
    assert sent[0].path.startswith(f"/telegram/bot{SECRETS['TELEGRAM_TOKEN']}/")
    assert "neuroendocrine cells" in " ".join(c.form()["text"] for c in sent)
    with_buttons = [c.form() for c in sent if "reply_markup" in c.form()]
    assert with_buttons, "the answer's quick replies should be an inline keyboard"
    keyboard = json.loads(with_buttons[0]["reply_markup"])["inline_keyboard"]
    assert {"text": "Tell me more", "callback_data": "/ask_more"} in [row[0] for row in keyboard]


def test_telegram_button_press_is_acknowledged_and_answered(channel_servers: Servers,
                                                            fake_apis: FakeApis) -> None:
    chat = {"id": 7003, "type": "private", "first_name": "Pat"}
    update = {"update_id": 7003, "callback_query": {
        "id": "cbq-7003", "chat_instance": "1", "data": "/ask_symptoms",
        "from": {"id": 7003, "is_bot": False, "first_name": "Pat"},
        "message": {"message_id": 2, "date": int(time.time()), "chat": chat, "text": "Hello"}}}
    assert post(f"{channel_servers.rasa_url}/webhooks/telegram/webhook",
                json.dumps(update).encode(),
                {"Content-Type": "application/json",
                 "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_SECRET_TOKEN"]}) == 200
    acknowledged = fake_apis.wait_for(lambda c: c.path.endswith("/answerCallbackQuery") and
                                      c.form().get("callback_query_id") == "cbq-7003")
    assert len(acknowledged) == 1
    sent = fake_apis.wait_for(lambda c: c.path.endswith("/sendMessage") and
                              c.form().get("chat_id") == "7003")
    assert "Many NETs cause no symptoms at first" in " ".join(c.form()["text"] for c in sent)


def telegram_post(servers: Servers, update: Dict[str, Any]) -> int:
    return post(f"{servers.rasa_url}/webhooks/telegram/webhook", json.dumps(update).encode(),
                {"Content-Type": "application/json",
                 "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_SECRET_TOKEN"]})


def test_telegram_check_has_the_yes_button_and_its_press_escalates(channel_servers: Servers,
                                                                   fake_apis: FakeApis) -> None:
    chat_id = 7005
    before = escalations(str(chat_id))
    assert telegram_post(channel_servers, json.loads(
        telegram_update(chat_id, "i feel a bit breathless"))) == 200
    sent = fake_apis.wait_for(lambda c: c.path.endswith("/sendMessage") and
                              c.form().get("chat_id") == str(chat_id))
    keyboard = json.loads(next(c.form()["reply_markup"] for c in sent
                               if "reply_markup" in c.form()))["inline_keyboard"]
    assert [row[0] for row in keyboard] == [
        {"text": "Yes \u2013 I need help now", "callback_data": "/confirm_emergency"},
        {"text": "No", "callback_data": "/deny"}]
    chat = {"id": chat_id, "type": "private", "first_name": "Pat"}
    assert telegram_post(channel_servers, {"update_id": 7006, "callback_query": {
        "id": "cbq-7005", "chat_instance": "1", "data": "/confirm_emergency",
        "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
        "message": {"message_id": 3, "date": int(time.time()), "chat": chat,
                    "text": "Is this happening now?"}}}) == 200
    sent = fake_apis.wait_for(lambda c: c.path.endswith("/sendMessage") and
                              c.form().get("chat_id") == str(chat_id), len(sent) + 1)
    assert any("medical emergency" in c.form()["text"] for c in sent)
    assert escalations(str(chat_id)) > before


def test_telegram_updates_with_nothing_to_answer_get_200_and_are_ignored(
        channel_servers: Servers) -> None:
    """Security review L11: an edited photo (no text) and a press on a button whose message is
    gone (no message) were a 500, and Telegram sent the update again and again."""
    chat_id, user = 7007, {"id": 7007, "is_bot": False, "first_name": "Pat"}
    chat = {"id": chat_id, "type": "private", "first_name": "Pat"}
    edited_photo = {"update_id": 7007, "edited_message": {
        "message_id": 4, "date": int(time.time()), "edit_date": int(time.time()),
        "from": user, "chat": chat, "caption": "new caption"}}
    orphan_press = {"update_id": 7008, "callback_query": {
        "id": "cbq-7008", "chat_instance": "1", "data": "/ask_more", "from": user}}
    assert telegram_post(channel_servers, edited_photo) == 200
    assert telegram_post(channel_servers, orphan_press) == 200
    assert stored_events(channel_servers, str(chat_id)) == 0


@pytest.mark.parametrize("header", [{}, {"X-Telegram-Bot-Api-Secret-Token": "t" * 31 + "x"}])
def test_telegram_rejects_updates_without_the_secret(channel_servers: Servers,
                                                      header: Dict[str, str]) -> None:
    status = post(f"{channel_servers.rasa_url}/webhooks/telegram/webhook",
                  telegram_update(7002, "what is a NET"),
                  {"Content-Type": "application/json", **header})
    assert status == 403
    assert stored_events(channel_servers, "7002") == 0


# --- Slack ------------------------------------------------------------------------------------

def slack_headers(body: bytes, secret: str = SECRETS["SLACK_SIGNING_SECRET"]) -> Dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body,
                      hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}"}


def slack_event(user: str, text: str) -> bytes:
    return json.dumps({"token": "x", "team_id": "T1", "api_app_id": "A1",
                       "type": "event_callback", "event_id": f"Ev{user}", "event_time": 1,
                       "authorizations": [{"user_id": "UBOT"}],
                       "event": {"type": "message", "channel_type": "im", "channel": f"D{user}",
                                 "user": user, "text": text, "ts": "1700000000.000100"}}).encode()


def test_slack_answers_a_question(channel_servers: Servers, fake_apis: FakeApis) -> None:
    body = slack_event("U7001", "what is a neuroendocrine tumor?")
    assert post(f"{channel_servers.rasa_url}/webhooks/slack/webhook", body,
                slack_headers(body)) == 200
    sent = fake_apis.wait_for(lambda c: c.path == "/slack/chat.postMessage" and
                              c.form().get("channel") == "DU7001")
    texts = " ".join(c.form()["text"] for c in sent)
    assert "neuroendocrine cells" in texts
    assert "A *neuroendocrine tumor (NET)* is" in texts and "**" not in texts
    buttons = next(c.form()["blocks"][1]["elements"] for c in sent if "blocks" in c.form())
    assert [b["text"]["text"] for b in buttons][:2] == ["Tell me more", "Types of NETs"]
    assert buttons[0]["value"] == "/ask_more"


@pytest.mark.parametrize("secret", ["", "wrong-secret"])
def test_slack_rejects_unsigned_and_forged_requests(channel_servers: Servers,
                                                    secret: str) -> None:
    body = slack_event("U7002", "what is a NET")
    headers = slack_headers(body, secret) if secret else {"Content-Type": "application/json"}
    assert post(f"{channel_servers.rasa_url}/webhooks/slack/webhook", body, headers) == 401
    time.sleep(1)
    assert stored_events(channel_servers, "U7002") == 0


# --- Facebook Messenger -----------------------------------------------------------------------

def messenger_event(sender: str, text: str) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "P1", "time": 1, "messaging": [{
        "sender": {"id": sender}, "recipient": {"id": "P1"}, "timestamp": 1,
        "message": {"mid": "m1", "text": text}}]}]}).encode()


def hub_signature(body: bytes, algorithm: str = "sha256",
                  secret: str = SECRETS["FACEBOOK_APP_SECRET"]) -> str:
    return f"{algorithm}=" + hmac.new(secret.encode(), body, algorithm).hexdigest()


def test_messenger_answers_a_question(channel_servers: Servers, fake_apis: FakeApis) -> None:
    sender = "fb-sha256"
    body = messenger_event(sender, "hello")
    assert post(f"{channel_servers.rasa_url}/webhooks/facebook/webhook", body,
                {"Content-Type": "application/json",
                 "X-Hub-Signature-256": hub_signature(body)}) == 200
    sent = [c.json() for c in fake_apis.wait_for(
        lambda c: c.path.startswith("/graph/me/messages") and
        c.json()["recipient"]["id"] == sender and "message" in c.json())]
    assert "access_token=fb-page-token" in fake_apis.calls[-1].path
    greeting = next(s["message"] for s in sent if "quick_replies" in s["message"])
    assert "a computer program, not a doctor" in greeting["text"]
    assert [q["title"] for q in greeting["quick_replies"]][:2] == ["What is a NET?", "Symptoms"]


@pytest.mark.parametrize("headers", [
    {}, {"X-Hub-Signature-256": "sha256=" + "0" * 64},
    # security review L1: the older SHA-1 signature alone is refused, and so is a non-ASCII one
    {"X-Hub-Signature": hub_signature(messenger_event("fb-forged", "what is a NET"), "sha1")},
    {"X-Hub-Signature-256": "sha256=\u00e9" + "0" * 63}])
def test_messenger_rejects_unsigned_and_forged_requests(channel_servers: Servers,
                                                        headers: Dict[str, str]) -> None:
    body = messenger_event("fb-forged", "what is a NET")
    assert post(f"{channel_servers.rasa_url}/webhooks/facebook/webhook", body,
                {"Content-Type": "application/json", **headers}) == 403
    assert stored_events(channel_servers, "fb-forged") == 0


def test_messenger_webhook_verification(channel_servers: Servers) -> None:
    url = f"{channel_servers.rasa_url}/webhooks/facebook/webhook?hub.mode=subscribe"
    with urllib.request.urlopen(f"{url}&hub.verify_token=fb-verify&hub.challenge=42") as reply:
        assert reply.read() == b"42"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{url}&hub.verify_token=guess&hub.challenge=42")
    assert refused.value.code == 403


# --- Twilio SMS and WhatsApp ------------------------------------------------------------------

def twilio_post(servers: Servers, channel: str, sender: str, text: str,
                signed_url: str | None = None, token: str = SECRETS["TWILIO_AUTH_TOKEN"]) -> int:
    path = f"/webhooks/{channel}/webhook"
    params = {"MessageSid": "SM1", "AccountSid": SECRETS["TWILIO_ACCOUNT_SID"], "From": sender,
              "To": SECRETS["TWILIO_SMS_NUMBER"], "Body": text, "NumMedia": "0"}
    signature = RequestValidator(token).compute_signature(signed_url or PUBLIC_URL + path, params)
    return post(servers.rasa_url + path, urllib.parse.urlencode(params).encode(),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "X-Twilio-Signature": signature})


def sms_to(fake_apis: FakeApis, recipient: str, count: int = 1) -> List[Dict[str, str]]:
    return [c.form() for c in fake_apis.wait_for(
        lambda c: c.path.endswith("/Messages.json") and c.form().get("To") == recipient, count)]


def test_sms_numbers_the_options_and_a_number_selects_one(channel_servers: Servers,
                                                          fake_apis: FakeApis) -> None:
    sender = "+15557000001"
    assert twilio_post(channel_servers, "twilio", sender, "hello") == 204
    greeting = sms_to(fake_apis, sender)
    assert greeting[0]["From"] == SECRETS["TWILIO_SMS_NUMBER"]
    assert fake_apis.calls[-1].path.startswith(
        f"/twilio/2010-04-01/Accounts/{SECRETS['TWILIO_ACCOUNT_SID']}/")
    last = greeting[-1]["Body"]
    assert "Reply with a number:\n1. What is a NET?\n2. Symptoms\n3. Treatment" in last
    assert "/ask_" not in last  # no payloads in the text
    assert twilio_post(channel_servers, "twilio", sender, "2") == 204
    replies = sms_to(fake_apis, sender, len(greeting) + 1)[len(greeting):]
    assert "Many NETs cause no symptoms at first" in " ".join(r["Body"] for r in replies)


def test_sms_check_is_numbered_and_1_escalates(channel_servers: Servers,
                                             fake_apis: FakeApis) -> None:
    sender = "+15557000009"
    assert twilio_post(channel_servers, "twilio", sender, "i feel a bit breathless") == 204
    check = sms_to(fake_apis, sender)
    assert "1. Yes \u2013 I need help now\n2. No" in check[-1]["Body"]
    assert twilio_post(channel_servers, "twilio", sender, "1") == 204
    replies = sms_to(fake_apis, sender, len(check) + 1)[len(check):]
    assert "medical emergency" in replies[0]["Body"] and "911" in replies[0]["Body"]


def test_sms_conversation_is_stored_under_a_pseudonym_and_can_be_forgotten(
        channel_servers: Servers, fake_apis: FakeApis) -> None:
    sender = "+15557000004"
    conversation_id = pseudonym(SECRETS["NET_PSEUDONYM_KEY"], sender)
    assert twilio_post(channel_servers, "twilio", sender, "what is a neuroendocrine tumor?") == 204
    answer = " ".join(r["Body"] for r in sms_to(fake_apis, sender))
    assert "A neuroendocrine tumor (NET) is" in answer and "*" not in answer
    assert stored_events(channel_servers, conversation_id) > 0
    assert stored_mentions(channel_servers, "5557000004") == 0  # not as id, text or metadata
    sent = len(sms_to(fake_apis, sender))
    assert twilio_post(channel_servers, "twilio", sender, "forget me") == 204
    forgotten = sms_to(fake_apis, sender, sent + 1)[sent:]
    assert "I have deleted this conversation" in " ".join(r["Body"] for r in forgotten)
    assert stored_events(channel_servers, conversation_id) == 0


def test_whatsapp_emergency_keeps_the_number_in_plain_text(channel_servers: Servers,
                                                           fake_apis: FakeApis) -> None:
    sender = "whatsapp:+15557000002"
    conversation_id = pseudonym(SECRETS["NET_PSEUDONYM_KEY"], sender)
    before = escalations(conversation_id), escalations(sender)  # the store outlives test runs
    assert twilio_post(channel_servers, "whatsapp", sender,
                       "my husband collapsed and he wont wake up") == 204
    replies = sms_to(fake_apis, sender, 2)
    assert {r["From"] for r in replies} == {"whatsapp:" + SECRETS["TWILIO_WHATSAPP_NUMBER"]}
    assert "medical emergency" in replies[0]["Body"] and "911" in replies[0]["Body"]
    assert any("Call 911 now" in r["Body"] for r in replies)
    assert escalations(conversation_id) > before[0] and escalations(sender) == before[1]
    assert stored_events(channel_servers, conversation_id) > 0
    assert stored_mentions(channel_servers, "5557000002") == 0


def test_whatsapp_shows_bold_as_whatsapp_does(channel_servers: Servers,
                                              fake_apis: FakeApis) -> None:
    sender = "whatsapp:+15557000005"
    assert twilio_post(channel_servers, "whatsapp", sender,
                       "what is a neuroendocrine tumor?") == 204
    answer = " ".join(r["Body"] for r in sms_to(fake_apis, sender))
    assert "A *neuroendocrine tumor (NET)* is" in answer and "**" not in answer


@pytest.mark.parametrize("case", ["wrong token", "server's own URL", "unsigned"])
def test_twilio_rejects_unsigned_and_forged_requests(channel_servers: Servers,
                                                     case: str) -> None:
    sender = "+15557000003"
    if case == "unsigned":
        status = post(f"{channel_servers.rasa_url}/webhooks/twilio/webhook",
                      urllib.parse.urlencode({"From": sender, "Body": "hi"}).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded"})
    elif case == "wrong token":
        status = twilio_post(channel_servers, "twilio", sender, "hi", token="guessed")
    else:  # signed for the URL the server sees, not the public one Twilio calls
        status = twilio_post(channel_servers, "twilio", sender, "hi",
                             signed_url=f"{channel_servers.rasa_url}/webhooks/twilio/webhook")
    assert status == 403
    assert stored_events(channel_servers, pseudonym(SECRETS["NET_PSEUDONYM_KEY"], sender)) == 0
