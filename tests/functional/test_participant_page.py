"""The participant's page on a real data folder: the code, the supervisor and
the next follow-up, every reading (date, whose form, how entered, sent or
unfinished), the plan in short, the changes of supervisor; its keys open the
conversation and the plan, hand the terminal over, and the page reads the
participant again when a pushed screen returns."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest
from textual.widgets import DataTable

from skapa_tui import i18n
from skapa_tui.domain.interventions import GROUPS, JOB_FOCUSED, kinds_of
from skapa_tui.domain.reading import ENTRY_HANDOVER
from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.conversation import ConversationScreen
from skapa_tui.ui.screens.participant import ENTRY_NAMES, ParticipantScreen
from skapa_tui.ui.screens.plan import PlanScreen

from .talk_helpers import (
    CODE,
    COLLEAGUE,
    LANG,
    LANGS,
    ME,
    TODAY,
    TalkApp,
    freeze,
    make_desk,
    make_store,
    ratings,
    store_reading,
    wait_for,
)

LIBRARY = flow_library()
P_FLOW = LIBRARY.current("participant")
S_FLOW = LIBRARY.current("supervisor")
EARLIER = date(2026, 9, 14)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, restore_language):
    freeze(monkeypatch)


def say(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid)


def filled(tmp_path):
    store = make_store(tmp_path / "data")
    store_reading(store, P_FLOW, ratings(P_FLOW, {}), day=EARLIER)                      # paper
    store_reading(store, S_FLOW, ratings(S_FLOW, {}))                                    # live
    store_reading(store, P_FLOW, {P_FLOW.questions[0].id: 3}, entry=ENTRY_HANDOVER, finished=False)
    store.assign(CODE, COLLEAGUE, by=ME, on=date(2026, 10, 1))
    store.assign(CODE, ME, by=COLLEAGUE, on=date(2026, 10, 20))
    job = kinds_of(JOB_FOCUSED)[0]
    store.add_intervention(CODE, kind=job.id, group=JOB_FOCUSED, text=None, start=date(2026, 11, 1), end=None,
                           responsible="Anna", by=ME)
    store.save_plan(CODE, goal="A job in a shop", next_follow_up=date(2027, 1, 10), interventions=[], by=ME)
    return store, make_desk(store), job


async def opened(pilot) -> ParticipantScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.history is not None,
                   "the participant's page")
    await pilot.pause()
    return app.screen


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#readings", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_the_page_shows_readings_plan_and_changes_of_supervisor(tmp_path, lang):
    store, desk, job = filled(tmp_path)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        about = str(screen.query_one("#about").render())
        assert CODE in about and "Anna Berg (anna)" in about
        assert i18n.fmt_date(date(2027, 1, 10), lang, "medium") in about
        today, earlier = (i18n.fmt_date(d, lang, "medium") for d in (TODAY, EARLIER))
        assert rows(screen) == [  # newest first
            [today, say(lang, "The participant's own"), say(lang, ENTRY_NAMES["handover"]), say(lang, "Unfinished")],
            [today, say(lang, "Supervisor ({id})").format(id=ME), say(lang, ENTRY_NAMES["live"]), say(lang, "Sent")],
            [earlier, say(lang, "The participant's own"), say(lang, ENTRY_NAMES["paper"]), say(lang, "Sent")],
        ]
        plan = str(screen.query_one("#plan").render())
        assert "A job in a shop" in plan and say(lang, job.name) in plan
        assert all(say(lang, g.name) in plan for g in GROUPS)
        changes = str(screen.query_one("#changes").render()).splitlines()
        assert changes == [
            say(lang, "{day}: from {before} to {after}").format(
                day=i18n.fmt_date(date(2026, 10, 1), lang, "medium"), before="Anna Berg (anna)", after="Bo Lund (bo)"),
            say(lang, "{day}: from {before} to {after}").format(
                day=i18n.fmt_date(date(2026, 10, 20), lang, "medium"), before="Bo Lund (bo)", after="Anna Berg (anna)"),
        ]
        assert app.crash is None


async def test_a_new_participant_has_no_readings_and_a_follow_up_not_set(tmp_path):
    store = make_store(tmp_path / "data")
    app = TalkApp(lambda: ParticipantScreen(make_desk(store), CODE))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert rows(screen)[0][0] == say(LANG, "No readings yet.")
        assert say(LANG, "not set yet") in str(screen.query_one("#about").render())
        assert say(LANG, "None.") == str(screen.query_one("#changes").render())


async def test_keys_open_the_conversation_and_the_plan_and_hand_the_terminal_over(tmp_path):
    store, desk, _job = filled(tmp_path)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE))
    async with app.run_test(size=(120, 40)) as pilot:
        page = await opened(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is page, "the page again")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan")
        # Something stored while the plan is open shows on the page when it returns.
        store.save_plan(CODE, goal="Drive a bus", next_follow_up=None, interventions=[], by=ME)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is page, "the page again")
        await wait_for(pilot, lambda: "Drive a bus" in str(page.query_one("#plan").render()), "the new goal")
        await pilot.press("h")
        await wait_for(pilot, lambda: ("hand over", CODE) in app.heard, "the hand-over request")
        await pilot.click("#do-conversation")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation by mouse")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is page, "the page again")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ParticipantScreen), "back")
        assert app.crash is None


async def test_the_keys_are_said_in_the_apps_language_once(tmp_path):
    """The buttons name the actions and their keys; the key bar has the rest
    (Back), not the actions again, so that it fits 80 columns."""
    store, desk, _job = filled(tmp_path)
    from textual.widgets import Button

    for lang in LANGS:
        app = TalkApp(lambda: ParticipantScreen(desk, CODE), lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            page = await opened(pilot)
            shown = {b.description for _k, b in page._bindings if b.show}
            labels = [str(b.label) for b in page.query(Button)]
            for msgid in ("Conversation", "Action plan"):
                assert say(lang, msgid) not in shown and any(say(lang, msgid) in label for label in labels)
            assert say(lang, "Back") in shown


@pytest.mark.skipif(importlib.util.find_spec("skapa_tui.ui.screens.form") is None,
                    reason="the compact form lands with its own branch")
async def test_f_opens_the_professional_form_live_today(tmp_path):
    from skapa_tui.ui.screens.form import FormScreen

    store = make_store(tmp_path / "data")
    desk = make_desk(store)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE))
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
    [reading] = desk.history(CODE).readings
    assert (reading.role, reading.entry, reading.meeting_date, reading.rater) == ("supervisor", "live", TODAY, ME)


async def test_p_x_and_o_open_quick_entry_the_correction_and_the_hand_over(tmp_path):
    from textual.widgets import Input

    from skapa_tui.ui.screens.correction import CorrectionScreen
    from skapa_tui.ui.screens.form import FormScreen
    from skapa_tui.ui.screens.hand_over import HandOverScreen
    from skapa_tui.ui.screens.quick_entry import QuickEntryScreen

    store = make_store(tmp_path / "data")
    store_reading(store, S_FLOW, ratings(S_FLOW, {}))  # a sent reading to correct
    desk = make_desk(store)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE))
    async with app.run_test(size=(120, 40)) as pilot:
        page = await opened(pilot)
        # p: the paper form of an earlier meeting, typed in now
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        app.screen.query_one("#date", Input).value = EARLIER.isoformat()
        await pilot.click("#ok")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.asked, "the paper form")
        first = app.screen.asked
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.asked != first, "the next question")
        await pilot.press("escape")  # a break after an answer: the reading stays, unfinished
        await wait_for(pilot, lambda: app.screen is page, "the page again")
        paper = [r for r in desk.history(CODE).readings if r.entry == "paper"]
        assert [(r.role, r.meeting_date, r.entered_by, r.finished) for r in paper] == [
            ("supervisor", EARLIER, ME, False)]
        # x: corrections of a sent answer
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrectionScreen), "the correction")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is page, "the page again")
        # o: hand the participant over to a colleague
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")


def _shown(widget) -> str:
    """The words a widget shows on screen, its lines joined by spaces."""
    lines = widget.render_lines(widget.size.region)
    return " ".join("".join(segment.text for segment in line).strip() for line in lines).split()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_button_of_the_page_shows_its_whole_label(tmp_path, lang, size):
    """A long label (Swedish 'Sammanfattning att ta med hem') wraps onto a
    second row of its button instead of being cut short."""
    store, desk, job = filled(tmp_path)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE), lang=lang)
    async with app.run_test(size=size) as pilot:
        screen = await opened(pilot)
        for button in screen.query("#actions Button"):
            assert _shown(button) == str(button.label).split(), (button.id, _shown(button))


async def test_on_a_touch_screen_the_pages_actions_are_made_three_rows_high(tmp_path):
    # The page's own rule makes its buttons as high as their text; the touch
    # stylesheet (loaded after the desk's) must still win for them.
    from textual.widgets import Button

    from skapa_tui.serve.web_app import web_app

    store = make_store(tmp_path / "data")
    for touch, wanted in ((True, "3"), (False, "auto")):
        app = web_app(TalkApp, touch=touch)(lambda: ParticipantScreen(make_desk(store), CODE))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await opened(pilot)
            actions = list(screen.query_one("#actions").query(Button))
            assert len(actions) >= 4
            assert {str(b.styles.height) for b in actions} == {wanted}, touch
