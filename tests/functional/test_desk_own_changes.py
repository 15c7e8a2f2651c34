"""Issue 13, point 2: back on the caseload, the row shows every change made
at this desk at once (an intervention added, a paper form entered, the plan
changed), with no other file changing and no poll in between.

The cause was the caseload's cache: it is keyed on each participant file's
stamp, and the participant's page, reading the participant again after each
change, took the new stamp as seen, so the caseload's next look found
nothing new until some other file changed. The desk now counts a
participant read again at the desk as a change for the caseload
(`Desk.refresh`), and the caseload looks again as soon as it is back on
screen. The poll is an hour here: only that can show the change.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from skapa_tui.domain.history import FOLLOW_UP_MONTHS, add_months
from skapa_tui.domain.reading import today
from skapa_tui.logic import caseload
from skapa_tui.logic.desk import Desk
from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.caseload import CaseloadScreen, short_date

from .desk_helpers import LANGS, ME, make_app, make_store, screen_name, signed_in, t, wait_for
from .form_helpers import answer_form, wait_review

TODAY = today()
"""The store dates live readings by the real day: so does the desk here."""


def cell(app, code: str, column: str) -> str:
    return str(app.screen.query_one(DataTable).get_cell(code, column))


async def open_participant(pilot, code: str) -> None:
    app = pilot.app
    codes = [r.code for r in app.screen.shown]
    for _ in range(codes.index(code)):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the participant's page")
    await pilot.pause()


async def back_to_caseload(pilot) -> CaseloadScreen:
    app = pilot.app
    while screen_name(app) != "CaseloadScreen":
        before = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda before=before: app.screen is not before, "the screen before")
    return app.screen


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_every_change_made_at_this_desk_shows_on_the_caseload_at_once(tmp_path, lang):
    store = make_store(tmp_path, "A-1", "B-2")
    app = make_app(store, lang, clock=lambda: TODAY, poll_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        no_intervention = t(lang, caseload.NO_ACTIVE_INTERVENTION.name)
        assert no_intervention in cell(app, "A-1", "warnings")
        assert cell(app, "A-1", "interventions") == "–"

        # An intervention added on the plan: the warning goes, the group counts.
        await open_participant(pilot, "A-1")
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen" and app.screen.history is not None,
                       "the plan")
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "InterventionScreen", "the intervention modal")
        await pilot.pause()
        app.screen.query_one("#responsible", Input).focus()
        await pilot.press(*"Anna", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the plan again")
        await back_to_caseload(pilot)
        await wait_for(pilot, lambda: cell(app, "A-1", "interventions") == f"{t(lang, 'Job')} 1",
                       "the new intervention in the row")
        assert no_intervention not in cell(app, "A-1", "warnings")

        # A paper form of the supervisor's, typed in: the row has its date.
        assert cell(app, "A-1", "supervisor") == "–"
        await open_participant(pilot, "A-1")
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "QuickEntryScreen", "the quick entry")
        await pilot.pause()
        app.screen.query_one("#date", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FormScreen", "the paper form")
        await answer_form(pilot, flow_library().current("supervisor"))
        await wait_review(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        await back_to_caseload(pilot)
        await wait_for(pilot, lambda: cell(app, "A-1", "supervisor") == short_date(TODAY), "the paper form's date")

        # The plan changed (a new follow-up date) and saved: the row's follow-up follows.
        follow_up = TODAY + timedelta(days=17)
        assert cell(app, "A-1", "follow_up") == short_date(add_months(TODAY, FOLLOW_UP_MONTHS))
        await open_participant(pilot, "A-1")
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen" and app.screen.history is not None,
                       "the plan")
        field = app.screen.query_one("#follow-up", Input)
        field.focus()
        field.value = ""
        await pilot.press(*follow_up.isoformat(), "ctrl+s")
        await wait_for(pilot, lambda: store.history("A-1").plan is not None, "the plan saved")
        await back_to_caseload(pilot)
        await wait_for(pilot, lambda: cell(app, "A-1", "follow_up") == short_date(follow_up), "the new follow-up")
        # nobody else's row moved meanwhile, and no other file changed
        assert cell(app, "B-2", "interventions") == "–"


def test_a_participant_read_at_the_desk_is_a_change_for_the_next_look(tmp_path):
    """The cause, without a screen: the page's read took the new stamp as seen."""
    store = make_store(tmp_path, "A-1")
    library = flow_library()
    desk = Desk(store, store.supervisor(ME), library, library.guide(), clock=lambda: TODAY)
    desk.refresh()
    assert desk.refresh() is False
    store.set_follow_up("A-1", TODAY + timedelta(days=3), by=ME)
    desk.history("A-1")  # the participant's page reads them again after its change
    assert desk.refresh() is True
    assert desk.rows()[0].follow_up == TODAY + timedelta(days=3)
    assert desk.refresh() is False
    desk.history("A-1")  # read again with nothing new: no change
    assert desk.refresh() is False


def test_two_writes_within_one_tick_of_the_clock_change_the_stamp(tmp_path):
    store = make_store(tmp_path, "A-1")
    before = store.stamp("A-1")
    for n in range(20):  # far quicker than a tick of a coarse file clock, one after the other
        store.set_follow_up("A-1", TODAY + timedelta(days=n + 1), by=ME)
        stamp = store.stamp("A-1")
        assert stamp != before  # each write is a new file in the old one's place
        before = stamp
