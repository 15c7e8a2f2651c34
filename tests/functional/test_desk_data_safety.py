"""The desk while other processes change the data folder under it (issue 11):
a participant taken over by another desk while their page is open, a file
that cannot be read, the supervisors' folder removed; and a random walk of
keys with a second Store (another desk, as in another process) changing
assignments, erasing and damaging files between the keys.

The desk must never end: every action on a participant checks, when it is
done, that they are still the supervisor's and says so in words."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, given, note, seed, settings
from hypothesis import strategies as st
from textual.widgets import DataTable

from skapa_tui.domain.indicators import SUPERVISOR
from skapa_tui.logic.desk import NotInCaseload
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.screens.caseload import CaseloadScreen
from skapa_tui.ui.screens.form import FormScreen
from skapa_tui.ui.screens.participant import ParticipantScreen
from tests.no_access import can_deny, make_unreadable, no_permission_here

from .desk_helpers import COLLEAGUE, LANG, ME, MY_PASSPHRASE, make_store, signed_in, t, wait_for
from .desk_helpers import make_app as _make_app

TODAY = date.today()
"""The store dates readings by the real day: the desk's day is the real one too."""
PAGE_KEYS = "fpchaoxgs"
"""Every key of the participant's page that acts on the participant."""


def make_app(store, **options):
    options.setdefault("poll_seconds", 0.05)
    return _make_app(store, LANG, clock=lambda: TODAY, **options)


def not_mine(code: str) -> str:
    return t(LANG, NotInCaseload.message, code=code)


def said(app, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def with_a_sent_reading(store: Store, code: str) -> None:
    flow = flow_library().current("supervisor")
    reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=SUPERVISOR, rater=ME,
                                  entry="live", entered_by=ME, meeting_date=TODAY, lang=LANG)
    from skapa_tui.domain.reading import Answer, now

    question = flow.questions[0]
    store.save_answer(code, reading.id, Answer(question.id, question.indicator, 3, now()), None)
    store.complete_reading(code, reading.id)


async def open_page(pilot, code: str) -> ParticipantScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.shown, "the rows")
    codes = [r.code for r in app.screen.shown]
    app.screen.query_one(DataTable).move_cursor(row=codes.index(code))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.history is not None,
                   "the participant's page")
    return app.screen


# -- 3. a page that is no longer mine ------------------------------------------------------------

async def test_every_key_of_a_page_taken_over_meanwhile_says_so(tmp_path):
    store = make_store(tmp_path / "data", "AB12", "CD34")
    with_a_sent_reading(store, "AB12")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        page = await open_page(pilot, "AB12")
        Store(store.root).assign("AB12", COLLEAGUE, by=COLLEAGUE)  # desk B, another process
        for key in PAGE_KEYS:
            app.clear_notifications()
            await pilot.press(key)
            await wait_for(pilot, lambda: said(app, not_mine("AB12")), f"what {key!r} says")
            assert app.screen is page, key  # nothing of the participant opened
        assert app.crash is None and app.is_running
    assert app.crash is None


async def test_an_answer_on_a_form_taken_over_meanwhile_is_refused_in_words(tmp_path):
    store = make_store(tmp_path / "data", "AB12")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot, "AB12")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        visit = app.screen.visit
        await wait_for(pilot, lambda: visit.dialog._shown is not None, "a question")
        Store(store.root).assign("AB12", COLLEAGUE, by=COLLEAGUE)
        await pilot.press("3")
        await wait_for(pilot, lambda: said(app, not_mine("AB12")), "the refusal")
        assert app.crash is None and isinstance(app.screen, FormScreen)
    assert all(not r.answers for r in store.history("AB12").readings)  # nothing stored after the take-over


# -- 2. a file that cannot be read, a folder gone ------------------------------------------------------

async def test_a_file_that_cannot_be_read_is_named_under_the_table_and_comes_back(tmp_path):
    if not can_deny():
        pytest.skip("cannot take read permission away here")
    store = make_store(tmp_path / "data", "AB12", "CD34", "EF56")
    path = store.path_of("CD34")
    make_unreadable(path)
    app = make_app(store)
    with no_permission_here():
        async with app.run_test(size=(120, 40)) as pilot:
            await signed_in(pilot)
            screen = app.screen
            await wait_for(pilot, lambda: [r.code for r in screen.shown] == ["AB12", "EF56"], "the readable rows")
            line = str(screen.query_one("#damaged").render())
            assert "CD34" in line and "AB12" not in line
            os.chmod(path, 0o600)  # whoever looks after skapa puts it right
            await wait_for(pilot, lambda: [r.code for r in screen.shown] == ["AB12", "CD34", "EF56"],
                           "the row back")
            assert not screen.query_one("#damaged").display
            assert app.crash is None
    assert app.crash is None


async def test_the_supervisors_folder_removed_under_a_running_desk(tmp_path):
    store = make_store(tmp_path / "data", "AB12", "CD34")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: screen.shown, "the rows")
        shutil.rmtree(store.supervisors_dir)
        await wait_for(pilot, lambda: screen.desk.trouble is not None and screen.query_one("#damaged").display,
                       "the trouble said")
        assert [r.code for r in screen.shown] == ["AB12", "CD34"]  # the last look stays
        await pilot.press("enter")  # the page can't be opened: it says why
        await pilot.press("ctrl+t")
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await pilot.press("escape")
        await pilot.pause()
        assert app.crash is None and app.is_running
    assert app.crash is None


# -- a random walk of keys while another desk changes the folder ----------------------------------------

KEYS = ("up", "down", "enter", "escape", "tab", "shift+tab", "backspace", "space", "0", "1", "2", "3", "4",
        "5", *PAGE_KEYS, "n", "e", "ctrl+n", "ctrl+t", "ctrl+o", "ctrl+s", "ctrl+r", "ctrl+e", "ctrl+l", "B",
        "9", "ctrl+u")
"""The keys of the walk (ctrl+u empties a field: the caseload's filter takes every letter typed)."""
EVENTS = ("take over", "give back", "erase", "add", "damage", "repair", "unlock")
CODES = ("AB12", "CD34", "EF56")
WALK_SEED = int(os.environ.get("SKAPA_WALK_SEED") or random.SystemRandom().randrange(2 ** 32))
"""The walk's seed: printed, and set with SKAPA_WALK_SEED to replay a walk."""
HERE = "here"
"""The participant the desk is working on (a page or form open, else the highlighted row)."""
_keys = st.sampled_from(KEYS + ("enter", "ctrl+u") * 2 + tuple(PAGE_KEYS) + ("escape",) * 2).map(
    lambda k: ("key", k))
_events = st.tuples(st.sampled_from(EVENTS + ("take over",) * 3 + ("give back",) * 2),
                    st.sampled_from((HERE,) * 3 + CODES))
BACK_TO_A_ROW = [("key", "escape")] * 3 + [("unlock", "")] + [("key", "escape")] * 3 + [("key", "ctrl+u")]
"""Back to the caseload from wherever the walk is (the lock too), its filter emptied."""
_episode = st.tuples(st.integers(0, 2), st.lists(st.one_of(_keys, _keys, _events), min_size=3,
                                                  max_size=15)).map(
    lambda t: [*BACK_TO_A_ROW, *[("key", "down")] * t[0], ("key", "enter"), *t[1]])
steps = st.lists(_episode, min_size=2, max_size=7).map(lambda episodes: [s for e in episodes for s in e])
"""Episodes: back to the caseload, open a row, then random keys with changes by the
other desk in between (one in three steps, mostly changes of supervisor, mostly of
the participant the desk is working on)."""


async def walk(root, script) -> None:
    store = Store(root)
    other = Store(root)  # desk B, as in another process: it acts between the keys
    app = make_app(store, lock_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        for kind, what in script:
            if kind == "key":
                await pilot.press(what)
            elif kind == "unlock":
                await pilot.press(*MY_PASSPHRASE, "enter")
            else:
                change(other, kind, working_on(app) if what == HERE else what)
            await pilot.pause(0)
            assert app.crash is None, f"the desk ended after {kind} {what}: {app.crash!r}"
        await pilot.pause(0.1)  # a poll or two after the last change
        assert app.crash is None and app.is_running
    assert app.crash is None, repr(app.crash)


def working_on(app) -> str:
    """The code of the participant on the desk's screens now (the top-most that has one)."""
    for screen in reversed(app.screen_stack):
        code = getattr(screen, "code", None)
        if isinstance(code, str):
            return code
        if isinstance(screen, CaseloadScreen) and screen.highlighted:
            return screen.highlighted
    return CODES[0]


def change(other: Store, kind: str, code: str) -> None:
    from skapa_tui.storage import StorageError

    try:
        if kind == "take over":
            other.assign(code, COLLEAGUE, by=COLLEAGUE)
        elif kind == "give back":
            other.assign(code, ME, by=COLLEAGUE)
        elif kind == "erase":
            other.erase_participant(code, by="walk")
        elif kind == "add":
            other.add_participant(code, "1234", supervisor=ME)
        elif kind == "damage":
            other.path_of(code).write_text("{ damaged")
        elif kind == "repair":
            if other.path_of(code).exists():
                other.erase_participant(code, by="walk")
            other.add_participant(code, "1234", supervisor=ME)
    except StorageError:
        pass  # (an erased code, a damaged file: the walk goes on)


@pytest.mark.slow
@seed(WALK_SEED)
@settings(max_examples=int(os.environ.get("SKAPA_WALK_EXAMPLES", "4")), deadline=None, database=None,
          suppress_health_check=list(HealthCheck), print_blob=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking: minutes per failure
@given(script=steps)
def test_a_random_walk_of_keys_never_ends_the_desk(tmp_path_factory, script):
    print(f"walk seed {WALK_SEED}: replay with SKAPA_WALK_SEED={WALK_SEED}")
    note(f"walk seed {WALK_SEED}")
    root = tmp_path_factory.mktemp("walk") / "data"
    store = make_store(root, *CODES)
    with_a_sent_reading(store, "AB12")
    home, here = os.environ.get("HOME"), os.getcwd()
    os.environ["HOME"] = str(root.parent)  # a summary saved on the walk lands here,
    os.chdir(root.parent)  # also under a relative name typed at random
    try:
        asyncio.run(walk(root, script))
    finally:
        os.chdir(here)
        if home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = home
