"""`make shell` (scripts/serve --shell) driven in a real terminal with pexpect."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pexpect
import pytest

from bot.content.store import ContentStore
from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.e2e
UP, ENTER = "\x1b[A", "\r"


def fragment(text: str, count: int = 5) -> str:
    """The first words of the first sentence without markup, as the terminal shows them."""
    sentences = re.split(r"(?<=[.!?:])\s+", text)
    plain = next(s for s in sentences if "*" not in s and "\n" not in s.strip())
    return " ".join(plain.split()[:count])


def listening_on(port: int) -> set[str]:
    """The IPv4/IPv6 addresses (hex, as /proc/net/tcp* writes them) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, _, hex_port = local.rpartition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_shell_answers_follows_up_escalates_and_exits(tmp_path: Path) -> None:
    answer = ContentStore().answer_for_intent("ask_what_is_net")
    assert answer is not None and answer.more
    rasa_port = free_port()
    env = {**os.environ, "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(free_port()),
           "RASA_TELEMETRY_ENABLED": "false"}
    shell = pexpect.spawn("scripts/serve", ["--shell"], cwd=str(ROOT), env=env,
                          encoding="utf-8", timeout=180, dimensions=(50, 250),
                          logfile=(tmp_path / "shell.log").open("w"))
    try:
        shell.expect("Your input ->")
        # security review L7: the shell's REST endpoint is on 127.0.0.1 only, not 0.0.0.0
        assert listening_on(rasa_port) == {"0100007F"}
        shell.sendline("what is a neuroendocrine tumor?")
        shell.expect(re.escape(fragment(answer.text)))
        shell.expect("Sources:")
        shell.expect("Tell me more")
        shell.send(ENTER)  # the first quick reply: Tell me more
        shell.expect(re.escape(fragment(answer.more)))
        shell.expect("Type out your own message")
        shell.send(UP + ENTER)  # the last choice: free text
        shell.expect("Your input ->")
        shell.sendline("my dad collapsed and he wont wake up")
        shell.expect("emergency")
        shell.expect("Your input ->")
        # the one-tap check, answered by typing "yes" (the free-text choice under the buttons)
        shell.sendline("i feel a bit breathless")
        shell.expect("Is this happening now")
        shell.expect("Type out your own message")
        shell.send(UP + ENTER)
        shell.expect("Your input ->")
        shell.sendline("yes")
        shell.expect("This could be a medical emergency")
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)
