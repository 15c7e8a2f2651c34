"""Keys typed faster than the app reads them: the code (or ID), Enter or Tab,
and the PIN (or passphrase) come as one burst, as from a fast typist or a
terminal that sends them together. Each key must land in the field the keys
before it chose: the PIN's digits never in the code field, where they would
be seen in clear. The keys are handed to the app all at once, as its terminal
driver does, and only then does the test wait."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from . import desk_helpers as desk
from . import kiosk_helpers as kiosk
from .kiosk_helpers import wait_for


def burst(app, keys: list[str]) -> None:
    """Every key into the app's queue at once, as the driver reads a burst."""
    names = {"\t": "tab", "\r": "enter"}
    for key in keys:
        name = names.get(key, key)
        app._driver.send_message(events.Key(name, key if len(key) == 1 else None))


@pytest.mark.parametrize("between", ["\r", "\t"], ids=["enter", "tab"])
async def test_a_code_and_pin_typed_in_one_burst_log_in_at_the_kiosk(tmp_path, between):
    app = kiosk.make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "code", "the code field")
        burst(app, [*kiosk.CODE, between, *kiosk.PIN, "\r"])
        await kiosk.wait_for_question(pilot)
        assert app.visit is not None and app.visit.code == kiosk.CODE


@pytest.mark.parametrize("between", ["\r", "\t"], ids=["enter", "tab"])
async def test_an_id_and_passphrase_typed_in_one_burst_sign_in_at_the_desk(tmp_path, between):
    app = desk.make_app(desk.make_store(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "supervisor-id", "the ID field")
        burst(app, [*desk.ME, between, *desk.MY_PASSPHRASE, "\r"])
        await wait_for(pilot, lambda: desk.screen_name(app) == "CaseloadScreen", "the caseload")
        assert app.account is not None and app.account.id == desk.ME


def field_value(app, field_id: str) -> str:
    return app.screen.query_one(f"#{field_id}", Input).value


@pytest.mark.parametrize("app_kind", ["kiosk", "desk"])
async def test_editing_keys_in_a_burst_act_where_they_were_typed(tmp_path, app_kind):
    """A key the field binds (Backspace, the arrows) used to bubble up to the
    app and act only after the letters typed behind it: "x", Backspace,
    "NOPE-5" left "xNOPE-", and "ab", Left, "c" gave "abc". Every text field
    is a `Field`, which acts on its keys in the order they came."""
    if app_kind == "kiosk":
        app, first = kiosk.make_app(tmp_path / "data"), "code"
    else:
        app, first = desk.make_app(desk.make_store(tmp_path / "data")), "supervisor-id"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == first, "the first field")
        burst(app, ["x", "backspace", *"NOPE-5"])
        await wait_for(pilot, lambda: len(field_value(app, first)) >= 6, "the keys in the field")
        await pilot.pause()
        assert field_value(app, first) == "NOPE-5"
        burst(app, ["end", "backspace", "backspace", "left", "home", "delete", "right", "Z"])
        await wait_for(pilot, lambda: field_value(app, first) != "NOPE-5", "the keys in the field")
        await pilot.pause()
        assert field_value(app, first) == "OZPE"
