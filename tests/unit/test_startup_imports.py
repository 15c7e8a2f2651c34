"""What the kiosk loads before its welcome is ready, and what it leaves for
the first login. Not a timing test (those are in ``benchmarks/``): a guard
that the heavy or unneeded modules stay out of the start-up path, checked in
a fresh interpreter that runs the real ``skapa kiosk`` command headless to
the welcome screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LATER = ("tinydb", "hashlib", "hmac", "secrets", "transitions", "babel", "csv",
         "skapa_tui.engine", "skapa_tui.logic.visit", "skapa_tui.storage.export",
         "skapa_tui.storage.participants", "skapa_tui.storage.supervisors", "skapa_tui.storage.documents",
         "skapa_tui.storage.pins", "skapa_tui.domain.history", "skapa_tui.domain.plan",
         "skapa_tui.domain.guide", "skapa_tui.ui.screens.dialog")
"""Needed at the first login (or never by the kiosk), not for the welcome."""

DRIVER = """
import json, sys
from textual.app import App

from skapa_tui import cli
from skapa_tui.cli import apps
from skapa_tui.ui.kiosk_app import KioskApp

def on_ready(app):
    # Read here, in the process that shows the welcome (the kiosk's keeper
    # runs the app in a child process of its own).
    later = sys.argv[3:]
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in later or m in later
                    or any(m.startswith(p + ".") for p in later))
    print("LOADED", json.dumps(loaded), flush=True)
    app.exit(0)

KioskApp.on_ready = on_ready
real_run = App.run
App.run = lambda self, **kw: real_run(self, headless=True, size=(80, 24))
apps.sys = type(sys)("sys")
apps.sys.__dict__.update(sys.__dict__)
class Terminal:
    def __init__(self, stream):
        self.stream = stream
    def isatty(self):
        return True
    def __getattr__(self, name):
        return getattr(self.stream, name)
apps.sys.stdin, apps.sys.stdout = Terminal(sys.stdin), Terminal(sys.stdout)
code = cli.main(["kiosk", "--data", sys.argv[1], "--lang", sys.argv[2]])
print("CODE", code)
"""


def test_the_welcome_is_ready_without_what_only_a_login_needs(tmp_path: Path):
    from skapa_tui import i18n
    from skapa_tui.resources import locales_dir

    # Babel reads a .po only where its compiled .mo is missing or older
    # (a checkout between `make update-catalogs` and `make catalogs`).
    stale = [lang for lang in i18n.languages() if i18n._compiled(lang, locales_dir()) is None]
    assert not stale, f"compile the catalogs first (make catalogs): {stale}"
    # a language other than the default, as a kiosk started with --lang
    lang = next(lang for lang in i18n.languages() if lang != i18n.DEFAULT_LANGUAGE)
    from skapa_tui.storage import Store

    Store(tmp_path / "data")  # the kiosk opens a data folder that exists; it never makes one
    done = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path / "data"), lang, *LATER],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "CODE 0" in lines, done.stdout
    line = next(each for each in lines if each.startswith("LOADED "))
    loaded = json.loads(line.removeprefix("LOADED "))
    assert loaded == [], f"loaded before the first login: {loaded}"
