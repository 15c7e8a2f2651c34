"""SVG snapshots of the desk's screens that the other snapshot files leave
out, in each language at 80x24 and 120x40: the participant's page, the
form's review, the summary to take home, the take-over and hand-over
modals, the hand-over of the terminal (the participant's chat) and the
lock. Each is reached by keys from the caseload, as a supervisor would.

The sign-in and the caseload are in test_supervisor_snapshots, the
conversation, the form, the paper entry, the plan, the progression and the
leader's report in their own files. Update with ``pytest --snapshot-update``
after a wanted change, and look at the pictures (as PNG) before committing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skapa_tui.domain import reading as reading_module

from .desk_helpers import LANGS, TODAY, make_app, signed_in, wait_for
from .test_supervisor_snapshots import SIZES, caseload_folder

AT = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, tmp_path):
    """The store's today is the desk's, its clock ticks from `AT`; the home
    folder (where the summary is offered) is the same on every machine."""
    ticks = iter(range(10**6))
    monkeypatch.setattr(reading_module, "today", lambda: TODAY)
    monkeypatch.setattr(reading_module, "now", lambda: AT + timedelta(seconds=next(ticks)))
    monkeypatch.setenv("HOME", "/home/anna")


def screen_is(name: str):
    async def reached(pilot) -> None:
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, name)
        await pilot.pause()
    return reached


async def on_page(pilot) -> None:
    await signed_in(pilot)
    await pilot.press("enter")  # the first row: ANNA-7
    await screen_is("ParticipantScreen")(pilot)


def keys_to(*keys: str, screen: str):
    async def run_before(pilot) -> None:
        await on_page(pilot)
        await pilot.press(*keys)
        await screen_is(screen)(pilot)
        await pilot.pause()
    return run_before


SCREENS = {
    "participant_page": keys_to(screen="ParticipantScreen"),
    "summary": keys_to("s", screen="SummarySaveScreen"),
    "hand_over_modal": keys_to("o", screen="HandOverScreen"),
    "form_review": keys_to("f", "ctrl+r", screen="FormReviewScreen"),
    "hand_terminal": keys_to("h", screen="DialogScreen"),
    "lock": keys_to("ctrl+l", screen="LockScreen"),
}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_desk_screen(snap_compare, tmp_path, screen, lang, size):
    app = make_app(caseload_folder(tmp_path / "data"), lang)
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_take_over_modal(snap_compare, tmp_path, lang, size):
    async def run_before(pilot) -> None:
        await signed_in(pilot)
        await pilot.press("ctrl+t")
        await screen_is("TakeOverScreen")(pilot)

    assert snap_compare(make_app(caseload_folder(tmp_path / "data"), lang), terminal_size=size,
                        run_before=run_before)
