"""The browser tests: ``skapa serve`` in a real Chromium, driven by Playwright.

Chromium is the system's (Debian's ``chromium`` package), never one that
Playwright downloads. Without it (or without the playwright package) every
test here is skipped, and the run's summary says in one line how to get it.

Every test gets:

- `served`: starts the real ``skapa serve`` (``--port 0``) and reads its
  address from what it prints; at the end stops it with SIGTERM and checks
  that it exits 0 and leaves no session process behind;
- `browser`: a fresh browser context (as a new private window: no cookies,
  storage or cache from another test) that records every request the pages
  make and every console error: a request to anywhere but 127.0.0.1, or an
  error in a page's console, fails the test.

One Chromium serves all the tests of a module (`chromium`): starting
Playwright's driver and Chromium for each test cost about a second of CPU
each time, and a context keeps the tests apart as well as a profile did. Not
one for the whole session: Playwright's synchronous API keeps an event loop
running in the thread while it is started, and the suite's asyncio tests,
when one process runs them after a browser module, cannot start their own.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import _clean_env, skapa_command
from ..functional.serve_helpers import session_pids

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOW = ("install Chromium to run them: apt-get install -y chromium (Debian, Ubuntu), "
       "or set SKAPA_CHROMIUM to a Chromium or Chrome")
HERE = Path(__file__).resolve().parent


def chromium_path() -> str | None:
    return (os.environ.get("SKAPA_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def _missing() -> str | None:
    if chromium_path() is None:
        return "no Chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no playwright (pip install -e '.[test]')"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    if MISSING is None:
        return
    skip = pytest.mark.skip(reason=f"{MISSING}: {HOW}")
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if MISSING is not None and terminalreporter.stats.get("skipped"):
        terminalreporter.write_line(f"The browser tests (tests/browser) were skipped: {MISSING}; {HOW}.")


# ---- the server ------------------------------------------------------------------------


class Served:
    """A running ``skapa serve``."""

    def __init__(self, process: subprocess.Popen, url: str, data: Path, output: list[str]):
        self.process = process
        self.url = url
        self.data = data
        self.output = output

    def sessions(self) -> list[int]:
        """The ids of the session processes this server started that are still there."""
        return session_pids(self.data)

    def stop(self, timeout: float = 15) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code


def start_server(tmp_path: Path, mode: str, data: Path, *args: str, lang: str = "sv",
                 port: int = 0) -> Served:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = _clean_env(home, lang)
    process = subprocess.Popen([*skapa_command(), "serve", mode, "--data", str(data), "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               cwd=tmp_path)
    output: list[str] = []
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line.rstrip("\n"))
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            os.set_blocking(process.stdout.fileno(), False)
            return Served(process, found.group(0), data, output)
    process.kill()
    raise AssertionError("skapa serve did not say where it listens:\n" + "\n".join(output))


@pytest.fixture
def served(tmp_path):
    """``served(mode, data, *args, lang=...)``: a running ``skapa serve``; stopped and checked at the end."""
    started: list[Served] = []

    def start(mode: str, data: Path, *args: str, lang: str = "sv", port: int = 0) -> Served:
        server = start_server(tmp_path, mode, data, *args, lang=lang, port=port)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            assert server.stop() == 0, "skapa serve did not stop cleanly on SIGTERM"
        deadline = time.monotonic() + 10
        while server.sessions() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.sessions() == [], "a session process outlived its server"


# ---- the browser ------------------------------------------------------------------------


class Browser:
    """A fresh Chromium context; every request and console error recorded."""

    def __init__(self, context):
        self.context = context
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.expected: list[str] = []
        """Parts of console errors a test expects (a server it stopped refuses the page's tries)."""
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._page)

    def _page(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("websocket", lambda socket: self.requests.append(socket.url))

    def page(self, **options):
        page = self.context.new_page(**options)
        return page

    def unexpected_errors(self) -> list[str]:
        return [error for error in self.errors if not any(part in error for part in self.expected)]

    def outside(self) -> list[str]:
        """Every request that went anywhere but 127.0.0.1."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture(scope="module")
def chromium():
    """Playwright's driver and one Chromium, for the module's tests."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        engine = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield engine
        engine.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser(chromium):
    """``browser(locale="sv-SE", **context_options)``: a fresh context of the module's Chromium."""
    opened: list[Browser] = []

    def launch(locale: str = "sv-SE", **options) -> Browser:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        found = Browser(chromium.new_context(locale=locale, accept_downloads=True, **options))
        opened.append(found)
        return found

    try:
        yield launch
        for found in opened:
            assert found.outside() == [], f"a page reached outside 127.0.0.1: {found.outside()}"
            assert found.unexpected_errors() == [], f"errors in a page's console: {found.errors}"
    finally:
        for found in opened:
            try:
                found.context.close()
            except Exception:  # noqa: BLE001 - already gone with the test's failure
                pass
