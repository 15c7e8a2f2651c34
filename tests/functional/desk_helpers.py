"""Driving the real supervisor app headless on real data folders: wait on conditions, never sleeps."""

from __future__ import annotations

import html
import re
import time
from datetime import date
from pathlib import Path

from textual.widgets import Input

from skapa_tui import i18n
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.supervisor_app import SupervisorApp

from .kiosk_helpers import LANG, LANGS, OTHER, wait_for  # noqa: F401  (re-exported)

ME, MY_PASSPHRASE = "anna", "annas long passphrase"
COLLEAGUE, COLLEAGUE_PASSPHRASE = "bertil", "bertils long passphrase"
TODAY = date(2025, 3, 14)
"""The desk's fixed day: snapshots and warnings do not move with the calendar."""


def t(lang: str, msgid: str, **fields) -> str:
    """``msgid`` as the catalog of ``lang`` says it (English where it is not translated yet)."""
    text = i18n.translation(lang).gettext(msgid)
    return text.format(**fields) if fields else text


def make_store(data: Path, *codes: str) -> Store:
    """A folder with two supervisors; ``codes`` are mine."""
    store = Store(data)
    store.add_supervisor(ME, MY_PASSPHRASE, "Anna Lind")
    store.add_supervisor(COLLEAGUE, COLLEAGUE_PASSPHRASE, "Bertil Ek")
    for code in codes:
        store.add_participant(code, "1234", supervisor=ME)
    return store


def make_app(store: Store, lang: str = LANG, **options) -> SupervisorApp:
    options.setdefault("settle", 0.0)
    options.setdefault("clock", lambda: TODAY)
    return SupervisorApp(store, flow_library(), lang=lang, **options)


def go_idle(app: SupervisorApp) -> None:
    """As if nobody had touched the desk for longer than its lock time."""
    app.last_input = time.monotonic() - app.lock_seconds - 1


def screen_name(app) -> str:
    return type(app.screen).__name__


async def sign_in(pilot, supervisor_id: str = ME, passphrase: str = MY_PASSPHRASE, *, typed: bool = False) -> None:
    """The id, Enter, the passphrase, Enter. ``typed``: key by key, as a person
    at the keyboard does; else each field is filled in at once and Enter
    pressed in it (a key costs a pilot ~90 ms; most tests are not about typing)."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "supervisor-id", "the ID field")
    await enter_in(pilot, supervisor_id, typed=typed)
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase", "the passphrase field")
    await enter_in(pilot, passphrase, typed=typed)


async def enter_in(pilot, text: str, *, typed: bool = False) -> None:
    """``text`` into the focused field, then Enter: typed key by key, or put in at once."""
    if typed:
        await pilot.press(*text, "enter")
        return
    field = pilot.app.focused
    assert isinstance(field, Input), f"no field has the focus: {field!r}"
    field.value = text
    field.cursor_position = len(text)
    await pilot.press("enter")


async def signed_in(pilot) -> None:
    await sign_in(pilot)
    await wait_for(pilot, lambda: screen_name(pilot.app) == "CaseloadScreen", "the caseload")
    await pilot.pause()


def message_of(app) -> str:
    return str(app.screen.query_one("#message").render())


def rendered_text(app) -> str:
    """Every character on the terminal now (from a screenshot), line by line."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3]).replace("\xa0", " ")))
    return "\n".join("".join(text for _x, text in sorted(parts)) for _y, parts in sorted(rows.items()))
