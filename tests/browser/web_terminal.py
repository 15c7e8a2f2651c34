"""A page of ``skapa serve`` in a real Chromium, read as a person sees it.

`WebTerminal` follows the page's websocket (Playwright reports every frame
it receives and sends) and feeds what the app writes to pyte, a terminal
emulator of the size the page asked for, so a test reads the screen as rows
of text, as it does in a real terminal (`tests.functional.pty_terminal`).
The keys go through Chromium (`Page.keyboard`) as a person types them: into
the page, then xterm.js, then the websocket.

A new websocket (the page loaded again, a fresh session) starts a fresh
screen. `ended_text` is what the page says over the terminal when the
session has ended.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pyte


class WebTerminal:
    FRAMES = re.compile("[\u2500-\u259f]")

    def __init__(self, page):
        self.page = page
        self.sockets = 0
        """Websockets the page has opened (one a session)."""
        self.closed = 0
        self.received: list[float] = []
        """When each frame of the app's output came (time.perf_counter)."""
        self.size = (80, 24)
        self.screen = pyte.Screen(*self.size)
        self.stream = pyte.ByteStream(self.screen)
        page.on("websocket", self._socket)

    # ---- the page's websocket
    def _socket(self, socket) -> None:
        query = parse_qs(urlsplit(socket.url).query)
        self.size = (int(query.get("width", ["80"])[0]), int(query.get("height", ["24"])[0]))
        self.screen = pyte.Screen(*self.size)
        self.stream = pyte.ByteStream(self.screen)
        self.sockets += 1
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)
        socket.on("close", self._closed)

    def _received(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.received.append(time.perf_counter())
            try:
                self.stream.feed(bytes(payload))
            except Exception:  # pyte does not know a sequence: the screen stays readable
                pass

    def _sent(self, payload) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.size = (size["width"], size["height"])
            self.screen.resize(size["height"], size["width"])

    def _closed(self, _socket) -> None:
        self.closed += 1

    # ---- reading the screen
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def flat(self) -> str:
        return " ".join(self.FRAMES.sub(" ", self.text()).split())

    def shows(self, text: str) -> bool:
        return " ".join(text.split()) in self.flat()

    def wait_until(self, condition: Callable[[], object], what: str = "", timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}; the screen:\n{self.text()}"
                                     f"\nthe page says: {self.ended_text()!r}")
            self.page.wait_for_timeout(20)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        self.wait_until(lambda: self.shows(text), repr(text), timeout)

    def ended_text(self) -> str:
        """What the page says over the terminal after the session ended ("" while it goes on)."""
        return self.page.evaluate(
            "() => { const e = document.getElementById('skapa-ended');"
            " return e && !e.hidden ? e.innerText : ''; }")

    # ---- keys
    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=20)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(20)
