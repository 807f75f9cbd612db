"""The website widget in real headless Chromium (Debian's) against the real Rasa servers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import urlsplit

import pytest

from tests.conftest import service_missing
from tests.e2e.conftest import ROOT, Servers, free_port, start, stop, wait_until_ready

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDGET = ROOT / "build" / "widget"
AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
TIMEOUT_MS = 60_000
EMERGENCY = "my legs are swollen and I suddenly can't breathe"

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture(scope="module")
def demo_url(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo page, served like `make run` does, from the origin the Rasa server allows."""
    if not (WIDGET / "net-assistant.js").exists() or not AXE.exists():
        pytest.fail("the widget is not built: run `make widget` first (make test-e2e does)")
    port = str(urlsplit(servers.widget_origin).port)
    log = tmp_path_factory.mktemp("widget") / "static.log"
    server = start([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                    str(WIDGET), port], log, dict(os.environ))
    try:
        wait_until_ready(f"{servers.widget_origin}/net-assistant.js", server, 30)
        yield f"{servers.widget_origin}/demo.html?server={servers.rasa_url}"
    finally:
        stop(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        service_missing("chromium", FileNotFoundError(f"{CHROMIUM} (apt-get install chromium)"))
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def axe_violations(page: Any) -> List[Dict[str, Any]]:
    """Serious and critical axe-core violations on the page, the widget's shadow DOM included."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-{name}.png"))


def test_widget_conversation_on_desktop(browser: Any, demo_url: str) -> None:
    expect.set_options(timeout=TIMEOUT_MS)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_url)
    launcher = page.get_by_role("button", name="Questions about NETs?")
    message_box = page.get_by_label("Your message")

    # keyboard: Tab reaches the launcher, Enter opens the panel and focuses the input
    page.keyboard.press("Tab")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(message_box).to_be_focused()

    # greeting on open, with quick replies
    greeting = page.locator(".msg.bot").first
    expect(greeting).to_contain_text("a computer program, not a doctor")
    expect(page.get_by_role("group", name="Suggested replies")).to_have_count(1)

    # a question and its answer, with bold text and a source link
    message_box.fill("what is a neuroendocrine tumor?")
    message_box.press("Enter")
    expect(page.locator(".msg.user")).to_have_text(["You: what is a neuroendocrine tumor?"])
    expect(page.locator(".msg.bot strong", has_text="neuroendocrine tumor")).to_be_visible()
    expect(page.locator(".msg.bot a[href^='https://']").first).to_be_visible()
    shot(page, "answer")

    # a quick reply: it is sent, and every quick reply disappears once one is used
    more = page.get_by_role("button", name="Tell me more")
    more.click()
    expect(page.locator(".msg.user").last).to_have_text("You: Tell me more")
    expect(page.get_by_role("button", name="What is a NET?")).to_have_count(0)
    expect(page.locator(".msg.bot", has_text="Sources:")).to_have_count(2)  # the answer's, more's

    # an emergency: distinct styling, an assertive announcement, tappable phone numbers
    message_box.fill(EMERGENCY)
    message_box.press("Enter")
    emergency = page.locator(".msg.emergency")
    expect(emergency.first).to_contain_text("This could be a medical emergency")
    expect(emergency.nth(1)).to_contain_text("Call 911 now")
    assert emergency.first.evaluate("e => getComputedStyle(e).borderLeftWidth") == "8px"
    assertive = page.locator("[aria-live='assertive']")
    expect(assertive).to_contain_text("This could be a medical emergency")
    expect(assertive).to_contain_text("Call 911 now")
    expect(emergency.first.locator("a[href='tel:911']")).to_have_text("911")
    expect(emergency.nth(1).locator("a[href='tel:911']")).to_be_visible()
    shot(page, "emergency")
    assert axe_violations(page) == []

    # a reload keeps the conversation (same session), with the emergency still marked
    texts = page.locator(".msg").all_inner_texts()
    session = page.evaluate("Object.values({...localStorage})[0]")
    page.reload()
    expect(page.locator(".msg")).to_have_count(len(texts))
    assert page.locator(".msg").all_inner_texts() == texts
    expect(page.locator(".msg.emergency").first).to_be_visible()
    assert page.evaluate("Object.values({...localStorage})[0]") == session

    # the conversation goes on in the same session after the reload
    message_box.fill("what are the symptoms?")
    message_box.press("Enter")
    expect(page.locator(".msg.bot", has_text="Sources:")).to_have_count(3)

    # clear: a new session starts with a fresh greeting; Escape closes, focus goes to the launcher
    page.get_by_role("button", name="Clear conversation").click()
    expect(message_box).to_be_focused()
    expect(page.locator(".msg")).to_have_count(1)
    expect(page.locator(".msg.bot").first).to_contain_text("a computer program, not a doctor")
    assert page.evaluate("Object.values({...localStorage})[0]") != session
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.close()


def test_widget_on_a_phone_is_full_screen_and_accessible(browser: Any, demo_url: str) -> None:
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(demo_url)
    page.get_by_role("button", name="Questions about NETs?").tap()
    expect(page.locator(".msg.bot").first).to_contain_text("a computer program, not a doctor")
    box = page.get_by_role("dialog").bounding_box()
    assert box == {"x": 0, "y": 0, "width": 390, "height": 844}
    page.get_by_label("Your message").fill(EMERGENCY)
    page.get_by_role("button", name="Send").tap()
    expect(page.locator(".msg.emergency a[href='tel:911']").first).to_be_visible()
    shot(page, "mobile")
    assert axe_violations(page) == []
    context.close()



def test_widget_check_yes_button_gives_the_emergency_message(browser: Any, demo_url: str) -> None:
    """The one-tap check in the browser: the Yes button sends the emergency message."""
    expect.set_options(timeout=TIMEOUT_MS)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_url)
    page.get_by_role("button", name="Questions about NETs?").click()
    expect(page.locator(".msg.bot").first).to_contain_text("a computer program, not a doctor")
    box = page.get_by_label("Your message")
    box.fill("i feel a bit breathless")
    box.press("Enter")
    expect(page.locator(".msg.bot", has_text="Is this happening now")).to_be_visible()
    yes = page.get_by_role("button", name="Yes \u2013 I need help now")
    expect(page.get_by_role("button", name="No", exact=True)).to_be_visible()
    shot(page, "check")
    assert axe_violations(page) == []
    yes.click()
    emergency = page.locator(".msg.emergency").first
    expect(emergency).to_contain_text("This could be a medical emergency")
    expect(page.locator("[aria-live='assertive']")).to_contain_text("medical emergency")
    shot(page, "check-yes")
    page.close()


CLINIC_PAGE = """<!doctype html><html lang="en"><head><title>Clinic</title></head><body>
<main><h1>A clinic's page</h1></main>
<script>window.NetAssistantConfig = {serverUrl: "http://127.0.0.1:%d", title: "Clinic X help",
  colors: {primary: "#6a1b9a"}, replyTimeoutMs: 1500};</script>
<script src="/net-assistant.js"></script></body></html>"""


def test_embedding_config_and_a_server_that_does_not_answer(browser: Any) -> None:
    """One script tag and a config object; no server: a clear notice, no HTML from the input."""
    if not (WIDGET / "net-assistant.js").exists():
        pytest.fail("the widget is not built: run `make widget` first (make test-e2e does)")
    page = browser.new_page()
    page.route("http://clinic.test/", lambda route: route.fulfill(
        body=CLINIC_PAGE % free_port(), content_type="text/html"))
    page.route("http://clinic.test/net-assistant.js",
               lambda route: route.fulfill(path=str(WIDGET / "net-assistant.js")))
    page.goto("http://clinic.test/")
    launcher = page.get_by_role("button", name="Questions about NETs?")
    assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(106, 27, 154)"
    launcher.click()
    expect(page.get_by_role("heading", name="Clinic X help")).to_be_visible()
    box = page.get_by_label("Your message")
    box.fill('<img src=x onerror="window.pwned = 1"> **not bold**')
    box.press("Enter")
    expect(page.locator(".msg.user")).to_have_text(
        ['You: <img src=x onerror="window.pwned = 1"> **not bold**'])
    expect(page.locator(".msg.notice").first).to_contain_text("not answering right now",
                                                      timeout=10_000)
    assert page.locator(".msg img, .msg strong").count() == 0
    assert page.evaluate("window.pwned") is None
    page.close()
