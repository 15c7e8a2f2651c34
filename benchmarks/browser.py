"""The kiosk in a web browser (``skapa serve``): page load to the welcome, and
key press to screen change, in a real Chromium, against a minimal Textual app
served the same way in the same run.

Both apps run under the same server (`skapa_tui.serve.server.Server`, in a
thread of this process) and the same page (skapa's template, its fonts,
textual.js); only the app each tab starts differs: the real kiosk session
(``python -m skapa_tui.serve.session kiosk``) or a minimal Textual app (one
`Static` and an `Input`). So the ratio is what the kiosk itself costs over
Textual's own, in a browser.

The clock is the page's own (``performance.now()``, from the navigation's
start), read by a script the page gets before its own:

- page load: from the navigation's start to the animation frame in which
  the first screen's last texts arrived (the welcome's "Your PIN" and "Log
  in", in Swedish; the minimal app's text), so the page, its files and
  fonts, the websocket, the app's process start and its first paint all
  count. A fresh tab each time (each starts a new app process).
- key press: from a key's ``keydown`` (its event time) to the animation
  frame after the first output from the app after it that writes the letter
  the key typed into the field that has the focus (not a blink of the
  cursor); Backspace then takes the letter away again, unmeasured.

Medians and 95th percentiles are printed. Targets: each median at most 1.5
times the minimal app's. Without Chromium (or the playwright package) the
benchmark says so in one line and is skipped. ``python -m benchmarks.browser
[--runs N] [--keys N]``; `main` returns 0 when the targets are met (or it is
skipped), 1 when not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

TARGET = 1.5
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

MINIMAL = """
from textual.app import App
from textual.widgets import Input, Static

class Minimal(App):
    AUTO_FOCUS = "Input"

    def compose(self):
        yield Static("Welcome to the minimal app")
        yield Input()

Minimal().run()
"""
MINIMAL_SHOWN = ("Welcome to the minimal app",)

WATCH = """
(() => {
    const Native = window.WebSocket;
    const decoder = new TextDecoder();
    window.__frames = [];  // [arrived, painted, text length after it, its text]
    window.__text = "";
    window.__keys = [];
    window.WebSocket = class extends Native {
        constructor(url, protocols) {
            super(url, protocols);
            this.addEventListener("message", (event) => {
                if (typeof event.data === "string") { return; }
                const entry = [performance.now(), null, 0, ""];
                entry[3] = decoder.decode(new Uint8Array(event.data), {stream: true});
                window.__text += entry[3];
                entry[2] = window.__text.length;
                window.__frames.push(entry);
                requestAnimationFrame(() => { entry[1] = performance.now(); });
            });
        }
    };
    window.addEventListener("keydown", (event) => window.__keys.push(event.timeStamp), true);
})();
"""

SHOWN_AT = """
(texts) => {
    let at = 0;
    for (const text of texts) {
        at = window.__text.indexOf(text, at);
        if (at < 0) { return null; }
        at += text.length;
    }
    const entry = window.__frames.find((e) => e[2] >= at);
    return entry && entry[1] !== null ? entry[1] : null;
}
"""

KEY_TO_PAINT = """
(typed) => {
    const pressed = window.__keys[window.__keys.length - 1];
    const entry = window.__frames.find((e) => e[0] > pressed && e[3].includes(typed));
    return entry && entry[1] !== null ? entry[1] - pressed : null;
}
"""


def chromium() -> str | None:
    return os.environ.get("SKAPA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class Servers:
    """The kiosk's server and the minimal app's, in a thread of their own."""

    def __init__(self, data: Path):
        sys.path.insert(0, str(ROOT))
        from skapa_tui.serve.server import Server, Settings

        class Minimal(Server):
            def session_args(self, lang: str, touch: bool) -> list[str]:
                return [sys.executable, "-c", MINIMAL]

        self.loop = asyncio.new_event_loop()
        self.kiosk = Server(Settings(mode="kiosk", data_dir=data, lang="sv", port=0), lambda line: None)
        self.minimal = Minimal(Settings(mode="kiosk", data_dir=data, lang="sv", port=0), lambda line: None)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.urls = [self._run(server.start()) for server in (self.minimal, self.kiosk)]

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def stop(self) -> None:
        for server in (self.minimal, self.kiosk):
            self._run(server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def page_load(context, url: str, shown: tuple[str, ...]) -> float:
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(SHOWN_AT, arg=list(shown), timeout=60_000)
        return page.evaluate(SHOWN_AT, list(shown))
    finally:
        page.close()


def key_presses(context, url: str, shown: tuple[str, ...], keys: int) -> list[float]:
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(SHOWN_AT, arg=list(shown), timeout=60_000)
        for warm in ("A", "Backspace"):  # the first keys give the app its focus
            page.keyboard.press(warm)
            page.wait_for_timeout(300)
        found = []
        for _n in range(keys):
            # A letter typed into the field: the first output after it that writes the
            # letter (not the cursor's blink) changes the screen. Backspace takes it away.
            page.keyboard.press("B")
            page.wait_for_function(KEY_TO_PAINT, arg="B", timeout=30_000)
            found.append(page.evaluate(KEY_TO_PAINT, "B"))
            page.keyboard.press("Backspace")
            page.wait_for_timeout(80)  # the screen settled before the next key
        return found
    finally:
        page.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def measure(runs: int, keys: int) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from skapa_tui import i18n
    from skapa_tui.storage import Store

    kiosk_shown = tuple(i18n.translation("sv").gettext(text) for text in ("Your PIN", "Log in"))
    results: dict[str, dict[str, list[float]]] = {"minimal": {"load": [], "key": []},
                                                  "kiosk": {"load": [], "key": []}}
    with tempfile.TemporaryDirectory(prefix="skapa-bench-") as tmp:
        data = Path(tmp) / "data"
        Store(data).add_participant("AB12", "1234")
        servers = Servers(data)
        try:
            apps = [("minimal", servers.urls[0], MINIMAL_SHOWN), ("kiosk", servers.urls[1], kiosk_shown)]
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(tmp) / "profile"), executable_path=chromium(), headless=True,
                    args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800}, locale="sv-SE")
                context.add_init_script(WATCH)
                try:
                    for _name, url, shown in apps:  # warm up: the file cache, the browser's
                        page_load(context, url, shown)
                    for n in range(runs):
                        for name, url, shown in (apps if n % 2 == 0 else apps[::-1]):
                            results[name]["load"].append(page_load(context, url, shown))
                    for name, url, shown in apps:
                        results[name]["key"] = key_presses(context, url, shown, keys)
                finally:
                    context.close()
        finally:
            servers.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="page loads of each app (default: 11)")
    parser.add_argument("--keys", type=int, default=40, help="key presses in each app (default: 40)")
    args = parser.parse_args(argv)
    if chromium() is None:
        print("skipped: no Chromium (apt-get install -y chromium, or set SKAPA_CHROMIUM)")
        return 0
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("skipped: no playwright (pip install -e '.[test]')")
        return 0
    results = measure(max(1, args.runs), max(2, args.keys))
    met = True
    print(f"skapa serve kiosk in Chromium, beside a minimal Textual app served the same way "
          f"({len(results['kiosk']['load'])} page loads, {len(results['kiosk']['key'])} key presses each):")
    print("                                     median       p95")
    for what, label in (("load", "page load to the first screen"), ("key", "key press to screen change")):
        base = results["minimal"][what]
        mine = results["kiosk"][what]
        print(f"  {label}")
        print(f"    minimal Textual app         {statistics.median(base):7.0f} ms {p95(base):7.0f} ms")
        print(f"    skapa kiosk                 {statistics.median(mine):7.0f} ms {p95(mine):7.0f} ms")
        ratio = statistics.median(mine) / statistics.median(base)
        ok = ratio <= TARGET
        met = met and ok
        print(f"    ratio                       {ratio:7.2f}x             (target, median <= {TARGET}x: "
              f"{'met' if ok else 'NOT met'})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
