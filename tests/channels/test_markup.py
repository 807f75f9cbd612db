"""The content's **bold** as each messaging app shows it."""

from __future__ import annotations

import pytest

from bot.channels.markup import plain, slack, starred, telegram_html

TEXT = "A **neuroendocrine tumor (NET)** is a growth.\n- **Insulin:** low sugar & <1 cm"


def test_sms_and_messenger_get_plain_text() -> None:
    assert plain(TEXT) == "A neuroendocrine tumor (NET) is a growth.\n- Insulin: low sugar & <1 cm"


def test_whatsapp_gets_single_asterisks() -> None:
    assert starred(TEXT) == ("A *neuroendocrine tumor (NET)* is a growth.\n"
                             "- *Insulin:* low sugar & <1 cm")


def test_slack_gets_mrkdwn_with_its_three_characters_escaped() -> None:
    assert slack(TEXT) == ("A *neuroendocrine tumor (NET)* is a growth.\n"
                           "- *Insulin:* low sugar &amp; &lt;1 cm")


def test_telegram_gets_html_with_everything_else_escaped() -> None:
    assert telegram_html(TEXT) == ("A <b>neuroendocrine tumor (NET)</b> is a growth.\n"
                                   "- <b>Insulin:</b> low sugar &amp; &lt;1 cm")
    assert telegram_html("<b>not a tag</b>") == "&lt;b&gt;not a tag&lt;/b&gt;"


@pytest.mark.parametrize("text", ["2 * 3 = 6", "** not bold **", "**\nacross lines**",
                                  "a lone ** pair"])
def test_what_is_not_bold_is_left_alone(text: str) -> None:
    assert plain(text) == text and starred(text) == text


LINKED = "Sources: [Mayo Clinic, 2024](https://www.mayoclinic.org/a?b=1&c=2) · [NCI](https://www.cancer.gov/x)"


def test_links_become_each_apps_links() -> None:
    assert plain(LINKED) == ("Sources: Mayo Clinic, 2024 (https://www.mayoclinic.org/a?b=1&c=2)"
                             " · NCI (https://www.cancer.gov/x)")
    assert starred(LINKED) == plain(LINKED)
    assert slack(LINKED) == ("Sources: <https://www.mayoclinic.org/a?b=1&c=2|Mayo Clinic, 2024>"
                             " · <https://www.cancer.gov/x|NCI>")
    assert telegram_html(LINKED) == (
        'Sources: <a href="https://www.mayoclinic.org/a?b=1&amp;c=2">Mayo Clinic, 2024</a>'
        ' · <a href="https://www.cancer.gov/x">NCI</a>')


@pytest.mark.parametrize("text", ["[label](http://plain.example/x)", "[label](javascript:alert(1))",
                                  "[a\nb](https://x.example)"])
def test_only_https_links_on_one_line_are_links(text: str) -> None:
    assert plain(text) == text
    assert "<a " not in telegram_html(text) and "|" not in slack(text)
